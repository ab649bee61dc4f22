from __future__ import annotations

from datetime import date

from storyweave.analyze import analyze
from storyweave.model import Article, Quote
from storyweave.summarize import build_cluster


def article(text: str, outlet: str) -> Article:
    return Article(id=outlet, outlet=outlet, title=None, published=date(2026, 1, 5), text=text)


def quotes(*texts: str) -> list[Quote]:
    articles = [article(t, f"outlet{n}") for n, t in enumerate(texts)]
    return list(analyze(build_cluster(articles), embeddings=False).quotes)


def test_speaker_after_the_quote_and_pronouns_resolve_to_the_last_subject() -> None:
    found = quotes(
        "Harbour master Lena Brask closed the port on Monday.\n\n"
        "\u201cThe storm is the worst in a decade,\u201d she said.\n\n"
        "\u201cWe will reopen when the wind drops,\u201d Brask told reporters."
    )
    assert [(q.speaker, q.cue) for q in found] == [("Lena Brask", "said"), ("Lena Brask", "told")]


def test_a_quote_split_around_its_attribution_is_one_quote() -> None:
    (quote,) = quotes('Mayor Olli Virta spoke at noon.\n\n"We are ready," Virta said, "and the shelters are open."')
    assert quote.speaker == "Olli Virta"
    assert quote.variants[0].text == "We are ready … and the shelters are open"
    assert len(quote.variants[0].citations) == 2


def test_curly_single_quotes_are_quotes_and_apostrophes_are_not() -> None:
    (quote,) = quotes("Minister Aino Salo visited.\n\n\u2018It\u2019s a sad day for the town,\u2019 Salo said.")
    assert quote.variants[0].text == "It\u2019s a sad day for the town"
    assert quote.speaker == "Aino Salo"


def test_speaker_before_the_quote_and_unattributed_follow_up() -> None:
    (statement,) = quotes(
        'Nordline Ferries said in a statement: "All passengers are safe. The crew acted quickly."\n\n'
        '"We thank the rescue services for their help."'
    )[:1]
    assert statement.speaker == "Nordline Ferries"


def test_variants_across_outlets_merge_under_one_speaker() -> None:
    found = quotes(
        "Coach Ria Holm praised the team.\n\n\u201cI am proud of every one of them,\u201d said Ria Holm.",
        "Coach Ria Holm spoke after the match.\n\n\u201cI'm so proud of each one of them,\u201d Holm told reporters.",
    )
    proud = [q for q in found if "proud" in q.variants[0].text]
    assert len(proud) == 1 and len(proud[0].variants) == 2
    assert set(proud[0].outlets) == {"outlet0", "outlet1"}


def test_one_post_given_to_two_people_is_a_role_conflict() -> None:
    articles = [
        article("Police chief Anna Kask said the road would reopen on Monday after the landslide.", "outlet0"),
        article("Police chief Mari Tamm said the road would reopen on Monday after the landslide.", "outlet1"),
    ]
    conflicts = [c for c in analyze(build_cluster(articles), embeddings=False).conflicts if c.kind == "role"]
    assert len(conflicts) == 1
    assert {v.value for v in conflicts[0].values} == {"Anna Kask", "Mari Tamm"}


def test_a_post_two_people_hold_in_one_article_is_not_a_conflict() -> None:
    articles = [
        article("Deputy Foreign Minister Igor Holm met Deputy Foreign Minister Choe Lin at the border.", "outlet0"),
        article("Deputy Foreign Minister Choe Lin arrived at the border station on Monday.", "outlet1"),
    ]
    assert not [c for c in analyze(build_cluster(articles), embeddings=False).conflicts if c.kind == "role"]


def test_titles_and_scare_quotes_are_not_speech() -> None:
    found = quotes(
        'Lena Varga starred in "The Last Harbour Light" and is known as "a night owl" in the '
        'gossip pages. Her fans call it the "Year of the Harbour" online.\n\n'
        '"We ask for privacy for the family at this difficult time."\n\n'
        'Crowds outside the theatre shouted "Bring her back!" and one sign read "It was a miracle".'
    )
    assert [q.variants[0].text for q in found] == [
        "We ask for privacy for the family at this difficult time", "Bring her back!", "It was a miracle"]
    assert found[0].speaker is None


