"""Build the 10,000-article corpus for the ingest + cluster throughput benchmark.

Reads every dev dataset in ../shared/datasets (ECB+, WikiRef220, DUC 2003 articles,
Multi-News; about 1,580 distinct articles) and writes N articles of JSONL(.gz) outside the
repository. The distinct articles come first, as they are; the rest are seeded rewrites of
them: a contiguous run of 60-90% of an article's paragraphs (or sentences, for one-paragraph
texts) with a different outlet and, for dated articles, a date up to 3 days later. These
behave like follow-ups and partial reprints of the same events: most are not near-duplicates
(5-shingle Jaccard well under 0.8) and must go through story clustering like any new article.

    python benchmarks/build_corpus.py --shared ../shared --out /tmp/corpus10k.jsonl.gz --n 10000

``--text-files`` writes a folder of .txt files instead, ``--warc`` a WARC.gz of HTML pages.

``--events`` builds a firehose-like corpus instead: thousands of distinct events rather than
a few hundred told many times. Each event is a *twin* of an original article: its capitalised
words and its numbers replaced consistently by made-up ones (a twin's names are its own, so
no two twins share a person or place), dated on a random day of one year, and told by 1 to 5
rewrites as above, each with its twin's id as ``event`` (for ``storyweave eval cluster
--label-field event``). Twins of one original are the hard case of story clustering (two similar
events, like ECB+'s two events per topic), and their vocabulary is that of real news.

    python benchmarks/build_corpus.py --out /tmp/events10k.jsonl.gz --n 10000 --events

``--start`` and ``--days`` date the events over other days (a week's news after a year's:
``--start 2022-01-01 --days 7``).
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

OUTLETS = [f"outlet{n:02d}.example" for n in range(40)]


def originals(shared: Path) -> list[dict[str, object]]:
    data = shared / "datasets"
    found: list[dict[str, object]] = []
    for line in (data / "ecbplus-dev.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        found.append({"id": f"ecb:{r['id']}", "text": r["text"], "title": r.get("title"), "url": r.get("url")})
    for line in (data / "wikiref220.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        found.append({"id": f"wiki:{r['id']}", "text": r["text"]})
    for line in (data / "duc2003-articles.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        found.append({"id": f"duc:{r['id']}", "text": r["text"], "date": r.get("date")})
    for line in (data / "multinews-dev.jsonl").open(encoding="utf-8"):
        for d in json.loads(line)["docs"]:
            found.append({"id": f"mn:{d['id']}", "text": d["text"], "date": d.get("date")})
    return found


def rewrite(record: dict[str, object], number: int, rng: random.Random) -> dict[str, object]:
    text = str(record["text"])
    parts = [p for p in text.split("\n\n") if p.strip()]
    joiner = "\n\n"
    if len(parts) < 4:
        parts = re.split(r"(?<=[.!?])\s+", text)
        joiner = " "
    keep = max(1, round(len(parts) * rng.uniform(0.6, 0.9)))
    start = rng.randint(0, len(parts) - keep)
    out: dict[str, object] = {"id": f"{record['id']}~{number}", "text": joiner.join(parts[start : start + keep]),
                              "outlet": rng.choice(OUTLETS)}
    if record.get("date"):
        day = date.fromisoformat(str(record["date"])[:10]) + timedelta(days=rng.randint(0, 3))
        out["date"] = day.isoformat()
    return out


# Capitalised words that are not names and stay as they are in a twin.
KEEP = frozenset("""A An The He She It They We I In On At As By For From Of To With But And Or If When
While After Before Since This That These Those His Her Its Their Our There Here What Who Why How
Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
May June July August September October November December""".split())
_WORD_RE = re.compile(r"\b[A-Z][a-z]{2,}\b")
_DIGIT_RE = re.compile(r"\d")
_SYLLABLES = ["ka", "ro", "mi", "tal", "ven", "dor", "su", "bel", "ran", "tik", "lo", "mar", "zen", "pa",
              "gul", "fer", "no", "sha", "vik", "dun"]


def twin(record: dict[str, object], number: int, rng: random.Random,
         start: date = date(2021, 1, 1), days: int = 365) -> dict[str, object]:
    """The record as a different event: names and numbers replaced consistently, a new date
    (one of the ``days`` days from ``start``)."""
    names: dict[str, str] = {}

    def name(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in KEEP:
            return word
        if word not in names:
            names[word] = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        return names[word]

    def digit(_: re.Match[str]) -> str:
        return str(rng.randint(0, 9))

    def swap(text: str) -> str:
        return _DIGIT_RE.sub(digit, _WORD_RE.sub(name, text))

    day = start + timedelta(days=rng.randint(0, days - 1))
    out: dict[str, object] = {"id": f"{record['id']}^{number}", "text": swap(str(record["text"])), "date": day.isoformat()}
    if record.get("title"):
        out["title"] = swap(str(record["title"]))
    return out


def events(base: list[dict[str, object]], n: int, rng: random.Random,
           start: date = date(2021, 1, 1), days: int = 365) -> list[dict[str, object]]:
    """N articles telling twins of the originals, 1 to 5 rewrites each, in a shuffled order."""
    rows: list[dict[str, object]] = []
    while len(rows) < n:
        event = twin(rng.choice(base), len(rows), rng, start, days)
        for _ in range(min(rng.randint(1, 5), n - len(rows))):
            rows.append({**rewrite(event, len(rows), rng), "event": event["id"]})
    rng.shuffle(rows)
    return rows


def write_warc(rows: list[dict[str, object]], out: Path) -> None:
    """Each row as the HTTP response of an HTML page in a gzipped WARC file, crawled on its date."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with out.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number, row in enumerate(rows):
            title = html.escape(str(row.get("title") or ""))
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in str(row["text"]).split("\n\n"))
            body = (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Home | News</nav>"
                    f"<article><h1>{title}</h1>{paragraphs}</article><footer>Subscribe</footer></body></html>")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            day = str(row.get("date") or "2020-01-01")[:10]
            record = writer.create_warc_record(
                f"https://{row.get('outlet') or 'news.example'}/{number}", "response",
                payload=io.BytesIO(body.encode("utf-8")), http_headers=headers,
                warc_headers_dict={"WARC-Date": f"{day}T00:00:00Z"},
            )
            writer.write_record(record)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--text-files", action="store_true",
                        help="write a folder of .txt files (title, blank line, text) instead of JSONL")
    parser.add_argument("--events", action="store_true",
                        help="thousands of distinct events (twins of the originals, 1-5 articles each)")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2021, 1, 1),
                        help="--events: the first day events are dated on (default 2021-01-01)")
    parser.add_argument("--days", type=int, default=365,
                        help="--events: how many days from --start events are dated over (default 365)")
    parser.add_argument("--warc", action="store_true",
                        help="write a WARC.gz of HTML pages (title, text in paragraphs, a nav bar and a footer)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = originals(args.shared)
    if args.events:
        rows = events(base, args.n, rng, args.start, args.days)
    else:
        rows = list(base[: args.n])
        while len(rows) < args.n:
            rows.append(rewrite(rng.choice(base), len(rows), rng))
    if args.text_files:
        args.out.mkdir(parents=True, exist_ok=True)
        for number, row in enumerate(rows):
            head = f"{row['title']}\n\n" if row.get("title") else ""
            (args.out / f"article-{number:05d}.txt").write_text(head + str(row["text"]), encoding="utf-8")
        print(f"wrote {len(rows)} text files ({len(base)} distinct originals) to {args.out}")
        return
    if args.warc:
        write_warc(rows, args.out)
        print(f"wrote {len(rows)} HTML pages ({len(base)} distinct originals) to {args.out}")
        return
    opener = gzip.open if args.out.suffix == ".gz" else open
    with opener(args.out, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps({k: v for k, v in row.items() if v is not None}) + "\n")
    print(f"wrote {len(rows)} articles ({len(base)} distinct originals) to {args.out}")


if __name__ == "__main__":
    main()
