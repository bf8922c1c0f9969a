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


class UsageError(BildungsnetzError):
    """Arguments that contradict each other (e.g. a period that ends before it starts)."""


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


def os_error_sentence(exc: OSError, path: object = None) -> str:
    """A German sentence for a failed file or directory operation, naming the path (``path`` if the error has none).

    Examples
    --------
    >>> os_error_sentence(IsADirectoryError(21, "Is a directory", "/tmp"))
    '/tmp: Das ist ein Ordner, keine Datei; bitte einen Dateinamen angeben.'
    """
    import errno

    name = exc.filename or path
    where = f"{name}: " if name else ""
    sentences = {
        errno.EISDIR: "Das ist ein Ordner, keine Datei; bitte einen Dateinamen angeben.",
        errno.ENOTDIR: "Ein Teil des Pfades ist eine Datei, kein Ordner.",
        errno.ENOENT: "Datei oder Ordner nicht gefunden.",
        errno.EACCES: "Keine Berechtigung (Schreib- oder Leserechte fehlen).",
        errno.EPERM: "Keine Berechtigung (Schreib- oder Leserechte fehlen).",
        errno.EROFS: "Das Dateisystem ist schreibgeschützt.",
        errno.ENOSPC: "Der Datenträger ist voll; bitte Platz schaffen.",
        errno.EDQUOT: "Das Speicherkontingent ist erschöpft; bitte Platz schaffen.",
        errno.EEXIST: "Dort gibt es schon eine Datei oder einen Ordner dieses Namens.",
        errno.ENAMETOOLONG: "Der Dateiname ist zu lang.",
        errno.EMFILE: "Zu viele offene Dateien; bitte später erneut versuchen.",
    }
    fallback = f"Die Datei konnte nicht gelesen oder geschrieben werden ({exc.strerror or exc})."
    sentence = sentences.get(exc.errno or 0) or fallback
    return where + sentence
