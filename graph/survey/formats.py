"""Reading survey answers: the Bildungsnetz answer table and LimeSurvey's CSV export.

Both are read with the checks of every import (:func:`graph.io.reader.read_table`:
CSV with ``;`` or ``,``, UTF-8 with or without BOM or Windows-1252; ``.xlsx``
with its size, zip and macro checks) and validated cell by cell with the
import's parsers; every error names file, row and column, and a file with
an error is refused as a whole.

**Answer table** (one row per named partner; worksheet ``Antworten`` or the
first one; template ``data/templates/befragung-antworten.csv``):

=========================  ==============================================================
column                     content
=========================  ==============================================================
Befragte Organisation *    the answering organisation: its name or its ID in the inventory
Partner *                  the partner as typed (free text, or an ID); empty: the
                           organisation answered and named no partner (it counts for
                           the response rate; then the partner columns stay empty)
Intensität                 1–4 or the label (anlassbezogen/selten … wöchentlich oder öfter)
Arten                      cooperation types, comma-separated (keys or labels)
Seit                       since when (``2024-03-01``, ``01.03.2024`` or an Excel date)
Gebiet                     optional hint: the partner's area (name or ID)
Typ                        optional hint: the partner's actor type (key or label)
Runde                      optional: the survey round's name (``--runde`` wins)
=========================  ==============================================================

**LimeSurvey** (Antworten exportieren › CSV, "Fragecode" as the heading; one
row per response): the question codes are, by default, ``ORG`` (the
organisation, name or ID; a token attribute exported as ``ORG`` does as well)
and, for partner *n* = 1, 2, …, ``PARTNERn`` (short text), ``INTn``
(intensity), ``ARTn`` (types), ``SEITn`` (since), ``GEBIETn`` and ``TYPn``
(hints). LimeSurvey's sub-question form ``PARTNER[SQ001]`` or ``PARTNER[1]``
is read as partner 1 as well. Other codes can be given with ``codes``
(``{"ORG": "EINRICHTUNG", "PARTNER": "P"}``; CLI ``--code ORG=EINRICHTUNG``).
Responses without ``submitdate`` (not finished) are left out with a note; a
finished response without any partner counts as an answer without partners.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import model
from graph.errors import DataError
from graph.io.problems import Problem, column_letter
from graph.io.reader import RawTable, read_table
from graph.io.validate import CellError, clean_text, parse_cell

_COOP = model.SHEET_BY_REL["COOPERATES_WITH"]

#: The answer table's columns (the parsing of Intensität, Arten, Seit is that of ``Kooperationen``).
SURVEY_SHEET = model.Sheet(
    "Antworten",
    columns=(
        model.Column("Befragte Organisation", "respondent", "text", required=True),
        model.Column("Partner", "partner", "text", required=True),
        model.Column("Intensität", "intensity", "vocab", vocab="intensity"),
        model.Column("Arten", "types", "vocab_list", vocab="cooperation_type"),
        model.Column("Seit", "since", "date"),
        model.Column("Gebiet", "area", "text"),
        model.Column("Typ", "actor_type", "vocab", vocab="actor_type"),
        model.Column("Runde", "round", "text"),
    ),
)
#: A LimeSurvey export read as one table without required columns.
LIMESURVEY_SHEET = model.Sheet("LimeSurvey", columns=())

#: LimeSurvey question codes by the field they carry (``respondent`` once, the others per partner).
DEFAULT_CODES: Mapping[str, str] = {
    "respondent": "ORG",
    "partner": "PARTNER",
    "intensity": "INT",
    "types": "ART",
    "since": "SEIT",
    "area": "GEBIET",
    "actor_type": "TYP",
}
#: The keys of ``codes`` people write (``ORG=…``) and the field each stands for.
CODE_NAMES: Mapping[str, str] = {code: name for name, code in DEFAULT_CODES.items()}


@dataclass(frozen=True)
class Answer:
    """One named partner of one respondent, as read: texts as typed, fields parsed.

    ``fields`` holds ``intensity`` (int), ``types`` (list of keys), ``since``
    (date) where given; ``area`` and ``actor_type`` are hints about the
    partner; ``cells`` maps each field to the column it came from (for messages).
    """

    file: str
    row: int
    respondent: str
    partner: str
    fields: Mapping[str, Any]
    area: str | None = None
    actor_type: str | None = None
    round_name: str | None = None
    cells: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Answers:
    """What a file held: its answers, its kind (``umfrage`` or ``limesurvey``) and the notes met reading it."""

    source: str
    answers: tuple[Answer, ...]
    notes: tuple[Problem, ...]


def _column(name: str) -> model.Column:
    return SURVEY_SHEET.column(name)


def _parse(name: str, value: Any, problems: list[Problem], where: tuple[str, int, str, str | None]) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_cell(_column(name), value)
    except CellError as exc:
        file, row, header, letter = where
        problems.append(Problem(file, row, header, str(exc), letter=letter))
        return None


def _answer(
    file: str, row: int, values: Mapping[str, tuple[Any, str, str | None]], problems: list[Problem]
) -> Answer | None:
    """One answer from (field -> (cell, header, letter)); problems go to ``problems``."""
    parsed: dict[str, Any] = {}
    for name, (value, header, letter) in values.items():
        parsed[name] = _parse(name, value, problems, (file, row, header, letter))
    respondent, partner = parsed.get("respondent"), parsed.get("partner") or ""

    def where(name: str) -> tuple[str, str | None]:
        return (values[name][1], values[name][2]) if name in values else (_column(name).header, None)

    if not respondent:
        problems.append(
            Problem(file, row, where("respondent")[0], "Pflichtangabe fehlt.", letter=where("respondent")[1])
        )
        return None
    if not partner:
        given = [n for n in ("intensity", "types", "since", "area", "actor_type") if parsed.get(n) not in (None, [])]
        if given:
            header, letter = where("partner")
            problems.append(
                Problem(
                    file,
                    row,
                    header,
                    "Angaben zu einem Partner ohne seinen Namen; bitte den Partner eintragen oder die Angaben "
                    "löschen (eine Zeile ohne Partner heißt: geantwortet, keinen Partner genannt).",
                    letter=letter,
                )
            )
            return None
    fields = {k: parsed[k] for k in ("intensity", "types", "since") if parsed.get(k) not in (None, [])}
    return Answer(
        file,
        row,
        str(respondent),
        str(partner),
        fields,
        parsed.get("area"),
        parsed.get("actor_type"),
        parsed.get("round"),
        {name: (header, letter) for name, (_, header, letter) in values.items()},
    )


def _survey(table: RawTable, problems: list[Problem]) -> list[Answer]:
    file = table.source
    index = {model.fold(h): i for i, h in reversed(list(enumerate(table.headers))) if h}
    columns: dict[str, int] = {}
    for column in SURVEY_SHEET.columns:
        position = index.get(model.fold(column.header))
        if position is None and column.header == "Intensität":
            position = index.get(model.fold("Intensitaet"))
        if position is not None:
            columns[column.field] = position
        elif column.required:
            problems.append(
                Problem(file, table.header_row, column.header, f"Die Pflichtspalte „{column.header}“ fehlt.")
            )
    known = {model.fold(c.header) for c in SURVEY_SHEET.columns} | {"intensitaet"}
    for i, header in enumerate(table.headers):
        if header and model.fold(header) not in known:
            problems.append(
                Problem(
                    file,
                    table.header_row,
                    header,
                    "Unbekannte Spalte; sie wird nicht übernommen.",
                    "Hinweis",
                    letter=column_letter(i + 1),
                )
            )
    if any(p.severity == "Fehler" for p in problems):
        return []
    out = []
    for row, cells in table.rows:
        values = {name: (cells[pos], table.headers[pos], column_letter(pos + 1)) for name, pos in columns.items()}
        answer = _answer(file, row, values, problems)
        if answer is not None:
            out.append(answer)
    return out


def _code_pattern(code: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(code)}(?:(\d+)|\[(?:SQ)?0*(\d+)\])$", re.IGNORECASE)


def is_limesurvey(headers: list[str], codes: Mapping[str, str] | None = None) -> bool:
    """Whether a table's headers are those of a LimeSurvey export (``submitdate`` or partner question codes)."""
    wanted = {**DEFAULT_CODES, **(codes or {})}
    partner = _code_pattern(wanted["partner"])
    folded = {h.strip().lower() for h in headers if h}
    return "submitdate" in folded or any(partner.match(h.strip()) for h in headers if h)


