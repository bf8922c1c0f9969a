"""German in every table and download a person sees: the display catalogue, the app's tables, the downloads.

The catalogue (:mod:`graph.display`) must title every column every analysis can have — checked on
every table of :func:`graph.analysis.summary.summary` for the demo district and for a small district
built by hand below (with a Gewerbepark without inhabitants, a bridge, duplicates, a dissolved
committee …) — and its rules must hold: vocabulary labels, „Ja“/„Nein“, no None/nan text, decimal
comma with the digits of each measure, dd.mm.yyyy. Then every page of the app under AppTest: no
table shows an English identifier, a vocabulary key or raw None/True/False/nan, and every CSV and
xlsx download is German (BOM, ``;``, decimal comma; real numbers in Excel).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pandas as pd
import pytest
from conftest import DEMO, ROOT
from openpyxl import load_workbook
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from graph import display, model
from graph.analysis import communities, gaps
from graph.analysis.summary import summary
from graph.build import cooperation_graph, landscape
from graph.dataset import Dataset, Rel
from graph.io.validate import load_or_raise
from graph.ui import app

DAY = dt.date(2026, 10, 1)
SINCE = dt.date(2025, 10, 1)
TIMEOUT = 120

#: What a cell must never read: Python's and pandas' words for nothing and for yes/no.
RAW = {"None", "none", "nan", "NaN", "<NA>", "NaT", "True", "False", "true", "false"}
#: A German number as the app writes it: thousands point, decimal comma, optional per cent.
GERMAN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?( %)?$")
#: Every key of a value table whose label differs from it (a cell holding one shows a raw key).
RAW_KEYS = {
    key
    for values in (*model.VOCABULARIES.values(), display.RISK_KINDS, display.CHANGE_KINDS, display.DUPLICATE_KINDS)
    for key, label in values.items()
    if key != label and not key.isdigit()  # intensity keys "1"–"4" are numbers in any table
} | {key for key, label in gaps.OFFER_STATUS.items() if key != label}
#: The English column names of every analysis table (the JSON API): none may head a shown table.
IDENTIFIERS = {name for spec in display.TABLES.values() for name in spec}
SNAKE = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")


# -- a small district, built by hand --------------------------------------------------------------

AREAS = {
    # id: (name, type, population, part of)
    "lk": ("Landkreis Probe", "kreis", 20_000, None),
    "ga": ("Adorf", "gemeinde", 12_345, "lk"),
    "gb": ("Bedorf", "gemeinde", 5_000, "lk"),
    "gp": ("Gewerbepark Bedorf", "sozialraum", 0, "gb"),
}
ACTORS = {
    # id: (name, type, sector, area, address)
    "kv": ("Jugendamt Probe", "kreisverwaltung", "jugendhilfe", "lk", "Markt 1"),
    "k1": ("Kita Sonnenschein", "kita", "fruehe_bildung", "ga", "Weg 1"),
    "k1b": ("Kita Sonnenschein e.V.", "kita", "fruehe_bildung", "ga", "Weg 1"),
    "k2": ("Kita Regenbogen", "kita", "fruehe_bildung", "gb", "Gasse 2"),
    "gs": ("Grundschule Adorf", "grundschule", "schule", "ga", "Schulweg 3"),
    "ws": ("Oberschule Bedorf", "weiterfuehrende_schule", "schule", "gb", "Allee 4"),
    "vhs": ("Volkshochschule Probe", "vhs", "weiterbildung", "lk", "Platz 5"),
    "u1": ("Logistik GmbH", "unternehmen", "wirtschaft", "gp", "Halle 6"),
    "v1": ("Heimatverein Bedorf", "verein", "zivilgesellschaft", "gb", "Dorfstraße 7"),
}
COOPERATIONS = [
    # (id, a, b, valid from): a chain through the Jugendamt (a cut point), the VHS and the company
    ("c1", "kv", "k1", None),
    ("c2", "kv", "gs", None),
    ("c3", "k1", "gs", dt.date(2026, 1, 1)),
    ("c4", "kv", "vhs", None),
    ("c5", "vhs", "ws", None),
    ("c6", "vhs", "u1", dt.date(2026, 3, 1)),
    ("c7", "k2", "ws", None),
]


def hand_built() -> Dataset:
    """The small district: a cut point, a bridge, duplicates of each kind, changes, a skipped area."""
    ds = Dataset()
    for area, (name, kind, population, parent) in AREAS.items():
        ds.add_node("Area", area, {"name": name, "area_type": kind, "population": population})
        if parent:
            ds.add_rel(Rel("PART_OF", "Area", area, "Area", parent))
    for actor, (name, kind, sector, area, address) in ACTORS.items():
        ds.add_node("Actor", actor, {"name": name, "actor_type": kind, "sector": sector, "address": address})
        ds.add_rel(Rel("LOCATED_IN", "Actor", actor, "Area", area))
    for key, a, b, since in COOPERATIONS:
        ds.add_rel(Rel("COOPERATES_WITH", "Actor", a, "Actor", b, {"id": key, "intensity": 3, "valid_from": since}))
    offers = {
        # id: (title, phases, groups, area, provider)
        "o1": ("Deutschkurs", ["erwerbsalter"], ["neuzugewanderte"], "ga", "vhs"),
        "o2": ("Sprachkurs Deutsch", ["erwerbsalter"], ["neuzugewanderte"], "ga", "v1"),
        "o3": ("Elterntelefon", ["u3"], ["eltern"], "lk", "kv"),
        "o4": ("Sprachspiel", ["kita_alter"], ["kinder"], "ga", "k1"),
    }
    for offer, (title, phases, groups, area, provider) in offers.items():
        ds.add_node(
            "Offer",
            offer,
            {
                "title": title,
                "education_area": "weiterbildung",
                "life_phases": phases,
                "target_groups": groups,
                "topic": "Deutsch als Zweitsprache" if offer in ("o1", "o2") else title,
            },
        )
        ds.add_rel(Rel("LOCATED_IN", "Offer", offer, "Area", area))
        ds.add_rel(Rel("PROVIDES", "Actor", provider, "Offer", offer, {"role": "lead"}))
    committees = (
        ("g1", "Arbeitskreis Sprache", None),
        ("g2", "AK Sprache", None),
        ("g3", "Steuerungsgruppe Alt", dt.date(2026, 6, 30)),  # dissolved between the two dates
    )
    for committee, name, until in committees:
        ds.add_node(
            "Committee",
            committee,
            {"name": name, "committee_type": "arbeitskreis", "themes": ["Sprache"], "valid_to": until},
        )
        for member in ("kv", "vhs", "k1"):
            ds.add_rel(Rel("MEMBER_OF", "Actor", member, "Committee", committee, {"role": "member"}))
    return ds


@pytest.fixture(scope="module")
def demo_tables() -> dict[str, pd.DataFrame]:
    return summary(load_or_raise(DEMO), as_of=DAY, since=SINCE)


@pytest.fixture(scope="module")
def small_tables() -> dict[str, pd.DataFrame]:
    ds = hand_built()
    tables = summary(ds, as_of=DAY, since=SINCE, top=5, tables=2, size=3)
    L = landscape(ds, DAY)
    tables["gaps_by_target_group"] = gaps.offer_gaps(L, by="target_group")
    tables["ei_index_by_type"] = communities.ei_index(cooperation_graph(L), "actor_type")
    return tables


def every_table(demo_tables, small_tables) -> list[tuple[str, str, pd.DataFrame]]:
    """(source, catalogue name, table) of every analysis table of both districts."""
    out = [("demo", name, table) for name, table in demo_tables.items()]
    for name, table in small_tables.items():
        out.append(("klein", name.removesuffix("_by_target_group").removesuffix("_by_type"), table))
    return out


# -- the catalogue ----------------------------------------------------------------------------------


def test_summary_tables_are_the_catalogue(demo_tables):
    assert list(demo_tables) == list(display.TABLES)


def test_every_column_of_every_analysis_table_has_a_german_title(demo_tables, small_tables):
    seen: set[tuple[str, str]] = set()
    for source, name, table in every_table(demo_tables, small_tables):
        spec = display.columns(name)
        missing = [c for c in table.columns if c not in spec]
        assert missing == [], (source, name, missing)
        seen |= {(name, c) for c in table.columns}
    # and the catalogue holds nothing that no analysis makes
    assert {(name, c) for name, spec in display.TABLES.items() for c in spec} == seen


@pytest.mark.parametrize("name", list(display.TABLES))
def test_titles_are_german_unique_and_no_identifier(name):
    titles = [c.title for c in display.TABLES[name].values()]
    assert len(set(titles)) == len(titles), titles
    for title in titles:
        assert title and title not in IDENTIFIERS and not SNAKE.match(title), (name, title)


def test_the_small_district_shows_every_kind_of_finding(small_tables):
    # not vacuous: the hand-built district reaches the rows whose values the catalogue translates
    assert set(small_tables["risks"]["kind"]) >= {"articulation", "bridge", "key_player"}
    assert set(small_tables["gaps"]["status"]) >= {"luecke", "versorgt", "ohne_einwohner", "nur_kreisweit"}
    assert {"offer", "actor", "committee"} <= set(small_tables["duplicates"]["kind"])
    assert {"cooperation", "committee", "metric", "broker"} <= set(small_tables["change"]["kind"])
    assert small_tables["transitions"]["share"].isna().any()
    assert len(small_tables["conference"]) and len(small_tables["missing_links"])


def test_german_frames_have_ids_last_labels_and_yes_no(demo_tables, small_tables):
    for source, name, table in every_table(demo_tables, small_tables):
        frame, spec = display.prepare(table, name)
        kinds = [c.kind for c in spec.values()]
        first_id = kinds.index("id") if "id" in kinds else len(kinds)
        assert all(k == "id" for k in kinds[first_id:]), (source, name, list(spec))
        for title, column in spec.items():
            values = set(frame[title])
            if column.kind == "flag":
                assert values <= {"Ja", "Nein"}, (source, name, title, values)
            if column.kind == "label":
                assert values <= {*column.values.values(), ""}, (
                    source,
                    name,
                    title,
                    values - {*column.values.values()},
                )
            if column.kind in ("count", "number", "share", "auto"):
                assert pd.api.types.is_numeric_dtype(frame[title]), (source, name, title)  # sorts as a number


def test_no_shown_cell_is_raw_none_nan_or_true_false(demo_tables, small_tables):
    for source, name, table in every_table(demo_tables, small_tables):
        spec = display.prepare(table, name)[1]
        shown = display.text(table, name)
        for title in shown.columns:
            bad = {str(v) for v in shown[title] if str(v) in RAW or not isinstance(v, str)}
            assert bad == set(), (source, name, title, bad)
            if spec[title].kind != "id":  # an id column may hold keys (the E-I index's group keys)
                assert not {v for v in shown[title] if v in RAW_KEYS}, (source, name, title)


def test_numbers_are_german_with_the_digits_of_their_measure(demo_tables, small_tables):
    for source, name, table in every_table(demo_tables, small_tables):
        spec = display.prepare(table, name)[1]
        shown = display.text(table, name)
        for title, column in spec.items():
            if column.kind not in ("count", "number", "share", "auto"):
                continue
            for text in shown[title]:
                if text == "":
                    continue
                assert GERMAN_NUMBER.match(text), (source, name, title, text)
                decimals = len(text.removesuffix(" %").partition(",")[2])
                if column.kind in ("number", "share"):
                    assert decimals == column.digits, (source, name, title, text)
                if column.kind == "share":
                    assert text.endswith(" %"), (source, name, title, text)
                if column.kind == "count":
                    assert decimals == 0, (source, name, title, text)


def test_digits_of_the_measures_are_the_documented_ones():
    spec = display.TABLES
    assert spec["brokers"]["betweenness"].digits == 3
    assert spec["gaps"]["rate"].digits == 1
    assert spec["transitions"]["share"].kind == "share" and spec["transitions"]["share"].digits == 0


@pytest.mark.parametrize(
    ("name", "column", "value", "text"),
    [
        ("brokers", "betweenness", 0.393002841, "0,393"),
        ("brokers", "effective_size", 50.076923, "50,1"),
        ("brokers", "articulation", True, "Ja"),
        ("brokers", "articulation", False, "Nein"),
        ("brokers", "liaison", 2226, "2.226"),
        ("centrality", "pagerank", 0.0315944, "0,0316"),
        ("gaps", "rate", 0.538889, "0,5"),
        ("gaps", "population", 180000, "180.000"),
        ("gaps", "population", pd.NA, ""),
        ("gaps", "life_phase", "kita_alter", "3–6 Jahre"),
        ("gaps", "status", "nur_kreisweit", "nur kreisweite Angebote"),
        ("gaps", "target_group", "neuzugewanderte", "Neuzugewanderte"),
        ("transitions", "share", 0.806452, "81 %"),
        ("transitions", "share", float("nan"), ""),
        ("transitions", "transition", "kita_grundschule", "Kita → Grundschule"),
        ("risks", "kind", "key_player", "Schlüsselakteur"),
        ("risks", "fragmentation", 0.1234, "12,3 %"),
        ("risks", "name", None, ""),
        ("change", "kind", "membership", "Gremiensitz"),
        ("change", "value_to", 412.0, "412"),
        ("change", "value_to", 0.0086463, "0,0086"),
        ("change", "value_to", 3.553398, "3,55"),
        ("duplicates", "kind", "committee", "Gremium"),
        ("ei_index", "ei_index", -0.5, "-0,50"),
        ("missing_links", "shared_target_groups", "eltern, kinder", "Eltern, Kinder"),
        ("missing_links", "transition", "", ""),
    ],
)
def test_a_value_reads_in_german(name, column, value, text):
    assert display.cell(value, display.columns(name)[column]) == text


def test_dates_read_day_month_year_and_tables_that_are_no_analysis_keep_their_german_headers():
    frame = pd.DataFrame(
        {
            "Gueltig ab": [dt.date(2026, 10, 1), None],
            "Breitengrad": [52.57214, float("nan")],
            "Bestaetigt": [True, False],
            "Zeile": pd.array([14, None], dtype="Int64"),
        }
    )
    shown = display.text(frame)
    assert list(shown.columns) == ["Gültig ab", "Breitengrad", "Bestätigt", "Zeile"]
    assert shown.to_dict("list") == {
        "Gültig ab": ["01.10.2026", ""],
        "Breitengrad": ["52,57214", ""],
        "Bestätigt": ["Ja", "Nein"],
        "Zeile": ["14", ""],
    }
    assert display.cell(dt.datetime(2026, 10, 1, 9, 5), display.Column("Zeitpunkt", "date")) == "01.10.2026 09:05"
    assert "01.10.2026" in display.csv_bytes(frame).decode("utf-8-sig")


def test_the_app_grid_gets_numbers_with_german_display_text(demo_tables):
    styler, spec = display.shown(demo_tables["brokers"], "brokers")
    assert styler.data["Vermittlung (Betweenness)"].dtype == "float64"  # sorts by value
    shown = styler.format_index(None)._translate(False, False)["body"]  # what Streamlit sends as display text
    first = {spec_title: cell["display_value"] for spec_title, cell in zip(spec, shown[0][1:], strict=False)}
    assert first["Vermittlung (Betweenness)"] == "0,393" and first["Schnittpunkt"] == "Ja"


def test_a_huge_table_is_shown_as_text():
    big = pd.DataFrame({"id": [f"a{i}" for i in range(3000)], "name": "x", "betweenness": 0.5, "closeness": 0.25})
    big = big.assign(degree=1, weighted_degree=1.0, pagerank=0.1, core_number=1)
    data, spec = display.shown(big, "centrality")
    assert isinstance(data, pd.DataFrame) and data["Vermittlung (Betweenness)"][0] == "0,500"
    assert {c.kind for c in spec.values()} == {"text"}


# -- downloads --------------------------------------------------------------------------------------


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, as German Excel expects"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_is_for_german_excel(demo_tables):
    rows = csv_rows(display.csv_bytes(demo_tables["transitions"], "transitions"))
    assert rows[0] == [
        "Gebiet",
        "Übergang",
        "Abgebende Akteure",
        "Aufnehmende Akteure",
        "Davon verbunden",
        "Anteil verbunden",
        "Lücke",
        "Erklärung",
        "Gebiets-ID",
    ]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Übergang"] == "Familie → Kita" and first["Lücke"] == "Nein"
    assert first["Anteil verbunden"] == "0,91"  # 20 of 22: a fraction Excel reads as a number
    brokers = csv_rows(display.csv_bytes(demo_tables["brokers"], "brokers"))
    top = dict(zip(brokers[0], brokers[2], strict=True))
    assert top["Vermittlung (Betweenness)"] == "0,273" and top["Verbindungsglied"] == "2226"  # no thousands point


def test_csv_neutralises_formulas_but_keeps_negative_numbers():
    table = pd.DataFrame(
        {
            "group": ["=cmd"],
            "label": ["@SUMME(A1)"],
            "actors": [3],
            "internal": [5],
            "external": [1],
            "ei_index": [-0.6667],
            "explanation": ["-2+3"],
        }
    )
    rows = csv_rows(display.csv_bytes(table, "ei_index"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row == {
        "Gruppe": "'@SUMME(A1)",
        "Akteure": "3",
        "Kooperationen innerhalb": "5",
        "Kooperationen nach außen": "1",
        "E-I-Index": "-0,67",
        "Erklärung": "'-2+3",
        "Schlüssel": "'=cmd",
    }


def test_xlsx_has_german_headers_and_real_numbers_formatted_like_the_app(demo_tables):
    data = display.xlsx_bytes(demo_tables["brokers"], "brokers")
    ws = load_workbook(io.BytesIO(data)).active
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["Akteur", "Vermittlung (Betweenness)", "Abhängigkeit (Constraint)"] and headers[-1] == "ID"
    assert ws.title == "Brückenakteure" and ws.freeze_panes == "A2"
    betweenness = ws.cell(row=2, column=2)
    assert betweenness.value == pytest.approx(0.393002841) and betweenness.number_format == "#,##0.000"
    assert ws.cell(row=2, column=5).value == "Ja"
    share = load_workbook(io.BytesIO(display.xlsx_bytes(demo_tables["transitions"], "transitions"))).active
    assert (
        share.cell(row=2, column=6).value == pytest.approx(20 / 22)
        and share.cell(row=2, column=6).number_format == "0 %"
    )
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


# -- the app ----------------------------------------------------------------------------------------


#: Every page of the app, as its navigation lists them (single-user local mode is an admin: "admin" too).
PAGES = [key for keys in app.SECTIONS.values() for key in keys]
#: Session state that makes a page show all its tables (the network's details of a searched actor).
PAGE_STATE: dict[str, dict[str, Any]] = {"network": {"net_focus": "ak-vhs-001"}}


@pytest.fixture(autouse=True)
def served_on_loopback(monkeypatch):
    """The app as ``bildungsnetz serve`` runs it: bound to 127.0.0.1 (single-user local mode)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


