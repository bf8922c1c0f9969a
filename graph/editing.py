"""Mapping the network in the app without IDs: generated ids, name pickers, typed form values, relationship edits.

The pages show names and German labels and hand typed values (vocabulary
keys, dates, lists of ids) to the saves here. Each save turns them into the
text of one row of the exchange format and validates that row exactly as the
import does (:func:`validate_row`), so a message in a form is the message a
file would get, at the same column. IDs are made here, never asked for:

* a new actor, offer, committee, area or Träger gets the slug of its type and
  name (``kita-sonnenschein``; ``kita-sonnenschein-2`` if that is taken);
* a new cooperation gets ``ko-<actor>-<actor>`` (the two ids sorted), with its
  start date or a number appended for a further period of the same pair.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from graph import model
from graph.build import valid_at
from graph.dataset import Dataset, Rel
from graph.db.records import RecordStore
from graph.db.relations import StoredRel, period_text
from graph.errors import ConflictError, DataError
from graph.io.problems import Problem
from graph.io.reader import RawTable, RawWorkbook
from graph.io.validate import MAX_ID_LENGTH, cooperation_id, validate

#: The word a generated id starts with, for labels without a type vocabulary.
ID_PREFIX: Mapping[str, str] = {"Offer": "angebot", "Institution": "traeger", "Person": "person"}
#: The field holding the type of a node, for labels whose ids start with it.
TYPE_FIELD: Mapping[str, str] = {"Actor": "actor_type", "Committee": "committee_type", "Area": "area_type"}
#: Generated ids are cut to about this many characters (at a hyphen).
SLUG_LENGTH = 60


#: Column headers as people read them (the exchange format spells umlauts out).
HEADERS: Mapping[str, str] = {
    "Traeger": "Träger",
    "Traegerart": "Trägerart",
    "Laengengrad": "Längengrad",
    "Gueltig ab": "Gültig ab",
    "Gueltig bis": "Gültig bis",
    "Uebergaenge": "Übergänge",
    "Intensitaet": "Intensität",
    "Bestaetigt": "Bestätigt",
    "Foerderprogramm": "Förderprogramm",
    "Loeschen bis": "Löschen bis",
}


# -- ids -------------------------------------------------------------------------------------------


def slug(text: str, limit: int = SLUG_LENGTH) -> str:
    """Return ``text`` as a readable id part: lower case, umlauts spelled out, hyphens between words.

    Examples
    --------
    >>> slug("Kita Sonnenschein")
    'kita-sonnenschein'
    >>> slug("Grundschule „Am Bürgerpark“ (Musterau)")
    'grundschule-am-buergerpark-musterau'
    >>> slug("Café Crème, Straße 5")
    'cafe-creme-strasse-5'
    """
    folded = unicodedata.normalize("NFKD", model.fold(text)).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if len(words) > limit:
        words = words[:limit].rsplit("-", 1)[0] if "-" in words[:limit] else words[:limit]
    return words


def new_node_id(label: str, fields: Mapping[str, Any], taken: set[str]) -> str:
    """Return a readable id for a new node: the slug of its type and name, with a number if it is taken.

    Examples
    --------
    >>> new_node_id("Actor", {"name": "Kita Sonnenschein", "actor_type": "kita"}, set())
    'kita-sonnenschein'
    >>> new_node_id("Actor", {"name": "Kita Sonnenschein", "actor_type": "kita"}, {"kita-sonnenschein"})
    'kita-sonnenschein-2'
    >>> new_node_id("Area", {"name": "Musterau", "area_type": "gemeinde"}, set())
    'gemeinde-musterau'
    >>> new_node_id("Institution", {"name": "Stadt Musterau"}, set())
    'traeger-stadt-musterau'
    """
    kind = fields.get(TYPE_FIELD.get(label, ""))
    prefix = slug(str(kind)) if kind else ID_PREFIX.get(label, slug(model.NODE_LABELS[label]))
    name = slug(str(fields.get(model.NAME_PROPERTY[label]) or ""))
    if name and (name == prefix or name.startswith(prefix + "-")):
        base = name
    else:
        base = "-".join(part for part in (prefix, name) if part) or "eintrag"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def cooperation_base_id(a: str, b: str) -> str:
    """The id a new cooperation of ``a`` and ``b`` starts from: ``ko-`` and both ids, sorted.

    Very long actor ids give the import's short hashed id instead.

    >>> cooperation_base_id("kita-sonne", "gs-park")
    'ko-gs-park-kita-sonne'
    """
    first, second = sorted((a, b))
    readable = f"ko-{first}-{second}"
    return readable if len(readable) <= MAX_ID_LENGTH - 12 else cooperation_id(a, b)


# -- names instead of ids --------------------------------------------------------------------------


class Places:
    """Where nodes are: the area of each node and the Gemeinde (or the next area up) it belongs to."""

    def __init__(self, ds: Dataset) -> None:
        self.areas = ds.nodes["Area"]
        self.parent = {r.start: r.end for r in ds.rels if r.type == "PART_OF"}
        self.located = {(r.start_label, r.start): r.end for r in ds.rels if r.type == "LOCATED_IN"}

    def area_name(self, area: str | None) -> str:
        """The name of an area ("" for none)."""
        return str(self.areas.get(area or "", {}).get("name", area or ""))

    def gemeinde(self, label: str, node_id: str) -> str:
        """The name of the Gemeinde a node lies in (its own area if none above it is a Gemeinde)."""
        area = self.located.get((label, node_id))
        current, seen = area, set()
        while current is not None and current not in seen:
            if self.areas.get(current, {}).get("area_type") == "gemeinde":
                return self.area_name(current)
            seen.add(current)
            current = self.parent.get(current)
        return self.area_name(area)


def choices(ds: Dataset, label: str) -> dict[str, str]:
    """Node id -> the name a picker shows, sorted by it.

    Where names repeat, the name is followed by what tells the entries apart,
    in brackets: for actors and committees the Gemeinde (then the type and the
    address), for offers the lead provider (then the Gemeinde), for areas their
    type and the area they are part of, for Träger their kind. Only the hints
    that differ are shown; only if none tells them apart, the id is added.
    """
    name_of = model.NAME_PROPERTY[label]
    items = ds.nodes[label]
    names = {nid: str(props.get(name_of) or nid) for nid, props in items.items()}
    repeated = {name for name, n in Counter(names.values()).items() if n > 1}
    places = Places(ds) if repeated else None
    lead: dict[str, str] = {}
    if repeated and label == "Offer":
        actors = ds.nodes["Actor"]
        for rel in ds.rels:
            if rel.type == "PROVIDES" and (rel.props.get("role") == "lead" or rel.end not in lead):
                lead[rel.end] = str(actors.get(rel.start, {}).get("name", rel.start))
    hints: dict[str, list[str]] = {}
    for nid, name in names.items():
        if name not in repeated or places is None:
            continue
        props = items[nid]
        if label in ("Actor", "Committee"):
            found = [places.gemeinde(label, nid), _vocab(TYPE_FIELD[label], props), str(props.get("address") or "")]
        elif label == "Offer":
            found = [lead.get(nid, ""), places.gemeinde(label, nid)]
        elif label == "Area":
            found = [_vocab("area_type", props), places.area_name(places.parent.get(nid))]
        else:
            found = [_vocab("provider_type", props)]
        hints[nid] = found  # positions kept: the same kind of hint stands at the same place
    out = {nid: name for nid, name in names.items() if nid not in hints}
    for name in repeated:
        group = [nid for nid in hints if names[nid] == name]
        width = max((len(hints[n]) for n in group), default=0)
        padded = {n: hints[n] + [""] * (width - len(hints[n])) for n in group}
        telling = [i for i in range(width) if len({padded[n][i] for n in group}) > 1]  # hints that differ
        shown = {n: _with(name, [n]) for n in group}
        for depth in range(1, len(telling) + 1):
            shown = {n: _with(name, [padded[n][i] for i in telling[:depth] if padded[n][i]]) for n in group}
            if len(set(shown.values())) == len(group):
                break
        for n in group:
            if list(shown.values()).count(shown[n]) > 1:
                shown[n] = _with(name, [*(padded[n][i] for i in telling if padded[n][i]), n])
        out.update(shown)
    return dict(sorted(out.items(), key=lambda kv: (model.fold(kv[1]), kv[0])))


def _with(name: str, hints: list[str]) -> str:
    return f"{name} ({', '.join(hints)})" if hints else name


def _vocab(field: str, props: Mapping[str, Any]) -> str:
    value = props.get(field)
    return model.vocab_label(field, value) if value else ""


# -- form values -----------------------------------------------------------------------------------


def form_fields(ds: Dataset, label: str, node_id: str) -> dict[str, Any]:
    """One node as typed form values: field -> value (vocabulary keys, dates, ids, lists of them).

    The relationships its row owns are included as ids (``area``,
    ``institution``; ``providers`` lead first).
    """
    sheet = model.SHEET_BY_LABEL[label]
    props = ds.nodes[label].get(node_id)
    if props is None:
        raise DataError(f"{model.NODE_LABELS[label]} „{node_id}“ gibt es nicht (mehr).")
    fields: dict[str, Any] = {"id": node_id, **props}
    for owned in model.OWNED_RELS:
        if owned.owner != label:
            continue
        linked = [
            (r.end if owned.owner_is_start else r.start, r.props.get("role"))
            for r in ds.rels
            if r.group == (owned.type, owned.start, owned.end)
            and (r.start if owned.owner_is_start else r.end) == node_id
        ]
        if owned.column.kind == "ref_list":
            linked.sort(key=lambda item: item[1] != owned.column.role)
            fields[owned.column.field] = [other for other, _ in linked]
        elif linked:
            fields[owned.column.field] = linked[0][0]
    return {c.field: fields[c.field] for c in sheet.columns if c.field in fields}


def display_rows(ds: Dataset, label: str, node_id: str) -> list[tuple[str, str]]:
    """One node's filled fields as (field name, value in words): names for references, labels for vocabularies.

    The ID is left out (a profile shows it apart).
    """
    fields = form_fields(ds, label, node_id)
    rows = []
    for column in model.SHEET_BY_LABEL[label].columns:
        value = fields.get(column.field)
        if column.kind == "id" or value in (None, "", []):
            continue
        if column.kind in ("ref", "ref_list"):
            names = choices(ds, str(column.target))
            text = ", ".join(names.get(str(v), str(v)) for v in (value if isinstance(value, list) else [value]))
        elif column.kind in ("vocab", "vocab_list"):
            text = _labels(str(column.vocab), value if isinstance(value, list) else [value])
        elif isinstance(value, dt.date):
            text = f"{value:%d.%m.%Y}"
        else:
            text = field_text(column, value)
        rows.append((HEADERS.get(column.header, column.header), text))
    return rows


def relation_fields(rel: Rel) -> dict[str, Any]:
    """One cooperation or membership as typed form values (field -> value), endpoints included."""
    sheet = model.SHEET_BY_REL[rel.type]
    return {**rel.props, str(sheet.start): rel.start, str(sheet.end): rel.end}


def field_text(column: model.Column, value: Any) -> str:
    """One typed value as the text of an exchange-format cell (what the validator reads).

    >>> field_text(model.SHEET_BY_LABEL["Actor"].column("lat"), 52.125)
    '52,125'
    >>> field_text(model.SHEET_BY_REL["COOPERATES_WITH"].column("since"), dt.date(2024, 3, 1))
    '2024-03-01'
    """
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value).strip() if column.kind != "vocab" else str(value)


def cells(sheet: model.Sheet, fields: Mapping[str, Any]) -> dict[str, str]:
    """Typed form values as one row of ``sheet``: header -> text."""
    return {c.header: field_text(c, fields.get(c.field)) for c in sheet.columns}


# -- validating and saving ---------------------------------------------------------------------------

#: The "sheet" a form's problems name.
FORM_SOURCE = "Formular"
#: How often a save picks the next free id when someone else just took the one it chose.
SAVE_ATTEMPTS = 3


def validate_row(sheet: model.Sheet, values: Mapping[str, str], known_ids: Mapping[str, Iterable[str]]) -> Dataset:
    """Validate ``values`` (header -> text) as the only row of ``sheet`` exactly as the import does.

    A one-row raw table goes through :func:`graph.io.validate.validate`, so a
    form gets the file's messages at the same columns: a cooperation of an
    actor with itself, an unknown reference, an end date before the start.

    Raises
    ------
    DataError
        With the problems (column and German message) if any value is invalid.
    """
    headers = [c.header for c in sheet.columns]
    row = [values.get(h, "") or None for h in headers]
    table = RawTable(sheet, FORM_SOURCE, headers, header_row=1, rows=[(2, row)])
    known = {k: set(v) for k, v in known_ids.items()}
    result = validate(RawWorkbook({sheet.name: table}, []), known)
    problems = [
        p
        for p in result.problems
        if p.severity == "Fehler" and not (p.source == "Akteure" and "Pflichtblatt" in p.message)
    ]
    if problems:
        raise DataError(
            "Bitte die markierten Angaben korrigieren.",
            [Problem(FORM_SOURCE, None, p.column, p.message, p.severity) for p in problems],
        )
    return result.dataset


def parse_relation(rel_type: str, values: Mapping[str, str], known_ids: Mapping[str, Iterable[str]]) -> Rel:
    """Validate one cooperation or membership (header -> text) as a row of ``Kooperationen``/``Mitgliedschaften``.

    Raises
    ------
    DataError
        With the problems (column and German message) if any value is invalid.
    """
    ds = validate_row(model.SHEET_BY_REL[rel_type], values, known_ids)
    return next(r for r in ds.rels if r.type == rel_type)


def _parse_node(
    label: str, values: Mapping[str, str], known_ids: Mapping[str, Iterable[str]]
) -> tuple[str, dict[str, Any], list[Rel]]:
    ds = validate_row(model.SHEET_BY_LABEL[label], values, known_ids)
    node_id, props = next(iter(ds.nodes[label].items()))
    return node_id, props, list(ds.rels)


def save_record(
    store: RecordStore,
    label: str,
    fields: Mapping[str, Any],
    *,
    node_id: str | None = None,
    expected_version: int | None = None,
) -> str:
    """Validate and save one node from typed form values; a new node gets a generated id.

    Parameters
    ----------
    store : RecordStore
        The store acting for the person saving (the role is checked there).
    label : str
        The kind of node.
    fields : mapping
        Field -> typed value; ``id`` is ignored.
    node_id, expected_version : str and int, optional
        The node to update and the version the editor started from; both
        None to create one.

    Returns
    -------
    str
        The id of the saved node.

    Raises
    ------
    DataError
        With a problem per refused field (at its column header).
    ConflictError
        If the node changed meanwhile.
    """
    sheet = model.SHEET_BY_LABEL[label]
    for _attempt in range(SAVE_ATTEMPTS):
        known = store.ids()
        chosen = node_id or new_node_id(label, fields, known[label])
        row = cells(sheet, {**fields, "id": chosen})
        new_id, props, owned = _parse_node(label, row, known)
        try:
            store.save_node(label, new_id, props, owned, expected_version if node_id else None)
        except ConflictError:
            if node_id is None and store.node_version(label, new_id) is not None:
                continue  # someone created a node with this id a moment ago: take the next number
            raise
        return new_id
    raise ConflictError("Gleichzeitig wurden mehrere gleichnamige Einträge angelegt; bitte erneut speichern.")


def create_relation(store: RecordStore, rel_type: str, fields: Mapping[str, Any]) -> Rel:
    """Validate and create one cooperation (its id generated) or membership from typed form values.

    Raises
    ------
    DataError
        At the field: a cooperation with itself, unknown actors, dates out of
        order, a period overlapping another cooperation of the pair (naming it),
        a membership that exists already.
    """
    sheet = model.SHEET_BY_REL[rel_type]
    values = dict(fields)
    if model.REL_TYPES[rel_type].keyed:
        a, b = str(values.get(str(sheet.start)) or ""), str(values.get(str(sheet.end)) or "")
        values["id"] = cooperation_base_id(a, b) if a and b else ""
    rel = parse_relation(rel_type, cells(sheet, values), store.ids())
    return store.create_relation(rel)


def update_relation(store: RecordStore, stored: StoredRel, fields: Mapping[str, Any], *, action: str = "update") -> int:
    """Validate and save changed values of a stored cooperation or membership (endpoints and id stay).

    Raises
    ------
    ConflictError
        If someone else changed it since ``stored`` was read.
    DataError
        At the field, as :func:`create_relation`.
    """
    sheet = model.SHEET_BY_REL[stored.rel.type]
    values = {**fields, **_identity(stored.rel)}
    rel = parse_relation(stored.rel.type, cells(sheet, values), store.ids())
    return store.update_relation(rel, stored.version, action=action)


def end_relation(store: RecordStore, stored: StoredRel, until: dt.date | None) -> int:
    """End a cooperation or membership on ``until`` (its last day): it stays, with its end date, as history.

    Raises
    ------
    DataError
        If no date is given or it lies before the start (message at „Bis“).
    """
    if until is None:
        sheet = model.SHEET_BY_REL[stored.rel.type]
        header = sheet.column("until").header
        message = "Bitte das Datum angeben, an dem sie endet (der letzte gemeinsame Tag)."
        raise DataError(message, [Problem(FORM_SOURCE, None, header, message)])
    return update_relation(store, stored, {**relation_fields(stored.rel), "until": until}, action="end")


def delete_relation(store: RecordStore, stored: StoredRel) -> None:
    """Delete a cooperation or membership for good (for a wrong entry; ending keeps the history).

    Raises
    ------
    ConflictError
        If someone else changed it since ``stored`` was read.
    """
    store.delete_relation(stored.rel, stored.version)


def _identity(rel: Rel) -> dict[str, Any]:
    sheet = model.SHEET_BY_REL[rel.type]
    out: dict[str, Any] = {str(sheet.start): rel.start, str(sheet.end): rel.end}
    if "id" in rel.props:
        out["id"] = rel.props["id"]
    return out


def create_cooperation(store: RecordStore, a: str, b: str, values: Mapping[str, Any]) -> str:
    """Record a new cooperation of actors ``a`` and ``b`` from typed values (``intensity``, ``types``, ``since`` …).

    The same path as the Kooperationen page (:func:`create_relation`); returns the generated id.
    """
    return str(create_relation(store, "COOPERATES_WITH", {**values, "actor_a": a, "actor_b": b}).props["id"])


# -- tables for the profiles -------------------------------------------------------------------------

#: Headers of the relationship tables (the hidden id columns stay English).
PERIOD_COLUMNS = ("Seit", "Bis", "Am Stichtag")


def state_on(props: Mapping[str, Any], as_of: dt.date) -> str:
    """Whether a cooperation or membership holds on ``as_of``, in words."""
    since, until = props.get("since"), props.get("until")
    if until is not None and until < as_of:
        return f"beendet am {until:%d.%m.%Y}"
    if since is not None and since > as_of:
        return f"beginnt am {since:%d.%m.%Y}"
    return "besteht"


def _date(value: Any) -> str:
    return f"{value:%d.%m.%Y}" if isinstance(value, dt.date) else ""


def _labels(vocab: str, values: Any) -> str:
    return ", ".join(model.vocab_label(vocab, v) for v in values or [])


def _cooperation_row(rel: Rel, as_of: dt.date) -> dict[str, Any]:
    p = rel.props
    return {
        "Arten": _labels("cooperation_type", p.get("types")),
        "Intensität": model.vocab_label("intensity", p["intensity"]) if p.get("intensity") else "",
        "Formalisierung": model.vocab_label("formality", p["formality"]) if p.get("formality") else "",
        "Seit": _date(p.get("since")),
        "Bis": _date(p.get("until")),
        "Am Stichtag": state_on(p, as_of),
    }


def partners(ds: Dataset, actor: str, as_of: dt.date) -> pd.DataFrame:
    """The cooperations of one actor, one row each (a pair's earlier periods too), partner by name.

    Columns: ``id`` (of the cooperation), ``partner`` (its id), Partner,
    Arten, Intensität, Formalisierung, Seit, Bis, Am Stichtag.
    """
    names = choices(ds, "Actor")
    rows: list[tuple[str, dt.date, dict[str, Any]]] = []
    for rel in ds.rels:
        if rel.type != "COOPERATES_WITH" or actor not in (rel.start, rel.end):
            continue
        other = rel.end if rel.start == actor else rel.start
        row = {"id": rel.props["id"], "partner": other, "Partner": names.get(other, other)}
        rows.append(
            (model.fold(row["Partner"]), rel.props.get("since") or dt.date.min, {**row, **_cooperation_row(rel, as_of)})
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    columns = ["id", "partner", "Partner", "Arten", "Intensität", "Formalisierung", *PERIOD_COLUMNS]
    return pd.DataFrame([r[2] for r in rows], columns=columns)


def cooperations(ds: Dataset, as_of: dt.date, *, search: str = "") -> pd.DataFrame:
    """Every cooperation with both actors by name, optionally searched (names, types, words of the period).

    Columns: ``id``, Akteur A, Akteur B, Arten, Intensität, Formalisierung, Seit, Bis, Am Stichtag.
    """
    names = choices(ds, "Actor")
    rows = [
        {
            "id": rel.props["id"],
            "Akteur A": names.get(rel.start, rel.start),
            "Akteur B": names.get(rel.end, rel.end),
            **_cooperation_row(rel, as_of),
        }
        for rel in ds.rels
        if rel.type == "COOPERATES_WITH"
    ]
    columns = ["id", "Akteur A", "Akteur B", "Arten", "Intensität", "Formalisierung", *PERIOD_COLUMNS]
    table = pd.DataFrame(rows, columns=columns)
    if search.strip():
        needle = model.fold(search)
        shown = table.drop(columns=["id"]).astype(str).map(model.fold)
        table = table[shown.apply(lambda col: col.str.contains(needle, regex=False)).any(axis=1)]
    return table.sort_values(["Akteur A", "Akteur B"], key=lambda s: s.map(model.fold)).reset_index(drop=True)


def memberships(ds: Dataset, as_of: dt.date, *, actor: str | None = None, committee: str | None = None) -> pd.DataFrame:
    """The memberships of one actor (``actor``) or of one committee (``committee``), the other side by name.

    Columns: ``actor``, ``committee`` (ids), Gremium or Akteur, Rolle, Seit, Bis, Am Stichtag.
    """
    side = "Gremium" if actor is not None else "Akteur"
    names = choices(ds, "Committee" if actor is not None else "Actor")
    rows = []
    for rel in ds.rels:
        if rel.type != "MEMBER_OF" or (actor is not None and rel.start != actor):
            continue
        if committee is not None and rel.end != committee:
            continue
        other = rel.end if actor is not None else rel.start
        p = rel.props
        rows.append(
            {
                "actor": rel.start,
                "committee": rel.end,
                side: names.get(other, other),
                "Rolle": model.vocab_label("member_role", p["role"]) if p.get("role") else "",
                "Seit": _date(p.get("since")),
                "Bis": _date(p.get("until")),
                "Am Stichtag": state_on(p, as_of),
            }
        )
    table = pd.DataFrame(rows, columns=["actor", "committee", side, "Rolle", *PERIOD_COLUMNS])
    return table.sort_values(side, key=lambda s: s.map(model.fold)).reset_index(drop=True)


def offers_of(ds: Dataset, actor: str, as_of: dt.date) -> pd.DataFrame:
    """The offers an actor provides: Angebot, Rolle, Bildungsbereich, Zielgruppen, and whether valid on ``as_of``."""
    offers = ds.nodes["Offer"]
    rows = []
    for rel in ds.rels:
        if rel.type == "PROVIDES" and rel.start == actor and rel.end in offers:
            p = offers[rel.end]
            rows.append(
                {
                    "id": rel.end,
                    "Angebot": p.get("title", rel.end),
                    "Rolle": model.vocab_label("provider_role", rel.props.get("role", "")),
                    "Bildungsbereich": model.vocab_label("education_area", p.get("education_area", "")),
                    "Zielgruppen": _labels("target_group", p.get("target_groups")),
                    "Am Stichtag": "gilt" if valid_at(p, as_of) else "gilt nicht",
                }
            )
    columns = ["id", "Angebot", "Rolle", "Bildungsbereich", "Zielgruppen", "Am Stichtag"]
    return pd.DataFrame(rows, columns=columns).sort_values("Angebot").reset_index(drop=True)


def run_by(ds: Dataset, institution: str) -> pd.DataFrame:
    """The actors a Träger runs: Akteur, Typ, Gemeinde."""
    places = Places(ds)
    actors = ds.nodes["Actor"]
    rows = [
        {
            "id": rel.end,
            "Akteur": actors[rel.end].get("name", rel.end),
            "Typ": model.vocab_label("actor_type", actors[rel.end].get("actor_type", "")),
            "Gemeinde": places.gemeinde("Actor", rel.end),
        }
        for rel in ds.rels
        if rel.type == "RUNS" and rel.start == institution and rel.end in actors
    ]
    return pd.DataFrame(rows, columns=["id", "Akteur", "Typ", "Gemeinde"]).sort_values("Akteur").reset_index(drop=True)


def summary(ds: Dataset, label: str, node_id: str) -> str:
    """One line about a node under its name: type, sector, Gemeinde and Träger (actors), type and area (others)."""
    props = ds.nodes[label].get(node_id, {})
    places = Places(ds)
    parts: list[str] = []
    if label in TYPE_FIELD and props.get(TYPE_FIELD[label]):
        parts.append(_vocab(TYPE_FIELD[label], props))
    if label == "Actor":
        if props.get("sector"):
            parts.append(model.vocab_label("sector", props["sector"]))
        runs = next((r.start for r in ds.rels if r.type == "RUNS" and r.end == node_id), None)
        if runs:
            parts.append("Träger: " + str(ds.nodes["Institution"].get(runs, {}).get("name", runs)))
    if label == "Institution" and props.get("provider_type"):
        parts.append(model.vocab_label("provider_type", props["provider_type"]))
    where = places.gemeinde(label, node_id)
    if where:
        parts.append(where)
    if props.get("valid_to") or props.get("valid_from"):
        parts.append("gültig " + period_text(props.get("valid_from"), props.get("valid_to")))
    return " · ".join(parts)
