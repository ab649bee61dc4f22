"""Cleaning: golden files, one per kind of site furniture, plus properties."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.clean import clean, normalise, rules

GOLDEN = Path(__file__).parent / "golden" / "clean"
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


def test_there_is_a_golden_file_for_every_kind_of_noise() -> None:
    expected = {
        "breadcrumb", "dateline", "also-on", "related-article", "urls", "embedded-post",
        "photo-credit", "caption", "video-player", "byline", "share-prompt", "hard-wrapped", "section-label-title",
        "embed-notices", "wire-desk", "archive-notice",
    }
    assert expected <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    raw = (GOLDEN / f"{case}.txt").read_text(encoding="utf-8")
    expected = json.loads((GOLDEN / f"{case}.expected.json").read_text(encoding="utf-8"))
    result = clean(raw)
    assert result.text == expected["text"]
    assert [{"line": r.line, "reason": r.reason, "text": r.text} for r in result.removed] == expected["removed"]
    assert result.title == expected["title"]
    assert (result.dateline.isoformat() if result.dateline else None) == expected["dateline"]
    assert list(result.urls) == expected["urls"]
    assert result.site == expected["site"]


@pytest.mark.parametrize("case", CASES)
def test_nothing_removed_survives(case: str) -> None:
    result = clean((GOLDEN / f"{case}.txt").read_text(encoding="utf-8"))
    for removed in result.removed:
        if removed.reason.startswith("title"):
            continue
        assert removed.text not in result.text, removed
    assert "http" not in result.text and "pic.twitter" not in result.text


def test_article_words_are_kept_in_order() -> None:
    raw = (GOLDEN / "hard-wrapped.txt").read_text(encoding="utf-8")
    assert clean(raw).text.split() == raw.split()


def test_known_title_is_lifted_from_the_body() -> None:
    raw = "Bridge closes\n\nThe old bridge closed on Monday after engineers found cracks."
    result = clean(raw, title="Bridge closes")
    assert result.text == "The old bridge closed on Monday after engineers found cracks."
    assert result.title == "Bridge closes"


def test_a_place_before_a_separator_is_no_headline_but_a_trail_cut_short() -> None:
    result = clean("KALLBY |\n\nKALLBY (Reuters) - The Selka river burst its banks on Monday, officials said.")
    assert result.title is None and result.text.startswith("KALLBY (Reuters) - The Selka")
    assert [(r.reason, r.text) for r in result.removed] == [("breadcrumb", "KALLBY |")]
    note = clean("(Kessa TV at 11)\n\nThe Selka river burst its banks on Monday, officials said.")
    assert note.title is None and note.text.startswith("(Kessa TV at 11)")


def test_a_date_followed_by_prose_is_not_a_date_line() -> None:
    raw = "April 24, 2019 was the day the train arrived at the border station after a long trip."
    result = clean(raw)
    assert result.dateline is None
    assert result.text == raw


def test_prose_with_a_separator_is_not_a_breadcrumb() -> None:
    raw = "Prices rose 3% year on year / the central bank said it would act."
    assert clean(raw).text == raw


prose_words = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu")), min_size=1, max_size=8)
prose = st.lists(prose_words, min_size=8, max_size=30).map(lambda ws: " ".join(ws) + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(prose, min_size=1, max_size=6))
def test_plain_paragraphs_pass_through(paragraphs: list[str]) -> None:
    raw = "\n\n".join(paragraphs)
    result = clean(raw)
    assert result.text.split() == normalise(raw).split()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_clean_never_crashes_and_is_idempotent_on_its_output(raw: str) -> None:
    once = clean(raw).text
    assert clean(once).text.split() == once.split() or len(once.split()) < 8


# One line per alternative of each rule's pattern, in the case a page may print it.
RULE_EXAMPLES = {
    "URL": ["see https://example.org/a-story", "WWW.KOLVIK-POST.EXAMPLE/x", "Pic.Twitter.com/AbC123"],
    "EMBED_MARKER": ["— Dana Ruud pic.twitter.com/xYz", "https://T.CO/abc", "View this post on Instagram",
                     "A POST SHARED BY Kolvik Daily (@kolvikdaily)", "Embedded tweet from the minister",
                     "TWEET WITH A LOCATION", "You can add location information to your Tweets, such as your city.",
                     "Add a location to your Tweets", "When you tweet with a location, Twitter stores that location."],
    "VIDEO_PLAYER": ["Copy this code to your website or blog", "Rescue 1:05 autoplay AUTOPLAY",
                     "Play Facebook", "play", "MEDIA PLAYBACK IS UNSUPPORTED ON YOUR DEVICE Media caption Kessa",
                     "Please enable JavaScript to view this video.", "The interactive transcript could not be loaded",
                     "Rating is available when the video has been rented.",
                     "This feature is not available right now. Please try again later.",
                     "CLOSE Divers reach the ferry. Video courtesy of Kessa TV",
                     "EMBED More News Videos Divers reach the ferry."],
    "CAPTION_CREDIT": ["Rescuers at the shaft. (AP Photo/Evan Vucci)", "Miners wait. (Reuters/Stephen Lam)",
                       "The lift. (Photo by Patrick Fallon for The Post)", "The lift. REUTERS/Stephen Lam",
                       "Nicholas Kamm/AFP/Getty Images", "Crowds. (Xinhua/Li Ming)", "Flags. Jan Ek / EPA",
                       "The pit head. (PA Images)", "The pit. (UPI Photo by Ann Lee)", "AFP PHOTO / Jon Dahl",
                       "The gate. (Getty Images/Ann Lee)", "Kamm/Getty Images", "Police. Ann Lee/AP",
                       "(Ann Lee/AFP/Getty Images)"],
    "TRAILING_PROMO": ["The pit reopened. ALSO ON RT.COM", "Rescue ends. READ MORE: MINE SAFETY",
                       "Talks go on. RELATED: PIT"],
    "PHOTO_TAIL": ["The shaft at dawn (Photo: Ann Lee)", "The lift (IMAGES BY Ann Lee)",
                   "Families wait (Pictures: NTB)", "Rescuers at work Image: Ann Lee / NTB"],
}


@pytest.mark.parametrize("name", sorted(RULE_EXAMPLES))
def test_a_rule_searches_only_lines_that_hold_what_its_pattern_needs_and_finds_the_same(name: str) -> None:
    from storyweave.clean import rules

    rule = getattr(rules, name)
    for line in RULE_EXAMPLES[name]:
        assert rule.regex.search(line), line  # the example is one of the pattern's matches
        found = rule.search(line)
        assert found is not None and found.span() == rule.regex.search(line).span(), line
    assert rule.search("A rescue team reached the trapped miners on Tuesday.") is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "AP", "ap", "Photo", "PHOTO", "photo", "Image", "Reuters", "REUTERS", "AFP", "EPA", "Xinhua", "Getty Images",
    "ALSO ON", "READ MORE", "RELATED:", "http", "https://", "www.", "pic.twitter.com/", "t.co/", "play", "Play",
    "autoplay", "copy this code to your site", "embedded tweet", "a post shared by", "tweet with a location",
    "Media playback is unsupported on your device", "please enable javascript", "interactive transcript",
    "(", ")", "/", ":", " ", ".",
    "KOLVIK.COM", "mine", "rescue", "Ann Lee", "’", "é", "Ж",
]), max_size=12))
def test_rules_with_needs_find_what_their_patterns_find(parts: list[str]) -> None:
    from storyweave.clean import rules

    line = "".join(parts)
    for name in RULE_EXAMPLES:
        rule = getattr(rules, name)
        assert [m.span() for m in rule.finditer(line)] == [m.span() for m in rule.regex.finditer(line)], (name, line)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcXYZ ,.’é—ЖжαΩ中1", max_size=40))
def test_foreign_script_is_decided_as_by_counting_every_letter(line: str) -> None:
    from storyweave.clean import rules

    counts = rules.letter_scripts(line)
    total = sum(counts.values())
    expected = total >= 3 and counts.get("LATIN", 0) / total < 0.5
    assert rules.is_foreign_script(line, "LATIN") == expected


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("Storm closes port Posted 11/27/2005 7:21 AM", date(2005, 11, 27)),
        ("Storm closes port Posted 27/11/2005 7:21", date(2005, 11, 27)),
        ("Storm closes port POSTED: 04/22/07, 9:00 PM PDT", date(2007, 4, 22)),
        ("Storm closes port Posted 3/3/2011", date(2011, 3, 3)),
        ("Storm closes port POSTED: 05/02/07, 9:00 PM PDT", None),  # May 2 or 5 February
        ("Storm closes port Posted 31/02/2011", None),
        ("Storm closes port Published: 09 Sep 2013 11:25", date(2013, 9, 9)),
        # the clock before the date
        ("Storm closes port PUBLISHED: 18:10 GMT, 3 May 2025", date(2025, 5, 3)),
        ("Storm closes port Published at 18:10, Saturday, 3 May 2025", date(2025, 5, 3)),
        ("Storm closes port Published 6:10 pm, Saturday, May 3, 2025", date(2025, 5, 3)),
        ("Storm closes port First Posted 18:10:00 03/05/2025", None),  # 3 May or 5 March
        ("Storm closes port First Posted 18:10:00 13/05/2025", date(2025, 5, 13)),
        ("Storm closes port Published time: May 3, 2025 02:03", date(2025, 5, 3)),
        ("Storm closes port Last updated 18:10 13/05/2025", None),  # an update is not the publication
    ],
)
def test_stated_date_reads_slashed_dates_only_when_they_read_one_way(opening: str, expected: date | None) -> None:
    assert rules.stated_date(opening + " The port of Kolvik closed on Monday.") == expected


@pytest.mark.parametrize(
    ("raw", "page_url", "urls"),
    [
        # A link inside a sentence is something the article mentions, not its address.
        ("Page gave her blessing to an official site, www.bettiepage.example. She was 85.", None,
         ["www.bettiepage.example"]),
        ("Tickets are sold at https://tickets.museum.example/west-wing, from Monday on.", None,
         ["https://tickets.museum.example/west-wing"]),
        # A URL on a line of its own, or under a label, is where the page came from.
        ("The museum reopened on Saturday.\n\nhttps://www.citypaper.example/2024/06/01/museum\n",
         "https://www.citypaper.example/2024/06/01/museum", ["https://www.citypaper.example/2024/06/01/museum"]),
        ("See www.tickets.example. The museum reopened.\n\nOriginal url:\nhttps://citypaper.example/museum\n",
         "https://citypaper.example/museum", ["https://citypaper.example/museum", "www.tickets.example"]),
    ],
)
def test_the_page_url_is_a_url_line_never_a_link_in_a_sentence(raw: str, page_url: str | None, urls: list[str]) -> None:
    result = clean(raw)
    assert result.page_url == page_url
    assert list(result.urls) == urls


def test_a_list_marker_is_no_desk_note() -> None:
    """Desk initials in brackets are two letters or more ("(kb)", "(lv-im)"); "(a)" opens a list item."""
    assert rules.WIRE_DESK_RE.match("(lv-im)") and rules.WIRE_DESK_RE.match("(kb)")
    assert not rules.WIRE_DESK_RE.match("(a)")
