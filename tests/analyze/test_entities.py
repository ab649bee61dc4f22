from __future__ import annotations

from storyweave.analyze.entities import _variant_reason, hyphen_key, translit_key


def test_hyphen_and_space_variants_share_a_key() -> None:
    assert hyphen_key("Kim Jong Un") == hyphen_key("Kim Jong-un")


def test_transliteration_variants_merge_with_a_reason() -> None:
    assert translit_key("Khasan") == translit_key("Hasan")
    assert _variant_reason("Khasan", "Hasan")
    assert _variant_reason("Dmitar Sokol", "Dimitar Sokol")
    assert _variant_reason("Kolvik", "Kolwik")


def test_different_people_and_places_do_not_merge() -> None:
    assert _variant_reason("Kim Jong Un", "Kim Jong Il") is None
    assert _variant_reason("Kim Il Sung", "Kim Yo Jong") is None
    assert _variant_reason("Russia", "Rossiya") is None
    assert _variant_reason("Austria", "Australia") is None
