"""Rendered briefs: JSON against its schema, Markdown and a self-contained HTML page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from storyweave import SCHEMA_VERSION, brief
from storyweave.model import Brief
from storyweave.render import SCHEMA_PATH


@pytest.fixture(scope="module")
def example_brief() -> Brief:
    return brief(Path(__file__).resolve().parents[1] / "examples" / "kolvik-mine-rescue")


def test_json_follows_the_schema(example_brief: Brief) -> None:
    document = json.loads(example_brief.to_json())
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert document["schema_version"] == SCHEMA_VERSION


def test_every_citation_points_at_its_text(example_brief: Brief) -> None:
    document = json.loads(example_brief.to_json())
    texts = {a["id"]: a["text"] for a in document["articles"]}
    for sentence in document["summary"]:
        assert sentence["citations"][0]["text"] == sentence["text"]
        for citation in sentence["citations"]:
            assert texts[citation["article_id"]][citation["start"]:citation["end"]] == citation["text"]


def test_schema_rejects_a_broken_document(example_brief: Brief) -> None:
    document = json.loads(example_brief.to_json())
    del document["summary"][0]["citations"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_markdown_lists_summary_and_sources(example_brief: Brief) -> None:
    markdown = example_brief.to_markdown()
    for n, sentence in enumerate(example_brief.summary, start=1):
        assert f"{n}. {sentence.text} [" in markdown
    assert markdown.count("\n[") == len(example_brief.articles)
    for entity in example_brief.entities:  # "1 mention", "2 mentions"
        assert f"{entity.mentions} {'mention' if entity.mentions == 1 else 'mentions'})" in markdown
    for article in example_brief.articles:  # "removed 1 piece", "removed 3 pieces"
        n = len(article.removed)
        if n:
            assert f"cleaning removed {n} {'piece' if n == 1 else 'pieces'}: " in markdown
            assert f"Cleaning removed {n} {'piece' if n == 1 else 'pieces'}</summary>" in example_brief.to_html()


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        for key in ("src", "srcset"):
            if values.get(key):
                self.resources.append(str(values[key]))
        if tag == "link":
            self.resources.append(str(values.get("href")))


def test_html_is_self_contained_and_every_citation_link_resolves(example_brief: Brief) -> None:
    page = example_brief.to_html()
    parser = _Collector()
    parser.feed(page)
    assert parser.resources == []  # no scripts, images, fonts or stylesheets to fetch
    assert not re.search(r"url\(|@import|<script", page)
    citation_links = [h for h in parser.links if h.startswith("#a")]
    marks = sum(len(s.citations) for s in example_brief.summary)
    assert len(citation_links) >= marks  # the summary's, and the analysis sections'
    assert {"agreement", "conflicts", "quotes", "timeline", "entities", "exclusives"} <= parser.ids
    assert all(link[1:] in parser.ids for link in citation_links)
    for sentence in example_brief.summary:
        assert sentence.text.replace('"', "&quot;") in page or sentence.text in page


def test_markdown_keeps_a_span_over_a_paragraph_break_in_its_list_item(example_brief: Brief) -> None:
    """A claim of two sentences from two paragraphs is cited as one span, break and all (the JSON
    form keeps it exact); in Markdown a blank line would end the list item, so it is one line."""
    from dataclasses import replace

    claim = example_brief.agreement[0]
    head = claim.citations[0]
    text = head.text + "\n\n" + "It was the second one."
    split = replace(claim, text=text, citations=(replace(head, text=text), *claim.citations[1:]))
    claims = tuple(split if c is claim else c for c in example_brief.claims)
    markdown = replace(example_brief, claims=claims).to_markdown()
    line = next(line for line in markdown.splitlines() if line.startswith(f"- {head.text}"))
    assert line.startswith(f"- {head.text} It was the second one. [")


def test_a_brief_says_when_outlets_were_compared_and_lists_exclusives_only_then(example_brief: Brief) -> None:
    import dataclasses

    from storyweave.render.words import NO_CONFLICTS

    assert example_brief.conflicts  # the project example has two
    assert NO_CONFLICTS not in example_brief.to_markdown()
    agreed = dataclasses.replace(example_brief, conflicts=())
    assert f"## Where outlets disagree\n\n{NO_CONFLICTS}" in agreed.to_markdown()
    assert NO_CONFLICTS in agreed.to_html()
    one_outlet = dataclasses.replace(
        agreed, articles=tuple(dataclasses.replace(a, outlet="one.example") for a in agreed.articles))
    not_compared = dataclasses.replace(agreed, claims=())  # --no-analysis
    for unsaid in (one_outlet, not_compared):
        assert "Where outlets disagree" not in unsaid.to_markdown()
    assert "Only one outlet reports" in example_brief.to_markdown()
    assert "Only one outlet reports" not in one_outlet.to_markdown()  # with one outlet that is everything
    assert 'id="exclusives"' in example_brief.to_html() and 'id="exclusives"' not in one_outlet.to_html()


def test_quotes_worded_differently_are_named_among_the_disagreements(example_brief: Brief) -> None:
    """One quote in two wordings from different outlets is a disagreement too: the section says
    how many there are and where they are shown, with conflicts found or none."""
    import dataclasses

    line = ("Worded differently by different outlets: 1 quote (Marta Ilves 1), side by side under "
            "\u201cWho said what\u201d.")
    assert f"\n\n{line}\n" in example_brief.to_markdown()
    agreed = dataclasses.replace(example_brief, conflicts=())
    markdown = agreed.to_markdown()
    from storyweave.render.words import NO_CONFLICTS

    assert markdown.index(NO_CONFLICTS) < markdown.index(line) < markdown.index("## Who said what")
    assert 'class="reworded"' in agreed.to_html() and "Marta Ilves 1" in agreed.to_html()
    single = tuple(q for q in example_brief.quotes if len(q.variants) == 1)
    one_wording = dataclasses.replace(example_brief, quotes=single)
    assert "Worded differently" not in one_wording.to_markdown()


def test_the_header_does_not_count_articles_of_unknown_outlet_as_outlets(example_brief: Brief) -> None:
    import dataclasses

    assert example_brief.to_markdown().count("*5 articles from 5 outlets;") == 1
    first, *rest = example_brief.articles
    unknown = [dataclasses.replace(a, outlet_source="record") for a in rest]  # (as if named after their lines)
    mixed = dataclasses.replace(example_brief, articles=(first, *unknown))
    told = ("1 article from 1 outlet, and 4 articles whose outlet the input does not give (each named after "
            "its place in the input)")
    assert f"*{told};" in mixed.to_markdown() and told in mixed.to_html()
    none_known = dataclasses.replace(mixed, articles=(dataclasses.replace(first, outlet_source="record"), *unknown))
    assert "*5 articles whose outlet the input does not give" in none_known.to_markdown()
