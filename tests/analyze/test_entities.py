from __future__ import annotations

import os

import pytest

from storyweave.analyze.entities import _variant_reason, hyphen_key, translit_key


def test_hyphen_and_space_variants_share_a_key() -> None:
    assert hyphen_key("Kim Jong Un") == hyphen_key("Kim Jong-un")


def test_transliteration_variants_merge_with_a_reason() -> None:
    assert translit_key("Khasan") == translit_key("Hasan")
    assert _variant_reason("Khasan", "Hasan")
    assert _variant_reason("Dmitar Sokol", "Dimitar Sokol")
    assert _variant_reason("Kolvik", "Kolwik")
    # two neighbouring letters swapped: a typo, or a British and an American spelling
    swapped = "spelling variant (two neighbouring letters swapped)"
    assert _variant_reason("Ivo Marek", "Ivo Maerk") == _variant_reason("Kallby Theatre", "Kallby Theater") == (
        swapped)
    assert _variant_reason("Tomas Kerbina", "Tomas Berkina") is None  # letters swapped that are not neighbours
    assert _variant_reason("Kallby Theatre", "Kessa Theater") is None  # and in one word only


def test_a_countrys_names_merge() -> None:
    assert _variant_reason("U.S.", "United States") == _variant_reason("DPRK", "North Korea") == "one country's names"
    assert _variant_reason("Britain", "UK") and _variant_reason("North Korea", "South Korea") is None
    assert _variant_reason("Kessa", "Kessa Territory") == (
        "the same place with or without its kind (territory)")
    assert _variant_reason("Washington", "Washington Post") is None


def test_different_people_and_places_do_not_merge() -> None:
    assert _variant_reason("Kim Jong Un", "Kim Jong Il") is None
    assert _variant_reason("Kim Il Sung", "Kim Yo Jong") is None
    assert _variant_reason("Russia", "Rossiya") is None
    assert _variant_reason("Austria", "Australia") is None


