"""The project's own example against its hand-annotated gold file (examples/kolvik-mine-rescue/gold.json)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyweave.evaluate.analysis import score_brief
from storyweave.model import Brief, Conflict
from storyweave.pipeline import brief

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kolvik-mine-rescue"


@pytest.fixture
def kolvik(mode: str) -> Brief:
    return brief(EXAMPLE)


def brief_of(texts: dict[str, str], published: dict[str, date] | None = None) -> Brief:
    """The brief of untitled articles, one outlet each ("a" from a.example ...), undated but for ``published``."""
    from storyweave.model import Article

    return brief([Article(id=k, outlet=f"{k}.example", title=None, published=(published or {}).get(k), text=t)
                  for k, t in texts.items()])


def conflicts_about(result: Brief, about: str) -> list[Conflict]:
    return [c for c in result.conflicts if c.about.startswith(about)]


def values_in_conflict(texts: dict[str, str], about: str, published: dict[str, date] | None = None) -> list[list[str]]:
    """The values, as written, of each conflict ``about`` one kind in the brief of ``texts``."""
    return [sorted(v.value for v in c.values) for c in conflicts_about(brief_of(texts, published), about)]


def test_scores_against_the_gold_file(kolvik: Brief) -> None:
    scores = score_brief(kolvik, EXAMPLE / "gold.json")
    assert scores["claims"].f1 >= 0.85
    for section in ("conflicts", "quotes", "entities", "aliases", "timeline"):
        assert scores[section].precision >= 0.9 and scores[section].recall >= 0.9, section


def test_the_miner_count_conflict(kolvik: Brief) -> None:
    conflict = next(c for c in kolvik.conflicts if c.kind == "count")
    assert {v.normalized for v in conflict.values} == {"12 miners", "14 miners"}
    assert conflict.level == "high"
    fourteen = next(v for v in conflict.values if v.normalized == "14 miners")
    assert fourteen.outlets == ("balticobserver.example",)


def test_the_time_conflict_shows_every_value(kolvik: Brief) -> None:
    conflict = next(c for c in kolvik.conflicts if c.kind == "time")
    assert {v.value for v in conflict.values} == {"3:40am", "shortly before 4am", "at around 5am"}


def test_the_company_statement_is_one_claim(kolvik: Brief) -> None:
    """Two outlets quote the statement word for word, a third reports its second sentence in its
    own words: one claim of three outlets (no longer "same wording", as one of them is not)."""
    claim = next(c for c in kolvik.claims if "Our first thoughts" in c.text)
    assert claim.support == 3 and not claim.verbatim
    assert sum('"Our first thoughts' in c.text for c in claim.citations) == 2


def test_quote_variants_and_speaker(kolvik: Brief) -> None:
    quote = next(q for q in kolvik.quotes if any("never lost faith" in v.text for v in q.variants))
    assert quote.speaker == "Marta Ilves"
    assert len(quote.variants) == 2 and len(quote.outlets) == 4


def test_spelling_variants_are_merged_with_evidence(kolvik: Brief) -> None:
    by_name = {e.name: e for e in kolvik.entities}
    assert "Dimitar Sokol" in by_name["Dmitar Sokol"].aliases
    assert "Kolwik" in by_name["Kolvik"].aliases
    assert by_name["Kolvik"].type == "place" and by_name["Dmitar Sokol"].type == "person"
    assert any("transliteration" in why for why in by_name["Kolvik"].evidence)


def test_yesterday_and_inferred_dates(kolvik: Brief) -> None:
    courier_yesterday = next(e for e in kolvik.timeline if "yesterday" in e.expressions and any(
        c.outlet == "kolvik-courier" for c in e.citations))
    assert courier_yesterday.date == "2026-03-09"
    nordwire = next(a for a in kolvik.articles if a.outlet == "nordwire")
    assert nordwire.published is not None and nordwire.date_source == "story"


def test_every_citation_points_at_its_text(kolvik: Brief) -> None:
    text = {a.id: a.text for a in kolvik.articles}
    citations = [c for claim in kolvik.claims for c in claim.citations]
    citations += [c for q in kolvik.quotes for v in q.variants for c in v.citations]
    citations += [c for e in kolvik.timeline for c in e.citations]
    citations += [c for k in kolvik.conflicts for v in k.values for c in v.citations]
    assert citations
    for citation in citations:
        assert text[citation.article_id][citation.start:citation.end] == citation.text


def test_a_statement_quoted_over_two_sentences_is_cited_whole_once(kolvik: Brief) -> None:
    """The company's two-sentence statement: the claim on its second sentence is cited from where
    the quotation opens (with its speaker), and the claim on its first sentence, now inside it,
    is not listed again."""
    about = [c for c in kolvik.claims if "cooperate fully" in c.text or "first thoughts" in c.text]
    assert len(about) == 1, [c.text for c in about]
    claim = about[0]
    assert claim.text.startswith('Arvent Mining said in a statement: "Our first thoughts')
    assert claim.text.endswith('until it is complete."')
    assert len(claim.citations) == 3
    for citation in claim.citations:
        article = next(a for a in kolvik.articles if a.id == citation.article_id)
        assert article.text[citation.start:citation.end] == citation.text
        assert citation.text.count('"') % 2 == 0


def test_a_stray_quote_mark_does_not_pull_in_a_paragraph() -> None:
    from storyweave.model import Article

    stray = ('"The ferry Selka left Kessa at dawn. It carried 212 passengers. The sea was calm. '
             "A crew member saw the sandbank late. The ferry ran aground at 7am near the harbour mouth.")
    clean = "The ferry Selka ran aground at 7am near the harbour mouth, the coastguard said."
    result = brief([Article(id="a", outlet="one.example", title=None, published=None, text=stray),
                    Article(id="b", outlet="two.example", title=None, published=None, text=clean)])
    claim = next(c for c in result.claims if "ran aground at 7am" in c.text and len(c.citations) == 2)
    first = next(c for c in claim.citations if c.article_id == "a")
    assert first.text.count(".") <= 4  # at most three sentences back, not the whole paragraph


def test_a_quotation_an_article_repeats_is_one_claim() -> None:

    quote = '"We brought every one of them home alive," said rescue chief Marta Ilves at the pithead.'
    texts = {
        "a": f"The last miners reached the surface on Tuesday morning.\n\n{quote}\n\nRelatives cheered.\n\n{quote}",
        "b": f"Twelve miners were rescued at Kolvik on Tuesday.\n\n{quote}",
        "c": f"Rescuers freed the trapped miners after four days.\n\n{quote}",
    }
    result = brief_of(texts)
    same = [c for c in result.claims if "every one of them home" in c.text]
    assert len(same) == 1
    assert sorted(c.article_id for c in same[0].citations) == ["a", "b", "c"] and same[0].support == 3


def test_a_flattened_pages_time_stamps_are_no_event_times() -> None:
    """Pages flattened into one paragraph open with their headline and their publication stamps:
    the stamps' clock times are when each page went out, not times of the event to set against
    each other; the times the reports give in prose still are."""

    texts = {
        "a": "Ferry Selka runs aground off Kessa May 3, 2025 at 8:14 AM ET Updated 4:52 p.m. ET The ferry Selka "
             "ran aground at 6:15 a.m. near the harbour mouth with 212 passengers aboard, the coastguard said.",
        "b": "Selka aground near Kessa harbour 12:52 p.m. EDT May 3, 2025 The ferry Selka ran aground at 6:45 a.m. "
             "near the harbour mouth with 212 passengers aboard, the coastguard said.",
    }
    result = brief_of(texts)
    times = conflicts_about(result, "time of day")
    assert len(times) == 1 and sorted(v.value for v in times[0].values) == ["6:15 a.m.", "6:45 a.m."]
    assert not any(e.date.endswith(("08:14", "12:52", "16:52")) for e in result.timeline)


def test_headlines_two_pages_share_are_no_agreed_fact() -> None:
    """Flattened pages open with their headline run into the text: the headline is split off as a
    sentence of its own, but with no full stop it is neither a claim nor a summary sentence."""

    body = ("The passenger ferry Selka struck a sandbank off Kessa on Monday morning with 212 people aboard, "
            "the coastguard said.")
    texts = {
        "a": f"Ferry Selka runs aground off Kessa harbour Posted 2/3/2025 11:11 PM CET {body}",
        "b": f"FERRY SELKA RUNS AGROUND OFF KESSA HARBOUR {body}",
    }
    result = brief_of(texts)
    assert [c.text for c in result.claims if len(c.citations) == 2] == [body]
    assert [s.text for s in result.summary] == [body]


def test_ages_of_two_people_are_no_conflict_and_one_persons_two_ages_are() -> None:

    texts = {
        "a": "Champion Ivo Marek beat Tomas Brenner in Kessa on Saturday. The 36-year-old Ivo Marek knocked "
             "down the challenger in the fifth round at Kessa Arena.",
        "b": "Ivo Marek beat Tomas Brenner in Kessa on Saturday. Brenner was knocked down in the fifth round at "
             "Kessa Arena, and the 40-year-old challenger never recovered.",
        "c": "A crowd of 9,000 saw the title fight on the harbour front. The 38-year-old Ivo Marek dropped his "
             "challenger twice before the referee stopped it.",
    }
    assert values_in_conflict(texts, "age") == [["36-year-old", "38-year-old"]]


def test_figures_about_earlier_events_are_no_conflict_with_the_story() -> None:
    texts = {
        "a": "Thieves stole jewellery worth £2 million from a shop in Kessa on Monday, police said. In May, "
             "thieves stole jewellery worth £90,000 from a courier in Selka.",
        "b": "Jewellery worth £2 million was taken from a Kessa shop on Monday. Last month thieves took jewellery "
             "worth £45,000 from a hotel safe in Norland.",
        "c": "Police said jewellery worth £3 million was stolen from the Kessa shop on Monday.",
    }
    assert values_in_conflict(texts, "amount", dict.fromkeys(texts, date(2025, 9, 9))) == [["£2 million", "£3 million"]]


def test_a_later_reports_next_date_is_a_later_step_not_a_contradiction() -> None:
    texts = {
        "a": "The captain of the ferry Selka was charged on Monday and will appear at Kessa Magistrates Court "
             "tomorrow morning, police said.",
        "b": "The captain of the ferry Selka was charged and will appear at Kessa Magistrates Court on "
             "February 4, police said.",
        "c": "The captain of the ferry Selka was remanded at Kessa Magistrates Court and will appear at Kessa "
             "Crown Court on March 3, police said.",
    }
    result = brief_of(texts, {"a": date(2025, 2, 3), "b": date(2025, 2, 3), "c": date(2025, 2, 4)})
    dates = conflicts_about(result, "date")
    assert dates and all(c.level == "low" and "later step" in (c.note or "") for c in dates)


def test_a_value_that_may_be_another_fact_does_not_join_a_sure_slot() -> None:
    texts = {
        "a": "Fire broke out at the old Kallby dairy warehouse on Tuesday. The first call came in at 3:30 a.m., "
             "fire chief Ivo Marek said.",
        "b": "The old Kallby dairy warehouse burned down on Tuesday. A caller reported the fire at 3:33 a.m., "
             "fire chief Ivo Marek said.",
        "c": "Fire investigator Lena Varga reached the old Kallby dairy warehouse by 10 a.m. on Tuesday, "
             "fire chief Ivo Marek said.",
    }
    assert values_in_conflict(texts, "time of day") == [["3:30 a.m.", "3:33 a.m."]]


def test_figures_of_very_different_size_are_not_one_fact() -> None:
    texts = {
        "a": "Champion Ivo Marek stopped Tomas Brenner with two seconds left in the sixth round in Kessa on Saturday.",
        "b": "Champion Ivo Marek stretched his unbeaten run to eight years by stopping Tomas Brenner in Kessa on "
             "Saturday.",
        "c": "Champion Ivo Marek stopped Tomas Brenner in the sixth round in Kessa on Saturday, with three seconds "
             "left.",
    }
    assert values_in_conflict(texts, "duration") == [["three seconds", "two seconds"]]


def test_a_sentence_that_gives_both_figures_is_no_conflict() -> None:
    """One outlet gives the hall's licence and the crowd in one sentence; the other, the crowd."""
    texts = {
        "a": "The Kallby dance hall was licensed for no more than 150 people; about 400 were inside when the fire "
             "broke out on Friday night, police said.",
        "b": "Some 400 people were inside the Kallby dance hall when the fire broke out on Friday night, police said.",
    }
    assert values_in_conflict(texts, "number") == []


