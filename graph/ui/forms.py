"""Form fields without IDs: German labels for vocabularies, name pickers for references, messages at their field.

Each column of the exchange format (:data:`graph.model.SHEETS`) becomes the
widget that fits its kind; the value read back is typed (a vocabulary key, a
date, an id or a list of them) and goes to :mod:`graph.editing`, which turns it
into a row the import's validator checks. A refused save puts each message
under its field (:class:`FieldErrors`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from graph import editing, model
from graph.dataset import Dataset
from graph.errors import BildungsnetzError, DataError
from graph.io.problems import Problem
from graph.ui import state
from graph.ui.texts import md, t

#: Column headers as a form shows them (the exchange format spells umlauts out).
DISPLAY = dict(editing.HEADERS)

#: Help texts of the form where the exchange format's own speaks of IDs.
HELP = {
    "providers": "Der erste Akteur ist federführend, die weiteren sind Partner.",
    "institution": "Fehlt der Träger in der Liste? Auf der Seite „Träger“ anlegen.",
    "area": "Das genaueste Gebiet (Sozialraum vor Gemeinde). Fehlt es? Auf der Seite „Gebiete“ anlegen.",
    "part_of": "Das Gebiet, zu dem dieses gehört (eine Gemeinde gehört zum Kreis).",
    "reports_to": "Das Gremium, an das dieses berichtet.",
    "reported_by": "Wer die Kooperation genannt hat (bei Befragungen).",
    "since": "Erster gemeinsamer Tag; leer lassen, wenn unbekannt.",
    "until": "Letzter gemeinsamer Tag; leer lassen, solange sie besteht.",
}
LIST_HELP = "Mehrere Einträge mit Komma trennen."

#: The earliest and latest dates a date field offers.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
NONE = "–"


def label_of(column: model.Column, *, required: bool | None = None) -> str:
    """The label of a column's field: its header with umlauts, ``*`` if it must be filled."""
    must = column.required if required is None else required
    return t(DISPLAY.get(column.header, column.header)) + (" *" if must else "")


class FieldErrors:
    """Places under the fields of one form, filled with the messages of a refused save.

    ``aliases`` sends the messages of a column without its own field (the
    fixed side of a relationship) to another field.
    """

    def __init__(self, aliases: Mapping[str, str] | None = None) -> None:
        self.slots: dict[str, Any] = {}
        self.aliases = dict(aliases or {})

    def place(self, header: str, container: Any) -> None:
        """Reserve the place for the messages of column ``header`` in ``container`` (under its field)."""
        self.slots[header] = container.empty()

    def show(self, exc: BildungsnetzError) -> None:
        """Show a refused save: each problem under its field, the rest (and the summary) with ``st.error``."""
        problems: list[Problem] = list(getattr(exc, "problems", None) or [])
        loose: list[Problem] = []
        by_slot: dict[str, list[str]] = {}
        for problem in problems:
            header = self.aliases.get(problem.column or "", problem.column or "")
            if header in self.slots:
                by_slot.setdefault(header, []).append(problem.message)
            else:
                loose.append(problem)
        for header, messages in by_slot.items():
            self.slots[header].error(md(" ".join(messages)))
        if not problems or loose:
            state.show_error(exc if not problems else DataError(str(exc), loose))
        elif str(exc) not in {p.message for p in problems}:  # the summary, unless it is the one message itself
            st.error(md(exc))


