"""One database connection: the driver, running named queries, retries, and errors in German.

Everything here is engine-neutral: Neo4j 5 and the embedded engine are both
reached through the official ``neo4j`` driver. Driver errors never leave this
module raw: :func:`translate` turns each Neo4j status code the product can
meet into a German sentence wrapped in the package's own error (``from`` the
driver's).

References
----------
.. [1] Neo4j Status Codes, https://neo4j.com/docs/status-codes/current/
.. [2] Neo4j Python Driver Manual, "Run your own transactions" (managed
       transactions are retried on transient errors),
       https://neo4j.com/docs/python-manual/current/transactions/
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.db.queries import QUERIES, QueryLoader
from graph.errors import BildungsnetzError, ConfigError, DatabaseError, DataError, EngineError

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Below this much free space in the embedded engine's data directory a failure is reported as a full disk.
LOW_DISK_BYTES = 64_000_000

#: Attempts of a write transaction that lost a race to create or change the same records.
WRITE_ATTEMPTS = 5


class LostRace(Exception):
    """Another transaction changed or created the same records first (the whole unit of work is run again).

    ``args[0]`` may hold the package error to raise if every attempt loses.
    """


def native(value: Any) -> Any:
    """Convert driver temporal values to Python ones (recursively in lists and maps)."""
    if isinstance(value, neo4j.time.DateTime):
        moment = value.to_native()
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if isinstance(value, (neo4j.time.Date, neo4j.time.Time)):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    return value


#: Characters of parameters per statement at most. Bolt servers refuse larger messages (the embedded
#: engine at 16 MiB after reassembly); a character takes at most 4 bytes in UTF-8.
MESSAGE_CHARS = 3_000_000


def chunks(rows: list[T], size: int, *, max_chars: int | None = None) -> Iterator[list[T]]:
    """Yield ``rows`` in consecutive lists of at most ``size`` rows (and ``max_chars`` characters of their text).

    The text size of a row is estimated from its ``repr``; a single row
    larger than ``max_chars`` is sent alone.
    """
    if max_chars is None:
        for i in range(0, len(rows), size):
            yield rows[i : i + size]
        return
    batch: list[T] = []
    chars = 0
    for row in rows:
        length = len(repr(row))
        if batch and (len(batch) >= size or chars + length > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(row)
        chars += length
    if batch:
        yield batch


def count(rows: list[dict[str, Any]], key: str) -> int:
    """The integer ``key`` of the first record (0 without records)."""
    return int(rows[0][key] or 0) if rows else 0


def _mb(size: int) -> str:
    """Bytes as German megabytes: ``1_500_000`` -> ``1,5 MB``."""
    return f"{size / 1e6:.1f} MB".replace(".", ",")


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (at most 300 characters)."""
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    lines = str(message).strip().splitlines() or [type(exc).__name__]
    return lines[0][:300]


# -- errors in German ------------------------------------------------------------------------

_NOTHING_SAVED = "Nichts wurde gespeichert."

