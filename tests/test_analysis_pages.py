"""Lücken and Fehlende Verbindungen read well: every area named, rates per 1,000, one place for the table plan."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from conftest import DEMO, ROOT
from streamlit.testing.v1 import AppTest

from graph.dataset import Dataset, Rel
from graph.io.validate import load_or_raise

TIMEOUT = 120


@pytest.fixture(autouse=True)
def served_on_loopback():
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


@pytest.fixture(scope="module")
def demo_loaded(embedded_store):
    embedded_store.write_dataset(load_or_raise(DEMO), replace=True)
    return embedded_store


def open_page(page: str, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    at.session_state["test_page"] = page
    at.session_state["as_of"] = dt.date(2026, 10, 1)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def elements(at: AppTest) -> list:
    out, stack = [], [at.main]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if children is None:
            out.append(node)
        else:
            stack.extend(reversed(list(children.values())))
    return out


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in elements(at) if e.type == "vega_lite_chart"]


def y_encoding(spec: dict) -> dict:
    return spec["layer"][0]["encoding"]["y"] if "layer" in spec else spec["encoding"]["y"]


# -- Lücken ------------------------------------------------------------------------------------------


def test_the_heatmap_puts_the_kreis_on_a_line_of_its_own_and_names_every_area_in_a_row_of_its_own(demo_loaded):
    from graph.ui.gaps import LABEL_WIDTH, ROW_STEP

    at = open_page("gaps")
    assert not at.exception
    kreis, areas = chart_specs(at)
    assert y_encoding(kreis)["sort"] == ["geb-lk"]
    stored = demo_loaded.read_dataset().nodes["Area"]
    assert sorted(y_encoding(areas)["sort"]) == sorted(a for a, p in stored.items() if p["area_type"] != "kreis")
    axis = y_encoding(areas)["axis"]
    assert axis["labelOverlap"] is False and axis["labelLimit"] == LABEL_WIDTH >= 200
    assert areas["height"] == {"step": ROW_STEP} and ROW_STEP >= 20  # the chart grows with the number of rows
    longest = max(len(p["name"]) for p in stored.values())
    assert longest * 7 <= LABEL_WIDTH  # 12 px type: about 7 px a character


def test_a_gemeinde_is_followed_by_its_sozialraeume_in_the_heatmap(demo_loaded):
    at = open_page("gaps")
    order = y_encoding(chart_specs(at)[1])["sort"]
    assert order.index("geb-g01") + 1 == order.index("geb-s01")  # Musterau, then Musterau-Altstadt …
    assert order[order.index("geb-g02") + 1 : order.index("geb-g02") + 3] == ["geb-s05", "geb-s06"]


def test_only_gaps_filters_the_heatmap_to_the_areas_with_a_gap(demo_loaded):
    at = open_page("gaps")
    table = at.dataframe[0].value
    at.toggle(key="gaps_only").set_value(True).run()
    specs = chart_specs(at)
    assert len(specs) == 1  # the Kreis has no gap: its line is left out
    shown = set(y_encoding(specs[0])["sort"])
    assert shown == {"geb-g26", "geb-g27", "geb-s02"}  # Fuchsbüttel, Zeisigmoor, Musterau-Nordstadt
    assert len(table) > len(at.dataframe[0].value) == 4


def test_the_cells_show_local_offers_per_1000_inhabitants_in_german_notation():
    import pandas as pd

    from graph.ui.gaps import _cell_text

    def cell(status: str, rate: float, offers: int = 3) -> str:
        return _cell_text(pd.Series({"status": status, "rate": rate, "local_offers": offers}))

    assert cell("versorgt", 2 / 845 * 1000) == "2,4"  # 2 offers for 845 inhabitants
    assert cell("luecke", 0.0) == "0"
    assert cell("versorgt", math.nan) == "(3)"  # no population: the count, in brackets
    assert cell("nur_kreisweit", math.nan) == "K" and cell("ohne_einwohner", math.nan) == "–"


def test_area_order_lists_each_sozialraum_under_its_gemeinde_whatever_the_names():
    from graph.ui.gaps import _area_order

    ds = Dataset()
    for area, name, kind in [
        ("k", "Kreis", "kreis"),
        ("g1", "Beta", "gemeinde"),
        ("g2", "Alpha", "gemeinde"),
        ("s1", "Zentrum", "sozialraum"),
        ("s2", "Au", "sozialraum"),
    ]:
        ds.nodes["Area"][area] = {"name": name, "area_type": kind}
    ds.rels = [
        Rel("PART_OF", "Area", "g1", "Area", "k"),
        Rel("PART_OF", "Area", "g2", "Area", "k"),
        Rel("PART_OF", "Area", "s1", "Area", "g1"),
        Rel("PART_OF", "Area", "s2", "Area", "g1"),
    ]
    assert _area_order(ds, ["k", "g1", "g2", "s1", "s2"]) == (["k"], ["g2", "g1", "s2", "s1"])
    assert _area_order(ds, ["s1", "g2"]) == ([], ["g2", "s1"])  # a Sozialraum without its Gemeinde stands alone


# -- Fehlende Verbindungen & Konferenz ----------------------------------------------------------------


def test_the_pairs_are_horizontal_bars_with_both_names_readable(demo_loaded):
    from graph.ui.links import LABEL_WIDTH

    at = open_page("links")
    [spec] = chart_specs(at)
    assert spec["encoding"]["x"]["type"] == "quantitative" and spec["encoding"]["y"]["type"] == "nominal"
    axis = spec["encoding"]["y"]["axis"]
    assert "split(datum.label" in axis["labelExpr"] and axis["labelLimit"] == LABEL_WIDTH
    links = at.dataframe[0].value
    longest = max(len(name) for name in list(links["Akteur A"][:15]) + list(links["Akteur B"][:15]))
    assert (longest + 2) * 7 <= LABEL_WIDTH  # one name per line, „↔ “ before the second


def test_tables_and_seats_are_set_once_on_the_links_page_and_used_by_the_reports_page(demo_loaded):
    links = open_page("links")
    assert not links.exception
    links.number_input(key="conf_tables").set_value(12)
    links.number_input(key="conf_size").set_value(6)
    next(b for b in links.get("form_submit_button") if b.label == "Tischplan berechnen").click().run()
    assert any("Tischplan für 12 Tische à 6 Plätze (72 Plätze)" in c.value for c in links.caption)
    plan = links.dataframe[-1].value
    assert plan["Tisch"].nunique() == 12
    settings = links.session_state["conference_settings"]
    reports = open_page("reports", conference_settings=settings)
    assert not reports.get("number_input")  # no second place to set them
    assert any(m.value == "12 Tische à 6 Plätze (72 Plätze)." for m in reports.markdown)
    assert any(link.proto.label.startswith("Tische und Plätze einstellen") for link in reports.get("page_link"))
    next(b for b in reports.button if b.label == "Tischplan erstellen").click().run()
    buttons = {b.proto.label: b.proto for b in reports.get("download_button")}
    assert buttons["Tischplan (XLSX)"].url and buttons["Tischplan (PDF)"].url  # files made, not made on click


def test_typing_a_number_without_applying_it_keeps_plan_and_downloads_on_the_applied_settings(demo_loaded):
    at = open_page("links")
    at.number_input(key="conf_tables").set_value(15).run()  # typed, then clicked elsewhere: no submit
    assert any("Tischplan für 10 Tische à 8 Plätze" in c.value for c in at.caption)
    assert at.dataframe[-1].value["Tisch"].nunique() == 10
