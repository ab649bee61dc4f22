from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from storyweave.analyze.temporal import find_temporal, find_times

THURSDAY = date(2019, 4, 25)


def values(text: str, anchor: date | None = THURSDAY) -> list[tuple[str, str, str]]:
    return [(r.text.strip(), r.value, r.granularity) for r in find_temporal(text, anchor)]


def test_relative_days_resolve_against_the_publication_date() -> None:
    found = values("He arrived yesterday for talks today and leaves tomorrow.")
    assert found == [("yesterday", "2019-04-24", "day"), ("today", "2019-04-25", "day"),
                     ("tomorrow", "2019-04-26", "day")]


def test_weekdays_follow_the_tense_of_their_clause() -> None:
    assert values("Kim crossed the border on Wednesday.") == [("Wednesday", "2019-04-24", "day")]
    assert values("He will meet Putin on Thursday.") == [("Thursday", "2019-04-25", "day")]
    assert values("He is due to stay until Friday.") == [("Friday", "2019-04-26", "day")]
    assert values("The campus was closed on Tuesday, and next month he will travel.")[0][1] == "2019-04-23"
    assert values("Preparations have been under way since Monday.") == [("since Monday", "2019-04-22", "day")]


def test_tense_is_read_from_the_whole_clause_and_only_from_it() -> None:
    wednesday = date(2019, 4, 24)
    long_clause = ("The young leader will meet with Putin in the Russian Pacific port of Vladivostok on Thursday "
                   "with the stalemate topping the agenda, an aide said.")
    assert values(long_clause, wednesday) == [("Thursday", "2019-04-25", "day")]
    assert values('"We will win," he said on Monday.', wednesday) == [("Monday", "2019-04-22", "day")]
    assert values("Kim will stay until Friday; he arrived on Tuesday.", wednesday) == [
        ("Friday", "2019-04-26", "day"), ("Tuesday", "2019-04-23", "day")]


def test_last_and_next_weekday_are_in_the_neighbouring_weeks() -> None:
    friday = date(1998, 11, 6)
    assert values("Last Thursday, an assailant tried to ram a bus.", friday)[0][1] == "1998-10-29"
    assert values("They meet next Monday.", friday)[0][1] == "1998-11-09"


def test_weeks_months_years() -> None:
    assert values("Aides were seen earlier this week.")[0][1:] == ("2019-W17", "week")
    assert values("The envoy visited last week.")[0][1:] == ("2019-W16", "week")
    assert values("Last year, Kim held a summit.")[0][1:] == ("2018", "year")
    assert values("a house built for a 1986 visit")[0][1:] == ("1986", "year")
    assert values("The talks broke down in February.")[0][1:] == ("2019-02", "month")
    assert values("It opened on March 10, 2026 and on 10 March 2026.")[0][1] == "2026-03-10"
    assert values("It happened two weeks ago.")[0][1:] == ("2019-W15", "week")


def test_relative_expressions_need_an_anchor_but_absolute_ones_do_not() -> None:
    assert values("He arrived yesterday, on 2019-04-24.", None) == [("2019-04-24", "2019-04-24", "day")]


def test_numbers_are_not_years() -> None:
    assert values("The mine employs 900 people and 2000 workers.") == []


def test_times_of_day_are_intervals() -> None:
    times = {t.text: (t.iso, t.nominal) for t in find_times(
        "at 10:30am local time; talks at 1-2pm; shortly before 4am; around 5am; 18:30 local time")}
    assert times["10:30am"] == ("T10:30", "T10:30")
    assert times["1-2pm"] == ("T13:00/T14:00", "T13:00/T14:00")
    assert times["shortly before 4am"] == ("T03:30/T04:00", "T04:00")
    assert times["around 5am"] == ("T04:30/T05:30", "T05:00")
    assert times["18:30 local time"] == ("T18:30", "T18:30")


@given(st.text(max_size=200))
def test_any_text_gives_spans_inside_it(text: str) -> None:
    for ref in find_temporal(text, THURSDAY):
        assert 0 <= ref.start < ref.end <= len(text)
        assert text[ref.start:ref.end] == ref.text
    for clock in find_times(text):
        assert clock.low <= clock.high
        assert clock.text in text[clock.start:clock.end]


def test_a_year_before_a_cars_make_is_its_model_year_not_a_date() -> None:
    assert values("He drove off in his black 2008 Porsche 911, and a 2013 Toyota Camry hit her.") == []
    assert [v[0] for v in values("In 2008 Ford cut jobs in Kessa; a 2012 ford over the river flooded.")] == [
        "2008", "2012"]