def test_spacy_is_imported_without_torch_and_torch_still_imports_after() -> None:
    import subprocess
    import sys

    pytest.importorskip("spacy", reason="the ner extra is not installed")
    code = (
        "import sys\n"
        "from storyweave.analyze.entities import _import_spacy\n"
        "spacy = _import_spacy()\n"
        "assert spacy is not None and 'torch' not in sys.modules, sorted(m for m in sys.modules if 'torch' in m)\n"
        "import importlib.util\n"
        "if importlib.util.find_spec('torch') is not None:\n"
        "    import torch  # hidden only while spaCy was imported\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_the_ner_model_finds_the_same_mentions_in_two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many articles go through the NER model in two processes (spaCy's n_process): the same
    mentions as one by one."""
    from pathlib import Path

    from storyweave.analyze import entities
    from storyweave.analyze.context import Context
    from storyweave.ingest import load
    from storyweave.summarize import build_cluster

    if entities._nlp() is None:
        pytest.skip("the ner extra is not installed")
    example = Path(__file__).resolve().parents[2] / "examples" / "kolvik-mine-rescue"
    context = Context(build_cluster(load([example]).articles))
    one_by_one = entities.find_mentions(context)
    monkeypatch.setattr(entities, "NER_PARALLEL_ARTICLES", 2)
    calls: list[int] = []
    language = type(entities._nlp())
    pipe = language.pipe

    def counted_pipe(self: object, texts: list[str], **options: int) -> object:
        calls.append(options["n_process"])
        return pipe(self, texts, **options)

    monkeypatch.setattr(language, "pipe", counted_pipe)
    assert entities.find_mentions(context) == one_by_one and calls == ([2] if (os.cpu_count() or 1) > 1 else [])


def test_a_title_run_into_a_known_persons_name_is_cut_off() -> None:
    """ "Secretary of State Lena Varga" can come out of the recogniser as "State Lena Varga": where
    another article names the person "Lena Varga", the mention is cut to the name and becomes theirs."""
    from storyweave.analyze.entities import Mention, _people_with_a_prefix

    text = "Norland Secretary of State Lena Varga met Arctic Tomas Rein and Northern Ireland Ann Lee."
    found = [
        Mention("a", 0, 10, "Lena Varga", "person", True, None),
        Mention("a", 20, 30, "Tomas Rein", "person", False, "minister"),
        Mention("b", text.index("State"), text.index(" met"), "State Lena Varga", "organization", False, None),
        Mention("b", text.index("Arctic"), text.index(" and"), "Arctic Tomas Rein", "place", False, None),
        Mention("b", text.index("Northern"), len(text) - 1, "Northern Ireland Ann Lee", "place", False, None),
    ]
    cut = _people_with_a_prefix(found)
    assert cut[:2] == found[:2] and cut[4] == found[4]  # nobody named "Ann Lee" elsewhere: left as it is
    assert (cut[2].text, cut[2].vote, text[cut[2].start:cut[2].end]) == ("Lena Varga", "person", "Lena Varga")
    assert (cut[3].text, cut[3].vote, text[cut[3].start:cut[3].end]) == ("Tomas Rein", "person", "Tomas Rein")


def test_names_found_by_rules_stop_where_a_sentence_or_a_line_ends() -> None:
    from storyweave.analyze.entities import _rule_spans

    text = ("Talks with Norland. It said the U.K. Home Office and Mr. Lee Ho agreed with BBC, CNN.\n"
            "At Kessa Governor Ivo Marek spoke.")
    names = [text[start:end].rstrip(".") for start, end, _ in _rule_spans(text)]
    assert names == ["Talks", "Norland", "It", "U.K. Home Office", "Mr. Lee Ho", "BBC", "CNN",
                     "At Kessa Governor Ivo Marek"]


def test_a_role_is_not_a_name() -> None:
    from storyweave.analyze.entities import _mention

    text = "U.S. Secretary of State Lena Varga and Harbour Board spokesman Ivo Marek spoke."
    assert _mention("a", text, 0, len("U.S. Secretary"), "place") is None
    marek = _mention("a", text, text.index("Harbour"), text.index(" spoke."), "person")
    assert marek is not None and (marek.text, marek.role) == ("Ivo Marek", "Harbour Board spokesman")


def test_a_possessive_inside_a_name_stays() -> None:
    from storyweave.analyze.entities import _trim

    text = "the Democratic People's Republic of Norland and Norland's Ivo Marek and Norland's Foreign Ministry"
    spans = ["Democratic People's Republic of Norland", "Norland's Ivo Marek", "Norland's Foreign Ministry"]
    trimmed = [text[slice(*_trim(text, text.index(s), text.index(s) + len(s)))] for s in spans]
    assert trimmed == ["Democratic People's Republic of Norland", "Norland", "Norland's Foreign Ministry"]


def test_countries_are_places_and_nationalities_are_not_entities() -> None:
    from storyweave.analyze.entities import _mention

    text = "China said on Monday that Russian officials met. Jordan told the DPRK envoy."
    china = _mention("a", text, 0, 5, None)
    assert china is not None and (china.text, china.vote) == ("China", "place")  # "said" makes no person of it
    assert _mention("a", text, text.index("Russian"), text.index(" officials"), None) is None
    jordan = _mention("a", text, text.index("Jordan"), text.index(" told"), None)
    assert jordan is not None and jordan.vote == "person"  # a surname as much as a country
    dprk = _mention("a", text, text.index("DPRK"), text.index(" envoy"), "organization")
    assert dprk is not None and dprk.vote == "place"


def test_a_person_named_in_full_is_found_again_by_a_word_of_the_name() -> None:
    """With or without the NER model: the first or last word of the full name, standing alone
    ("Anna", "Sokol", "President Sokol"), not a middle word ("Lise") nor a word of a longer run."""
    from storyweave.analyze.entities import Mention, _short_forms

    text = ("Anna Lise Berg met Dmitar Sokol. Anna said Lise was tired. President Sokol agreed. "
            "Sokol Anna Lise Berg were there.")
    found = [Mention("a", 0, 14, "Anna Lise Berg", "person", True, None),
             Mention("a", 19, 31, "Dmitar Sokol", "person", True, None)]
    extra = [(m.text, m.start) for m in _short_forms("a", text, found)]
    assert extra == [("Anna", text.index("Anna said")), ("Sokol", text.index("Sokol agreed"))]


def test_a_name_in_the_possessive_after_at_is_not_a_place() -> None:
    from storyweave.analyze.entities import _mention

    text = "The story is best followed over at Lena Varga's blog, and at Kallby harbour."
    varga = _mention("a", text, text.index("Lena"), text.index("'s blog"), None)
    assert varga is None or varga.vote != "place"  # what is "at" is the blog (no vote at all: no mention)
    kallby = _mention("a", text, text.index("Kallby"), text.index(" harbour"), None)
    assert kallby is not None and kallby.vote == "place"


def test_a_city_clerk_is_a_role_not_part_of_the_name() -> None:
    from storyweave.analyze.entities import _mention

    text = "The building was vacant, Kallby City Clerk Lena Varga told reporters."
    varga = _mention("a", text, text.index("Kallby"), text.index(" told"), None)
    assert varga is not None and (varga.text, varga.vote) == ("Lena Varga", "person") and varga.role


def test_a_bare_surnames_label_weighs_less_than_the_full_names() -> None:
    """The recogniser often reads a bare surname as a firm or a place; with the full name labelled
    a person, the person wins even when the bare word is labelled more often."""
    from types import SimpleNamespace

    from storyweave.analyze.entities import Mention, _entity

    ctx = SimpleNamespace(articles=[SimpleNamespace(outlet="kessapost.example")],
                          cluster=SimpleNamespace(article_index={"a": 0}))
    full = [Mention("a", n, n + 9, "Ivo Marek", "person", False, None) for n in (0, 100)]
    bare = [Mention("a", n, n + 5, "Marek", "organization", False, None) for n in (200, 300, 400)]
    entity = _entity(ctx, full + bare, [])  # type: ignore[arg-type]
    assert entity is not None and entity.type == "person" and entity.name == "Ivo Marek"
    # alone, bare words vote as much as any
    alone = _entity(ctx, [*bare, Mention("a", 500, 505, "Marek", "person", False, None)], [])  # type: ignore[arg-type]
    assert alone is not None and alone.type == "organization"
    # a cue in the text ("Marek said") still counts twice
    cued = [Mention("a", n, n + 5, "Marek", "organization", True, None) for n in (200, 300)]
    strong = _entity(ctx, full + cued, [])  # type: ignore[arg-type]
    assert strong is not None and strong.type == "organization"


def test_two_people_of_one_family_are_told_apart_and_one_name_written_two_ways_is_not() -> None:
    from storyweave.analyze.entities import _other_person

    for a, b in (("Salah Abdeslam", "Brahim Abdeslam"), ("Lena Varga", "Ivo Varga"), ("Anna Sokol", "Dmitar Sokol")):
        assert _other_person(a, b), (a, b)
    for a, b in (("Sam Dalembert", "Samuel Dalembert"), ("Bob Marek", "Robert Marek"),
                 ("Ibrahim Varga", "Brahim Varga"), ("Ivo Marek", "Ivo J. Marek"),
                 ("Bin Laden", "Osama bin Laden"), ("Kim Jong Un", "Kim Jong-un"),
                 ("Trooper Ivo Marek", "Ivo Marek"), ("Lena Varga", "Tomas Brenner")):
        assert not _other_person(a, b), (a, b)


def test_a_surname_only_mention_needs_a_name_that_holds_it_and_not_a_place_named_alone_elsewhere() -> None:
    """"Kessa", a place named alone in two articles, is not renamed after the slogan "We Are Kessa"
    that one article's recogniser read as a person; "Marek", named alone as a person, joins "Ivo Marek"."""
    from storyweave.analyze.entities import Mention, _merge_short_forms

    mentions = [Mention("a", 0, 12, "We Are Kessa", "person", False, None),
                Mention("a", 20, 25, "Kessa", "place", False, None),
                Mention("b", 0, 5, "Kessa", "place", False, None),
                Mention("c", 0, 5, "Kessa", "place", False, None),
                Mention("a", 40, 49, "Ivo Marek", "person", False, None),
                Mention("a", 60, 65, "Marek", "person", False, None),
                Mention("b", 10, 15, "Marek", "person", False, None),
                Mention("c", 10, 15, "Marek", "organization", False, None)]
    units = sorted({(m.article_id, m.text) for m in mentions})
    index = {unit: n for n, unit in enumerate(units)}
    joined: list[tuple[str, str]] = []
    _merge_short_forms(mentions, units, index, lambda i, j, why: joined.append((units[i][1], units[j][1])))
    assert joined == [("Ivo Marek", "Marek")]


def test_a_middle_name_used_as_the_given_name_is_still_one_person() -> None:
    from storyweave.analyze.entities import _two_people

    assert _two_people({"Duncan Rait"}, {"Robert Rait"}, [])
    assert not _two_people({"Duncan Rait"}, {"Robert Rait"}, [{"duncan", "robert", "rait"}])  # "Duncan Robert Rait"


def test_what_only_a_person_does_makes_a_person_whatever_the_recogniser_says() -> None:
    from storyweave.analyze.entities import _vote

    text = "Pinup model Lena Varga died on Thursday. Lena Varga, 85, was born in Kallby. Kessa Mining said so."
    for start in (text.index("Lena"), text.rindex("Lena Varga")):
        assert _vote(text, start, start + 10, "Lena Varga", "organization", None) == ("person", True)
    start = text.index("Kessa")
    assert _vote(text, start, start + 12, "Kessa Mining", "organization", None)[0] == "organization"
    town = "In Kallby, 10,000 people marched."
    assert _vote(town, 3, 9, "Kallby", "place", None)[0] == "place"


def test_words_in_lower_case_after_a_name_say_what_it_is_and_are_not_part_of_it() -> None:
    """"the Nordwire news agency reported": the name is Nordwire, an organisation."""
    from storyweave.analyze.entities import _mention, _trim, _vote

    text = "The official Nordwire news agency reported that Ivo Marek had left Kessa."
    start, end = _trim(text, text.index("Nordwire"), text.index(" reported"))
    assert text[start:end] == "Nordwire"
    mention = _mention("a", text, text.index("Nordwire"), text.index(" reported"), None)
    assert mention is not None and (mention.text, mention.role) == ("Nordwire", None)  # "official": no post
    assert _vote(text, start, end, "Nordwire", None, None) == ("organization", True)
    modifier = "She wrote to a small Kessa newspaper in 2006."
    place = modifier.index("Kessa")
    assert _vote(modifier, place, place + 5, "Kessa", "place", None)[0] == "place"  # a place, where the paper is
    name = text.index("Ivo")
    assert _trim(text, name, name + len("Ivo Marek")) == (name, name + len("Ivo Marek"))