def field(
    column: model.Column,
    value: Any,
    *,
    key: str,
    ds: Dataset,
    container: Any = st,
    exclude: frozenset[str] = frozenset(),
    required: bool | None = None,
    label: str | None = None,
) -> Any:
    """Show the widget for one column with ``value`` and return what is entered (typed).

    Vocabularies are select boxes (lists: multiselects) with their German
    labels, references are searchable pickers showing names (``exclude``
    leaves ids out, e.g. the record itself), dates are date fields (empty
    allowed), yes/no is a choice of three (unknown, ja, nein), numbers and
    text are text fields (numbers with decimal comma, as in a file).
    """
    text = label or label_of(column, required=required)
    help_text = HELP.get(column.field) or column.help or None
    must = column.required if required is None else required
    kind = column.kind
    if kind in ("vocab", "vocab_list"):
        vocab = model.VOCABULARIES[str(column.vocab)]
        keys = list(vocab)
        if kind == "vocab_list":
            chosen = [str(v) for v in value or [] if str(v) in vocab]
            return container.multiselect(
                text,
                keys,
                default=chosen,
                format_func=vocab.__getitem__,
                key=key,
                help=help_text,
                placeholder=t("Auswählen"),
                select_all=False,
            )
        current = None if value is None else str(value)
        return _select(container, text, keys, current, vocab.__getitem__, key, help_text, must)
    if kind in ("ref", "ref_list"):
        names = editing.choices(ds, str(column.target))
        options = [nid for nid in names if nid not in exclude]
        if kind == "ref_list":
            chosen = [str(v) for v in value or []]
            options += [v for v in chosen if v not in names]
            return container.multiselect(
                text,
                options,
                default=chosen,
                format_func=lambda n: names.get(n, n),
                key=key,
                help=help_text,
                placeholder=t("Namen eintippen oder auswählen"),
                select_all=False,  # Streamlit's own "Select all" would be the one English word of the form
            )
        if value is not None and value not in names:
            options.append(str(value))
        return _select(container, text, options, value, lambda n: names.get(n, n), key, help_text, must, search=True)
    if kind == "bool":
        words = {True: t("ja"), False: t("nein")}
        return _select(container, text, [True, False], value, words.__getitem__, key, help_text, must)
    if kind == "date":
        return container.date_input(
            text, value=value, min_value=FIRST_DAY, max_value=LAST_DAY, format="DD.MM.YYYY", key=key, help=help_text
        )
    if kind == "text_list":
        help_text = f"{help_text} – {LIST_HELP}" if help_text else LIST_HELP
    return container.text_input(text, value=editing.field_text(column, value), key=key, help=help_text)


def _select(
    container: Any,
    label: str,
    options: list[Any],
    value: Any,
    words: Callable[[Any], str],
    key: str,
    help_text: str | None,
    required: bool,
    *,
    search: bool = False,
) -> Any:
    """A select box; an optional one offers "–" (nothing), a required empty one asks to choose."""
    placeholder = t("Namen eintippen oder auswählen") if search else t("Bitte auswählen")
    if required:
        index = options.index(value) if value in options else None
        return container.selectbox(
            label, options, index=index, format_func=words, key=key, help=help_text, placeholder=placeholder
        )
    choices = [None, *options]
    index = choices.index(value) if value in choices else 0
    return container.selectbox(
        label,
        choices,
        index=index,
        format_func=lambda v: NONE if v is None else words(v),
        key=key,
        help=help_text,
        placeholder=placeholder,
    )


def record_fields(
    label: str, values: Mapping[str, Any], *, key: str, ds: Dataset, errors: FieldErrors, node_id: str | None
) -> dict[str, Any]:
    """Every field of a node's sheet but its ID, two to a row, each with its place for messages."""
    entered: dict[str, Any] = {}
    columns = [c for c in model.SHEET_BY_LABEL[label].columns if c.kind != "id"]
    grid = st.columns(2)
    own = frozenset({node_id}) if node_id else frozenset()
    for i, column in enumerate(columns):
        box = grid[i % 2]
        entered[column.field] = field(
            column, values.get(column.field), key=f"{key}_{column.field}", ds=ds, container=box, exclude=own
        )
        errors.place(column.header, box)
    return entered


def confirm(key: str, ask: str, warning: str, do: str) -> bool:
    """A destructive step in two clicks: ``ask`` opens a warning with ``do`` and "Abbrechen"; True after ``do``."""
    flag = f"{key}_confirming"
    if not st.session_state.get(flag):
        if st.button(ask, key=f"{key}_ask"):
            st.session_state[flag] = True
            st.rerun()
        return False
    st.warning(warning)
    left, right = st.columns(2)
    if right.button(t("Abbrechen"), key=f"{key}_cancel", width="stretch"):
        st.session_state.pop(flag, None)
        st.rerun()
    if left.button(do, key=f"{key}_do", type="primary", width="stretch"):
        st.session_state.pop(flag, None)
        return True
    return False


def forget(prefix: str) -> None:
    """Drop every session value whose key starts with ``prefix`` (a form's versions, values, confirmations)."""
    for name in list(st.session_state):
        if isinstance(name, str) and name.startswith(prefix):
            del st.session_state[name]


def flash(key: str, message: str | None = None) -> None:
    """Remember ``message`` for the next run, or (without one) show the remembered one with ``st.success``."""
    name = f"{key}_flash"
    if message is not None:
        st.session_state[name] = message
    elif shown := st.session_state.pop(name, None):
        st.success(md(shown))
