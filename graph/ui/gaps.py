"""Lücken: local offers per 1,000 inhabitants (heatmap), transitions without cooperation, isolated actors.

With an area chosen, the tables are the district's rows of that area and the
areas below it (:func:`graph.analysis.gaps.gap_tables`): district-wide offers
and partners in other Gemeinden count as they do for the whole district.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graph import german, model, service
from graph.analysis.gaps import OFFER_STATUS, gap_tables
from graph.build import landscape
from graph.dataset import Dataset
from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import CHOOSE, md, t

#: Colours of the cells that are a finding or skipped (the report's colours, Okabe–Ito).
STATUS_COLOURS = {"luecke": "#D55E00", "nur_kreisweit": "#F0E442", "ohne_einwohner": "#DDDDDD"}


#: Height of one area row in the heatmap (px): every name gets a readable 12 px label.
ROW_STEP = 24
#: Width of one life-phase column (px); seven columns and the names fit beside the sidebar at 1366 px.
COLUMN_STEP = 78
#: Room for the area names (px): the longest demo name („Musterau-Nordstadt“) with room to spare.
LABEL_WIDTH = 220


def _cell_text(row: pd.Series) -> str:
    if row["status"] == "ohne_einwohner":
        return "–"
    if row["status"] == "nur_kreisweit":
        return "K"
    if pd.isna(row["rate"]):
        return f"({row['local_offers']})"
    return german.number(row["rate"], 1) if row["rate"] else "0"


def _area_order(ds: Dataset, areas: list[str]) -> tuple[list[str], list[str]]:
    """The Kreis rows and the other rows of ``areas`` in reading order: each Gemeinde followed by its Sozialräume."""
    items = ds.nodes["Area"]
    parent = {r.start: r.end for r in ds.rels if r.type == "PART_OF"}
    shown = set(areas)

    def name(a: str) -> str:
        return str(items.get(a, {}).get("name", a)).casefold()

    kreis = [a for a in areas if items.get(a, {}).get("area_type") == "kreis"]
    out: list[str] = []

    def visit(area: str) -> None:
        if area in shown and area not in out and area not in kreis:
            out.append(area)
        for child in sorted((c for c, p in parent.items() if p == area), key=name):
            visit(child)

    tops = [a for a in areas if a not in kreis and (parent.get(a) not in shown or parent.get(a) in kreis)]
    for area in sorted(tops, key=name):
        visit(area)
    out += [a for a in areas if a not in out and a not in kreis]  # anything the hierarchy did not reach
    return kreis, out


def _heatmap(cells: pd.DataFrame, order: list[str], *, legend: bool = True) -> alt.LayerChart:
    """Local offers per 1,000 inhabitants where the population is known; findings in their own colours.

    One row per area (``order`` gives their ids top to bottom), every row labelled; the colour scale
    is the chart's own, so the Kreis row (a chart of its own) does not flatten the areas' colours.
    """
    phases = list(model.VOCABULARIES["life_phase"].values())
    names = dict(zip(cells["area"], cells["area_name"], strict=False))
    x = alt.X(
        "Lebensphase:N",
        sort=phases,
        title=None,
        axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12, labelLimit=COLUMN_STEP, ticks=False),
    )
    y = alt.Y(
        "area:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelExpr=f"{_names_expr(names)}[datum.value] || datum.value",
            labelFontSize=12,
            labelLimit=LABEL_WIDTH,
            labelOverlap=False,
            minExtent=LABEL_WIDTH,
            ticks=False,
        ),
    )
    tooltip = [
        alt.Tooltip("area_name:N", title=t("Gebiet")),
        alt.Tooltip("Lebensphase:N", title=t("Lebensphase")),
        alt.Tooltip("Befund:N", title=t("Befund")),
        alt.Tooltip("Wert:N", title=t("je 1.000 Einwohner")),
        alt.Tooltip("local_offers:Q", title=t("Angebote vor Ort")),
        alt.Tooltip("district_offers:Q", title=t("kreisweite Angebote")),
        alt.Tooltip("explanation:N", title=t("Erklärung")),
    ]
    base = alt.Chart(cells)
    rate_legend = (
        alt.Legend(
            orient="top", title=t("je 1.000 Einwohner"), format=".1f", labelExpr="replace(datum.label, '.', ',')"
        )
        if legend
        else None
    )
    served = (
        base.transform_filter("datum.status == 'versorgt' && isValid(datum.rate)")
        .mark_rect(stroke="white")
        .encode(
            x=x,
            y=y,
            color=alt.Color("rate:Q", scale=alt.Scale(scheme="blues", zero=True), legend=rate_legend),
            tooltip=tooltip,
        )
    )
    unknown = (  # offers counted, but the area has no population: no rate, no colour
        base.transform_filter("datum.status == 'versorgt' && !isValid(datum.rate)")
        .mark_rect(stroke="#BBBBBB", fill="white")
        .encode(x=x, y=y, tooltip=tooltip)
    )
    labels = [OFFER_STATUS[s] for s in STATUS_COLOURS]
    findings = (
        base.transform_filter("datum.status != 'versorgt'")
        .mark_rect(stroke="white")
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "Befund:N",
                scale=alt.Scale(domain=labels, range=list(STATUS_COLOURS.values())),
                legend=alt.Legend(orient="top", title=t("Befund"), labelLimit=320) if legend else None,
            ),
            tooltip=tooltip,
        )
    )
    text = base.mark_text(fontSize=12).encode(
        x=x,
        y=y,
        text="Wert:N",
        color=alt.condition("datum.dark", alt.value("white"), alt.value("#262730")),
        tooltip=tooltip,
    )
    chart = (served + unknown + findings + text).resolve_scale(color="independent")
    return chart.properties(height=alt.Step(ROW_STEP), width=alt.Step(COLUMN_STEP))


def _names_expr(names: dict[str, str]) -> str:
    """A Vega object literal mapping area ids to names (the axis shows names; two areas may share one)."""
    import json

    return json.dumps(names, ensure_ascii=False)


def _cells(gaps: pd.DataFrame) -> pd.DataFrame:
    """The heatmap's cells: the gap rows with the text shown and whether it needs white type."""
    cells = gaps[
        ["area", "area_name", "life_phase", "local_offers", "district_offers", "rate", "status", "explanation"]
    ].copy()
    cells["Lebensphase"] = cells["life_phase"].map(model.VOCABULARIES["life_phase"])
    cells["Befund"] = cells["status"].map(OFFER_STATUS)
    cells["Wert"] = [_cell_text(row) for _, row in cells.iterrows()]
    top = cells["rate"].max() if cells["rate"].notna().any() else 0
    cells["dark"] = (cells["status"] == "luecke") | (
        (cells["status"] == "versorgt") & cells["rate"].notna() & (cells["rate"] > 0.6 * top)
    )
    return cells


