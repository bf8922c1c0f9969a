"""German tables for everything a user sees: the title of every analysis column and how its values read.

One catalogue, :data:`TABLES`: for each analysis table (the names of
:func:`graph.analysis.summary.summary`) a :class:`Column` per column — German title, what its values are
(text, an id, a count, a measure with its digits, a share, a vocabulary key, yes/no, a date) and a
short help text. The app (``graph.ui.state.table`` and its downloads) and ``bildungsnetz analyse
--format csv`` show tables through it; ``--format json`` keeps the English column names and raw values
for programs (they are the documented API).

The rules, the same everywhere:

- vocabulary keys become their German labels (:data:`graph.model.VOCABULARIES` and the value tables
  below), ``True``/``False`` become „Ja“/„Nein“, a missing value is an empty cell;
- numbers are written with a decimal comma and a point between thousands (:mod:`graph.german`), each
  measure with its own digits (betweenness 3, rates 1, shares as „42 %“), dates as dd.mm.yyyy;
- ids (``id``, ``a``, ``b``, area ids, group keys) move to the end of the table, titled „ID …“.

A table that is no analysis (the problems of an import, entity tables, the audit log) is shown with
the same value rules and its own, already German headers (``kind=None``).

Three outputs:

- :func:`german_frame` — the German frame (titles, labels, Ja/Nein, ids last; numbers stay numbers) and
  :func:`shown`, which adds the German display text of each number as a pandas ``Styler``: the app's
  grid shows the text and still sorts by the number;
- :func:`csv_bytes` — for German Excel: UTF-8 with BOM, ``;``, decimal comma, no thousands point,
  numbers rounded to the digits the app shows (a share as a fraction: 0,43 for 43 %);
- :func:`xlsx_bytes` — real numbers at full precision with Excel number formats that show the app's
  digits (``0.000``, ``0 %``), dates as dates.

Every spreadsheet cell passes :func:`graph.io.export.safe_frame` (no live formula).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from types import MappingProxyType
from typing import Any, Literal

import pandas as pd

from graph import german, model
from graph.analysis.gaps import OFFER_STATUS  # the analysis names its statuses

Kind = Literal["text", "id", "count", "number", "share", "auto", "label", "labels", "flag", "date"]

#: The kinds whose values are numbers or dates (formatted for display; the others are text already).
FORMATTED = frozenset({"count", "number", "share", "auto", "date"})
#: Above this many cells the app shows numbers as text (pandas' Styler, which keeps them sortable,
#: takes about 0.2 s per 10 000 cells and refuses more than 262 144).
STYLER_CELLS = 20_000


@dataclass(frozen=True)
class Column:
    """How one column of a table is shown.

    Attributes
    ----------
    title : str
        The German column title.
    kind : str
        ``text``; ``id`` (shown last); ``count`` (integer); ``number`` (``digits`` after the comma);
        ``share`` (0–1, shown as per cent with ``digits``); ``auto`` (a column of mixed measures:
        integers without digits, below 1 four digits, else two); ``label``/``labels`` (a key, or
        keys joined by ``", "``, of ``values``); ``flag`` (Ja/Nein); ``date`` (dd.mm.yyyy).
    digits : int
        Digits after the decimal comma (``number``, ``share``).
    values : mapping of str to str, optional
        The German labels of the keys of a ``label`` or ``labels`` column (an unknown key is shown as it is).
    help : str
        What the column means, shown when pointing at its title.
    """

    title: str
    kind: Kind = "text"
    digits: int = 0
    values: Mapping[str, str] | None = None
    help: str = ""


def _text(title: str, help: str = "") -> Column:
    return Column(title, "text", help=help)


def _id(title: str = "ID", help: str = "") -> Column:
    return Column(title, "id", help=help or "Kennung des Eintrags wie in der Excel-Liste")


def _count(title: str, help: str = "") -> Column:
    return Column(title, "count", help=help)


def _number(title: str, digits: int, help: str = "") -> Column:
    return Column(title, "number", digits, help=help)


def _share(title: str, digits: int = 0, help: str = "") -> Column:
    return Column(title, "share", digits, help=help)


def _label(title: str, values: Mapping[str, str], help: str = "") -> Column:
    return Column(title, "label", values=values, help=help)


def _flag(title: str, help: str = "") -> Column:
    return Column(title, "flag", help=help)


#: Labels of values that are no vocabulary of the data model.
RISK_KINDS: Mapping[str, str] = MappingProxyType(
    {"articulation": "Schnittpunkt", "bridge": "Brücke", "key_player": "Schlüsselakteur"}
)
CHANGE_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "actor": "Akteur",
        "cooperation": "Kooperation",
        "membership": "Gremiensitz",
        "committee": "Gremium",
        "offer": "Angebot",
        "metric": "Kennzahl",
        "broker": "Brückenakteur",
    }
)
DUPLICATE_KINDS: Mapping[str, str] = MappingProxyType({"offer": "Angebot", "committee": "Gremium", "actor": "Akteur"})


_V = model.VOCABULARIES
_NAME = _text("Akteur")
_EXPLANATION = _text("Erklärung")
_BETWEENNESS = _number(
    "Vermittlung (Betweenness)", 3, "Anteil der kürzesten Wege zwischen anderen Akteuren, die über diesen Akteur laufen"
)
_AREA_ID = _id("Gebiets-ID", "Kennung des Gebiets wie in der Excel-Liste")

#: Every column of every analysis table, in the order of the analysis (see README „Analysen“).
TABLES: Mapping[str, Mapping[str, Column]] = MappingProxyType(
    {
        "centrality": {
            "id": _id(),
            "name": _NAME,
            "degree": _count("Partner", "Zahl der Kooperationspartner"),
            "weighted_degree": _number("Partner nach Intensität", 0, "Summe der Intensitäten (1–4) der Kooperationen"),
            "betweenness": _BETWEENNESS,
            "closeness": _number("Nähe (Closeness)", 3, "Wie nah der Akteur allen anderen ist (0–1)"),
            "pagerank": _number("PageRank", 4, "Gewicht im Netz: Partner, die selbst gut vernetzt sind, zählen mehr"),
            "core_number": _count(
                "k-Kern", "Der Akteur gehört zu einem Kern, in dem jeder mindestens so viele Partner hat"
            ),
        },
        "brokers": {
            "id": _id(),
            "name": _NAME,
            "betweenness": _BETWEENNESS,
            "constraint": _number(
                "Abhängigkeit (Constraint)",
                3,
                "Burts Constraint: hoch, wenn die Partner untereinander eng verbunden sind",
            ),
            "effective_size": _number("Effektive Größe", 1, "Zahl der Partner, die nicht untereinander verbunden sind"),
            "articulation": _flag("Schnittpunkt", "Ohne diesen Akteur zerfiele das Netz in getrennte Teile"),
            "coordinator": _count("Koordinator", "Vermittelte Paare innerhalb der eigenen Gruppe"),
            "consultant": _count("Berater", "Vermittelte Paare einer anderen Gruppe"),
            "gatekeeper": _count("Türöffner", "Vermittelte Paare von außen in die eigene Gruppe"),
            "representative": _count("Vertreter", "Vermittelte Paare aus der eigenen Gruppe nach außen"),
            "liaison": _count("Verbindungsglied", "Vermittelte Paare zwischen zwei anderen Gruppen"),
            "broker_rank": _count("Rang", "Rang als Brückenakteur (1 = wichtigster)"),
            "explanation": _EXPLANATION,
        },
        "risks": {
            "kind": _label("Art", RISK_KINDS),
            "id": _id(),
            "a": _id("ID A"),
            "b": _id("ID B"),
            "name": _text("Akteur oder Kooperation"),
            "cut_off": _count("Abgeschnittene Akteure", "So viele Akteure verlören ohne ihn die Verbindung zum Netz"),
            "fragmentation": _share(
                "Getrennte Paare",
                1,
                "Anteil der Paare von Akteuren, die nach Wegfall dieses und der vorigen getrennt wären",
            ),
            "explanation": _EXPLANATION,
        },
        "communities": {
            "id": _id(),
            "name": _NAME,
            "community": _count("Gemeinschaft Nr.", "Nummer der Gemeinschaft (Übersicht der Gemeinschaften)"),
        },
        "community_summary": {
            "community": _count("Nr."),
            "name": _text("Gemeinschaft"),
            "size": _count("Mitglieder"),
            "dominant_sector": _text("Vorherrschender Sektor"),
            "sector_share": _share("Anteil des Sektors"),
            "dominant_area": _text("Vorherrschendes Gebiet"),
            "area_share": _share("Anteil des Gebiets"),
            "modularity": _number("Beitrag zur Modularität", 3, "Wie viel dichter die Gemeinschaft ist als per Zufall"),
            "explanation": _EXPLANATION,
        },
        "ei_index": {
            "group": _id("Schlüssel", "Schlüssel der Gruppe wie in der Excel-Liste"),
            "label": _text("Gruppe"),
            "actors": _count("Akteure"),
            "internal": _count("Kooperationen innerhalb"),
            "external": _count("Kooperationen nach außen"),
            "ei_index": _number("E-I-Index", 2, "−1: nur innerhalb der Gruppe, +1: nur mit anderen Gruppen"),
            "explanation": _EXPLANATION,
        },
        "gaps": {
            "area": _AREA_ID,
            "area_name": _text("Gebiet"),
            "life_phase": _label("Lebensphase", _V["life_phase"]),
            "target_group": _label("Zielgruppe", _V["target_group"]),
            "offers": _count("Angebote", "Angebote vor Ort und kreisweite zusammen"),
            "local_offers": _count("Angebote vor Ort"),
            "district_offers": _count("Kreisweite Angebote", "Angebote auf Kreisebene, die auch hier gelten"),
            "population": _count("Einwohner"),
            "rate": _number("Angebote je 1.000 Einwohner", 1, "Nur Angebote vor Ort"),
            "status": _label("Befund", MappingProxyType(OFFER_STATUS)),
            "gap": _flag("Lücke"),
            "explanation": _EXPLANATION,
        },
        "transitions": {
            "area": _AREA_ID,
            "area_name": _text("Gebiet"),
            "transition": _label("Übergang", _V["transition"]),
            "actors_a": _count("Abgebende Akteure", "Zum Beispiel Kitas am Übergang Kita → Grundschule"),
            "actors_b": _count("Aufnehmende Akteure", "Zum Beispiel Grundschulen am Übergang Kita → Grundschule"),
            "linked": _count(
                "Davon verbunden", "Abgebende Akteure mit mindestens einer Kooperation zur aufnehmenden Seite"
            ),
            "share": _share("Anteil verbunden"),
            "gap": _flag("Lücke"),
            "explanation": _EXPLANATION,
        },
        "isolates": {
            "id": _id(),
            "name": _NAME,
            "component": _count("Teil des Netzes Nr."),
            "component_size": _count("Akteure in diesem Teil"),
            "explanation": _EXPLANATION,
        },
        "duplicates": {
            "kind": _label("Art", DUPLICATE_KINDS),
            "a": _id("ID A"),
            "b": _id("ID B"),
            "a_name": _text("Eintrag A"),
            "b_name": _text("Eintrag B"),
            "score": _number(
                "Übereinstimmung", 2, "Akteure: Wert 0–1; Angebote: Ähnlichkeit; Gremien: Anteil gemeinsamer Mitglieder"
            ),
            "explanation": _EXPLANATION,
        },
        "missing_links": {
            "a": _id("ID A"),
            "b": _id("ID B"),
            "a_name": _text("Akteur A"),
            "b_name": _text("Akteur B"),
            "score": _number("Stärke der Empfehlung", 2),
            "common_partners": _count("Gemeinsame Partner"),
            "adamic_adar": _number("Adamic-Adar-Wert", 2, "Gemeinsame Partner, wenig vernetzte zählen mehr"),
            "transition": _label("Übergang", _V["transition"]),
            "same_area": _flag("Gleiches Gebiet"),
            "shared_target_groups": Column("Gemeinsame Zielgruppen", "labels", values=_V["target_group"]),
            "joins_communities": _flag(
                "Verbindet Gemeinschaften", "Die beiden Gemeinschaften haben noch keine Kooperation miteinander"
            ),
            "explanation": _EXPLANATION,
        },
        "conference": {
            "table": _count("Tisch"),
            "id": _id(),
            "name": _NAME,
            "community": _text("Gemeinschaft"),
            "reason": _text("Begründung"),
        },
        "change": {
            "kind": _label("Art", CHANGE_KINDS),
            "change": _text("Veränderung"),
            "id": _id(),
            "a": _id("ID A"),
            "b": _id("ID B"),
            "name": _text("Name"),
            "value_from": Column("Vorher", "auto", help="Wert am früheren Stichtag (Kennzahl oder Rang)"),
            "value_to": Column("Nachher", "auto", help="Wert am späteren Stichtag (Kennzahl oder Rang)"),
            "explanation": _EXPLANATION,
        },
    }
)

#: Labels of the values of the committee tables (:mod:`graph.analysis.committees`).
COMMITTEE_STRUCTURE_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "ohne_berichtslinie": "ohne Berichtslinie",
        "zyklus": "Zirkelbezug",
        "verwaist": "verwaist",
        "ohne_mitglieder": "ohne Mitglieder",
    }
)
COVERAGE_KINDS: Mapping[str, str] = MappingProxyType({"transition": "Übergang", "education_area": "Bildungsbereich"})
SIDES: Mapping[str, str] = MappingProxyType({"a": "abgebende Seite", "b": "aufnehmende Seite", "both": "beide Seiten"})
COMMITTEE_CHANGE_KINDS: Mapping[str, str] = MappingProxyType({"committee": "Gremium", "membership": "Gremiensitz"})
_COMMITTEE = _text("Gremium")
_COMMITTEE_ID = _id("Gremiums-ID", "Kennung des Gremiums wie in der Excel-Liste")

#: The tables of the Gremienlandkarte (:func:`graph.analysis.committees.committees_summary`), catalogued under
#: ``committee_<key>`` (:func:`graph.analysis.committees.display_kind`); kept apart from :data:`TABLES`, whose
#: names are those of :func:`graph.analysis.summary.summary`. The membership matrix has a column per committee
#: besides the ones listed (titled by the committee's name).
COMMITTEE_TABLES: Mapping[str, Mapping[str, Column]] = MappingProxyType(
    {
        "committee_tree": {
            "id": _COMMITTEE_ID,
            "name": _COMMITTEE,
            "committee_type": _label("Gremientyp", _V["committee_type"]),
            "size": _count("Mitglieder", "Mitglieder am Stichtag"),
            "chair": _text("Vorsitz"),
            "meetings_per_year": _count("Sitzungen pro Jahr"),
            "themes": _text("Themen"),
            "reports_to": _id("ID berichtet an", "Kennung des Gremiums, an das dieses berichtet"),
            "reports_to_name": _text("Berichtet an"),
            "depth": _count("Ebene", "0 = oberste Ebene, 1 = berichtet an die oberste Ebene …"),
            "area": _AREA_ID,
            "area_name": _text("Gebiet"),
            "in_cycle": _flag("Im Zirkelbezug", "Das Gremium berichtet über andere Gremien an sich selbst"),
            "orphan_of": _id(
                "ID des aufgelösten Gremiums", "Das Gremium berichtet an dieses aufgelöste oder unbekannte Gremium"
            ),
        },
        "committee_structure": {
            "kind": _label("Befund", COMMITTEE_STRUCTURE_KINDS),
            "committees": _id("Gremiums-IDs", "Kennungen der betroffenen Gremien"),
            "names": _text("Gremien"),
            "explanation": _EXPLANATION,
        },
        "committee_transitions": {
            "kind": _label("Art", COVERAGE_KINDS),
            "key": _label("Übergang oder Bildungsbereich", {**_V["transition"], **_V["education_area"]}),
            "committee": _COMMITTEE_ID,
            "committee_name": _COMMITTEE,
            "covered": _flag("Abgedeckt", "Ein Gremium befasst sich laut seinen Themen damit"),
            "side_a": _count(
                "Abgebende Seite",
                "Mitglieder auf der abgebenden Seite des Übergangs; beim Bildungsbereich: Mitglieder aus dem Bereich",
            ),
            "side_b": _count("Aufnehmende Seite", "Mitglieder auf der aufnehmenden Seite des Übergangs"),
            "one_sided": _flag("Einseitig", "Eine Seite des Übergangs fehlt im Gremium"),
            "missing_side": _label("Fehlende Seite", SIDES),
            "finding": _flag("Befund", "Nicht abgedeckt oder einseitig besetzt"),
            "explanation": _EXPLANATION,
        },
        "committee_overlap": {
            "a": _id("ID A"),
            "b": _id("ID B"),
            "a_name": _text("Gremium A"),
            "b_name": _text("Gremium B"),
            "jaccard": _share(
                "Überschneidung", 0, "Gemeinsame Mitglieder geteilt durch alle Mitglieder beider Gremien"
            ),
            "shared": _count("Gemeinsame Mitglieder"),
            "shared_members": _text("Namen der gemeinsamen Mitglieder"),
            "shared_themes": _text("Gemeinsame Themen"),
            "same_area": _flag("Gleiches Gebiet"),
            "same_reporting_line": _flag("Gleiche Berichtslinie", "Beide berichten an dasselbe Gremium"),
            "merge_candidate": _flag(
                "Zusammenlegen prüfen", "Mindestens 60 % gemeinsame Mitglieder und ein gemeinsames Thema"
            ),
            "reasons": _text("Gründe"),
            "explanation": _EXPLANATION,
        },
        "committee_matrix": {
            "id": _id(),
            "name": _NAME,
            "sector": _label("Sektor", _V["sector"]),
            "committees": _count("Zahl der Gremien"),
        },
        "committee_load": {
            "id": _id(),
            "name": _NAME,
            "sector": _label("Sektor", _V["sector"]),
            "committees": _count("Zahl der Gremien"),
            "seats_with_role": _count("Sitze mit Vorsitz oder Geschäftsstelle"),
            "meetings_per_year": _count("Sitzungen pro Jahr", "Summe der Sitzungen aller Gremien des Akteurs"),
            "sector_median": _number(
                "Median des Sektors", 1, "Mittlere Zahl der Gremien der Akteure desselben Sektors mit einem Sitz"
            ),
            "far_above": _flag("Weit über dem Median", "Mindestens doppelt so viele Gremien wie der Median und 4 mehr"),
            "explanation": _EXPLANATION,
        },
        "committee_elsewhere": {
            "id": _COMMITTEE_ID,
            "name": _COMMITTEE,
            "members": _count("Mitglieder"),
            "members_elsewhere": _count(
                "Davon in 3 weiteren Gremien", "Mitglieder mit Sitzen in mindestens 3 anderen Gremien"
            ),
            "share": _share("Anteil"),
            "explanation": _EXPLANATION,
        },
        "committee_sectors": {
            "sector": _label("Sektor", _V["sector"]),
            "committee_type": _label("Gremientyp", _V["committee_type"]),
            "committees": _count("Gremien dieses Typs"),
            "with_sector": _count("Davon mit dem Sektor"),
            "missing": _flag("Sektor fehlt"),
            "explanation": _EXPLANATION,
        },
        "committee_findings": {"finding": _text("Befund")},
        "committee_change": {
            "kind": _label("Art", COMMITTEE_CHANGE_KINDS),
            "change": _text("Veränderung"),
            "committee": _COMMITTEE_ID,
            "committee_name": _COMMITTEE,
            "actor": _id(),
            "actor_name": _NAME,
            "role_from": _label("Rolle vorher", _V["member_role"]),
            "role_to": _label("Rolle nachher", _V["member_role"]),
            "explanation": _EXPLANATION,
        },
    }
)
#: Every catalogued table: the analyses' and the Gremienlandkarte's.
CATALOGUE: Mapping[str, Mapping[str, Column]] = MappingProxyType({**TABLES, **COMMITTEE_TABLES})

#: German names of the downloaded files (without suffix) and of their sheets.
FILE_NAMES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "centrality": ("zentralitaet", "Zentralität"),
        "brokers": ("brueckenakteure", "Brückenakteure"),
        "risks": ("risiken", "Risiken"),
        "communities": ("gemeinschaften", "Gemeinschaften"),
        "community_summary": ("gemeinschaften-uebersicht", "Gemeinschaften"),
        "ei_index": ("e-i-index", "E-I-Index"),
        "gaps": ("angebotsluecken", "Angebotslücken"),
        "transitions": ("uebergaenge", "Übergänge"),
        "isolates": ("abgehaengte-akteure", "Abgehängte Akteure"),
        "duplicates": ("doppelstrukturen", "Doppelstrukturen"),
        "missing_links": ("fehlende-verbindungen", "Fehlende Verbindungen"),
        "conference": ("tischplan", "Tischplan"),
        "change": ("veraenderungen", "Veränderungen"),
        "committee_tree": ("gremien-berichtslinien", "Berichtslinien"),
        "committee_structure": ("gremien-strukturbefunde", "Strukturbefunde"),
        "committee_transitions": ("gremien-uebergaenge", "Übergänge in Gremien"),
        "committee_overlap": ("gremien-ueberschneidungen", "Überschneidungen"),
        "committee_matrix": ("gremien-mitgliedschaften", "Mitgliedschaften"),
        "committee_load": ("gremienlast", "Gremienlast"),
        "committee_elsewhere": ("gremien-mehrfachsitze", "Mehrfachsitze"),
        "committee_sectors": ("gremien-sektoren", "Sektoren in Gremien"),
        "committee_change": ("gremien-veraenderungen", "Gremien: Veränderungen"),
        "committee_findings": ("gremien-befunde", "Gremien: Befunde"),
    }
)

#: Headers of the exchange format that spell umlauts out, as a table shows them.
HEADERS: Mapping[str, str] = MappingProxyType(
    {
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
)


def columns(kind: str) -> Mapping[str, Column]:
    """The catalogue of analysis table ``kind`` (``missing-links`` and ``missing_links`` alike).

    Raises
    ------
    KeyError
        If ``kind`` is no analysis table.
    """
    return CATALOGUE[kind.replace("-", "_")]


def title(kind: str, column: str) -> str:
    """The German title of ``column`` of analysis table ``kind``.

    Examples
    --------
    >>> title("brokers", "effective_size")
    'Effektive Größe'
    >>> title("missing-links", "a")
    'ID A'
    """
    return columns(kind)[column].title


# -- values -------------------------------------------------------------------------------------


def missing(value: Any) -> bool:
    """Whether ``value`` is missing (None, NaN, NA, NaT) — shown as an empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def auto_digits(value: float) -> int:
    """Digits of a value in a column of mixed measures: integers none, below 1 four, else two.

    Examples
    --------
    >>> auto_digits(412.0), auto_digits(0.008646), auto_digits(3.5534)
    (0, 4, 2)
    """
    if float(value).is_integer():
        return 0
    return 4 if abs(value) < 1 else 2


