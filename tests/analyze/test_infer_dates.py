"""Dates inferred for undated articles from the full dates their own text writes."""

from __future__ import annotations

from datetime import date

from storyweave.analyze import infer_dates
from storyweave.model import Article


def inferred(text: str) -> tuple[date | None, str | None]:
    (article,) = infer_dates([Article(id="a", outlet="kessa-post.example", title=None, published=None, text=text)])
    return article.published, article.date_source


def test_the_latest_full_date_of_the_text_dates_an_article_of_an_undated_story() -> None:
    text = ("The Kolvik pit was sealed on March 3, 2021 after a fire. Rescuers reached the miners on "
            "Tuesday, April 12, 2022, the company said.")
    assert inferred(text) == (date(2022, 4, 12), "text")


def test_a_later_month_in_the_past_shows_the_full_date_is_background() -> None:
    text = ("Inspectors first warned about the shaft on October 10, 2019, Lena Varga said. "
            "A second warning followed in June 2021, and the mine stayed open.")
    assert inferred(text) == (None, None)


def test_a_month_ahead_of_the_writing_does_not_count() -> None:
    text = ("Talks on the Kolvik sequel ended on April 9, 2022. "
            "The studio is under pressure to meet the November 2023 release date, and filming will start in May 2023.")
    assert inferred(text) == (date(2022, 4, 9), "text")


def test_a_date_of_birth_is_not_the_date_of_writing() -> None:
    text = ("Ivo Marek, the mine's first engineer, has died at his home in Kallby. "
            "He was born in Selka on April 22, 1931, and joined the mine as a boy.")
    assert inferred(text) == (None, None)