@pytest.fixture(scope="module")
def demo_loaded(embedded_store):
    embedded_store.write_dataset(load_or_raise(DEMO), replace=True)
    return embedded_store


class MediaFiles:
    """The media file managers of the AppTest runs, so that a download button's bytes can be read."""

    def __init__(self) -> None:
        self.managers: list[Any] = []

    def data(self, button: Any) -> tuple[str, bytes]:
        manager = self.managers[-1]
        url = button.proto.url or manager.execute_deferred(button.proto.deferred_file_id)
        stored = manager.read_file(url.rsplit("/", 1)[-1])
        assert stored is not None, button.proto.label
        return stored.filename or "", stored.content


@pytest.fixture
def media(monkeypatch) -> MediaFiles:
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import app_test

    files = MediaFiles()

    def recording(storage):
        manager = MediaFileManager(storage)
        files.managers.append(manager)
        return manager

    monkeypatch.setattr(app_test, "MediaFileManager", recording)
    return files


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    at.session_state["test_page"] = page
    at.session_state["as_of"] = DAY
    for key, value in PAGE_STATE.get(page, {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_cells(table: Any) -> pd.DataFrame:
    """The text a table of the page shows: the Styler's display text, else the values themselves."""
    styler = table.proto.arrow_data.styler
    if styler.display_values:
        return dataframe_util.convert_arrow_bytes_to_pandas_df(styler.display_values)
    return table.value


def english_in(frame: pd.DataFrame) -> list[str]:
    """Headers and cells of a shown table that are English identifiers, raw keys or raw None/True/False/nan."""
    bad = [f"Spalte {c}" for c in frame.columns if str(c) in IDENTIFIERS or SNAKE.match(str(c))]
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series):
            bad.append(f"Spalte {column}: Häkchen statt Ja/Nein")
            continue
        for value in series:
            # a missing value shows the placeholder, an empty cell (asserted by the caller)
            text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
            if isinstance(value, bool) or text in RAW or text in RAW_KEYS:
                bad.append(f"{column}: {value!r}")
            elif isinstance(value, str) and re.fullmatch(r"-?\d+\.\d+", text) and not GERMAN_NUMBER.match(text):
                bad.append(f"{column}: {text} (englische Zahl)")
            elif isinstance(value, float) and not pd.isna(value) and not value.is_integer():
                bad.append(f"{column}: {value} (Zahl ohne deutsche Anzeige)")
    return bad


@pytest.mark.parametrize("page", PAGES)
def test_no_table_on_any_page_shows_english_or_raw_values(demo_loaded, media, page):
    at = open_page(page)
    tables = at.dataframe
    for table in tables:
        assert table.proto.placeholder == "", page  # a missing value is an empty cell, not "None"
        shown = shown_cells(table)
        if table.value.empty and page == "network":
            continue
        problems = english_in(shown)
        assert problems == [], (page, list(table.value.columns), problems[:10])
    if page in ("brokers", "gaps", "duplicates", "committee_map", "links", "change", "actors", "network"):
        assert tables, page  # not vacuous: these pages show tables
    for button in at.get("download_button"):
        if not button.proto.label.endswith(("CSV herunterladen", "Excel herunterladen")):
            continue
        file_name, data = media.data(button)
        assert not any(ch in file_name for ch in "_ ") or file_name.startswith("protokoll"), file_name
        if file_name.endswith(".csv"):
            rows = csv_rows(data)
            headers, cells = rows[0], [c for row in rows[1:] for c in row]
        else:
            ws = load_workbook(io.BytesIO(data)).active
            headers = [c.value for c in ws[1]]
            cells = [c.value for row in ws.iter_rows(min_row=2) for c in row]
            assert not any(isinstance(c, str) and GERMAN_NUMBER.match(c) and "," in c for c in cells), file_name
        assert not [h for h in headers if h in IDENTIFIERS or SNAKE.match(str(h))], (page, file_name, headers)
        assert not [c for c in cells if c is not None and (str(c) in RAW or str(c) in RAW_KEYS)], (page, file_name)
        assert not [c for c in cells if isinstance(c, str) and re.fullmatch(r"-?\d+\.\d+", c)], (page, file_name)
