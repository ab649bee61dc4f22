"""Render stage: a Brief as JSON, Markdown or a self-contained HTML page."""

from storyweave.render.html import brief_to_html
from storyweave.render.json import SCHEMA_PATH, brief_to_dict, brief_to_json
from storyweave.render.markdown import brief_to_markdown

FORMATS = ("markdown", "json", "html")

__all__ = ["FORMATS", "SCHEMA_PATH", "brief_to_dict", "brief_to_html", "brief_to_json", "brief_to_markdown", "render"]


def render(brief: object, fmt: str) -> str:
    from storyweave.errors import ConfigError
    from storyweave.model import Brief

    assert isinstance(brief, Brief)
    if fmt == "json":
        return brief_to_json(brief)
    if fmt == "html":
        return brief_to_html(brief)
    if fmt in {"markdown", "md"}:
        return brief_to_markdown(brief)
    raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
