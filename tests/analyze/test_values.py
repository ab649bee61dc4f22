from __future__ import annotations

from datetime import date

from storyweave.analyze.values import find_values, number_value


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(v.kind, v.text, v.normalized) for v in find_values(text, date(2026, 3, 10))]


def test_number_words() -> None:
    assert number_value("twelve") == 12
    assert number_value("forty-two") == 42
    assert number_value("1,200") == 1200
    assert number_value("a dozen") == 12
    assert number_value("many") is None


def test_counts_keep_the_counted_noun_and_drop_participles() -> None:
    assert kinds("the last of the twelve trapped miners") == [("count", "twelve trapped miners", "12 miners")]
    assert kinds("The team won three gold medals.") == [("count", "three gold medals", "3 gold medals")]
    assert kinds("All fourteen miners were freed")[0][2] == "14 miners"


def test_durations_ages_amounts_percentages() -> None:
    assert kinds("continue for seven hours")[0][:2] == ("duration", "seven hours")
    assert kinds("the 82-year-old senator")[0][:2] == ("age", "82-year-old")
    assert kinds("Miner Pavel Oren, 44, told reporters")[0][:2] == ("age", "44")
    assert kinds("a $5 million fine")[0] == ("amount", "$5 million", "5e+06 USD")
    assert kinds("up 12 percent")[0][0] == "percent"


def test_hedged_values_compare_as_ranges() -> None:
    exact, about = find_values("took nine hours")[0], find_values("took about nine hours")[0]
    seven = find_values("took seven hours")[0]
    assert exact.compatible(about) and not seven.compatible(about)
    four_days, hours = find_values("four days")[0], find_values("86 hours")[0]
    assert four_days.compatible(hours)  # whole days are said loosely


def test_years_are_not_counts() -> None:
    assert [k for k, *_ in kinds("In 1998 seven workers died")] == ["count"]


def test_differences_are_not_values_of_the_fact() -> None:
    assert kinds("Marek won five rounds sooner than in their last fight.") == []
    assert kinds("The pumps were restarted two hours later.") == []
    assert kinds("The rescue cost $5 million more than planned.") == []
    assert [k[:2] for k in kinds("The fight lasted six rounds.")] == [("count", "six rounds")]


def test_amounts_a_scraped_page_spaced_or_hyphenated() -> None:
    assert kinds("worth an estimated £1. 7 million.")[0][1:] == ("£1. 7 million", "1.7e+06 GBP")
    assert kinds("a $2.6-million booty")[0][1:] == ("$2.6-million", "2.6e+06 USD")
    assert kinds("It cost $5. Nobody paid.")[0][1:] == ("$5", "5 USD")


def test_a_decimal_states_its_precision_and_a_whole_number_none() -> None:
    (five_six,) = find_values("Pay fell to 5.6 million euros.")
    (five_fifty_eight,) = find_values("Pay fell to €5.58m.")
    assert five_six.compatible(five_fifty_eight)  # 5.55 to 5.65 million
    (four_five,) = find_values("The index lost 4.5 percent.")
    (four_forty_seven,) = find_values("The index lost 4.47 percent.")
    assert four_five.compatible(four_forty_seven)
    (five,) = find_values("Five miners were hurt.")
    (six,) = find_values("Six miners were hurt.")
    assert not five.compatible(six)
    (twelve,) = find_values("Turnout was 12 percent.")
    assert (twelve.low, twelve.high) == (12.0, 12.0)


def test_hundreds_times_with_a_point_and_counts_of_two_nouns() -> None:
    assert kinds("Three hundred people marched in Kessa.") == [("count", "Three hundred people", "300 people")]
    # a British time ("8.11am") is one time, not 11 a.m.; so is a range written so
    assert [k[2] for k in kinds("The ferry sent its last signal at 8.11am and docked at 1.30-2.30pm.")] == [
        "T08:11", "T13:30/T14:30"]
    # the passengers and the crew together are another figure than the passengers
    both, alone = kinds("The Selka carried 239 passengers and crew."), kinds("The Selka carried 227 passengers.")
    assert both[0][2] == "239 passengers and crew" and alone[0][2] == "227 passengers"
    assert find_values("239 passengers and crew")[0].unit != find_values("227 passengers")[0].unit
