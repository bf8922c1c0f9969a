"""Acceptance run of Bildungsnetz against the configured database: ``python deploy/acceptance.py``.

A county's IT runs this once before going live, against the database the app
is configured for (``NEO4J_URI`` …, or the embedded engine in
``BILDUNGSNETZ_DATA_DIR``). Every step drives the product the way operators
and users do — the command line ``bildungsnetz`` in a subprocess, the store
API where the app is the user (two editors at once) — and prints German
"✔ bestanden: …" or "✘ FEHLER: …" with the reason:

1. ``init`` and ``status --json``; uniqueness constraints and indexes present.
2. ``demo --replace``; the counts equal those of ``data/demo/musterau.xlsx``.
3. ``import`` of a small CSV folder (merge); a broken file's ``--dry-run`` is
   refused with exit 1 and a located German message, and changes nothing.
4. ``export`` to xlsx, json and graphml; the xlsx passes ``import --dry-run``.
5. Two editors save the same actor from the same version: the first wins,
   the second gets ``ConflictError`` and nothing of it is stored; the audit
   log names the first.
6. ``privacy report`` and ``privacy erase`` of a contact person imported in
   step 3; no trace afterwards, neither in the store nor in an export with
   ``--include-persons``.
7. ``audit export``: entries for the steps above, no field values of the
   erased person.
8. ``migrate --to embedded:<temp>``; the copy's ``status --json`` equals the
   source's. With ``--migrate-to neo4j://…`` the embedded copy is moved on to
   that (empty) Neo4j as well — the direction of a county moving into Neo4j.
9. Cleanup: test data and the users the run created are removed; what
   remains (audit entries, which nothing can delete) is printed.

It writes test data, so it refuses (exit 2) a database that holds records,
users or saved views unless ``--ja-testdaten-schreiben`` is given. Exit codes:
0 every step passed, 1 a step failed, 2 usage or environment error.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the package beside this folder, also without an installed one
    sys.path.insert(0, str(ROOT))

try:
    import neo4j
    from neo4j.exceptions import DriverError, Neo4jError

    from graph import __version__, config, model, service
    from graph.audit import ACTIONS
    from graph.auth import Principal, Role, local_principal
    from graph.cli import DEMO_WORKBOOK  # also gives argparse its German words
    from graph.db import migrate
    from graph.db.engine import EmbeddedEngine
    from graph.db.store import Store
    from graph.errors import BildungsnetzError, ConfigError, ConflictError
    from graph.importing import describe_counts
    from graph.io.validate import load_or_raise
except ImportError as exc:  # pragma: no cover - a Python without the project's packages
    print(
        f"Bildungsnetz ist in dieser Python-Umgebung nicht installiert ({exc}). Bitte mit der Umgebung der App "
        "starten, z. B. .venv/bin/python deploy/acceptance.py oder im Container: python deploy/acceptance.py.",
        file=sys.stderr,
    )
    sys.exit(2)

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

#: The override of the refusal to write into a database that holds data.
OVERRIDE = "--ja-testdaten-schreiben"

#: Ids and values of the test data; distinctive, so that a trace of them is found wherever it is.
PREFIX = "abnahme-"
PERSON_ID = "abnahme-ap-1"
PERSON_NAME = "Zyxa Abnahmeprüfperson"
PERSON_EMAIL = "zyxa.abnahme@beispiel.invalid"
PERSON_PHONE = "+49 30 987654321"
EDITORS = ("abnahme-bearbeitung-1@beispiel.invalid", "abnahme-bearbeitung-2@beispiel.invalid")
EDIT_MARK = "(Abnahme: Bearbeitung {n})"

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


class StepFailed(Exception):
    """A check of a step failed; ``args[0]`` is the German reason."""


# -- output -----------------------------------------------------------------------------------------


def say(text: str = "") -> None:
    """Print one line at once (the output is read while the run goes on)."""
    print(text, flush=True)


def german_number(value: int) -> str:
    """``12345`` -> ``12.345``."""
    return f"{value:,}".replace(",", ".")


def last_message(result: subprocess.CompletedProcess[str]) -> str:
    """The last meaningful line a command printed (its error sentence), without progress lines."""
    lines = [
        line.strip()
        for line in (result.stderr + "\n" + result.stdout).splitlines()
        if line.strip() and " % – " not in line
    ]
    return lines[-1] if lines else "(keine Ausgabe)"


# -- the run ---------------------------------------------------------------------------------------


@dataclass
class Step:
    """One step of the acceptance: its number, German title and check (returns the German result)."""

    key: str
    title: str
    check: Callable[[], str]
    passed: bool | None = None


@dataclass
class Acceptance:
    """The state of one acceptance run against the configured database."""

    args: argparse.Namespace
    store: Store
    work: Path
    env: dict[str, str] = field(default_factory=dict)
    passed: set[str] = field(default_factory=set)
    created_users: list[str] = field(default_factory=list)
    users_before: int = 0
    edited_actor: str = ""
    neo4j_target: dict[str, str] | None = None

    # -- helpers -----------------------------------------------------------------------------------

    def bn(self, *args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``bildungsnetz ARGS`` as an operator would (a new process, the configured environment)."""
        return subprocess.run(
            [sys.executable, "-m", "graph.cli", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=dict(env if env is not None else self.env),
            cwd=ROOT,
            timeout=self.args.zeitlimit,
            check=False,
        )

    def bn_ok(self, *args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``bildungsnetz ARGS``; fail the step unless it ends with exit code 0."""
        result = self.bn(*args, env=env)
        if result.returncode != 0:
            raise StepFailed(
                f"„bildungsnetz {' '.join(args)}“ endete mit Rückgabewert {result.returncode}: {last_message(result)}"
            )
        return result

    def status(self, env: Mapping[str, str] | None = None) -> dict[str, int]:
        """The counts of ``bildungsnetz status --json``."""
        result = self.bn_ok("status", "--json", env=env)
        try:
            counts = json.loads(result.stdout)
        except ValueError as exc:
            raise StepFailed(f"„bildungsnetz status --json“ gab kein JSON aus: {result.stdout[:200]!r}") from exc
        expected = set(model.NODE_LABELS) | set(model.REL_TYPES)
        if not isinstance(counts, dict) or set(counts) != expected:
            raise StepFailed(f"„bildungsnetz status --json“ nennt nicht die Arten des Modells: {sorted(counts)}")
        if not all(isinstance(v, int) and v >= 0 for v in counts.values()):
            raise StepFailed(f"„bildungsnetz status --json“ enthält ungültige Anzahlen: {counts}")
        return counts

    def need(self, *keys: str) -> None:
        """Refuse a step whose prerequisite step failed."""
        missing = [k for k in keys if k not in self.passed]
        if missing:
            raise StepFailed(f"nicht ausführbar, weil Schritt „{', '.join(missing)}“ nicht bestanden ist")

    def embedded_env(self, data_dir: Path) -> dict[str, str]:
        """The environment of a ``bildungsnetz`` that uses the embedded engine in ``data_dir``."""
        env = dict(self.env, BILDUNGSNETZ_DATA_DIR=str(data_dir), NEO4J_URI="")
        # a fixed port of the configured engine would collide with this second engine (see the report)
        env["BILDUNGSNETZ_ENGINE_PORT"] = "0"
        return env

    def cypher(self, text: str) -> list[dict[str, Any]]:
        """Run one read-only administration statement (SHOW …) on the configured database."""
        try:
            with self.store.driver.session(database=self.store.database) as session:
                return [record.data() for record in session.run(text)]
        except (Neo4jError, DriverError, OSError) as exc:
            raise StepFailed(f"„{text}“ scheiterte: {exc}") from exc

    # -- 1 -----------------------------------------------------------------------------------------

    def step_init(self) -> str:
        """``init`` and ``status --json`` work; constraints and indexes are there."""
        self.bn_ok("init")
        counts = self.status()
        if not self.args.ja_testdaten_schreiben and any(counts.values()):
            raise StepFailed(f"die Datenbank ist nach „init“ nicht leer: {describe_counts(counts)}")
        constraints = self.cypher("SHOW CONSTRAINTS")
        unique = {
            label
            for c in constraints
            if "UNIQUE" in str(c.get("type", "")).upper()
            and str(c.get("entityType", "NODE")).upper() == "NODE"
            and list(c.get("properties") or []) == ["id"]
            for label in c.get("labelsOrTypes") or []
        }
        labels = (*model.NODE_LABELS, *model.INTERNAL_LABELS)
        lacking = [label for label in labels if label not in unique]
        if lacking:
            raise StepFailed(f"Eindeutigkeitsregel für „id“ fehlt bei: {', '.join(lacking)}")
        indexes = self.cypher("SHOW INDEXES")
        present = {
            (
                str(i.get("entityType", "")).upper(),
                tuple(i.get("labelsOrTypes") or ()),
                tuple(i.get("properties") or ()),
            )
            for i in indexes
            if str(i.get("state", "ONLINE")).upper() != "FAILED"
        }
        wanted = [("NODE", (label,), ("name",)) for label in ("Actor", "Institution", "Committee", "Area")]
        wanted += [("RELATIONSHIP", (r.name,), ("id",)) for r in model.REL_TYPES.values() if r.keyed]
        absent = [
            f"{kind.lower()} {names[0]}({props[0]})"
            for kind, names, props in wanted
            if (kind, names, props) not in present
        ]
        if absent:
            raise StepFailed(f"Index fehlt (oder ist fehlgeschlagen): {', '.join(absent)}")
        failed = [str(i.get("name")) for i in indexes if str(i.get("state", "")).upper() == "FAILED"]
        if failed:
            raise StepFailed(f"fehlgeschlagene Indizes: {', '.join(failed)}")
        if self.store.revision() == "0":
            raise StepFailed("der Datenstandszähler fehlt nach „init“")
        return (
            f"„init“ und „status --json“ ohne Fehler; Eindeutigkeitsregeln (id) für alle {len(labels)} Arten und "
            f"{len(wanted)} Suchindizes vorhanden, Datenstandszähler angelegt"
        )

    # -- 2 -----------------------------------------------------------------------------------------

    def step_demo(self) -> str:
        """``demo --replace`` loads exactly the demo workbook."""
        self.bn_ok("demo", "--replace")
        expected = load_or_raise(DEMO_WORKBOOK).counts()
        got = self.status()
        wrong = [
            f"{self.german(key)}: erwartet {expected.get(key, 0)}, gefunden {value}"
            for key, value in got.items()
            if value != expected.get(key, 0)
        ]
        if wrong:
            raise StepFailed("Anzahlen weichen von data/demo/musterau.xlsx ab – " + "; ".join(wrong))
        return f"Demo-Landkreis Musterau geladen, Anzahlen wie in der Arbeitsmappe: {describe_counts(got)}"

    @staticmethod
    def german(key: str) -> str:
        """The German name of a label or relationship type."""
        return model.NODE_LABELS.get(key) or model.REL_TYPES[key].german

    # -- 3 -----------------------------------------------------------------------------------------

    def step_import(self) -> str:
        """A CSV folder is merged in; a broken file's dry run is refused and changes nothing."""
        folder = self.work / "import"
        folder.mkdir()
        areas = sorted(self.store.ids()["Area"])
        area = areas[0] if areas else ""
        actors = [
            ("abnahme-ak-1", "Abnahme-Kita Prüfstein", "Kita", "Frühe Bildung"),
            ("abnahme-ak-2", "Abnahme-Grundschule Prüfstein", "Grundschule", "Schule"),
            ("abnahme-ak-3", "Abnahme-Volkshochschule Prüfstein", "Volkshochschule", "Weiterbildung"),
        ]
        header = "ID;Name;Typ;Sektor" + (";Gebiet" if area else "")
        rows = [";".join(a) + (f";{area}" if area else "") for a in actors]
        write_csv(folder / "Akteure.csv", [header, *rows])
        write_csv(
            folder / "Kooperationen.csv",
            [
                "ID;Akteur A;Akteur B;Arten;Intensitaet",
                "abnahme-ko-1;abnahme-ak-1;abnahme-ak-2;Abstimmung;3",
                "abnahme-ko-2;abnahme-ak-2;abnahme-ak-3;Informationsaustausch;2",
            ],
        )
        write_csv(
            folder / "Ansprechpersonen.csv",
            [
                "ID;Akteur;Funktion;Name;E-Mail;Telefon;Einwilligung;Loeschen bis",
                f"{PERSON_ID};abnahme-ak-1;Leitung;{PERSON_NAME};{PERSON_EMAIL};{PERSON_PHONE};ja;31.12.2099",
            ],
        )
        before = self.status()
        self.bn_ok("import", str(folder))
        after = self.status()
        added = {"Actor": 3, "COOPERATES_WITH": 2, "Person": 1, "REPRESENTS": 1, "LOCATED_IN": 3 if area else 0}
        wrong = [
            f"{self.german(key)}: erwartet {before[key] + added.get(key, 0)}, gefunden {after[key]}"
            for key in after
            if after[key] != before[key] + added.get(key, 0)
        ]
        if wrong:
            raise StepFailed("nach dem Import stimmen die Anzahlen nicht – " + "; ".join(wrong))

        broken = self.work / "import-fehlerhaft"
        broken.mkdir()
        write_csv(broken / "Akteure.csv", ["ID;Name;Typ;Sektor", "abnahme-ak-9;Abnahme-Treff;Kita;Gibtesnicht"])
        write_csv(
            broken / "Kooperationen.csv",
            ["ID;Akteur A;Akteur B;Arten;Intensitaet", "abnahme-ko-9;abnahme-ak-1;abnahme-ak-unbekannt;Abstimmung;2"],
        )
        revision = self.store.revision()
        result = self.bn("import", str(broken), "--dry-run")
        if result.returncode != 1:
            raise StepFailed(
                f"der Probelauf einer fehlerhaften Datei endete mit Rückgabewert {result.returncode} statt 1: "
                f"{last_message(result)}"
            )
        located = [line for line in result.stderr.splitlines() if "Zeile " in line and "Spalte " in line]
        if not located:
            raise StepFailed(f"die Fehlermeldung nennt keine Zeile und Spalte: {result.stderr.strip()[:300]!r}")
        if "nichts wurde gespeichert" not in result.stderr:
            raise StepFailed(f"die Fehlermeldung sagt nicht, dass nichts gespeichert wurde: {last_message(result)}")
        if self.store.revision() != revision or self.status() != after:
            raise StepFailed("der Probelauf der fehlerhaften Datei hat die Datenbank verändert")
        return (
            f"CSV-Ordner zusammengeführt (3 Akteure, 2 Kooperationen, 1 Ansprechperson); fehlerhafte Datei im "
            f"Probelauf abgelehnt (Rückgabewert 1) mit Ort, z. B. „{located[0].strip()}“; nichts geändert"
        )

    # -- 4 -----------------------------------------------------------------------------------------

    def step_export(self) -> str:
        """Exports in three formats; the workbook passes the import's dry run."""
        folder = self.work / "export"
        folder.mkdir()
        counts = self.status()
        nodes = sum(counts[label] for label in model.NODE_LABELS if label not in model.PERSONAL_LABELS)
        rels = sum(counts[name] for name in model.REL_TYPES if name not in model.PERSONAL_REL_TYPES)
        paths = {fmt: folder / f"bestand.{fmt}" for fmt in ("xlsx", "json", "graphml")}
        for fmt, path in paths.items():
            self.bn_ok("export", str(path), "--format", fmt)
            if not path.is_file() or not path.stat().st_size:
                raise StepFailed(f"der Export {path.name} fehlt oder ist leer")
        data = json.loads(paths["json"].read_text(encoding="utf-8"))
        got = (len(data.get("nodes", [])), len(data.get("relationships", [])))
        if got != (nodes, rels):
            raise StepFailed(f"JSON-Export: {got[0]} Einträge und {got[1]} Beziehungen statt {nodes} und {rels}")
        if any(n.get("label") in model.PERSONAL_LABELS for n in data["nodes"]):
            raise StepFailed("der JSON-Export ohne --include-persons enthält Ansprechpersonen")
        ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
        tree = ET.parse(paths["graphml"])
        got = (len(tree.findall(".//g:node", ns)), len(tree.findall(".//g:edge", ns)))
        if got != (nodes, rels):
            raise StepFailed(f"GraphML-Export: {got[0]} Knoten und {got[1]} Kanten statt {nodes} und {rels}")
        with zipfile.ZipFile(paths["xlsx"]) as book:
            if "xl/workbook.xml" not in book.namelist():
                raise StepFailed("der xlsx-Export ist keine Excel-Arbeitsmappe")
        revision = self.store.revision()
        result = self.bn_ok("import", str(paths["xlsx"]), "--dry-run")
        blocking = [
            line
            for line in result.stderr.splitlines()
            if line.strip() and not line.startswith("Hinweis") and " % – " not in line
        ]
        if blocking or "ohne Fehler" not in result.stdout:
            raise StepFailed(f"der Probelauf des xlsx-Exports meldet Fehler: {(blocking or [result.stdout])[0][:300]}")
        if self.store.revision() != revision:
            raise StepFailed("der Probelauf des xlsx-Exports hat die Datenbank verändert")
        return (
            f"xlsx, json und graphml geschrieben ({german_number(nodes)} Einträge, {german_number(rels)} "
            "Beziehungen, ohne Ansprechpersonen); der xlsx-Export besteht den Import-Probelauf ohne Fehler"
        )

    # -- 5 -----------------------------------------------------------------------------------------

    def step_edit(self) -> str:
        """Two editors save the same version of one actor: the second is refused, nothing of it is stored."""
        for login in EDITORS:
            self.bn_ok("users", "add", login, "--role", "editor")
            self.created_users.append(login)
        editors = []
        for login in EDITORS:
            role = self.store.user_role(login)
            if role is not Role.EDITOR:
                raise StepFailed(f"{login} hat nach „users add --role editor“ die Rolle {role}")
            editors.append(self.store.acting_as(Principal(login, role, "abnahme")))
        first, second = editors
        ds = self.store.read_dataset()
        actor = pick_actor(ds)
        if actor is None:
            raise StepFailed("es gibt keinen Akteur zum Bearbeiten")
        self.edited_actor = actor
        owned_before = owned_rels(ds, actor)
        props_before = dict(ds.nodes["Actor"][actor])
        version_1 = first.node_version("Actor", actor)
        version_2 = second.node_version("Actor", actor)
        if version_1 is None or version_1 != version_2:
            raise StepFailed(f"die beiden Bearbeiter lesen verschiedene Versionen: {version_1} und {version_2}")
        values = service.record_values(ds, "Actor", actor)
        name = values["Name"]
        known = self.store.ids()
        changes = []
        for n in (1, 2):
            _, props, owned = service.parse_record(
                "Actor", {**values, "Name": f"{name} {EDIT_MARK.format(n=n)}"}, known
            )
            changes.append((props, owned))
        saved = first.save_node("Actor", actor, changes[0][0], changes[0][1], version_1)
        if saved <= version_1:
            raise StepFailed(f"die erste Speicherung ergab Version {saved} (vorher {version_1})")
        try:
            second.save_node("Actor", actor, changes[1][0], changes[1][1], version_2)
        except ConflictError as exc:
            refusal = str(exc)
        else:
            raise StepFailed(
                "die zweite Speicherung auf dieselbe alte Version wurde angenommen: die Änderung des ersten "
                "Bearbeiters ist überschrieben"
            )
        after = self.store.read_dataset()
        stored = after.nodes["Actor"].get(actor, {})
        if stored.get("name") != f"{name} {EDIT_MARK.format(n=1)}":
            raise StepFailed(f"gespeichert ist der Name „{stored.get('name')}“ statt der Änderung des ersten")
        if self.store.node_version("Actor", actor) != saved:
            raise StepFailed("die Version nach der abgelehnten Speicherung ist nicht die des ersten Bearbeiters")
        lost = sorted(
            k for k in set(props_before) | set(stored) if k != "name" and props_before.get(k) != stored.get(k)
        )
        if lost:
            raise StepFailed(f"die Bearbeitung hat andere Felder verändert: {', '.join(lost)}")
        if owned_rels(after, actor) != owned_before:
            raise StepFailed("die Bearbeitung hat Gebiet, Träger oder andere Zuordnungen des Akteurs verändert")
        entries = [e for e in self.store.audit_log(limit=500) if e.get("object_id") == actor]
        updates = [e for e in entries if e.get("action") == "update" and e.get("outcome") == "ok"]
        if [(e.get("user"), e.get("version")) for e in updates] != [(EDITORS[0], saved)]:
            raise StepFailed(f"das Protokoll zeigt für den Akteur diese Änderungen: {updates}")
        return (
            f"Akteur {actor}: Bearbeiter 1 speicherte Version {version_1} → {saved}; Bearbeiter 2 auf Version "
            f"{version_2} abgelehnt („{refusal}“), nichts davon gespeichert; Protokoll: geändert von {EDITORS[0]}"
        )

    # -- 6 -----------------------------------------------------------------------------------------

    def step_privacy(self) -> str:
        """Information about and erasure of a contact person; no trace left in the store or an export."""
        self.need("3")
        result = self.bn_ok("privacy", "report", PERSON_ID)
        try:
            report = json.loads(result.stdout)
        except ValueError as exc:
            raise StepFailed(f"die Auskunft ist kein JSON: {result.stdout[:200]!r}") from exc
        person = report.get("ansprechperson", {})
        if person.get("name") != PERSON_NAME or person.get("email") != PERSON_EMAIL:
            raise StepFailed(f"die Auskunft nennt nicht die importierten Angaben: {person}")
        if [r.get("actor_id") for r in report.get("vertritt", [])] != ["abnahme-ak-1"]:
            raise StepFailed(f"die Auskunft nennt nicht den vertretenen Akteur: {report.get('vertritt')}")
        persons_before = self.store.counts()["Person"]
        self.bn_ok("privacy", "erase", PERSON_ID)
        traces = (PERSON_ID, PERSON_NAME, PERSON_EMAIL, PERSON_PHONE)
        ds = self.store.read_dataset(include_persons=True)
        if PERSON_ID in ds.nodes["Person"] or any(PERSON_ID in (r.start, r.end) for r in ds.rels):
            raise StepFailed("die Ansprechperson oder eine ihrer Beziehungen ist nach der Löschung noch gespeichert")
        text = json.dumps([ds.nodes, [(r.start, r.end, r.props) for r in ds.rels]], default=str, ensure_ascii=False)
        found = [t for t in traces if t in text]
        if found:
            raise StepFailed(f"nach der Löschung noch gespeichert: {', '.join(found)}")
        if len(ds.nodes["Person"]) != persons_before - 1:
            raise StepFailed(f"{persons_before - len(ds.nodes['Person'])} Ansprechpersonen gelöscht statt einer")
        if "abnahme-ak-1" not in ds.nodes["Actor"]:
            raise StepFailed("mit der Ansprechperson wurde ihr Akteur gelöscht")
        export = self.work / "export-mit-personen.json"
        self.bn_ok("export", str(export), "--format", "json", "--include-persons")
        exported = export.read_text(encoding="utf-8")
        found = [t for t in traces if t in exported]
        if found:
            raise StepFailed(f"der Export mit --include-persons enthält noch: {', '.join(found)}")
        others = sum(1 for n in json.loads(exported)["nodes"] if n.get("label") == "Person")
        if others != len(ds.nodes["Person"]):
            raise StepFailed(
                f"der Export mit --include-persons enthält {others} statt {len(ds.nodes['Person'])} Personen"
            )
        again = self.bn("privacy", "report", PERSON_ID)
        if again.returncode != 1 or "gibt es nicht" not in again.stderr:
            raise StepFailed(f"die Auskunft nach der Löschung findet noch etwas: {last_message(again)}")
        return (
            f"Auskunft über {PERSON_ID} vollständig; nach „privacy erase“ keine Spur in der Datenbank "
            f"(read_dataset mit Personen) und im Export mit --include-persons ({others} übrige Ansprechpersonen "
            "exportiert); erneute Auskunft: „gibt es nicht“"
        )

    # -- 7 -----------------------------------------------------------------------------------------

    def step_audit(self) -> str:
        """The exported audit log holds the steps above and no field values of the erased person."""
        path = self.work / "protokoll.csv"
        self.bn_ok("audit", "export", str(path))
        text = path.read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
        if not rows or not {"Aktion", "Objekt-ID", "Wer", "Ergebnis"} <= set(rows[0]):
            raise StepFailed(f"das Protokoll hat nicht die erwarteten Spalten: {list(rows[0]) if rows else 'leer'}")

        def has(action: str, object_id: str | None = None, user: str | None = None) -> bool:
            return any(
                r["Aktion"] == ACTIONS.get(action, action)
                and (object_id is None or r["Objekt-ID"] == object_id)
                and (user is None or r["Wer"] == user)
                for r in rows
            )

        wanted: list[tuple[str, str, str | None, str | None]] = [("Protokoll-Export", "audit_export", None, None)]
        if "2" in self.passed:
            wanted.append(("Demo-Landkreis", "demo_replace", None, None))
        if "3" in self.passed:
            wanted.append(("Import", "import", None, None))
        if "5" in self.passed:
            wanted += [("Rolle vergeben", "user_role", EDITORS[0], None)]
            wanted += [("Änderung des Akteurs", "update", self.edited_actor, EDITORS[0])]
        if "6" in self.passed:
            wanted += [("Auskunft", "privacy_report", PERSON_ID, None), ("Löschung", "erase", PERSON_ID, None)]
        missing = [what for what, action, oid, user in wanted if not has(action, oid, user)]
        if missing:
            raise StepFailed(f"im Protokoll fehlen Einträge für: {', '.join(missing)}")
        values = [PERSON_NAME, PERSON_EMAIL, PERSON_PHONE, EDIT_MARK.format(n=1), EDIT_MARK.format(n=2)]
        found = [v for v in values if v in text]
        if found:
            raise StepFailed(f"das Protokoll enthält Feldinhalte: {', '.join(found)}")
        return (
            f"{german_number(len(rows))} Einträge; vorhanden: {', '.join(w[0] for w in wanted)}; keine Feldinhalte "
            "(Name, E-Mail, Telefon der gelöschten Person, geänderte Namen) – nur IDs"
        )

    # -- 8 -----------------------------------------------------------------------------------------

    def migration_copy(self) -> Path:
        """The data directory of the embedded copy made by step 8."""
        return self.work / "umzug-eingebettet"

    def step_migrate(self) -> str:
        """``migrate --to embedded:<temp>``: the copy has the same counts; its engine is stopped."""
        target = self.migration_copy()
        env = self.embedded_env(target)
        source = self.status()
        try:
            result = self.bn_ok(
                "migrate", "--to", f"embedded:{target}", env=dict(self.env, BILDUNGSNETZ_ENGINE_PORT="0")
            )
            copied = self.status(env)
            if copied != source:
                wrong = [f"{self.german(k)}: {source[k]} → {copied[k]}" for k in source if source[k] != copied[k]]
                raise StepFailed("die Kopie hat andere Anzahlen als die Quelle – " + "; ".join(wrong))
            if self.created_users:
                listed = self.bn_ok("users", "list", env=env).stdout
                absent = [login for login in self.created_users if login not in listed]
                if absent:
                    raise StepFailed(f"in der Kopie fehlen Benutzer: {', '.join(absent)}")
        finally:
            stopped = self.stop_engine(target)
        return f"{result.stdout.strip()} Status der Kopie wie der Quelle; {stopped}"

    def stop_engine(self, data_dir: Path) -> str:
        """Stop the embedded engine of ``data_dir``; fail if it keeps running."""
        engine = EmbeddedEngine(data_dir)
        if not engine.is_running():
            return "keine eingebettete Datenbank für die Kopie lief mehr"
        engine.stop()
        if engine.is_running():
            raise StepFailed(f"die eingebettete Datenbank in {data_dir} lässt sich nicht beenden")
        return "ihre eingebettete Datenbank ist wieder beendet"

    def step_migrate_neo4j(self) -> str:
        """The embedded copy moved on to the Neo4j of ``--migrate-to`` (embedded → Neo4j)."""
        self.need("8")
        assert self.neo4j_target is not None
        copy = self.migration_copy()
        env = self.embedded_env(copy)
        env["BILDUNGSNETZ_TARGET_PASSWORD"] = self.neo4j_target["NEO4J_PASSWORD"]
        uri = self.neo4j_target["NEO4J_URI"]
        try:
            source = self.status(env)
            result = self.bn_ok(
                "migrate",
                "--to",
                uri,
                "--to-user",
                self.neo4j_target["NEO4J_USER"],
                "--to-database",
                self.neo4j_target["NEO4J_DATABASE"],
                env=env,
            )
        finally:
            stopped = self.stop_engine(copy)
        target_env = {k: v for k, v in self.env.items() if k not in ("NEO4J_PASSWORD_FILE", "NEO4J_PASSWORD")}
        target_env.update(self.neo4j_target)
        moved = self.status(target_env)
        if moved != source:
            wrong = [f"{self.german(k)}: {source[k]} → {moved[k]}" for k in source if source[k] != moved[k]]
            raise StepFailed(f"Neo4j ({uri}) hat andere Anzahlen als die Kopie – " + "; ".join(wrong))
        return f"eingebettet → {uri}: {result.stdout.strip()} Status in Neo4j wie in der Quelle; {stopped}"

    # -- 9 -----------------------------------------------------------------------------------------

    def step_cleanup(self) -> str:
        """Remove the test data and the users the run created; say what remains."""
        problems = []
        for login in list(self.created_users):
            result = self.bn("users", "remove", login)
            if result.returncode == 0:
                self.created_users.remove(login)
            else:
                problems.append(f"Benutzer {login} nicht entfernt: {last_message(result)}")
        try:
            self.store.clear()
        except BildungsnetzError as exc:
            problems.append(f"Testdaten nicht gelöscht: {exc}")
        leftover = {k: v for k, v in self.store.counts().items() if v}
        if leftover:
            problems.append(f"noch gespeichert: {describe_counts(leftover)}")
        internal = migrate.internal_counts(self.store)
        if self.neo4j_target is not None and "8b" in self.passed:
            try:
                with Store.open(environ=self.neo4j_target, principal=local_principal("abnahme")) as target:
                    for login in EDITORS:
                        if target.user_role(login) is not None:
                            target.remove_user(login)
                    target.clear()
                    remote = migrate.internal_counts(target)
                    say(
                        f"  · Neo4j-Ziel {self.neo4j_target['NEO4J_URI']}: Testdaten und Benutzer gelöscht; es bleiben "
                        f"{german_number(remote['audit'])} Protokolleinträge – dieses Neo4j ist damit kein leeres "
                        "Umzugsziel mehr (bildungsnetz migrate verlangt auch ein leeres Protokoll)."
                    )
            except BildungsnetzError as exc:
                problems.append(f"das Neo4j-Ziel ist nicht aufgeräumt: {exc}")
        for data_dir in (self.migration_copy(),):
            if data_dir.exists():
                with contextlib.suppress(StepFailed, BildungsnetzError):
                    self.stop_engine(data_dir)
        shutil.rmtree(self.work, ignore_errors=True)
        if self.work.exists():
            problems.append(f"der Arbeitsordner {self.work} ließ sich nicht löschen")
        say(
            f"  · Es bleiben {german_number(internal['audit'])} Protokolleinträge: das Protokoll lässt sich mit "
            "Bildungsnetz nicht löschen (so gewollt), auch nicht die der Abnahme. Ein Umzug mit bildungsnetz "
            "migrate in diese Datenbank ist deshalb nicht mehr möglich."
        )
        say(
            f"  · Außerdem bleiben die Eindeutigkeitsregeln, die Indizes und der Datenstandszähler; "
            f"{internal['users']} Benutzer (vorher {self.users_before}), {internal['views']} gespeicherte Ansichten."
        )
        if self.store.engine == "embedded":
            say(
                "  · Gelöschte Einträge stehen noch eine Weile im Schreibprotokoll der eingebetteten Datenbank "
                f"({config.data_dir()}/arcadedb/databases/…/txlog_*.wal), bis es fortgeschrieben wird."
            )
        else:
            say(
                "  · Neo4j hält gelöschte Daten bis zur Rotation noch in seinen Transaktionsprotokollen; ein eigenes "
                "Abnahme-Projekt danach ganz löschen (docker compose -p bildungsnetz-abnahme down -v)."
            )
        if internal["users"] != self.users_before:
            problems.append(f"{internal['users'] - self.users_before} Benutzer der Abnahme sind noch eingetragen")
        if problems:
            raise StepFailed("; ".join(problems))
        return "Testdaten (Demo, Import) und die Benutzer der Abnahme entfernt, Arbeitsordner gelöscht"

    # -- running -----------------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        """The steps in order (8b only with ``--migrate-to``)."""
        out = [
            Step("1", "Datenbank vorbereiten (init, Schema)", self.step_init),
            Step("2", "Demo-Landkreis laden (demo --replace)", self.step_demo),
            Step("3", "Import eines CSV-Ordners, Probelauf einer fehlerhaften Datei", self.step_import),
            Step("4", "Export (xlsx, json, graphml) und Probelauf des Exports", self.step_export),
            Step("5", "Bearbeiten mit gleichzeitigem zweiten Bearbeiter (Konflikt)", self.step_edit),
            Step("6", "Datenschutz: Auskunft und Löschung einer Ansprechperson", self.step_privacy),
            Step("7", "Protokoll (audit export)", self.step_audit),
            Step("8", "Umzug in eine eingebettete Datenbank (migrate --to embedded:…)", self.step_migrate),
        ]
        if self.neo4j_target is not None:
            out.append(
                Step("8b", f"Umzug eingebettet → Neo4j ({self.neo4j_target['NEO4J_URI']})", self.step_migrate_neo4j)
            )
        out.append(Step("9", "Aufräumen", self.step_cleanup))
        return out

    def run(self) -> list[Step]:
        """Run every step, each once, continuing after a failed one; return them with their outcome.

        After Ctrl-C the remaining steps are skipped, but the cleanup still runs.
        """
        steps = self.steps()
        interrupted = False
        for step in steps:
            say(f"[{step.key}] {step.title} …")
            if interrupted and step.key != "9":
                step.passed = False
                say("  ✘ FEHLER: übersprungen – die Abnahme wurde abgebrochen")
                continue
            started = time.monotonic()
            try:
                detail = step.check()
            except (StepFailed, BildungsnetzError) as exc:
                step.passed = False
                say(f"  ✘ FEHLER: {exc}")
            except KeyboardInterrupt:
                interrupted = True
                step.passed = False
                say("  ✘ FEHLER: abgebrochen (Strg+C); es wird noch aufgeräumt")
            except Exception as exc:  # a bug of the product or of this script: say so and go on
                step.passed = False
                say(f"  ✘ FEHLER: unerwarteter Fehler {type(exc).__name__}: {exc}")
            else:
                step.passed = True
                self.passed.add(step.key)
                say(f"  ✔ bestanden: {detail} ({time.monotonic() - started:.1f} s)")
        return steps


# -- test data helpers -----------------------------------------------------------------------------


def write_csv(path: Path, lines: Sequence[str]) -> None:
    """Write a semicolon CSV file as Excel saves it (UTF-8 with BOM)."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")


def owned_rels(ds: Any, actor: str) -> set[tuple[str, str, str, str]]:
    """The relationships an actor's row owns (area, Träger …), as comparable tuples."""
    groups = {(o.type, o.start, o.end): o for o in model.OWNED_RELS if o.owner == "Actor"}
    out = set()
    for rel in ds.rels:
        spec = groups.get(rel.group)
        if spec and (rel.start if spec.owner_is_start else rel.end) == actor:
            out.add((rel.type, rel.start, rel.end, json.dumps(rel.props, sort_keys=True, default=str)))
    return out


def pick_actor(ds: Any) -> str | None:
    """An actor of the demo with an area and a Träger (so that a lost assignment shows), else any actor."""
    actors = sorted(ds.nodes["Actor"])
    rich = [a for a in actors if not a.startswith(PREFIX) and len({r[0] for r in owned_rels(ds, a)}) >= 2]
    return (rich or actors or [None])[0]


# -- start: arguments, environment, refusal --------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The German command line of the acceptance run."""
    parser = GermanParser(
        prog="python deploy/acceptance.py",
        description=(
            "Abnahme von Bildungsnetz gegen die eingestellte Datenbank (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD "
            "oder NEO4J_PASSWORD_FILE, NEO4J_DATABASE – ohne NEO4J_URI die eingebettete Datenbank in "
            "BILDUNGSNETZ_DATA_DIR): init, Demo, Import, Export, Bearbeiten mit Konflikt, Datenschutz, Protokoll, "
            "Umzug, Aufräumen. Jeder Schritt meldet „bestanden“ oder den Fehler."
        ),
        epilog=(
            "Das Skript schreibt Testdaten und löscht sie am Ende wieder; das Protokoll behält seine Einträge "
            "(es lässt sich nicht löschen), danach ist die Datenbank kein leeres Umzugsziel mehr. Deshalb gegen "
            "eine neue, leere Installation oder ein eigenes Compose-Projekt laufen lassen, das danach gelöscht "
            "wird. Rückgabewert: 0 alles bestanden, 1 ein Schritt fehlgeschlagen, 2 Aufruf- oder Umgebungsfehler "
            "(auch: die Datenbank enthält schon Daten)."
        ),
    )
    parser.add_argument(
        OVERRIDE,
        dest="ja_testdaten_schreiben",
        action="store_true",
        help="auch laufen, wenn die Datenbank schon Einträge, Benutzer oder Ansichten enthält – der Bestand "
        "wird dabei durch den Demo-Landkreis ersetzt und am Ende gelöscht",
    )
    parser.add_argument(
        "--migrate-to",
        metavar="NEO4J_ADRESSE",
        help="zusätzlich die eingebettete Kopie in dieses leere Neo4j umziehen (neo4j://server:7687; Passwort in "
        "BILDUNGSNETZ_TARGET_PASSWORD); es behält danach Protokolleinträge, also nur ein Wegwerf-Neo4j angeben",
    )
    parser.add_argument(
        "--migrate-to-user", default="neo4j", metavar="NAME", help="Benutzer des Neo4j-Ziels (Standard: neo4j)"
    )
    parser.add_argument(
        "--migrate-to-database", default="neo4j", metavar="NAME", help="Datenbank des Neo4j-Ziels (Standard: neo4j)"
    )
    parser.add_argument(
        "--zeitlimit",
        type=float,
        default=900.0,
        metavar="SEKUNDEN",
        help="höchste Dauer eines einzelnen bildungsnetz-Aufrufs (Standard: 900)",
    )
    return parser


class GermanParser(argparse.ArgumentParser):
    """argparse with German words (those of ``bildungsnetz``) and exit code 2 on a usage error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: Fehler: {message}\n")


def describe_database(store: Store) -> str:
    """Where the configured data lives, without the password."""
    if store.engine == "embedded":
        return f"eingebettete Datenbank in {config.data_dir()}"
    user = config.get("NEO4J_USER")
    return f"Neo4j {config.neo4j_uri()} (Datenbank {store.database}, Benutzer {user})"


def versions(store: Store) -> str:
    """Bildungsnetz, Python, driver and database server versions, as far as they can be asked for."""
    parts = [f"Bildungsnetz {__version__}", f"Python {platform.python_version()}", f"neo4j-Treiber {neo4j.__version__}"]
    try:
        info = store.driver.get_server_info()
        parts.append(f"Server „{info.agent}“ (Bolt {'.'.join(map(str, info.protocol_version))})")
    except (Neo4jError, DriverError, OSError) as exc:
        parts.append(f"Server: nicht abfragbar ({exc})")
    if store.engine == "neo4j":
        try:
            with store.driver.session(database=store.database) as session:
                for row in session.run("CALL dbms.components() YIELD name, versions, edition"):
                    parts.append(f"{row['name']} {', '.join(row['versions'])} {row['edition']}")
        except (Neo4jError, DriverError, OSError) as exc:
            parts.append(f"dbms.components(): nicht abfragbar ({type(exc).__name__})")
    else:
        info_file = EmbeddedEngine(config.data_dir()).info()
        if info_file is not None:
            parts.append(f"arcadedb-embedded {info_file.version}")
    return ", ".join(parts)


def refusal(store: Store) -> str | None:
    """Why the run must not write into this database (it holds data), or None."""
    counts = store.counts()
    internal = migrate.internal_counts(store)
    held = []
    records = sum(counts[label] for label in model.NODE_LABELS)
    if records:
        held.append(f"{german_number(records)} Einträge ({describe_counts(counts)})")
    if internal["users"]:
        held.append(f"{internal['users']} Benutzer")
    if internal["views"]:
        held.append(f"{internal['views']} gespeicherte Ansichten")
    if not held:
        return None
    return (
        f"Die Datenbank ({describe_database(store)}) enthält bereits Daten: {', '.join(held)}. Die Abnahme schreibt "
        "Testdaten, ersetzt dabei den Bestand durch den Demo-Landkreis und löscht am Ende alles; sie läuft deshalb "
        f"nur gegen eine leere Datenbank. Nichts wurde verändert. Wer den Bestand wirklich opfern will: {OVERRIDE}."
    )


def neo4j_target(args: argparse.Namespace) -> dict[str, str] | None:
    """The settings of the ``--migrate-to`` target, checked before anything is written.

    Raises
    ------
    ConfigError
        If the address is no Neo4j address, its password is missing, or it is the configured database.
    """
    if not args.migrate_to:
        return None
    if not args.migrate_to.startswith(NEO4J_SCHEMES):
        raise ConfigError(
            f"--migrate-to erwartet eine Neo4j-Adresse (neo4j://server:7687), nicht „{args.migrate_to}“; der Umzug "
            "in eine eingebettete Datenbank gehört ohnehin zur Abnahme."
        )
    env = migrate.target_environ(args.migrate_to, user=args.migrate_to_user, database=args.migrate_to_database)
    if config.neo4j_uri() and config.neo4j_uri() == env["NEO4J_URI"]:
        raise ConfigError(
            "--migrate-to nennt die eingestellte Datenbank selbst; bitte ein zweites, leeres Neo4j angeben."
        )
    return env


def main(argv: Sequence[str] | None = None) -> int:
    """Run the acceptance; return the exit code (0 passed, 1 a step failed, 2 usage or environment)."""
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    args = build_parser().parse_args(argv)
    started = time.monotonic()
    try:
        target = neo4j_target(args)
        store = Store.open(schema=False, principal=local_principal("abnahme"))
    except BildungsnetzError as exc:
        print(f"✘ {exc}", file=sys.stderr, flush=True)
        return EXIT_USAGE
    with store:
        try:
            refused = None if args.ja_testdaten_schreiben else refusal(store)
            users_before = migrate.internal_counts(store)["users"]
        except BildungsnetzError as exc:
            print(f"✘ {exc}", file=sys.stderr, flush=True)
            return EXIT_USAGE
        if refused:
            print(f"✘ {refused}", file=sys.stderr, flush=True)
            return EXIT_USAGE
        say(f"Abnahme von Bildungsnetz {__version__}, {dt.datetime.now().astimezone():%d.%m.%Y %H:%M}")
        say(f"Datenbank: {describe_database(store)}")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
        env["PYTHONIOENCODING"] = "utf-8"
        work = Path(tempfile.mkdtemp(prefix="bildungsnetz-abnahme-"))
        run = Acceptance(args, store, work, env=env, users_before=users_before, neo4j_target=target)
        try:
            steps = run.run()
        finally:
            shutil.rmtree(work, ignore_errors=True)
        passed = sum(1 for s in steps if s.passed)
        say()
        say(f"{passed} von {len(steps)} Schritten bestanden" + ("." if passed == len(steps) else " – siehe ✘ oben."))
        failed = [s.key for s in steps if not s.passed]
        if failed:
            say(f"Nicht bestanden: Schritt {', '.join(failed)}.")
        say(f"Versionen: {versions(store)}")
        say(f"Dauer: {time.monotonic() - started:.0f} s")
    return EXIT_PASSED if not failed else EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
