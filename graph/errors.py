"""The package's exceptions: one hierarchy rooted at :class:`BildungsnetzError`.

Every message is German and meant for the user; the CLI prints it, the app
shows it with ``st.error``. Anything that is not a ``BildungsnetzError`` is a bug.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.io.problems import Problem


class BildungsnetzError(Exception):
    """Base of every error the package raises on purpose; the message is German."""

    #: Exit code of the command line for this kind of error.
    exit_code: int = 2


class ConfigError(BildungsnetzError):
    """A setting is missing or has an invalid value."""


class EngineError(BildungsnetzError):
    """The embedded database engine cannot be started, reached or stopped."""


class DatabaseError(BildungsnetzError):
    """The database refused or failed an operation."""


class QueryError(BildungsnetzError):
    """A query file is unknown or inconsistent with its declared parameters."""


class ConflictError(BildungsnetzError):
    """A write would overwrite a newer change made by someone else."""

    exit_code = 1


class DataError(BildungsnetzError):
    """Input data is invalid; ``problems`` lists every finding with its location."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems: list[Problem] = list(problems or [])