def test_a_description_after_the_cue_names_the_speaker() -> None:
    found = quotes(
        "Ivo Marek beat Tomas Brenner in Kessa on Saturday.\n\n"
        '"Brenner was not easy to box. I am satisfied," said the 36-year-old Marek, who kept his belts.\n\n'
        '"He is strong and he is champion for a reason," said the beaten challenger Tomas Brenner.'
    )
    # the small NER model may keep "Marek" apart from "Ivo Marek" (it takes such made-up names for organisations)
    assert [(q.speaker.split()[-1] if q.speaker else None, q.cue) for q in found] == [
        ("Marek", "said"), ("Brenner", "said")]


def test_a_persons_publicist_is_not_the_person() -> None:
    found = quotes(
        "Singer Lena Varga has checked into the Harbour Clinic in Kessa.\n\n"
        '"Lena Varga has checked herself into the Harbour Clinic," Varga\'s publicist told the magazine.'
    )
    assert [(q.speaker, q.cue) for q in found] == [("Varga's publicist", "told")]


def test_a_place_before_a_description_is_not_the_speaker() -> None:
    found = quotes(
        "The Kallby dairy lost money for years.\n\n"
        '"In July alone, they lost $300,000," said Kessa businessman and blogger Tomas Brenner, a critic of the board.'
    )
    assert [(q.speaker.split()[-1] if q.speaker else None, q.cue) for q in found] == [("Brenner", "said")]


def test_a_name_in_quote_marks_after_a_naming_verb_is_a_term_not_speech() -> None:
    found = quotes(
        "The city is negotiating the sale of what is called the old \"Kallby Dairy block.\" It covers nine acres.\n\n"
        'Officials dubbed it "Operation Selka Harbour" in May.'
    )
    assert found == []


def test_a_speaker_with_an_apposition_before_the_cue() -> None:
    found = quotes(
        "Thieves drove a car into a jewellery shop in Kessa on Monday.\n\n"
        '"They are not afraid of anything," Lena Varga, the shop\'s insurer, told Kessa Radio. '
        '"It has become almost routine."'
    )
    assert [(q.speaker, q.cue) for q in found] == [("Lena Varga", "told"), ("Lena Varga", "told")]


def test_a_description_then_the_name_in_apposition_gives_the_name() -> None:
    found = quotes(
        "The Kessa harbour reopened on Monday.\n\n"
        '"The harbour is safe again," the former harbour master of Kessa, Ivo Marek, said on Monday.'
    )
    assert [(q.speaker.split()[-1] if q.speaker else None, q.cue) for q in found] == [("Marek", "said")]


def test_a_quote_opening_the_next_sentence_is_the_speakers_however_long_the_attribution() -> None:
    """“...,” said X, <a long description>. “...”: the second quote is X's."""
    found = quotes(
        "“We don't think the storm will close the port,” said Lena Varga, a spokeswoman for Kessa Harbour "
        "Services, the largest operator of the ferry terminals on the northern coast of Norland. “It should be a "
        "quiet night for the crews.”\n\nThe harbour master of Kallby had warned every ship on Monday to stay in "
        "port until the wind dropped below gale force, and most captains had already done so on Sunday. "
        "“Nobody should go out in this weather at all,” read a notice posted at the quay.",
    )
    speakers = {q.variants[0].text: q.speaker for q in found}
    assert speakers["It should be a quiet night for the crews"] == "Lena Varga"
    assert speakers["Nobody should go out in this weather at all"] is None


def test_quoted_as_saying_is_a_cue() -> None:
    found = quotes(
        "The student Ivo Marek said he was on the dance floor when the fire started. “It looked like "
        "it started in the ceiling,” he was quoted as saying.\n\n“We could have saved more people if only the "
        "doors had been open,” Tomas Brenner was quoted by the Kallby Courier as saying.",
    )
    assert {q.variants[0].text: q.speaker for q in found} == {
        "It looked like it started in the ceiling": "Ivo Marek",
        "We could have saved more people if only the doors had been open": "Tomas Brenner",
    }