def _show_heatmaps(gaps: pd.DataFrame, ds: Dataset, *, only: bool) -> None:
    """The Kreis row as a line of its own (own scale), then the areas; with ``only`` the areas with a gap."""
    cells = _cells(gaps)
    kreis, others = _area_order(ds, list(dict.fromkeys(cells["area"])))
    if only:
        with_gap = set(cells.loc[cells["status"] == "luecke", "area"])
        kreis = [a for a in kreis if a in with_gap]
        others = [a for a in others if a in with_gap]
        if not kreis and not others:
            st.info(t("Keine Lücke: für jedes Gebiet und jede Lebensphase gibt es ein Angebot vor Ort oder kreisweit."))
            return
    if kreis:
        st.markdown(f"**{t('Kreis insgesamt')}**")
        part = cells[cells["area"].isin(kreis)]
        st.altair_chart(_heatmap(_cells(part), kreis, legend=False), width="content")
    if others:
        if kreis:
            st.markdown(f"**{t('Gemeinden und Sozialräume')}**")
        part = cells[cells["area"].isin(others)]
        st.altair_chart(_heatmap(_cells(part), others), width="content")


def page() -> None:
    """Render gaps."""
    st.title(t("Lücken"))
    st.caption(
        t(
            "Wo es für eine Lebensphase kein Angebot gibt, wo an einem Übergang (z. B. Kita → Grundschule) "
            "niemand zusammenarbeitet, und wer vom übrigen Netzwerk abgehängt ist."
        )
    )
    try:
        tables = state.analyses()
        areas = service.area_choices(state.dataset())
        area = st.selectbox(
            t("Gebiet"),
            [None, *areas],
            format_func=lambda a: t("ganzer Kreis") if a is None else areas[a],
            key="gaps_area",
            placeholder=CHOOSE,
        )
        if area is not None:
            tables = gap_tables(landscape(state.dataset(), state.as_of()), area=area)
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    gaps = tables["gaps"].copy()
    only = st.toggle("nur Lücken", value=False, key="gaps_only")
    gaps["Lebensphase"] = gaps["life_phase"].map(model.VOCABULARIES["life_phase"])
    gaps["Befund"] = gaps["status"].map(OFFER_STATUS)
    gaps["Wert"] = [_cell_text(row) for _, row in gaps.iterrows()]
    st.subheader(t("Angebote vor Ort je 1.000 Einwohner"))
    st.caption(
        t(
            "Zahlen: Angebote vor Ort je 1.000 Einwohner (in Klammern die Zahl der Angebote, wo die Einwohnerzahl "
            "fehlt). Rot: kein Angebot (Lücke). Gelb „K“: nur kreisweite Angebote, keines vor Ort. Grau: ohne "
            "Einwohner, übersprungen. Ein Angebot zählt in seinem Gebiet, darunter und darüber; Angebote auf "
            "Kreisebene zählen als kreisweit. Der Kreis hat eine eigene Farbskala."
        )
        + (" " + t("Gezeigt: nur Gebiete mit einer Lücke.") if only else "")
    )
    _show_heatmaps(gaps, state.dataset(), only=only)
    skipped = list(dict.fromkeys(gaps.loc[gaps["status"] == "ohne_einwohner", "area_name"]))
    if skipped:
        st.info(t("Übersprungen, weil ohne Einwohner (Einwohnerzahl 0): ") + md(", ".join(skipped)))
    found = gaps[gaps["gap"]]
    state.explanations(found, limit=10)
    shown = found if only else gaps
    state.table(shown.drop(columns=["Wert"]), "gaps")
    state.downloads(gaps.drop(columns=["Wert"]), "gaps", "gaps")
    district_only = gaps[gaps["status"] == "nur_kreisweit"]
    if len(district_only):
        st.subheader(t("Nur kreisweite Angebote"))
        st.caption(
            t(
                "Für diese Gebiete und Lebensphasen gibt es Angebote nur auf Kreisebene (etwa eine Beratungshotline), "
                "aber keines vor Ort."
            )
        )
        state.table(
            district_only[["area", "area_name", "Lebensphase", "district_offers", "explanation"]],
            "gaps",
            hide_index=True,
            width="stretch",
        )
    st.subheader(t("Übergänge ohne Kooperation"))
    transitions = tables["transitions"]
    shown_transitions = transitions[transitions["gap"]] if only else transitions
    state.explanations(transitions[transitions["gap"]], limit=10)
    state.table(shown_transitions, "transitions")
    state.downloads(transitions, "transitions", "transitions")
    st.subheader(t("Abgehängte Akteure"))
    state.table(tables["isolates"], "isolates")
    state.downloads(tables["isolates"], "isolates", "isolates")
