"""Summaries: budgets, exact spans, redundancy control, citations, order."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave import brief
from storyweave.errors import ConfigError
from storyweave.ingest import load
from storyweave.model import Article, Brief, Budget
from storyweave.represent import TfidfSpace, content_stems, cosine_matrix
from storyweave.summarize import build_cluster, methods, summarize
from storyweave.summarize.candidates import dateline_length, is_candidate
from storyweave.summarize.concepts import REDUNDANT


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return load([Path(__file__).resolve().parents[1] / "examples" / "kolvik-mine-rescue"]).articles


def assert_spans_exact(result: Brief) -> None:
    texts = {a.id: a.text for a in result.articles}
    for sentence in result.summary:
        first = sentence.citations[0]
        assert texts[first.article_id][first.start:first.end] == sentence.text
        for citation in sentence.citations:
            assert texts[citation.article_id][citation.start:citation.end] == citation.text


@pytest.mark.parametrize("method", methods())
@pytest.mark.parametrize(("unit", "amount"), [("words", 100), ("words", 40), ("bytes", 300), ("sentences", 2)])
def test_budget_is_respected_and_spans_are_exact(articles: list[Article], method: str, unit: str, amount: int) -> None:
    budget = Budget(amount, unit)  # type: ignore[arg-type]
    summary = summarize(articles, budget, method=method)
    assert summary, "a summary of five articles is never empty"
    assert sum(budget.cost(s.text) for s in summary) <= amount
    assert_spans_exact(Brief(articles=tuple(articles), summary=summary, budget=budget, method=method))


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=1, max_value=250))
def test_any_word_budget_is_respected(articles: list[Article], words: int) -> None:
    summary = summarize(articles, Budget(words))
    assert sum(len(s.text.split()) for s in summary) <= words


def test_default_summary_fills_most_of_the_budget(articles: list[Article]) -> None:
    summary = summarize(articles, Budget(100))
    used = sum(len(s.text.split()) for s in summary)
    assert 70 <= used <= 100


def test_no_two_summary_sentences_say_the_same_thing(articles: list[Article]) -> None:
    summary = summarize(articles, Budget(150))
    cluster = build_cluster(articles)
    space = TfidfSpace(cluster.stems)
    vectors = space.transform([content_stems(s.text) for s in summary])
    sims = cosine_matrix(vectors)
    for i in range(len(summary)):
        for j in range(i + 1, len(summary)):
            assert sims[i, j] <= REDUNDANT + 1e-9, (summary[i].text, summary[j].text)


def test_shared_facts_are_cited_to_every_outlet_that_states_them(articles: list[Article]) -> None:
    result = brief(articles)
    statement = next(s for s in result.summary if "believing" in s.text)
    assert len(statement.outlets) >= 2


def test_summary_sentences_stand_alone(articles: list[Article]) -> None:
    for sentence in summarize(articles, Budget(200)):
        assert not sentence.text.startswith(("He ", "She ", "They ", "It is ", "But "))
        assert not sentence.text.endswith("?")


def test_sentences_of_one_article_keep_their_order(articles: list[Article]) -> None:
    summary = summarize(articles, Budget(250))
    positions: dict[str, list[int]] = {}
    for s in summary:
        positions.setdefault(s.citations[0].article_id, []).append(s.citations[0].start)
    assert all(p == sorted(p) for p in positions.values())


def test_single_article_gets_a_summary() -> None:
    text = (
        "The council approved a new budget for the harbour on Monday. The harbour will get a new "
        "crane and a longer pier. The budget for the harbour passed by nine votes to two. "
        "Opponents said the harbour budget was too large for a town of its size."
    )
    result = brief([Article(id="a", outlet="Town Post", title=None, published=None, text=text)], words=30)
    assert result.summary and sum(len(s.text.split()) for s in result.summary) <= 30


def test_an_article_given_twice_counts_once() -> None:
    """The same text (the same id) given twice, as an API caller or a cluster file may, is one
    source, as when files are read: its claims are not corroborated by themselves."""
    harbour = ("The council approved a new budget for the harbour on Monday. The harbour will get a new "
               "crane and a longer pier, the mayor said.")
    crane = "A new crane for the harbour at Kallby will cost 2 million euros, the council said on Monday."
    first = Article(id="a", outlet="Town Post", title=None, published=None, text=harbour)
    other = Article(id="b", outlet="Kallby News", title=None, published=None, text=crane)
    once = brief([first, other], words=40, embeddings=False)
    twice = brief([first, other, first], words=40, embeddings=False)
    assert [a.id for a in twice.articles] == ["a", "b"]
    assert [(c.support, c.text) for c in twice.claims] == [(c.support, c.text) for c in once.claims]
    assert twice.to_dict() == once.to_dict()


def test_unknown_method_and_bad_budget() -> None:
    article = Article(id="a", outlet="o", title=None, published=None, text="One sentence of text here for it.")
    with pytest.raises(ConfigError, match="known methods"):
        brief([article], method="nope")
    with pytest.raises(ConfigError):
        brief([article], words=0)
    with pytest.raises(ConfigError):
        brief([article], words=10, sentences=2)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Twelve miners were rescued early on Tuesday after four days underground.", True),
        ("Were the miners rescued early on Tuesday after four days underground?", False),
        ('"We never stopped believing we would bring them home," said Marta Ilves.', True),
        ('"We never stopped believing we would bring them home," he said on Tuesday.', False),
        ('"Russia intends to help in any way possible to cement that positive trend."', False),
        ("He was greeted by the governor and the deputy minister at the station.", False),
        ("Positive progress", False),
        ("Twelve miners rescued after four days underground in the Kolvik mine", False),  # a headline
        ("The rescue chief named the twelve miners brought up on Tuesday:", False),
        ('The rescue chief told reporters the twelve men were "tired but well."', True),
        ("Miners Rescued At Kolvik; Inquiry Into Flooding Pending March 10, 2026 1:35 pm.", False),
        ("The last of the twelve miners reached the surface at 1:35 p.m. on Tuesday.", True),
        ("Mine owner Ivo Marek has been questioned by police in Kessa about the flooding of the...", False),  # a teaser
        ("The pumps ran all night, and the water fell by a metre an hour…", False),
        ("A Study of Water Inflow in Deep Galleries of the Kolvik Mine in Northern Norland.", False),  # a title
        ("TWELVE MINERS ARE OUT OF THE KOLVIK MINE TONIGHT AFTER FOUR DAYS UNDERGROUND.", False),  # a transcript
        ("Rescue chief Tomas Brenner, Mayor Lena Varga and Mine Owner Ivo Marek of Kolvik Mining spoke.", True),
        ("It was described as a grey pump truck with the Kessa fire brigade's markings.", False),  # "it": the truck
        ("It was reported that twelve miners had reached the upper gallery by noon.", True),
        ("It was seven hours before the first of the twelve miners reached the surface.", True),
    ],
)
def test_candidate_rules(text: str, ok: bool) -> None:
    from storyweave.model import Sentence

    assert is_candidate(Sentence("a", 0, 0, len(text), text)) is ok


def test_datelines_are_trimmed_but_spans_stay_exact(articles: list[Article]) -> None:
    assert dateline_length("KOLVIK (Nordwire) - Twelve miners who were trapped were rescued.") == 20
    assert dateline_length("Moscow: North Korean leader Kim Jong-un arrived in Russia.") == 8
    assert dateline_length("Kim said the talks would be useful and that he hoped for more.") == 0
    cluster = build_cluster(articles)
    nordwire = next(g for g in cluster.sentences if "(Nordwire)" in articles[cluster.doc_of(g[0])].text)
    assert nordwire[0].text.startswith("Twelve miners who were trapped")


def test_a_sentence_inside_a_quotation_or_a_transcript_turn_is_someones_words() -> None:
    from storyweave.model import Sentence
    from storyweave.summarize.candidates import in_quotation, turn_speaker

    text = ('"The pit is safe," Varga said. "We checked it twice. The pumps run."\n\n'
            "Lena Varga: We are ready. The water is falling.\n\nTomas Brenner: And the miners?\n\n"
            "Lena Varga: All alive.\n\nTomas Brenner: Good.\n\nKallby: the mine reopens. More: read on.")
    assert not in_quotation(text, text.index('"The pit')) and not in_quotation(text, text.index('"We checked'))
    assert in_quotation(text, text.index("The pumps"))
    assert not in_quotation(text, text.index("Lena Varga:")) and in_quotation(text, text.index("The water"))
    assert turn_speaker(text, text.index("The water")) == "Lena Varga"
    assert turn_speaker(text, text.index("And the")) == "Tomas Brenner"
    words = "The water in the lower gallery is falling fast now."  # no quote marks to balance in a turn
    assert is_candidate(Sentence("a", 0, text.index("The water"), text.index("The water") + 21, words), text,
                        speaker="Lena Varga")
    furniture = "Kallby: the mine reopens. The pumps run.\n\nKallby: more rain. It falls."
    assert not in_quotation(furniture, furniture.index("It falls"))  # one name alone is no conversation
    letter = ("To: Ivo Marek, Kolvik mine. The report is attached.\n\n"
              "Dear Mr. Marek: The board has read the report. It asks for the pumps' log.")
    assert not in_quotation(letter, letter.index("It asks"))  # labels that never recur are a letter's head
    assert turn_speaker(letter, letter.index("It asks")) is None


def test_a_summary_sentence_inside_a_quotation_names_its_speaker_or_is_left_out() -> None:
    from storyweave.model import SummarySentence
    from storyweave.render.markdown import brief_to_markdown, said

    spoken = ("Rescue chief Tomas Brenner spoke at the Kolvik mine on Monday. \"The flooding began before "
            "dawn,\" Brenner said. \"We were lucky. All forty-one miners reached the upper gallery alive and the pumps "
            "are lowering the water by a metre an hour.\"")
    other = ("The Kolvik mine in Norland flooded on Monday, officials said. Rescuers from Kessa arrived "
             "at noon with extra pumps to drain the lower shafts of the mine.")
    articles = [Article(id=k, outlet=f"{k}.example", title=None, published=None, text=t)
                for k, t in (("a", spoken), ("b", other))]
    inside = "All forty-one miners reached the upper gallery alive"
    assert not any(inside in s.text for s in summarize(articles, Budget(200)))  # whose words is not known
    result = brief(articles, words=200)
    (quoted,) = [s for s in result.summary if inside in s.text]
    assert quoted.speaker == "Tomas Brenner"
    assert f"Tomas Brenner: “{inside}" in brief_to_markdown(result)
    closing = SummarySentence('The pumps run," the official said.', quoted.citations, speaker="Kessa official")
    assert said(closing) == ('"', 'The pumps run," the official said.', "")
    assert_spans_exact(result)


def test_a_news_photos_dated_caption_heads_no_story_and_is_no_agreed_claim() -> None:
    from storyweave.clean.rules import dated_caption
    from storyweave.summarize.candidates import lead_choice

    caption = "Rescuers carry a miner to an ambulance at the Kolvik mine, Norland, Tuesday, March 10, 2026."
    told = "Rescuers carried the last miner to an ambulance at the Kolvik mine on Tuesday, March 10, 2026."
    assert dated_caption(caption) and not dated_caption(told)
    placed = "Mayor Lena Varga speaks to reporters, Tuesday, March, 10, 2026, in the town hall of Kallby."
    assert dated_caption(placed)  # the place after the date, and a comma after the month
    lead = "Twelve miners were brought up alive from the flooded Kolvik mine on Tuesday."
    assert lead_choice([caption, lead]) == lead
    body = " The pumps had run for four days before the rescuers reached the lower gallery of the mine."
    articles = [Article(id=k, outlet=f"{k}.example", title=None, published=None, text=caption + body + extra)
                for k, extra in (("a", " Kessa sent two more crews."), ("b", " Selka sent a doctor."))]
    claims = [c.text for c in brief(articles).claims if len(c.citations) >= 2]
    assert body.strip() in claims and caption not in claims
