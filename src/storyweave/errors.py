"""One exception hierarchy for the whole library.

Every error carries a stable code (``SW1xx`` input, ``SW2xx`` configuration,
``SW3xx`` processing, ``SW4xx`` the store) so that messages can be looked up in the docs.
"""

from __future__ import annotations


class StoryweaveError(Exception):
    """Base class of every error storyweave raises on purpose."""

    code = "SW000"

    def __str__(self) -> str:
        return f"{super().__str__()} [{self.code}]"


class InputError(StoryweaveError):
    """One input (a file, or a line of a file) cannot be used."""

    code = "SW100"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyInputError(InputError):
    code = "SW101"


class BinaryInputError(InputError):
    code = "SW102"


class UnreadableInputError(InputError):
    code = "SW103"


class DecodeError(InputError):
    code = "SW104"


class MalformedInputError(InputError):
    code = "SW105"


class NoArticlesError(StoryweaveError):
    """Nothing usable was found in the inputs."""

    code = "SW110"


class ConfigError(StoryweaveError):
    """A bad option: unknown method, bad budget, bad outlet mapping."""

    code = "SW200"


class StoreError(StoryweaveError):
    """The store cannot be used: not a storyweave database, made by a newer version, or damaged."""

    code = "SW400"


class UnknownStoryError(StoreError):
    """No story with this id in the store."""

    code = "SW401"


class StoreBusyError(StoreError):
    """Another ingest is writing to the store, and did not finish within the time given to wait."""

    code = "SW402"
