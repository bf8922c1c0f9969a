"""Settings, declared once as data and read from the environment.

Each :class:`Setting` has a name (the environment variable), a default and a
German help text; README's table of settings is checked against
:data:`SETTINGS` by ``tests/test_docs.py``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    """A setting read from an environment variable."""

    name: str
    default: str | None
    help: str
    kind: type = str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "BILDUNGSNETZ_DATA_DIR",
        None,
        "Datenverzeichnis der eingebetteten Datenbank (Standard: das Datenverzeichnis des Benutzers, "
        "z. B. ~/.local/share/bildungsnetz)",
    ),
    Setting(
        "BILDUNGSNETZ_ENGINE_PORT",
        "0",
        "Bolt-Port der eingebetteten Datenbank auf 127.0.0.1; 0 wählt einen freien Port",
        int,
    ),
    Setting("BILDUNGSNETZ_ENGINE_HEAP", "1g", "Arbeitsspeicher (Java-Heap) der eingebetteten Datenbank"),
    Setting(
        "BILDUNGSNETZ_ENGINE_START_TIMEOUT",
        "90",
        "Sekunden, die auf den Start der eingebetteten Datenbank gewartet wird",
        float,
    ),
    Setting("BILDUNGSNETZ_MAX_FILE_MB", "50", "Größte Importdatei in MB", float),
    Setting("BILDUNGSNETZ_BATCH_SIZE", "2000", "Zeilen je Schreibstapel beim Import", int),
    Setting(
        "BILDUNGSNETZ_ROLE_CLAIM",
        None,
        "Anmeldung: Name des Token-Claims mit der Rolle, z. B. roles oder groups; leer = nur die Benutzertabelle",
    ),
    Setting(
        "BILDUNGSNETZ_ROLE_MAP",
        None,
        "Anmeldung: Claim-Werte auf Rollen abbilden, z. B. bn-leitung=admin,bn-team=editor,partner=viewer",
    ),
    Setting(
        "BILDUNGSNETZ_DEFAULT_ROLE",
        None,
        "Anmeldung: Rolle für angemeldete Personen ohne Eintrag und ohne Rollen-Claim; leer = kein Zugang",
    ),
    Setting(
        "NEO4J_URI", None, "Adresse eines Neo4j-5-Servers, z. B. neo4j://db:7687; gesetzt = Neo4j statt eingebettet"
    ),
    Setting("NEO4J_USER", "neo4j", "Benutzername für Neo4j"),
    Setting("NEO4J_PASSWORD", None, "Passwort für Neo4j", secret=True),
    Setting(
        "NEO4J_PASSWORD_FILE",
        None,
        "Datei, die das Passwort für Neo4j enthält (z. B. ein Docker-Secret); gilt statt NEO4J_PASSWORD",
    ),
    Setting(
        "NEO4J_DATABASE",
        "neo4j",
        "Datenbankname in Neo4j; die Community Edition hat nur die Datenbank neo4j",
    ),
    Setting(
        "BILDUNGSNETZ_TARGET_PASSWORD",
        None,
        "Umzug (bildungsnetz migrate): Passwort der Ziel-Datenbank, wenn das Ziel ein Neo4j-Server ist",
        secret=True,
    ),
)

SETTINGS_BY_NAME: Mapping[str, Setting] = {s.name: s for s in SETTINGS}


def get(name: str, environ: Mapping[str, str] | None = None) -> object:
    """Return the value of setting ``name`` converted to its kind (``None`` if unset without default).

    Raises
    ------
    ConfigError
        If the value cannot be converted to the setting's kind.
    """
    setting = SETTINGS_BY_NAME[name]
    env = os.environ if environ is None else environ
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        raw = setting.default
    if raw is None:
        return None
    try:
        return setting.kind(raw.strip())
    except ValueError as exc:
        raise ConfigError(f"Die Einstellung {name} hat einen ungültigen Wert: {raw!r}.") from exc


def get_int(name: str, environ: Mapping[str, str] | None = None) -> int:
    """Setting ``name`` as an integer (0 if unset without default)."""
    value = get(name, environ)
    return int(value) if isinstance(value, (int, float, str)) else 0


def get_float(name: str, environ: Mapping[str, str] | None = None) -> float:
    """Setting ``name`` as a number (0.0 if unset without default)."""
    value = get(name, environ)
    return float(value) if isinstance(value, (int, float, str)) else 0.0


def default_data_dir() -> Path:
    """Return the per-user data directory (XDG on Linux, Application Support on macOS, LOCALAPPDATA on Windows)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "bildungsnetz"


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the data directory of the embedded engine (absolute)."""
    value = get("BILDUNGSNETZ_DATA_DIR", environ)
    path = Path(str(value)).expanduser() if value else default_data_dir()
    return path.resolve()


def neo4j_password(environ: Mapping[str, str] | None = None) -> str:
    """Return the Neo4j password: the content of ``NEO4J_PASSWORD_FILE`` if set, else ``NEO4J_PASSWORD``.

    Raises
    ------
    ConfigError
        If the password file cannot be read.
    """
    path = get("NEO4J_PASSWORD_FILE", environ)
    if path:
        try:
            return Path(str(path)).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"Die Passwortdatei (NEO4J_PASSWORD_FILE = {path}) ist nicht lesbar.") from exc
    return str(get("NEO4J_PASSWORD", environ) or "")


def neo4j_uri(environ: Mapping[str, str] | None = None) -> str | None:
    """Return ``NEO4J_URI`` if a Neo4j server is configured, else None (embedded engine)."""
    value = get("NEO4J_URI", environ)
    return str(value) if value else None