def cell(value: Any, column: Column, *, grouping: bool = True) -> str:
    """One value as the table shows it (``grouping=False``: without the thousands point, for CSV).

    Examples
    --------
    >>> cell(0.393002841, TABLES["brokers"]["betweenness"])
    '0,393'
    >>> cell(0.4256, TABLES["transitions"]["share"])
    '43 %'
    >>> cell(180000, TABLES["gaps"]["population"])
    '180.000'
    >>> cell(True, TABLES["gaps"]["gap"]), cell(None, TABLES["risks"]["name"])
    ('Ja', '')
    >>> cell("kita_grundschule", TABLES["transitions"]["transition"])
    'Kita → Grundschule'
    >>> cell(dt.date(2026, 10, 1), Column("Gültig ab", "date"))
    '01.10.2026'
    """
    if missing(value):
        return ""
    kind = column.kind
    if kind in ("count", "number", "auto", "share") and not isinstance(value, (bool, str)):
        number = float(value)
        if kind == "share":
            return german.percent(number, column.digits)
        digits = 0 if kind == "count" else auto_digits(number) if kind == "auto" else column.digits
        text = german.number(number, digits)
        return text if grouping else text.replace(".", "")
    if kind == "flag" or isinstance(value, bool):
        return value if isinstance(value, str) else "Ja" if value else "Nein"
    if kind == "label":
        return (column.values or {}).get(str(value), str(value))
    if kind == "labels":
        keys = [k.strip() for k in str(value).split(",") if k.strip()]
        return ", ".join((column.values or {}).get(k, k) for k in keys)
    if isinstance(value, (list, tuple)):  # a list of themes or ids
        return ", ".join(str(v) for v in value)
    if isinstance(value, (int, float)):  # a number in a column of text (a details table's "Wert")
        return _plain(float(value), grouping)
    if isinstance(value, dt.datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def _plain(value: float, grouping: bool = True) -> str:
    """A number of unknown meaning: as many digits as it has, at most 5 (coordinates).

    Examples
    --------
    >>> _plain(52.57214), _plain(3.0), _plain(12345.5)
    ('52,57214', '3', '12.345,5')
    """
    digits = len(f"{value:.5f}".rstrip("0").split(".")[1])
    text = german.number(value, digits)
    return text if grouping else text.replace(".", "")


def _generic(series: pd.Series, name: str) -> Column:
    """The column of a table that is no analysis: its kind read from its values."""
    shown = HEADERS.get(name, name)
    if pd.api.types.is_bool_dtype(series):
        return Column(shown, "flag")
    if pd.api.types.is_integer_dtype(series):
        return Column(shown, "count")
    if pd.api.types.is_float_dtype(series):
        return Column(shown, "number", _float_digits(series))
    values = [v for v in series if not missing(v)]
    if values and all(isinstance(v, bool) for v in values):
        return Column(shown, "flag")
    if values and all(isinstance(v, (dt.date, dt.datetime)) for v in values):
        return Column(shown, "date")
    return Column(shown, "text")


def _float_digits(series: pd.Series) -> int:
    """Digits that show every value of a float column of unknown meaning (at most 5: coordinates)."""
    return max((len(f"{float(v):.5f}".rstrip("0").split(".")[1]) for v in series.dropna()), default=0)


# -- tables -------------------------------------------------------------------------------------


def prepare(table: pd.DataFrame, kind: str | None = None) -> tuple[pd.DataFrame, dict[str, Column]]:
    """The German frame of ``table`` and the :class:`Column` of each of its (German) columns.

    Titles from the catalogue (``kind`` an analysis table; ``None`` or another name: the headers as
    they are), labels for keys, „Ja“/„Nein“, ``""`` for missing text; numbers stay numbers (``NaN``
    where missing, integers as nullable ``Int64``), dates stay dates; id columns last. A column a
    page added whose title the catalogue gives to a column of the table (the gaps page's
    „Lebensphase“) is left out: the catalogue's is the same.

    Unknown columns of an analysis table keep their name and are shown as text (the tests fail on them).
    """
    spec = columns(kind) if kind and kind.replace("-", "_") in CATALOGUE else {}
    translated = {spec[c].title for c in table.columns if c in spec}
    data: dict[str, pd.Series] = {}
    found: dict[str, Column] = {}
    ids: list[str] = []
    for name in table.columns:
        if name not in spec and name in translated:
            continue
        column = spec[name] if name in spec else _generic(table[name], str(name))
        data[column.title] = _values(table[name], column)
        found[column.title] = column
        if column.kind == "id":
            ids.append(column.title)
    order = [t for t in data if t not in ids] + ids
    frame = pd.DataFrame({t: data[t] for t in order}, index=table.index).reset_index(drop=True)
    return frame, {t: found[t] for t in order}


def _values(series: pd.Series, column: Column) -> pd.Series:
    kind = column.kind
    if kind in ("count", "number", "share", "auto"):
        numbers = pd.to_numeric(series.map(lambda v: None if missing(v) or isinstance(v, str) else v), errors="coerce")
        if kind == "count":
            return numbers.round().astype("Int64")
        return numbers.astype("float64")
    if kind == "date":
        return series.map(lambda v: None if missing(v) else v).astype(object)
    return series.map(lambda v: cell(v, column)).astype(object)


def german_frame(table: pd.DataFrame, kind: str | None = None) -> pd.DataFrame:
    """The German frame of ``table`` (see :func:`prepare`).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"area": ["g1"], "transition": ["kita_grundschule"], "share": [0.5], "gap": [False]})
    >>> german_frame(frame, "transitions").to_dict("records")
    [{'Übergang': 'Kita → Grundschule', 'Anteil verbunden': 0.5, 'Lücke': 'Nein', 'Gebiets-ID': 'g1'}]
    """
    return prepare(table, kind)[0]


def text(table: pd.DataFrame, kind: str | None = None, *, grouping: bool = True) -> pd.DataFrame:
    """The German frame with every cell as the text a person reads (numbers formatted too)."""
    frame, spec = prepare(table, kind)
    numbers = formatters(spec)  # the other columns are text already
    return pd.DataFrame(
        {t: [cell(v, spec[t], grouping=grouping) for v in frame[t]] if t in numbers else frame[t] for t in frame},
        dtype=object,
    )


def formatters(spec: Mapping[str, Column]) -> dict[str, Callable[[Any], str]]:
    """The display text of each number and date column of a German frame (for a pandas ``Styler``)."""
    return {t: partial(_shown_cell, column=c) for t, c in spec.items() if c.kind in FORMATTED}


def _shown_cell(value: Any, column: Column) -> str:
    return cell(value, column)


def shown(table: pd.DataFrame, kind: str | None = None) -> tuple[Any, dict[str, Column]]:
    """What the app's grid shows, and the :class:`Column` of each shown column.

    The German frame (:func:`prepare`) with the German text of each number and date: up to
    :data:`STYLER_CELLS` cells as a pandas ``Styler``, whose text Streamlit shows while the grid still
    sorts by the number; a larger table as :func:`text` (every column then sorts as text, and the
    returned columns say so: kind ``text``).
    """
    frame, spec = prepare(table, kind)
    numbers = formatters(spec)
    if not numbers:
        return frame, spec
    if frame.size > STYLER_CELLS:
        return text(table, kind), {t: replace(c, kind="text") for t, c in spec.items()}
    return frame.style.format(numbers, na_rep=""), spec


def csv_bytes(table: pd.DataFrame, kind: str | None = None) -> bytes:
    """The table as CSV for German Excel: UTF-8 with BOM, ``;``, German headers and decimal comma.

    Numbers are rounded to the digits the app shows, without thousands point (a share as a fraction
    with two more digits: 0,43 for 43 %), so that Excel reads them as numbers; no cell is a live formula.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": ["a"], "name": ["=1+1"], "betweenness": [0.39300284], "articulation": [True]})
    >>> csv_bytes(frame, "brokers").decode("utf-8-sig").splitlines()
    ['Akteur;Vermittlung (Betweenness);Schnittpunkt;ID', "'=1+1;0,393;Ja;a"]
    """
    from graph.io.export import safe_frame

    frame, spec = prepare(table, kind)
    safe = safe_frame(frame)  # text cells and titles; numbers keep their type, so a negative number stays one
    out = pd.DataFrame(
        {t: [_csv_cell(v, c) for v in safe.iloc[:, i]] for i, (t, c) in enumerate(spec.items())},
        dtype=object,
    )
    out.columns = list(safe.columns)
    return out.to_csv(sep=";", index=False).encode("utf-8-sig")


def _csv_cell(value: Any, column: Column) -> Any:
    if missing(value):
        return ""
    if column.kind == "share":
        return cell(value, replace(column, kind="number", digits=column.digits + 2), grouping=False)
    if column.kind in ("count", "number", "auto", "date"):
        return cell(value, column, grouping=False)
    return value


#: Excel number formats (Excel reads them in English notation and shows them in the user's).
def _excel_format(column: Column) -> str | None:
    decimals = "." + "0" * column.digits if column.digits else ""
    return {
        "count": "#,##0",
        "number": f"#,##0{decimals}",
        "share": f"0{decimals} %",
        "auto": "General",
        "date": "DD.MM.YYYY",
    }.get(column.kind)


def xlsx_bytes(table: pd.DataFrame, kind: str | None = None, sheet: str | None = None) -> bytes:
    """The table as an Excel workbook: German headers, real numbers and dates shown with the app's digits.

    The header row is frozen and bold; no cell is a live formula.
    """
    name = sheet or (FILE_NAMES[kind][1] if kind and kind in FILE_NAMES else "Tabelle")
    return sheets_bytes({name: (table, kind)})


def sheets_bytes(tables: Mapping[str, tuple[pd.DataFrame, str | None]]) -> bytes:
    """Several tables as one Excel workbook, one sheet each (sheet name -> (table, ``kind``)), as :func:`xlsx_bytes`."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from graph.io.export import safe_frame, sheet_name

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, (table, kind) in tables.items():
            frame, spec = prepare(table, kind)
            safe = safe_frame(frame)
            name = sheet_name(sheet)
            safe.to_excel(writer, index=False, sheet_name=name)
            ws = writer.sheets[name]
            ws.freeze_panes = "A2"
            for position, (title_, column) in enumerate(spec.items(), start=1):
                letter = get_column_letter(position)
                ws.cell(row=1, column=position).font = Font(bold=True)
                fmt = _excel_format(column)
                if fmt:
                    for (cell_,) in ws.iter_rows(min_row=2, min_col=position, max_col=position):
                        cell_.number_format = fmt
                sample = [len(cell(v, column)) for v in frame[title_].head(200)]
                ws.column_dimensions[letter].width = min(60, max([len(title_), *sample]) + 2)
    return buffer.getvalue()


def file_name(kind: str | None, fallback: str) -> str:
    """The German file name (without suffix) of a download of table ``kind``."""
    return FILE_NAMES[kind][0] if kind and kind in FILE_NAMES else fallback