def test_more_reporting_verbs_are_cues() -> None:
    found = quotes(
        "Lawyer Ivo Marek spoke for the port.\n\n"
        "\u201cThe harbour is safe to reopen,\u201d Marek argued after the board objected.\n\n"
        "\u201cAs of now there is no plan,\u201d admitted Lena Varga, the harbour master."
    )
    assert [(q.speaker, q.cue) for q in found] == [("Ivo Marek", "argued"), ("Lena Varga", "admitted")]


def test_a_day_after_the_speakers_words_is_not_the_speaker() -> None:
    (quote,) = quotes("Selka denies it. A government statement Saturday confirmed its \u201cwish for calm talks.\u201d")
    assert quote.speaker != "Saturday"


def test_an_aside_between_dashes_has_its_own_speaker() -> None:
    """The words quoted in an aside are the aside's speaker's; the quote after the aside is the
    sentence's speaker's."""
    (resting, train) = quotes(
        "Prosecutor Tomas Brenner told the Kessa Post after the hearing \u2014 where defence lawyer Ivo Marek said "
        "his client was \u201cresting at a clinic\u201d in Kallby \u2014 \u201cI hear she is on a train to Selka.\u201d"
    )
    assert (resting.speaker, resting.cue) == ("Ivo Marek", "said")
    assert (train.speaker, train.cue) == ("Tomas Brenner", "told")


def test_he_is_not_the_person_named_in_the_possessive() -> None:
    (quote,) = quotes(
        "The defence was led by Tomas Brenner. That is what Lena Varga\u2019s lawyer Ivo Marek did in court today. "
        "He told the judge she was \u201cresting at home\u201d in Kallby."
    )
    assert quote.speaker == "Ivo Marek"


def test_present_tense_cues_and_a_transcripts_speaker_labels() -> None:
    found = quotes(
        "Harbour master Lena Varga spoke on Monday.\n\n"
        "\u201cThe pier will stay shut until the divers are done,\u201d Varga explains.\n\n"
        "The tapes caught the mayor and his aide. Ivo Marek asks: \u201cCan we open the pier?\u201d "
        "Tomas Brenner: \u201cNo, sir. The divers need another week.\u201d"
    )
    assert [(q.speaker, q.cue) for q in found] == [
        ("Lena Varga", "explains"), ("Ivo Marek", "asks"), ("Tomas Brenner", None)]


def test_a_name_and_a_colon_before_a_title_is_no_speaker() -> None:
    """A headline's 'Lena Varga: "Queen Of The Kessa Harbour" Dies At 91' quotes a nickname."""
    assert quotes('Lena Varga: "Queen Of The Kessa Harbour" Dies At 91. She ran the port for forty years.') == []


def test_a_quote_after_one_of_an_unknown_speaker_is_not_kept_for_its_cue() -> None:
    """The blog's words have no speaker to pass on, so the product name quoted next to them
    ("Fix-It Shim Workaround") is no quote of anyone."""
    found = quotes('The blog adds, "There are only reports of a few attacks on the browser so far." The firm has '
                   'released a patch, "Kessa Browser Shim Workaround" to plug the hole.')
    assert [q.variants[0].text for q in found] == ["There are only reports of a few attacks on the browser so far"]


def test_an_official_qualified_by_a_place_is_the_speaker_not_the_place() -> None:
    found = quotes(
        "Divers searched the flooded Kolvik mine in Norland on Monday.\n\n"
        '"I don\'t think there is a prevailing theory," one Norland official told the Kessa Post.'
    )
    assert [q.speaker for q in found] == ["Norland official"]


def test_a_pronoun_after_another_person_takes_the_turn_is_that_person() -> None:
    """A pronoun close after a quote is its speaker's, unless the text names another person in
    between and not that speaker again."""
    found = quotes(
        'Divers searched the flooded Kolvik mine on Monday. "There is no prevailing theory," rescue chief '
        'Tomas Brenner said. Geologist Lena Varga, 52, said the water was still rising. "It will take '
        'days to pump it out," she said. Asked if Brenner might have waited, Varga said no one could know. '
        '"There might have been more of them down there," she said.'
    )
    assert [q.speaker for q in found] == ["Tomas Brenner", "Lena Varga", "Lena Varga"]


