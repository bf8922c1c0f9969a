"""Every query in ``queries/`` passes Neo4j's own Cypher front end for Cypher 5 and Cypher 25.

The front end is the npm package ``@neo4j-cypher/language-support`` (Neo4j's parser and semantic
analysis compiled to JavaScript), pinned in ``tools/cypher-lint/package.json`` and driven by
``tools/cypher-lint/lint.mjs``. The queries are rendered through :data:`graph.db.queries.QUERIES`
with their slots filled from the model's allow-list, so the text checked is the text the driver
gets. All queries and the deliberately bad ones below go to one node process per test session.
Any error, warning or deprecation fails.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph import model
from graph.db.queries import QUERIES, Query

ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = ROOT / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
PACKAGE = "@neo4j-cypher/language-support"
VERSIONS = ("5", "25")
QUERY_NAMES = sorted(QUERIES.queries)
CHECK_EVERY_RENDERING = os.environ.get("CYPHER_LINT_ALL") == "1"

# Deliberately bad queries: each must be reported, so that the check cannot pass silently.
# name -> (text, declared parameters)
BAD_QUERIES: dict[str, tuple[str, list[str]]] = {
    "syntax_error": ("MATCH (n:Actor)\nRETRN n", []),
    "unknown_function": ("MATCH (n:Actor)\nRETURN no_such_function(n) AS x", []),
    "plugin_function": ("RETURN apoc.create.uuid() AS x", []),
    "deprecated_id": ("MATCH (n:Actor)\nRETURN id(n) AS x", []),
    "merge_references_itself": ("MERGE (a:Actor {id: 1})-[:RUNS]->(b:Actor {id: a.id})\nRETURN a", []),
    "undeclared_parameter": ("MATCH (n:Actor {id: $id})\nRETURN n.name AS name", []),
    "declared_parameter": ("MATCH (n:Actor {id: $id})\nRETURN n.name AS name", ["id"]),
    "unknown_label": ("MATCH (n:Akteur)\nRETURN n.id AS id", []),
    "unknown_relationship_type": ("MATCH (a:Actor)-[:KNOWS]->(b:Actor)\nRETURN a.id AS id", []),
    "undefined_variable": ("MATCH (n:Actor)\nRETURN m.id AS id", []),
    "colon_disjunction": ("MATCH (a:Actor)-[:RUNS|:PROVIDES]->(b)\nRETURN a.id AS id", []),
}
BAD = "bad/"


@dataclass(frozen=True)
class Variant:
    """One rendering of a query file: the slot values used and the text the driver gets."""

    query: Query
    slots: dict[str, str]
    text: str

    @property
    def key(self) -> str:
        """A unique name for this rendering, e.g. ``nodes/all[label=Actor]``."""
        filled = ",".join(f"{slot}={value}" for slot, value in sorted(self.slots.items()))
        return f"{self.query.name}[{filled}]"


def slot_fillings(query: Query) -> list[dict[str, str]]:
    """Every way the model fills the slots of ``query``.

    A relationship query with slots ``start``, ``end`` and one relationship type gets every
    (type, start label, end label) group the model allows; any other query gets every
    allow-listed value for each slot.
    """
    labels = [*model.NODE_LABELS, *model.INTERNAL_LABELS]
    types = list(model.REL_TYPES)
    rel_slots = [slot for slot, kind in query.slots.items() if kind == "reltype"]
    if (
        len(query.slots) == 3
        and len(rel_slots) == 1
        and query.slots.get("start") == "label"
        and query.slots.get("end") == "label"
    ):
        return [{rel_slots[0]: rel, "start": start, "end": end} for rel, start, end in model.REL_GROUPS]
    names = sorted(query.slots)
    choices = [labels if query.slots[name] == "label" else types for name in names]
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*choices)]


def chosen_fillings(every: bool | None = None) -> dict[str, list[dict[str, str]]]:
    """The slot fillings each query file is checked with.

    Neo4j's semantic analysis takes about 0.1 s a query, so by default the fillings are spread:
    the files with the same slots share the model's fillings round-robin, each file gets at
    least one, and every filling (every label, every relationship type, every allowed
    (type, start, end) group) is checked in at least one file. ``every`` checks every file with
    every filling (default: environment variable ``CYPHER_LINT_ALL=1``).
    """
    if every is None:
        every = CHECK_EVERY_RENDERING
    by_slots: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for name in QUERY_NAMES:
        by_slots.setdefault(tuple(sorted(QUERIES.get(name).slots.items())), []).append(name)
    chosen: dict[str, list[dict[str, str]]] = {}
    for names in by_slots.values():
        fillings = slot_fillings(QUERIES.get(names[0]))
        share = len(fillings) if every else -(-len(fillings) // len(names))
        for index, name in enumerate(names):
            picks = [fillings[(index * share + i) % len(fillings)] for i in range(share)]
            chosen[name] = list({tuple(sorted(p.items())): p for p in picks}.values())
    return chosen


def variants() -> Iterator[Variant]:
    """Every query file rendered with its chosen slot fillings, through ``QUERIES``."""
    for name, fillings in chosen_fillings().items():
        for slots in fillings:
            yield Variant(QUERIES.get(name), slots, QUERIES.text(name, **slots))


def model_property_keys() -> list[str]:
    """The property keys the model declares (``lint.mjs`` adds those the queries use)."""
    keys = {"id", *model.SYSTEM_PROPERTIES}
    for sheet in model.SHEETS:
        keys.update(col.field for col in sheet.columns if col.kind not in ("ref", "ref_list"))
    return sorted(keys)


def schema() -> dict[str, Any]:
    """The database schema the queries are checked against, made from the model."""
    return {
        "labels": [*model.NODE_LABELS, *model.INTERNAL_LABELS, *model.SURVEY_LABELS],
        "relationshipTypes": list(model.REL_TYPES),
        "propertyKeys": model_property_keys(),
    }


def body_line_offset(query: Query) -> int:
    """How many lines of the query file come before the first line of its body."""
    text = query.path.read_text(encoding="utf-8")
    index = text.find(query.body)
    return text[:index].count("\n") if index >= 0 else 0


@dataclass(frozen=True)
class Report:
    """What the front end said: diagnostics per rendering key and Cypher version."""

    package: str
    diagnostics: dict[tuple[str, str], list[dict[str, Any]]]
    variants: dict[str, list[Variant]]


def run_front_end() -> Report:
    """Send every rendered query and every bad query to one node process and read its answer."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node fehlt: die Cypher-Abfragen können nicht mit dem Cypher-Frontend von Neo4j geprüft werden "
            "(sudo apt-get install nodejs npm, dann make cypher-lint-deps)."
        )
    if not (LINT_DIR / "node_modules" / PACKAGE).is_dir():
        pytest.fail(f"{PACKAGE} ist nicht installiert: bitte make cypher-lint-deps ausführen (npm ci in {LINT_DIR}).")
    by_file: dict[str, list[Variant]] = {}
    queries: list[dict[str, Any]] = []
    for variant in variants():
        by_file.setdefault(variant.query.name, []).append(variant)
        queries.append({"name": variant.key, "text": variant.text, "parameters": sorted(variant.query.params)})
    for name, (text, params) in BAD_QUERIES.items():
        queries.append({"name": BAD + name, "text": text, "parameters": params})
    request = {"schema": schema(), "versions": list(VERSIONS), "queries": queries}
    done = subprocess.run(
        [node, str(LINT_SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"Die Cypher-Prüfung (lint.mjs) ist fehlgeschlagen ({done.returncode}):\n{done.stderr}")
    answer = json.loads(done.stdout)
    diagnostics = {(r["name"], r["version"]): r["diagnostics"] for r in answer["results"]}
    return Report(answer["package"], diagnostics, by_file)


@pytest.fixture(scope="session")
def report() -> Report:
    """The front end's answer for all queries, computed once per test session."""
    return run_front_end()


def bad(report: Report, name: str, version: str) -> list[str]:
    """The messages reported for bad query ``name`` under Cypher ``version``."""
    return [d["message"] for d in report.diagnostics[(BAD + name, version)]]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_file_passes_neo4j_front_end_without_errors_warnings_or_deprecations(
    report: Report, name: str, version: str
) -> None:
    found = report.variants.get(name, [])
    assert found, f"{name}: keine Belegung der Platzhalter aus dem Modell"
    problems = []
    for variant in found:
        offset = body_line_offset(variant.query)
        rel = variant.query.path.relative_to(ROOT)
        for d in report.diagnostics[(variant.key, version)]:
            problems.append(
                f"{rel}:{d['line'] + offset}:{d['column']}: Cypher {version} {d['severity']}: {d['message']}"
                f" (Platzhalter {variant.slots or 'keine'})"
            )
    heading = f"Das Cypher-Frontend von Neo4j ({report.package}) meldet:"
    assert not problems, "\n".join([heading, *dict.fromkeys(problems)])


def test_every_query_file_is_checked_and_every_label_type_and_group_in_at_least_one(report: Report) -> None:
    assert set(report.variants) == set(QUERY_NAMES)
    checked = [v for vs in report.variants.values() for v in vs]
    labels = {value for v in checked for slot, value in v.slots.items() if v.query.slots[slot] == "label"}
    types = {value for v in checked for slot, value in v.slots.items() if v.query.slots[slot] == "reltype"}
    groups = {
        (v.slots[slot], v.slots["start"], v.slots["end"])
        for v in checked
        for slot in v.slots
        if v.query.slots[slot] == "reltype" and {"start", "end"} <= set(v.slots)
    }
    assert labels == {*model.NODE_LABELS, *model.INTERNAL_LABELS}
    assert types == set(model.REL_TYPES)
    assert groups == set(model.REL_GROUPS)


def test_the_front_end_is_pinned_to_one_exact_version_used_by_lock_and_install(report: Report) -> None:
    wanted = json.loads((LINT_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"][PACKAGE]
    lock = json.loads((LINT_DIR / "package-lock.json").read_text(encoding="utf-8"))
    assert wanted[0].isdigit() and not any(c in wanted for c in "^~<>*| "), wanted
    assert lock["packages"][f"node_modules/{PACKAGE}"]["version"] == wanted
    assert report.package == f"{PACKAGE}@{wanted}"


@pytest.mark.parametrize("version", VERSIONS)
def test_a_syntax_error_is_reported_with_its_line(report: Report, version: str) -> None:
    found = report.diagnostics[(BAD + "syntax_error", version)]
    assert any("RETRN" in d["message"] and d["line"] == 2 and d["severity"] == "error" for d in found), found


@pytest.mark.parametrize("version", VERSIONS)
def test_an_unknown_function_is_reported(report: Report, version: str) -> None:
    assert any("no_such_function is not present" in m for m in bad(report, "unknown_function", version))


@pytest.mark.parametrize("version", VERSIONS)
def test_a_plugin_function_missing_on_our_engines_is_reported(report: Report, version: str) -> None:
    assert any("apoc.create.uuid is not present" in m for m in bad(report, "plugin_function", version))


@pytest.mark.parametrize("version", VERSIONS)
def test_the_deprecated_id_function_is_reported_as_deprecated(report: Report, version: str) -> None:
    found = report.diagnostics[(BAD + "deprecated_id", version)]
    assert any(d["deprecated"] and "id" in d["message"] for d in found), found


def test_merge_referencing_its_own_node_is_deprecated_in_cypher_5_and_an_error_in_cypher_25(report: Report) -> None:
    five = report.diagnostics[(BAD + "merge_references_itself", "5")]
    twenty_five = report.diagnostics[(BAD + "merge_references_itself", "25")]
    assert any(d["deprecated"] and d["severity"] == "warning" for d in five), five
    assert any(d["severity"] == "error" for d in twenty_five), twenty_five


@pytest.mark.parametrize("version", VERSIONS)
def test_a_parameter_the_query_does_not_declare_is_reported(report: Report, version: str) -> None:
    assert any("Parameter $id is not defined" in m for m in bad(report, "undeclared_parameter", version))
    assert bad(report, "declared_parameter", version) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_label_outside_the_model_is_reported(report: Report, version: str) -> None:
    assert any("Label Akteur is not present" in m for m in bad(report, "unknown_label", version))


@pytest.mark.parametrize("version", VERSIONS)
def test_a_relationship_type_outside_the_model_is_reported(report: Report, version: str) -> None:
    assert any("Relationship type KNOWS is not present" in m for m in bad(report, "unknown_relationship_type", version))


@pytest.mark.parametrize("version", VERSIONS)
def test_the_semantic_analysis_reports_an_undefined_variable(report: Report, version: str) -> None:
    assert any("Variable `m` not defined" in m for m in bad(report, "undefined_variable", version))


@pytest.mark.parametrize("version", VERSIONS)
def test_the_deprecated_colon_between_relationship_types_is_reported(report: Report, version: str) -> None:
    assert any("colon" in m for m in bad(report, "colon_disjunction", version))
