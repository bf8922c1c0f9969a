"""Load the Cypher queries kept in ``queries/``, one query per ``.cypher`` file.

A query file starts with a comment header: the first lines say what the query
does, then every parameter is declared as ``// $name: meaning`` and every
template slot as ``// {name}: label`` or ``// {name}: reltype``. Slots stand for
node labels or relationship types, which Cypher cannot take as parameters; they
are filled only from the model's allow-list and backtick-quoted. The loader
refuses a query whose used and declared parameters (or slots) differ, and an
unknown query name.

Examples
--------
A file ``queries/nodes/count.cypher``::

    // Count the nodes of one label.
    // {label}: label
    MATCH (n:{label}) RETURN count(n) AS count

is used as ``QUERIES.text("nodes/count", label="Actor")``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graph import model
from graph.errors import QueryError

QUERY_DIR = Path(__file__).resolve().parents[2] / "queries"

_PARAM_DECL = re.compile(r"^//\s*\$([A-Za-z_]\w*)\s*:")
_SLOT_DECL = re.compile(r"^//\s*\{([A-Za-z_]\w*)\}\s*:\s*(label|reltype)\b")
_PARAM_USE = re.compile(r"\$([A-Za-z_]\w*)")
_SLOT_USE = re.compile(r"\{([A-Za-z_]\w*)\}")
_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.S)

SlotKind = Literal["label", "reltype"]


@dataclass(frozen=True, eq=False)
class Query:
    """A query read from one file: its name, purpose, parameters, slots and body."""

    name: str
    doc: str
    params: frozenset[str]
    slots: dict[str, SlotKind]
    body: str
    path: Path

    def render(self, **slots: str) -> str:
        """Return the Cypher text with every slot filled from the allow-list.

        Raises
        ------
        QueryError
            If a slot is missing or superfluous, or a value is not allow-listed.
        """
        if set(slots) != set(self.slots):
            raise QueryError(
                f"Abfrage {self.name}: Platzhalter {sorted(self.slots)} erwartet, {sorted(slots)} erhalten."
            )
        text = self.body
        for slot, kind in self.slots.items():
            value = slots[slot]
            try:
                checked = model.check_label(value) if kind == "label" else model.check_rel_type(value)
            except ValueError as exc:
                raise QueryError(f"Abfrage {self.name}: {value!r} ist nicht erlaubt.") from exc
            text = text.replace("{" + slot + "}", f"`{checked}`")
        return text


def parse(name: str, text: str, path: Path) -> Query:
    """Parse the text of a query file and check declared against used parameters.

    Raises
    ------
    QueryError
        If the header is missing, or declared and used parameters or slots differ.
    """
    lines = text.splitlines()
    header: list[str] = []
    for line in lines:
        if line.strip().startswith("//"):
            header.append(line.strip())
        elif line.strip():
            break
    body = "\n".join(lines[len(header) :]).strip()
    doc_lines = [h[2:].strip() for h in header if not (_PARAM_DECL.match(h) or _SLOT_DECL.match(h))]
    declared = {m.group(1) for h in header if (m := _PARAM_DECL.match(h))}
    slots: dict[str, SlotKind] = {m.group(1): m.group(2) for h in header if (m := _SLOT_DECL.match(h))}  # type: ignore[misc]
    if not doc_lines or not body:
        raise QueryError(f"Abfrage {name}: Kopfkommentar mit Zweck oder Abfragetext fehlt ({path}).")
    code = _STRINGS_AND_COMMENTS.sub(" ", body)
    used = set(_PARAM_USE.findall(code))
    used_slots = set(_SLOT_USE.findall(code))
    if used != declared:
        raise QueryError(
            f"Abfrage {name}: verwendete Parameter {sorted(used)} passen nicht zu den deklarierten "
            f"{sorted(declared)} ({path})."
        )
    if used_slots != set(slots):
        raise QueryError(
            f"Abfrage {name}: verwendete Platzhalter {sorted(used_slots)} passen nicht zu den deklarierten "
            f"{sorted(slots)} ({path})."
        )
    return Query(name, " ".join(doc_lines), frozenset(declared), slots, body, path)


class QueryLoader:
    """Read every query below a directory once and hand out checked query texts."""

    def __init__(self, root: Path = QUERY_DIR) -> None:
        self.root = root
        self._queries: dict[str, Query] | None = None
        self._rendered: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}

    @property
    def queries(self) -> dict[str, Query]:
        """All queries by name, parsed on first use."""
        if self._queries is None:
            found: dict[str, Query] = {}
            for path in sorted(self.root.rglob("*.cypher")):
                name = path.relative_to(self.root).with_suffix("").as_posix()
                found[name] = parse(name, path.read_text(encoding="utf-8"), path)
            self._queries = found
        return self._queries

    def get(self, name: str) -> Query:
        """Return query ``name``; raise :class:`QueryError` if there is none."""
        try:
            return self.queries[name]
        except KeyError:
            raise QueryError(f"Unbekannte Abfrage: {name!r}.") from None

    def text(self, name: str, params: dict[str, object] | None = None, **slots: str) -> str:
        """Return the rendered text of query ``name`` after checking ``params`` against its declaration."""
        query = self.get(name)
        if params is not None and set(params) != query.params:
            raise QueryError(f"Abfrage {name}: Parameter {sorted(query.params)} erwartet, {sorted(params)} übergeben.")
        key = (name, tuple(sorted(slots.items())))
        if key not in self._rendered:
            self._rendered[key] = query.render(**slots)
        return self._rendered[key]


QUERIES = QueryLoader()