def test_a_title_in_quote_marks_is_no_quote_but_a_question_is() -> None:
    found = quotes(
        'Geologist Ivo Marek spoke on Monday. "The water is still rising," he told Kessa TV\'s "Morning '
        'With Lena Varga." Lena Varga asked: "Is Anyone Still Down There?"'
    )
    assert [v.text for q in found for v in q.variants] == ["The water is still rising", "Is Anyone Still Down There?"]


def test_a_qualified_official_before_the_quote_and_a_relative_who_is_not_named() -> None:
    found = quotes(
        "Divers searched the flooded Kolvik mine on Monday. A senior Norland official confirmed that the "
        "pumps had failed. During the official investigation, he said, the owners were warned twice. "
        '"We have not heard back from Kessa on the matter," the official said.\n\n'
        "Tomas Brenner, the foreman, was among the missing. His brother, 34, told the Kessa Post he had "
        'not seen Tomas Brenner for years. "It is crazy. I was in Kolvik myself last night," he said.'
    )
    assert [q.speaker for q in found] == ["Norland official", None]


def test_a_connective_before_the_pronoun_and_a_clause_are_no_speakers() -> None:
    """"But she added" is "she"; "When he came out and said" names no one; "He also said" is "he"."""
    found = quotes(
        "Envoy Lena Varga met the Kessa cabinet on Monday. \"It is customary to pause,\" she said.\n\n"
        "But she added: \"It is important for the cabinet to resume its talks quickly.\"\n\n"
        "Tomas Brenner spoke later. When he came out and said, \"I did this. I did these things,\" "
        "it surprised the room.\n\n"
        "Mine owner Ivo Marek said on Tuesday that the pumps had failed. He also said the repair \"depends on "
        "both the weather and the parts.\""
    )
    assert [q.speaker for q in found] == ["Lena Varga", "Lena Varga", None, "Ivo Marek"]


def test_a_pronoun_is_not_a_person_of_the_other_gender_nor_one_the_words_name() -> None:
    """"She said" is not a man the story calls "Mr."; words that name Ivo Marek are not his."""
    found = quotes(
        "Mr. Tomas Brenner led the rescue at the Kolvik mine. Lena Varga, a spokeswoman for the union, "
        "met him on Monday. Ms. Varga said the fax reached Brenner at his office.\n\n"
        "\"He was aware of the threat,\" she said.\n\n"
        "Ivo Marek closed the pit on Tuesday.\n\n"
        "\"I don't understand why Ivo Marek would defend the owners,\" she said."
    )
    assert [q.speaker for q in found] == ["Lena Varga", "Lena Varga"]


def test_a_person_named_after_a_connective_and_a_pronoun_is_not_the_subject() -> None:
    found = quotes(
        '"We will open the mine again in spring," said Ivo Marek, the owner of the Kolvik mine.\n\n'
        'But he also said that Tomas Brenner and the other foremen were the ones "who truly failed the miners."'
    )
    assert [q.speaker for q in found] == ["Ivo Marek", "Ivo Marek"]


def test_a_speaker_the_text_describes_and_does_not_name_is_given_as_described() -> None:
    """"a rescue spokesman", "the company", "police": as the text says it, not "unknown speaker"; a
    description with its name beside it is the name; "though police said" after a quote is not its
    speaker; and a later paragraph that gives a quote a speaker of its own, unread, does not pass it
    the last quote's speaker."""
    found = quotes(
        "Water flooded the Kolvik mine in Norland on Monday.\n\n"
        "\u201cThe pumps are running day and night,\u201d a rescue spokesman said.\n\n"
        "\u201cWe are devastated by what happened to our miners,\u201d the company said in a statement.\n\n"
        "\u201cThe road to the mine stays shut until Friday,\u201d police said.\n\n"
        "\u201cThe inquiry will start as soon as the water is out,\u201d wrote the chairman, Ivo Marek.\n\n"
        "Lena Varga said her husband told the rescuers and \u201ca criminal inquiry has been opened,\u201d "
        "though police said they could not confirm it.\n\n"
        "\u201cWe will bring every one of them home,\u201d said Tomas Brenner.\n\n"
        "News came on Friday, with the hospital saying the first miner woke and asked \u201cwhere are my "
        "boots, I have work to do.\u201d"
    )
    assert [q.speaker for q in found] == [
        "a rescue spokesman", "the company", "police", "Ivo Marek", "Lena Varga", "Tomas Brenner", None]