def test_two_sentences_line_their_figures_up_one_to_one() -> None:
    texts = {
        "a": "Ivo Marek won 51 percent of the vote in Kessa on Sunday, against 34 percent for his rival Lena Varga.",
        "b": "Ivo Marek won 51 percent of the vote in Kessa on Sunday, and his rival Lena Varga took 36 percent.",
    }
    assert values_in_conflict(texts, "percentage") == [["34 percent", "36 percent"]]


def test_pairs_that_may_be_different_facts_do_not_chain() -> None:
    texts = {
        "a": "Shares in Kessa fell 4.5 percent on Monday, the steepest fall since the spring, as the krona slid "
             "against the euro.",
        "b": "Investors sold heavily in Selka, where shares fell 3.4 percent on Monday before a late recovery "
             "lifted banks.",
        "c": "In Norland, shares fell 2.1 percent on Monday and the central bank said it was watching the markets "
             "closely.",
    }
    conflicts = conflicts_about(brief_of(texts), "percentage")
    assert [len(c.values) for c in conflicts] == [2] and conflicts[0].level == "low"


def test_one_claim_about_two_people_may_be_different_facts() -> None:
    """Sentences aligned as one claim but each naming a person the other does not: two sentences
    handed down, not a disagreement on one."""
    texts = {
        "a": "A Kessa court on Monday sentenced the activist Lena Varga to eight years in prison for subversion, "
             "her lawyer said.",
        "b": "A Kessa court on Monday sentenced the activist Ivo Marek to 11 years in prison for subversion, his "
             "lawyer said.",
        "c": "Lena Varga and Ivo Marek, two founders of the banned Kessa Democracy Party, were tried last week.",
    }
    [conflict] = conflicts_about(brief_of(texts), "duration")
    assert conflict.level == "low" and "may be different facts" in (conflict.note or "")


