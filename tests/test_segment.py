"""Sentences carry exact character offsets into the cleaned text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.ingest import load
from storyweave.model import Article
from storyweave.segment import split_sentences


def article(text: str) -> Article:
    return Article(id="x", outlet="o", title=None, published=None, text=text)


def test_offsets_reproduce_sentences(example_dir: Path) -> None:
    for a in load([example_dir]).articles:
        sentences = split_sentences(a)
        assert len(sentences) >= 5
        for s in sentences:
            assert a.text[s.start:s.end] == s.text
            assert s.text == s.text.strip()


def test_abbreviations_and_quotes() -> None:
    text = '"I am glad to be here," said Kim. U.S. officials met him on Monday. He left at 6 p.m. local time.'
    got = [s.text for s in split_sentences(article(text))]
    assert got == [
        '"I am glad to be here," said Kim.',
        "U.S. officials met him on Monday.",
        "He left at 6 p.m. local time.",
    ]


@settings(max_examples=80, deadline=None)
@given(st.text(min_size=1, max_size=500))
def test_offsets_hold_for_any_text(text: str) -> None:
    a = article(text)
    previous_end = 0
    for s in split_sentences(a):
        assert a.text[s.start:s.end] == s.text
        assert s.start >= previous_end
        previous_end = s.end


def test_short_titles_before_names_do_not_end_sentences() -> None:
    text = (
        "Gov. Sarah Palin's church burned. Alaska Gov. Sarah Palin apologized. "
        'The Rev. Larry Kroon said Lt. Col. Dan Choi and Sgt. Ann Lee were "shocked." '
        "He met the Gov. He left. John Smith Jr. said so. Then he left."
    )
    got = [s.text for s in split_sentences(article(text))]
    assert got == [
        "Gov. Sarah Palin's church burned.",
        "Alaska Gov. Sarah Palin apologized.",
        'The Rev. Larry Kroon said Lt. Col. Dan Choi and Sgt. Ann Lee were "shocked."',
        "He met the Gov.",
        "He left.",
        "John Smith Jr. said so.",
        "Then he left.",
    ]


def test_a_title_at_a_paragraph_end_stays_there() -> None:
    text = "He was promoted to Lt.\n\nDan Choi came later."
    assert [s.text for s in split_sentences(article(text))] == ["He was promoted to Lt.", "Dan Choi came later."]


def test_a_headline_run_into_the_first_sentence_is_a_sentence_of_its_own() -> None:
    for headline, body in [
        ("Ferry aground off Kessa, crew safe", "A passenger ferry struck rocks off Kessa on Monday."),
        ("Ferry Selka Runs Aground Off Kessa", "It was the second grounding this year."),
        ("Police Name Driver Killed In Kallby Crash", "According to police, the driver was 54."),
        ("Kessa ferry aground May 3, 2025 9:41 AM", "The ferry Selka ran aground."),
        ("'Ten hurt' as ferry runs aground off Kessa", "A 40-metre ferry ran aground on Monday."),
        ("FERRY RUNS AGROUND OFF KESSA", "Sun Ferries said its ferry Selka struck rocks."),
        ("FERRY SELKA RUNS AGROUND Feb. 3 9:41 AM CET", "Sun Ferries said its ferry struck rocks."),
        ("Ferry aground off Kessa Posted 2/3/2025 11:11 PM CET", "Sun Ferries said its ferry struck rocks."),
        ("Ferry aground off Kessa 10:55 P.M. FEB. 2, 2025", "Sun Ferries said its ferry struck rocks."),
        ("Ferry Selka Runs Aground 02/03/25 06:03 PM ET CET", "The ferry struck rocks off Kessa."),
        # a short word's stop inside the headline is not its end
        ("Lodge Treasurer Ivo Marek Jr. On The Run In Kessa Feb. 3, 2025", "A lodge treasurer walked out of court."),
        ("2 Dead, 1 Hurt in Fire at North Kessa. Selka Mill February 3, 2025 10:14 AM", "Police say two died."),
    ]:
        got = [s.text for s in split_sentences(article(f"{headline} {body} The crew was safe."))]
        assert got == [headline, body, "The crew was safe."], headline


def test_a_first_sentence_ending_in_a_short_word_stays_apart_from_prose_after_it() -> None:
    for text in [
        "Ferry Aground Off Kessa, Says Ivo Marek Jr. The Selka struck rocks on Feb. 3, 2025 at 9:41 AM.",
        "Lena Varga Met Ivo Marek Jr. On Monday, February 3, 2025 they spoke.",
    ]:
        assert len(split_sentences(article(text))) == 2, text


def test_capitalised_words_inside_a_first_sentence_do_not_split_it() -> None:
    for text in [
        "KESSA, Norland (AP) _ The ferry Selka ran aground on Monday.",
        "Kessa (CNN) -- The ferry Selka ran aground on Monday.",
        "The harbour board said its Plan A is to tow the ferry off the rocks.",
        "Ministers met at The Hague on Monday to talk about ferries.",
        "Lena Varga said she was on deck when I saw the rocks ahead.",
        "The crash was reported to Kessa State Police by a passing driver.",
        "NEW YORK (AP) _ The ferry Selka ran aground on Monday.",
        "RIO DE JANEIRO, Norland _ The ferry Selka ran aground on Monday.",
        "SHORT FERRY SERVICE OUTAGE 16 February 2025 left Kessa without a link to the mainland.",
        "The games of Dec. 6-20 in Kessa drew crowds from across Norland.",
        "The ferry company was fined £1. 7 million for the grounding off Kessa.",
        "Singer Mara Voss Dies At 91 The singer died at home.",  # title case: "At 91" is the headline's
    ]:
        got = [s.text for s in split_sentences(article(text))]
        assert got[0] == text.split(" The singer")[0], text


def test_time_stamps_opening_a_sentence_near_the_top_are_a_piece_of_their_own() -> None:
    text = ("Ferry Selka aground off Kessa, all safe, Sun Ferries said. PUBLISHED: MONDAY, FEB 3, 2025, "
            "1:32 PM UPDATED: TUESDAY, FEB 4, 2025, 9:56 AM The ferry ran aground at dawn. It was refloated.")
    assert [s.text for s in split_sentences(article(text))] == [
        "Ferry Selka aground off Kessa, all safe, Sun Ferries said.",
        "PUBLISHED: MONDAY, FEB 3, 2025, 1:32 PM UPDATED: TUESDAY, FEB 4, 2025, 9:56 AM",
        "The ferry ran aground at dawn.", "It was refloated."]
    prose = "The ferry ran aground. February 3, 2025 was the worst day of the season. It was refloated."
    assert len(split_sentences(article(prose))) == 3