def _limesurvey(table: RawTable, codes: Mapping[str, str], problems: list[Problem]) -> list[Answer]:
    file = table.source
    wanted = {**DEFAULT_CODES, **codes}
    org: int | None = None
    per_partner: dict[int, dict[str, int]] = {}
    patterns = {name: _code_pattern(code) for name, code in wanted.items() if name != "respondent"}
    submit: int | None = None
    for i, header in enumerate(table.headers):
        text = header.strip()
        if text.lower() == "submitdate":
            submit = i
        if text.lower() == wanted["respondent"].lower():
            org = i
            continue
        for name, pattern in patterns.items():
            if m := pattern.match(text):
                per_partner.setdefault(int(m.group(1) or m.group(2)), {})[name] = i
    if org is None:
        problems.append(
            Problem(
                file,
                table.header_row,
                wanted["respondent"],
                f"Die Spalte „{wanted['respondent']}“ (befragte Organisation) fehlt; bitte beim Export "
                "„Fragecode“ als Überschrift wählen oder den Fragecode angeben.",
            )
        )
    if not any("partner" in cols for cols in per_partner.values()):
        problems.append(
            Problem(
                file,
                table.header_row,
                f"{wanted['partner']}1",
                f"Keine Spalte für genannte Partner ({wanted['partner']}1, {wanted['partner']}2 …) gefunden.",
            )
        )
    if org is None or any(p.severity == "Fehler" for p in problems):
        return []
    out: list[Answer] = []
    skipped = []
    for row, cells in table.rows:
        if submit is not None and clean_text(cells[submit]) is None:
            skipped.append(row)
            continue
        before = len(out)
        for number in sorted(per_partner):
            cols = per_partner[number]
            if "partner" not in cols or clean_text(cells[cols["partner"]]) is None:
                others = [name for name, pos in cols.items() if clean_text(cells[pos]) is not None]
                if others:
                    pos = cols[others[0]]
                    problems.append(
                        Problem(
                            file,
                            row,
                            table.headers[pos],
                            f"Angaben zu Partner {number} ohne Namen des Partners; sie werden nicht übernommen.",
                            "Hinweis",
                            letter=column_letter(pos + 1),
                        )
                    )
                continue
            values = {"respondent": (cells[org], table.headers[org], column_letter(org + 1))}
            values.update(
                {name: (cells[pos], table.headers[pos], column_letter(pos + 1)) for name, pos in cols.items()}
            )
            answer = _answer(file, row, values, problems)
            if answer is not None:
                out.append(answer)
        if len(out) == before:  # answered, named no partner: it counts for the response rate
            alone = _answer(
                file, row, {"respondent": (cells[org], table.headers[org], column_letter(org + 1))}, problems
            )
            if alone is not None:
                out.append(alone)
    if skipped:
        problems.append(
            Problem(
                file,
                skipped[0],
                "submitdate",
                f"{len(skipped)} nicht abgeschlossene Antwort(en) ohne Abgabedatum werden nicht übernommen.",
                "Hinweis",
            )
        )
    return out


