"""Small fictional news, written for the store, ingest-format and clustering tests, and helpers to package it."""

from __future__ import annotations

import io
import re
from pathlib import Path

# Two similar but different events (two ferry groundings in different places and months),
# and an unrelated one. Each told by a few fictional outlets in their own words.
FERRY_A = [
    ("harbourpost.example", "2025-02-03", "Ferry Selka runs aground off Tarnholm with 212 aboard",
     "The passenger ferry Selka ran aground on a sandbank off Tarnholm island on Monday morning with 212 "
     "people aboard, the Tarnholm coast guard said. Captain Aino Ravel told the coast guard the ship lost "
     "steering in heavy fog shortly after leaving Tarnholm harbour. All 212 passengers and crew were taken "
     "off by lifeboats and two tugboats, and nobody was hurt. The Selka operator, Nordline Ferries, said "
     "the vessel would be towed to the Vesterby shipyard for inspection."),
    ("baltictimes.example", "2025-02-03", "212 rescued after Selka ferry grounding near Tarnholm",
     "Rescuers took 212 passengers and crew off the ferry Selka after it grounded near Tarnholm on Monday. "
     "The coast guard said thick fog covered the Tarnholm strait when the Nordline Ferries vessel hit the "
     "sandbank. Captain Aino Ravel reported a steering failure minutes after departure from Tarnholm. "
     "Lifeboats and tugboats brought everyone ashore and no injuries were reported. Nordline Ferries will "
     "tow the Selka to Vesterby for repairs."),
    ("nordwire.example", "2025-02-04", "Investigators board grounded Tarnholm ferry Selka",
     "Accident investigators boarded the Nordline Ferries ship Selka on Tuesday, a day after it ran aground "
     "off Tarnholm with 212 people aboard. The coast guard said fog and a steering fault were being examined. "
     "Captain Aino Ravel has given a statement to the Tarnholm police. The Selka was being towed to the "
     "Vesterby shipyard, where divers will inspect its damaged hull."),
]
FERRY_B = [
    ("harbourpost.example", "2025-06-18", "Ferry Moira hits rocks near Kallby, 87 passengers evacuated",
     "The ferry Moira struck rocks outside Kallby port on Wednesday evening and 87 passengers were "
     "evacuated, the Kallby harbour master said. Captain Jorek Haldane said the Moira's engine stopped as "
     "strong winds pushed the ship onto the rocks near the Kallby lighthouse. Three passengers were treated "
     "for minor injuries. Skerry Lines, which runs the Moira, cancelled its evening crossings to Osterholm."),
    ("islandnews.example", "2025-06-18", "Moira ferry evacuated after striking rocks at Kallby",
     "Eighty-seven passengers left the ferry Moira by gangway and rescue boats after it struck rocks at "
     "Kallby on Wednesday. Harbour master Lene Osk said an engine failure and gale-force winds drove the "
     "Skerry Lines ferry onto the rocks by the Kallby lighthouse. Captain Jorek Haldane stayed aboard with "
     "his crew. Three people had minor injuries, and crossings to Osterholm were cancelled."),
]
CHOIR = [
    ("harbourpost.example", "2025-06-18", "Vesterby youth choir wins Nordic festival prize",
     "The Vesterby youth choir won first prize at the Nordic choral festival in Lindmark on Wednesday, "
     "singing a new work by composer Petra Vool. The forty young singers, aged 12 to 17, beat choirs from "
     "nine countries. Conductor Sam Ekdal said the prize money would pay for a tour of concert halls next "
     "spring. The choir rehearses twice a week in the Vesterby library hall."),
]


def jsonl_records(groups: list[list[tuple[str, str, str, str]]]) -> list[dict[str, str]]:
    records = []
    for g, group in enumerate(groups):
        for n, (outlet, day, title, text) in enumerate(group):
            records.append({"id": f"g{g}-{n}", "outlet": outlet, "date": day, "title": title, "text": text,
                            "url": f"https://{outlet}/news/{g}-{n}"})
    return records


def page(title: str, text: str, *, day: str | None = None, site: str = "Harbour Post") -> str:
    meta = f'<meta property="article:published_time" content="{day}">' if day else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in re.split(r"(?<=\.) ", text))
    return (
        f'<!DOCTYPE html><html><head><title>{title}</title><meta property="og:site_name" content="{site}">{meta}'
        f"</head><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><article><h1>{title}</h1>"
        f"{paragraphs}</article><footer>Subscribe to our newsletter. Cookie settings.</footer></body></html>"
    )


def make_warc(path: Path, records: list[tuple[str, str, bytes, str]], *, gzip: bool = False) -> Path:
    """A WARC file of HTTP responses: (url, content type, body, HTTP status line)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for url, kind, body, status in records:
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2025-02-05T08:30:00Z"},
            )
            writer.write_record(record)
    return path
