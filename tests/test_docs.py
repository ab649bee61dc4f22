"""The README documents every command and option of the CLI (a test fails when one is not)."""

from __future__ import annotations

import argparse
from pathlib import Path

from storyweave.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _leaf_commands(
    parser: argparse.ArgumentParser, prefix: str = "storyweave"
) -> dict[str, argparse.ArgumentParser]:
    subs = _subparsers(parser)
    if not subs:
        return {prefix: parser}
    found: dict[str, argparse.ArgumentParser] = {}
    for name, sub in subs.items():
        found.update(_leaf_commands(sub, f"{prefix} {name}"))
    return found


def test_every_command_and_option_is_documented() -> None:
    parser = build_parser()
    commands = _leaf_commands(parser)
    assert len(commands) >= 2
    for name, sub in commands.items():
        assert name in README, f"command {name!r} is not in the README"
        for action in sub._actions:
            for option in action.option_strings:
                if option in {"-h", "--help"}:
                    continue
                assert f"`{option}`" in README or f"{option} " in README, f"{name} {option} undocumented"
    for action in parser._actions:
        for option in action.option_strings:
            if option not in {"-h", "--help"}:
                assert f"`{option}`" in README, f"global option {option} undocumented"


def test_readme_opens_with_the_two_commands() -> None:
    head = README[:1500]
    assert "make demo" in head and "make test" in head
