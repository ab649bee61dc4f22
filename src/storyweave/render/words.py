"""Small wording helpers shared by the renderers and the command-line reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from storyweave.model import Article, Brief

__all__ = ["NO_CONFLICTS", "compared", "compared_without_conflict", "counted", "reworded", "sources"]

NO_CONFLICTS = ("None found: storyweave found no number, date, time, age, amount or post holder that two "
                "outlets give differently for the same fact.")


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun in the right number: "1 outlet", "2 outlets", "3 stories"."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def sources(articles: Sequence[Article]) -> str:
    """How many articles from how many outlets: "5 articles from 4 outlets". Articles whose outlet
    the input does not give (records of a dump with no outlet or URL, named after their line)
    each count as their own source, and the line says so rather than counting them as outlets."""
    unknown = sum(1 for a in articles if a.outlet_source == "record")
    known = len({a.outlet for a in articles if a.outlet_source != "record"})
    told = counted(len(articles) - unknown, "article")
    if not unknown:
        return f"{told} from {counted(known, 'outlet')}"
    not_given = (f"{counted(unknown, 'article')} whose outlet the input does not give (each named after its "
                 "place in the input)")
    return f"{told} from {counted(known, 'outlet')}, and {not_given}" if known else not_given


def compared(brief: Brief) -> bool:
    """Were outlets compared: the analysis ran, on two outlets or more? (With one outlet, what
    "only one outlet reports" is everything, and there is no one to disagree with.)"""
    return bool(brief.claims) and len({a.outlet for a in brief.articles}) >= 2


def compared_without_conflict(brief: Brief) -> bool:
    """Were outlets compared and nothing found to disagree? Then the brief says so, rather than
    leaving the section out as if no one had looked."""
    return not brief.conflicts and compared(brief)


def reworded(brief: Brief) -> str | None:
    """A line for "Where outlets disagree" naming the quotes that outlets give in different words
    (shown side by side under "Who said what"), or None when there are none: the wording of one
    quote is a disagreement too, and a reader who sees "none found" should know where it is."""
    speakers: dict[str, int] = {}
    for quote in brief.quotes:
        if len({variant.outlets for variant in quote.variants}) > 1:
            speaker = quote.speaker or "unknown speaker"
            speakers[speaker] = speakers.get(speaker, 0) + 1
    if not speakers:
        return None
    who = ", ".join(f"{speaker} {n}" for speaker, n in sorted(speakers.items(), key=lambda item: -item[1]))
    total = sum(speakers.values())
    return (f"Worded differently by different outlets: {counted(total, 'quote')} ({who}), side by side under "
            "\u201cWho said what\u201d.")