#: Neo4j status codes (or their last part) the product can meet, with what the user should read.
_CODE_SENTENCES: dict[str, tuple[type[BildungsnetzError], str]] = {
    "Neo.ClientError.Security.Unauthorized": (
        ConfigError,
        "Die Anmeldung an der Datenbank ist fehlgeschlagen: Benutzername oder Passwort stimmen nicht "
        "(Einstellungen NEO4J_USER und NEO4J_PASSWORD).",
    ),
    "Neo.ClientError.Security.AuthenticationRateLimit": (
        ConfigError,
        "Zu viele fehlgeschlagene Anmeldungen: Neo4j sperrt die Anmeldung für einige Sekunden. Bitte "
        "NEO4J_PASSWORD prüfen und später erneut versuchen.",
    ),
    "Neo.ClientError.Security.CredentialsExpired": (
        ConfigError,
        "Das Passwort des Neo4j-Benutzers ist abgelaufen und muss zuerst geändert werden "
        "(z. B. mit cypher-shell: ALTER CURRENT USER SET PASSWORD …).",
    ),
    "Neo.ClientError.Security.Forbidden": (
        ConfigError,
        "Der Neo4j-Benutzer (NEO4J_USER) darf das nicht; er braucht Lese- und Schreibrechte auf der Datenbank.",
    ),
    "Neo.ClientError.Security.AuthorizationExpired": (
        DatabaseError,
        "Die Anmeldung an der Datenbank ist abgelaufen; bitte erneut versuchen.",
    ),
    "Neo.ClientError.Database.DatabaseNotFound": (
        ConfigError,
        "Die Datenbank (Einstellung NEO4J_DATABASE) gibt es auf dem Neo4j-Server nicht. Die Community "
        "Edition hat nur die Datenbank „neo4j“.",
    ),
    "Neo.TransientError.General.DatabaseUnavailable": (
        EngineError,
        "Die Datenbank ist gerade nicht verfügbar (sie startet oder wird gewartet); bitte gleich erneut versuchen.",
    ),
    "Neo.TransientError.General.MemoryPoolOutOfMemoryError": (
        DatabaseError,
        "Dem Datenbankserver reicht der Arbeitsspeicher für diese Änderung nicht "
        "(Einstellung db.memory.transaction.total.max oder server.memory.heap.max_size erhöhen).",
    ),
    "Neo.TransientError.General.TransactionMemoryLimit": (
        DatabaseError,
        "Die Änderung überschreitet die Speichergrenze einer Transaktion auf dem Datenbankserver "
        "(Einstellung db.memory.transaction.max erhöhen oder kleinere Dateien importieren).",
    ),
    "Neo.ClientError.General.TransactionOutOfMemoryError": (
        DatabaseError,
        "Die Änderung überschreitet die Speichergrenze einer Transaktion auf dem Datenbankserver "
        "(Einstellung db.memory.transaction.max erhöhen oder kleinere Dateien importieren).",
    ),
    "Neo.TransientError.General.OutOfMemoryError": (
        DatabaseError,
        "Dem Datenbankserver ist der Arbeitsspeicher ausgegangen (server.memory.heap.max_size erhöhen).",
    ),
    "Neo.TransientError.Transaction.DeadlockDetected": (
        DatabaseError,
        "Gleichzeitige Änderungen anderer Nutzer haben sich gegenseitig blockiert, auch nach mehreren "
        "Versuchen; bitte erneut versuchen.",
    ),
    "Neo.TransientError.Transaction.LockClientStopped": (
        DatabaseError,
        "Die Datenbank hat die Änderung abgebrochen, während sie auf eine andere wartete; bitte erneut versuchen.",
    ),
    "Neo.ClientError.Transaction.TransactionTimedOut": (
        DatabaseError,
        "Die Datenbank hat die Änderung nach Ablauf ihrer Zeitgrenze abgebrochen (Einstellung "
        "db.transaction.timeout); bitte kleinere Dateien importieren oder die Zeitgrenze erhöhen.",
    ),
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration": (
        DatabaseError,
        "Die Datenbank hat die Änderung nach Ablauf ihrer Zeitgrenze abgebrochen (Einstellung "
        "db.transaction.timeout); bitte kleinere Dateien importieren oder die Zeitgrenze erhöhen.",
    ),
    "Neo.TransientError.Transaction.Terminated": (
        DatabaseError,
        "Die Änderung wurde auf dem Datenbankserver abgebrochen (z. B. von der Administration); bitte erneut "
        "versuchen.",
    ),
    "Neo.ClientError.Transaction.Terminated": (
        DatabaseError,
        "Die Änderung wurde auf dem Datenbankserver abgebrochen (z. B. von der Administration); bitte erneut "
        "versuchen.",
    ),
    "Neo.ClientError.Cluster.NotALeader": (
        EngineError,
        "Der Datenbankserver nimmt gerade keine Änderungen an (kein Leader); bitte eine neo4j://-Adresse "
        "verwenden und erneut versuchen.",
    ),
    "Neo.ClientError.Request.Invalid": (
        DatabaseError,
        "Die Datenbank hat die Anfrage als ungültig abgelehnt (zu groß oder beschädigt). Bitte die Datei in "
        "kleineren Teilen importieren.",
    ),
    "Neo.ClientError.Request.InvalidFormat": (
        DatabaseError,
        "Die Datenbank hat die Anfrage als ungültig abgelehnt (zu groß oder beschädigt). Bitte die Datei in "
        "kleineren Teilen importieren.",
    ),
    "Neo.ClientError.Schema.ConstraintValidationFailed": (
        DatabaseError,
        "Ein Eintrag mit derselben ID wurde gleichzeitig von jemand anderem angelegt; bitte neu laden und "
        "erneut versuchen.",
    ),
}