def test_figures_of_two_named_days_are_two_facts() -> None:
    """A countdown told on three days is no disagreement; an age stays one person's on any day."""
    texts = {
        "a": "With five days until temporary financing of the Kessa government runs out, party leader Lena Varga, "
             "44, met ministers on Monday to avoid a shutdown.",
        "b": "With four days until temporary financing of the Kessa government runs out, party leaders met "
             "ministers again on Tuesday to avoid a shutdown.",
        "c": "With three days until temporary financing of the Kessa government expires, Lena Varga, 45, met the "
             "prime minister on Wednesday night.",
    }
    published = {"a": date(2025, 3, 3), "b": date(2025, 3, 4), "c": date(2025, 3, 5)}
    assert values_in_conflict(texts, "duration", published) == []
    assert values_in_conflict(texts, "age", published) == [["44", "45"]]


def test_a_slot_never_holds_two_values_of_one_sentence() -> None:
    """Chains of pairs must not bring the share counted and the share won in one sentence into one
    slot: a sentence does not disagree with itself."""
    texts = {
        "a": "With 22 percent of the vote counted, Ivo Marek appeared to have won 51 percent of the vote in Kessa "
             "on Sunday.",
        "b": "With 70 percent of the votes counted, Ivo Marek continued to lead with 53 percent of the vote in "
             "Kessa.",
        "c": "Exit polls in Kessa gave Ivo Marek some 56 percent of the vote, and officials gave him 51 percent "
             "with 56 percent of the votes counted.",
    }
    conflicts = conflicts_about(brief_of(texts), "percentage")
    assert conflicts
    for conflict in conflicts:
        spans = [(c.article_id, c.start) for v in conflict.values for c in v.citations]
        assert len(spans) == len(set(spans)), conflict
    assert ["51 percent", "53 percent"] in [sorted(v.value for v in c.values) for c in conflicts]