def read_answers(path: Path, *, codes: Mapping[str, str] | None = None) -> Answers:
    """Read and validate a survey file: the answer table or a LimeSurvey CSV export (recognised by its headers).

    Parameters
    ----------
    path : Path
        A ``.csv`` or ``.xlsx`` file.
    codes : Mapping, optional
        LimeSurvey question codes other than :data:`DEFAULT_CODES`, by their
        default code (``{"ORG": "EINRICHTUNG"}``) or field name.

    Returns
    -------
    Answers
        Every answer with its row, and the notes (Hinweise).

    Raises
    ------
    DataError
        If the file cannot be read, or any cell or column is in error: the
        problems name file, row and column; nothing is returned.
    """
    path = Path(path)
    mapped = {CODE_NAMES.get(k.upper(), k): v for k, v in (codes or {}).items()}
    unknown = sorted(set(mapped) - set(DEFAULT_CODES))
    if unknown:
        raise DataError(
            f"Unbekannte Fragecodes: {', '.join(unknown)}; möglich sind {', '.join(DEFAULT_CODES.values())}."
        )
    raw = read_table(path, SURVEY_SHEET)
    problems = list(raw.problems)
    table = raw.tables.get(SURVEY_SHEET.name)
    if table is None:
        problems.append(Problem(path.name, None, None, "Die Datei enthält keine Antworten."))
        raise DataError(f"{path.name}: Die Datei enthält keine Antworten; nichts wurde gespeichert.", problems)
    if is_limesurvey(table.headers, mapped):
        source = "limesurvey"
        answers = _limesurvey(table, mapped, problems)
    else:
        source = "umfrage"
        answers = _survey(table, problems)
    errors = [p for p in problems if p.severity == "Fehler"]
    if errors:
        raise DataError(
            f"{len(errors)} Fehler in {path.name}; nichts wurde gespeichert. Erster Fehler: {errors[0]}", problems
        )
    if not answers:
        raise DataError(
            f"{path.name}: Die Datei enthält keine Antworten; nichts wurde gespeichert.",
            [*problems, Problem(path.name, None, None, "Die Datei enthält keine Antworten.")],
        )
    return Answers(source, tuple(answers), tuple(problems))