def translate(exc: Exception, *, writing: bool) -> BildungsnetzError:
    """Return the package error (German sentence) for a driver error.

    Parameters
    ----------
    exc : Exception
        An exception the ``neo4j`` driver raised (or an ``OSError`` from the socket).
    writing : bool
        Whether the failed work was a write; then the sentence says whether
        anything was saved.

    Returns
    -------
    BildungsnetzError
        To be raised ``from exc``. Codes not in the table keep Neo4j's code in
        the message so that an administrator can look it up.
    """
    saved = f" {_NOTHING_SAVED}" if writing else ""
    if isinstance(exc, IncompleteCommit):
        return DatabaseError(
            "Die Verbindung zur Datenbank brach beim Abschluss der Änderung ab; ob sie gespeichert wurde, ist "
            "unbekannt. Bitte den Stand prüfen (z. B. bildungsnetz status) und die Änderung gegebenenfalls "
            "wiederholen."
        )
    code = str(getattr(exc, "code", "") or "")
    if code in _CODE_SENTENCES:
        kind, sentence = _CODE_SENTENCES[code]
        return kind(sentence + saved)
    if isinstance(exc, AuthError):
        return ConfigError(_CODE_SENTENCES["Neo.ClientError.Security.Unauthorized"][1])
    if isinstance(exc, (ServiceUnavailable, SessionExpired, OSError)):
        logger.warning("database unreachable: %s", type(exc).__name__)
        return EngineError(
            "Die Verbindung zur Datenbank ist unterbrochen oder nicht möglich – läuft der Datenbankserver "
            f"(eingebettet: bildungsnetz engine start)?{saved}"
        )
    if isinstance(exc, ConfigurationError):
        return ConfigError(f"Die Einstellungen der Datenbankverbindung sind ungültig: {first_line(exc)}")
    if isinstance(exc, TransientError):
        return DatabaseError(
            f"Die Datenbank war vorübergehend ausgelastet, auch nach mehreren Versuchen.{saved} Bitte erneut "
            f"versuchen. ({code or first_line(exc)})"
        )
    if isinstance(exc, ClientError):
        return DatabaseError(f"Die Datenbank hat die Anfrage abgelehnt ({code}).{saved}")
    if isinstance(exc, Neo4jError):
        return DatabaseError(f"Datenbankfehler ({code or first_line(exc)}).{saved}")
    if isinstance(exc, DriverError):
        return DatabaseError(f"Die Verbindung zur Datenbank meldet einen Fehler: {first_line(exc)}.{saved}")
    return DatabaseError(f"Unerwarteter Datenbankfehler: {first_line(exc)}.{saved}")


def is_lost_race(exc: Neo4jError, engine: str) -> bool:
    """True only for the errors that mean another write transaction touched the same records first.

    On Neo4j a ``MERGE`` on a unique id waits for the other transaction and
    then matches, and deadlocks are retried by the driver itself; only a
    create that collides with a concurrent create of the same id
    (``ConstraintValidationFailed``) or a record deleted by the other
    transaction meanwhile (``EntityNotFound``) is a lost race. The embedded
    engine checks at commit: it refuses a duplicated key, reports a record
    another transaction changed (``ConcurrentModification``) and may show it
    as not found. Running the unit of work again (it is a ``MERGE`` or a
    version-checked update) then finds the records and succeeds or reports a
    real conflict.
    """
    code = str(getattr(exc, "code", "") or "")
    if code.endswith("Schema.ConstraintValidationFailed") or code.endswith("Statement.EntityNotFound"):
        return True
    if engine != "embedded":
        return False
    text = f"{code} {getattr(exc, 'message', '')}"
    return "Duplicated key" in text or "ConcurrentModification" in text