def test_figures_the_same_but_for_rounding_or_a_glued_magnitude_are_no_conflict() -> None:
    """"5.6 million euros" is "€5.58m" rounded; "€24.2m" is the "24.2 million euros" the other
    sentence gives, so neither pairs with the other year's figure."""
    texts = {
        "a": "Selka Lines chief executive Ivo Marek was paid 24.2 million euros in 2023, and his pay fell to 5.6 "
             "million euros last year, the company said.",
        "b": "Ivo Marek, chief executive of Selka Lines, saw his pay fall from €24.2m in 2023 to €5.58m last "
             "year, the company said.",
    }
    assert values_in_conflict(texts, "amount") == []


def test_one_moment_written_in_two_time_zones_is_no_conflict() -> None:
    """"1:30 p.m. PST" and "4:30 p.m. ET" are one kickoff; "5:30 p.m. ET" is another time; a
    time without its zone is not set against one with it."""
    day = {k: date(2026, 1, 7) for k in "abcd"}
    texts = {
        "a": "The Kessa Rovers play the Selka Wolves on Saturday, with kickoff scheduled for 1:30 p.m. PST at the "
             "Kallby stadium.",
        "b": "The Kessa Rovers play the Selka Wolves at the Kallby stadium on Saturday, with kickoff at 4:30 p.m. ET.",
        "c": "The Kessa Rovers play the Selka Wolves at the Kallby stadium on Saturday, with kickoff at 3:30 p.m.",
    }
    assert values_in_conflict(texts, "time", day) == []
    texts["d"] = ("The Kessa Rovers play the Selka Wolves at the Kallby stadium on Saturday, with kickoff at "
                  "5:30 p.m. ET.")
    (conflict,) = values_in_conflict(texts, "time", day)
    assert "5:30 p.m. ET" in conflict and len(conflict) == 2 and "3:30 p.m." not in conflict


