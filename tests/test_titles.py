"""A story's headline among its articles' titles (``represent.titles.story_title``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from storyweave.represent.titles import TYPICAL_TITLES, story_title


@dataclass(frozen=True)
class _Titled:
    title: str | None
    published: date | None


DAY = date(2026, 3, 10)


def test_the_title_most_outlets_share_wins() -> None:
    titles = ["Ferry sinks off Tarnholm", "Twelve rescued as ferry sinks", "Twelve rescued as ferry sinks", None]
    assert story_title(_Titled(t, DAY) for t in titles) == "Twelve rescued as ferry sinks"


def test_else_the_most_typical_title_earliest_first() -> None:
    titles = ["Storm closes harbour", "Ferry sinks in storm off Tarnholm", "Tarnholm ferry sinks, crew rescued"]
    articles = [_Titled(t, DAY + timedelta(days=n)) for n, t in enumerate(titles)]
    assert story_title(articles) == "Ferry sinks in storm off Tarnholm"  # shares words with both others
    assert story_title([]) is None and story_title([_Titled(None, DAY)]) is None


def test_a_story_mostly_without_titles_has_no_title_from_the_few() -> None:
    few = [_Titled("Getty Images Harbour master Ivo Marek", DAY), *(_Titled(None, DAY) for _ in range(3))]
    assert story_title(few) is None
    assert story_title(few[:2]) == "Getty Images Harbour master Ivo Marek"  # half of them: a title


def test_a_large_story_is_headed_by_one_of_its_earliest_titles() -> None:
    # The later titles share more words with one another than the early ones do: over all of
    # them a later one would be the most typical, but only the earliest are compared.
    early = [f"Ferry sinks off Tarnholm as {word} reports" for word in _words(TYPICAL_TITLES)]
    late = [f"Divers search the flooded ferry hull near Tarnholm harbour, {word} says" for word in _words(150)]
    articles = [_Titled(t, DAY + timedelta(days=n)) for n, t in enumerate(early + late)]
    assert story_title(articles) in early


def _words(count: int) -> list[str]:
    """Distinct made-up words (letters only, so each is a content word of its own)."""
    letters = "bcdfghjklmnpqrstvwz"
    return [f"{letters[n // 19 % 19]}a{letters[n % 19]}o{letters[n // 361 % 19]}" for n in range(count)]


def test_a_brief_of_untitled_texts_is_headed_by_the_earliest_lead() -> None:
    from storyweave import brief
    from storyweave.model import Article

    texts = {
        "a": "KESSA (AP) _ The ferry Selka ran aground off Kessa on Tuesday with 212 people aboard, the coast "
             "guard said.",
        "b": "All 212 passengers of the ferry Selka were brought ashore by lifeboat on Tuesday night.",
    }
    made = brief([Article(id=k, outlet=f"{k}.example", title=None, published=DAY + timedelta(days=n), text=t)
                  for n, (k, t) in enumerate(texts.items())], analysis=False)
    assert made.title == texts["a"].removeprefix("KESSA (AP) _ ")  # the dateline off


def test_a_story_without_titles_is_headed_by_its_most_typical_lead(tmp_path: Path) -> None:
    """Of the earliest articles, the lead whose opening is most like the others' heads the story, in
    the store's listing and in a brief alike: not a feature's scene-setting that came first."""
    from storyweave import brief
    from storyweave.model import Article
    from storyweave.store import Store
    from storyweave.store.ingest import headline
    from storyweave.summarize.candidates import lead_headline

    texts = {
        "a": "They were teenagers whose parents had brought them to Kallby from far away, and on Thursday night "
             "they danced until the music stopped.",
        "b": "A fire swept through a crowded dance hall in Kallby late on Thursday, killing 12 teenagers and "
             "injuring dozens, police said.",
        "c": "Police in Kallby said on Friday that the fire that killed 12 teenagers at a crowded dance hall "
             "started near the stage.",
    }
    articles = [Article(id=k, outlet=f"{k}.example", title=None, published=DAY + timedelta(days=n // 2), text=t)
                for n, (k, t) in enumerate(texts.items())]
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            for article in articles:
                store.insert_article(article, key=article.id, version=1, story_id="s1", duplicate_of=None,
                                     vectors=[], minhash=None)
        listed = headline(store, "s1")
    assert listed == lead_headline(texts["b"])
    assert brief(articles, analysis=False).title == listed


def test_a_flattened_headline_made_a_headline_is_cut_to_length() -> None:
    """A page flattened with its teaser lines before the stamp gives a long run-in "headline";
    cut before the stamp, it is still cut to about ``HEADLINE_CHARS``."""
    from storyweave.summarize.candidates import HEADLINE_CHARS, lead_headline

    lead = ("Ferry Selka runs aground off Kessa with 212 aboard Passengers brought ashore by lifeboat overnight "
            "Coast guard says the captain changed course to avoid a fishing boat PUBLISHED: 18:10 GMT, "
            "3 February 2025 The ferry ran aground.")
    made = lead_headline(lead)
    assert made.startswith("Ferry Selka runs aground off Kessa with 212 aboard") and made.endswith(" …")
    assert len(made) <= HEADLINE_CHARS + 2 and "PUBLISHED" not in made
    assert lead_headline("Ferry Selka runs aground Published at 18:10, Monday, 3 February 2025 The ferry ran.") == (
        "Ferry Selka runs aground")


def test_a_datelines_place_between_a_flattened_headline_and_its_stamp_is_not_the_headlines() -> None:
    from storyweave.summarize.candidates import lead_headline

    assert lead_headline("Ferry Service To Kessa Restored KALLBY, NL, May 3, 2025 The ferry ran again.") == (
        "Ferry Service To Kessa Restored")
    # a headline that ends in capitals with no dateline's comma keeps them
    assert lead_headline("Kessa Ferries Join NORLINE May 3, 2025 The ferry ran again.") == "Kessa Ferries Join NORLINE"
    assert lead_headline("KESSA FERRY RESTORED KALLBY, NL, May 3, 2025 The ferry ran again.") == (
        "KESSA FERRY RESTORED KALLBY, NL")  # all in capitals: the place cannot be told apart