class Connection:
    """An open driver and the named queries of ``queries/``.

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver.
    database : str
        The database name to use.
    engine : str
        ``"embedded"`` or ``"neo4j"``, for messages and the retry rules.
    loader : QueryLoader
        Where the Cypher comes from.
    """

    #: The embedded engine's data directory (None for Neo4j): a failure there may be a full disk.
    data_dir: Path | None = None

    def __init__(self, driver: neo4j.Driver, database: str, *, engine: str, loader: QueryLoader = QUERIES) -> None:
        self.driver = driver
        self.database = database
        self.engine = engine
        self.loader = loader

    def failure(self, exc: Exception, *, writing: bool) -> BildungsnetzError:
        """:func:`translate`, and for the embedded engine a full disk named as such."""
        error = translate(exc, writing=writing)
        if self.data_dir is not None and type(error) is DatabaseError:
            try:
                free = shutil.disk_usage(self.data_dir).free
            except OSError:
                return error
            if free < LOW_DISK_BYTES:
                saved = f" {_NOTHING_SAVED}" if writing else ""
                return EngineError(
                    f"Auf dem Datenträger des Datenverzeichnisses {self.data_dir} ist kein Platz mehr "
                    f"(frei: {_mb(free)}).{saved} Bitte Platz schaffen und erneut versuchen."
                )
        return error

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    def text(self, name: str, params: Mapping[str, Any], slots: Mapping[str, str]) -> str:
        """The Cypher of query ``name`` with its slots filled (parameters are checked against its header)."""
        return self.loader.text(name, dict(params), **slots)

    def read(self, name: str, slots: Mapping[str, str] | None = None, **params: Any) -> list[dict[str, Any]]:
        """Run read query ``name`` and return its records as dicts.

        Values are as the driver gives them (temporal values as ``neo4j.time``
        types); :func:`native` converts property maps.
        """
        text = self.text(name, params, slots or {})

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(text, params)
            keys = result.keys()
            # no record.data(): its recursive transform costs seconds on large collected lists
            return [dict(zip(keys, record, strict=True)) for record in result]

        started = time.perf_counter()
        rows = self.session_call("read", work)
        logger.debug("query %s: %d rows in %.3f s", name, len(rows), time.perf_counter() - started)
        return rows

    def run_in_write(
        self, tx: neo4j.ManagedTransaction, name: str, slots: Mapping[str, str] | None = None, **params: Any
    ) -> list[dict[str, Any]]:
        """Run query ``name`` inside the transaction ``tx``; return its records."""
        text = self.text(name, params, slots or {})
        return [record.data() for record in tx.run(text, params)]

    def write_attempts(self, unit: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run ``unit`` in a managed write transaction, again (with a short random pause) when it lost a race."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return self.session_call("write", unit)
            except LostRace as race:
                if attempt == WRITE_ATTEMPTS:
                    if race.args and isinstance(race.args[0], BildungsnetzError):
                        raise race.args[0] from None
                    raise DatabaseError(
                        "Gleichzeitige Änderungen anderer Nutzer haben diese Änderung mehrfach verhindert; "
                        f"bitte erneut versuchen. {_NOTHING_SAVED}"
                    ) from None
                logger.info("write lost a race, attempt %d: retrying", attempt)
                time.sleep(0.1 * attempt + random.random() * 0.1)
        raise AssertionError("unreachable")  # pragma: no cover

    def rehearse(self, unit: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run ``unit`` in a write transaction that is always rolled back (a dry run that sees what a write sees)."""
        try:
            with self.driver.session(database=self.database) as session:
                tx = session.begin_transaction()
                try:
                    return unit(tx)  # type: ignore[arg-type]
                finally:
                    tx.rollback()
        except (BildungsnetzError, LostRace):
            raise
        except (Neo4jError, DriverError, OSError) as exc:
            raise self.failure(exc, writing=False) from exc

    def session_call(self, mode: str, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run ``work`` in a managed ``"read"`` or ``"write"`` transaction; driver errors become German ones."""
        try:
            with self.driver.session(database=self.database) as session:
                if mode == "read":
                    return session.execute_read(work)
                return session.execute_write(work)
        except (DataError, LostRace):
            raise
        except BildungsnetzError:
            raise
        except Neo4jError as exc:
            if mode == "write" and is_lost_race(exc, self.engine):
                raise LostRace from exc
            raise self.failure(exc, writing=mode == "write") from exc
        except (DriverError, OSError) as exc:
            raise self.failure(exc, writing=mode == "write") from exc