def test_minutes_on_a_game_clock_are_no_duration() -> None:
    from storyweave.analyze.values import find_values

    assert [v.kind for v in find_values("The Wolves tied the game with 6:00 minutes remaining in the third.")] == []
    assert [v.text for v in find_values("They scored with four minutes left.")] == ["four minutes"]


def test_the_same_day_word_in_two_reports_is_no_conflict() -> None:
    """Two reports that both say "on Friday" say the same; that the later one's Friday reads as a
    week after the other's comes from their own dates, not from the outlets."""
    texts = {
        "a": "The Kessa harbour board voted on Friday to close the old ferry pier for good, its chairman said.",
        "b": "Kessa's harbour board voted to shut the old ferry pier on Friday, chairman Ivo Marek told reporters.",
    }
    published = {"a": date(2026, 1, 9), "b": date(2026, 1, 17)}
    assert values_in_conflict(texts, "date", published) == []


def test_dates_a_day_apart_read_against_two_reports_dates_are_a_doubtful_conflict() -> None:
    texts = {
        "a": "The ferry Selka ran aground off Kessa on Monday with 212 people aboard, the coast guard said.",
        "b": "A ferry with 212 people aboard, the Selka, struck rocks off Kessa yesterday, coast guard officials said.",
    }
    (conflict,) = conflicts_about(brief_of(texts, {"a": date(2026, 1, 6), "b": date(2026, 1, 5)}), "date")
    assert conflict.confidence < 0.5 and conflict.note and conflict.note.startswith("may be one day")
    # two reports of one day that give days a day apart are a conflict as before
    texts["b"] = texts["b"].replace("yesterday", "on Sunday")
    (same_day,) = conflicts_about(brief_of(texts, {"a": date(2026, 1, 6), "b": date(2026, 1, 6)}), "date")
    assert same_day.confidence >= 0.5 and same_day.note is None


def test_one_outlets_two_figures_never_share_a_slot() -> None:
    """An outlet that gives a player's pay a season and in all tells two facts: no slot holds two
    different values of one article, however the other outlets' figures chain."""
    texts = {
        "a": "The Kessa Rovers agreed a deal with striker Ivo Marek worth $23 million a season, the club said. "
             "In all the deal with striker Ivo Marek is worth $184 million, the club said.",
        "b": "The Kessa Rovers agreed a deal with striker Ivo Marek worth $160 million, the club said.",
        "c": "Striker Ivo Marek agreed a deal with the Kessa Rovers worth $25 million a season, the club said.",
    }
    conflicts = conflicts_about(brief_of(texts), "amount")
    assert conflicts
    for conflict in conflicts:
        by_article: dict[str, set[str]] = {}
        for value in conflict.values:
            for citation in value.citations:
                by_article.setdefault(citation.article_id, set()).add(value.normalized)
        assert all(len(values) == 1 for values in by_article.values()), conflict


def test_a_slot_of_many_values_is_a_changing_figure_or_several_facts_at_low_confidence() -> None:
    """Two or three values are one fact told differently; a toll given as 3, 5, 6 and 10 by four
    outlets rose as the story went on (or mixes facts): kept, at low confidence, with a note."""
    tolls = ("at least three", "five", "six", "10")
    texts = {k: f"The fire at the Kallby dance hall killed {toll} people on Friday night, police in Kallby said."
             for k, toll in zip("abcd", tolls, strict=True)}
    (many,) = conflicts_about(brief_of(texts), "number of people")
    assert len(many.values) == 4 and many.level == "low" and "4 different values" in (many.note or "")
    (few,) = conflicts_about(brief_of({k: texts[k] for k in "abc"}), "number of people")
    assert len(few.values) == 3 and few.level == "high" and few.note is None


def test_a_question_two_outlets_ask_is_no_claim_they_agree_on() -> None:
    question = "But who was the foreman who sent the twelve miners down into the flooded Kolvik mine?"
    texts = {k: f"Twelve miners were rescued from the flooded Kolvik mine on Tuesday, {k} reported. {question}"
             for k in ("Kessa Post", "Nordwire")}
    claims = brief_of({"a": texts["Kessa Post"], "b": texts["Nordwire"]}).claims
    assert claims and not any(c.text.rstrip().endswith("?") for c in claims)
    assert any(len(c.outlets) == 2 for c in claims)  # the statement still is one
