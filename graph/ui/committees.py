"""Gremienlandkarte: the committee structure — reporting lines, overlaps and merge candidates, load, change.

The page only reads widgets, calls :func:`graph.analysis.committees.committees_summary` (and
:func:`~graph.analysis.committees.committee_change` for the dates chosen here) and shows the tables
through :func:`graph.ui.state.table` (German titles of :mod:`graph.display`). Anonymised, every
table, sentence, chart and the tree picture name organisations by their pseudonyms
(:class:`graph.anonymise.Pseudonyms`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import altair as alt
import pandas as pd
import streamlit as st

from graph import german, model
from graph.analysis import committees as analysis
from graph.anonymise import Pseudonyms
from graph.dataset import Dataset
from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import CHOOSE_MANY, md, t
from graph.views import committees as view

#: Columns holding actor ids, per table (pseudonymised like names).
ACTOR_IDS: Mapping[str, tuple[str, ...]] = {"matrix": ("id",), "load": ("id",), "change": ("actor",)}
#: Height of one committee row and column of the overlap heatmap (px).
CELL = 32
#: Room for the committee names beside and below the heatmap (px).
NAME_ROOM = 260


def kind(key: str) -> str:
    """The catalogue name of table ``key`` (:func:`graph.analysis.committees.display_kind`)."""
    return analysis.display_kind(key)


@st.cache_resource(show_spinner=False, max_entries=8)
def _summary(rev: str, as_of: dt.date, since: dt.date, anonymous: bool) -> dict[str, pd.DataFrame]:
    ds = state.dataset()
    tables = analysis.committees_summary(ds, as_of, min(since, as_of))
    return pseudonymised(ds, tables) if anonymous else tables


@st.cache_resource(show_spinner=False, max_entries=8)
def _change(rev: str, start: dt.date, end: dt.date, anonymous: bool) -> pd.DataFrame:
    ds = state.dataset()
    table = analysis.committee_change(ds, start, end)
    return pseudonymised(ds, {"change": table})["change"] if anonymous else table


def pseudonymised(ds: Dataset, tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table with organisation names (also inside committee names, column titles and sentences) as pseudonyms.

    Actor ids (``id`` of the matrix and the load, ``actor`` of the change) show as pseudonyms too.
    """
    names = Pseudonyms.build(ds)
    # a Träger named like an area (the district runs its own schools: "Landkreis Musterau") keeps the
    # area's name in sentences such as "dasselbe Gebiet: Landkreis Musterau" (areas are shown by name)
    for area in ds.nodes.get("Area", {}).values():
        name = str(area.get("name") or "")
        if name and name in names.real_names and name not in {p.get("name") for p in ds.nodes["Actor"].values()}:
            del names.real_names[name]
    out = {}
    for key, table in tables.items():
        frame = names.frame(table, id_columns=ACTOR_IDS.get(key, ()))
        out[key] = frame.rename(columns={c: names.text(c) for c in frame.columns if isinstance(c, str)})
    return out


@st.cache_data(show_spinner=False, max_entries=8)
def _picture(rev: str, as_of: dt.date, since: dt.date, anonymous: bool, fmt: str, paper: str = "a4") -> bytes:
    tables = _summary(rev, as_of, since, anonymous)
    district = _district(state.dataset())
    footer = f"Stand {as_of:%d.%m.%Y} · erstellt mit Bildungsnetz" + (
        " · anonymisiert: Organisationen nach Typ und Gebietskürzel" if anonymous else ""
    )
    return view.tree_picture(
        view.picture_rows(tables),
        title="Gremienstruktur: wer berichtet an wen",
        subtitle=f"{district}, Stand {as_of:%d.%m.%Y}. Linien: „Berichtet an“ (unten berichtet an oben).",
        footer=footer,
        fmt=fmt,
        paper=paper,
    )


def _district(ds: object) -> str:
    areas = getattr(ds, "nodes", {}).get("Area", {})
    kreis = [p.get("name") for p in areas.values() if p.get("area_type") == "kreis" and p.get("name")]
    return str(kreis[0]) if len(kreis) == 1 else "Der Kreis"


def page() -> None:
    """Render the Gremienlandkarte."""
    st.title(t("Gremienlandkarte"))
    st.caption(
        t(
            "Wer in welchem Gremium sitzt, wer an wen berichtet, welche Gremien sich so stark überschneiden, dass "
            "sie zusammengelegt werden könnten, und wer die meiste Gremienlast trägt."
        )
    )
    anonymous = st.toggle(
        t("Anonymisiert (Typ und Gebietskürzel statt Namen)"),
        key="committee_map_anonymous",
        help=t("Für Präsentationen: Organisationen werden nach Typ und Gebietskürzel benannt, auch in Gremiennamen."),
    )
    rev = state.revision()
    try:
        tables = _summary(rev, state.as_of(), state.since(), anonymous)
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    if tables["tree"].empty:
        st.info(
            t(
                "Für den Stichtag sind keine Gremien erfasst. Gremien und Mitgliedschaften lassen sich auf den "
                "Seiten „Gremien“ und „Daten“ erfassen."
            )
        )
        return
    _at_a_glance(tables)
    structure, overlap, load, change = st.tabs(
        [t("Struktur"), t("Überschneidungen"), t("Gremienlast"), t("Veränderung")]
    )
    with structure:
        _structure(tables, rev, anonymous)
    with overlap:
        _overlap(tables)
    with load:
        _load(tables)
    with change:
        _changes(rev, anonymous)


# -- at a glance ------------------------------------------------------------------------------------


def _at_a_glance(tables: Mapping[str, pd.DataFrame]) -> None:
    """Three boxes: merge candidates, transitions lacking a side, the highest committee load — each with why."""
    st.subheader(t("Auf einen Blick"))
    merge = tables["overlap"][tables["overlap"]["merge_candidate"]]
    coverage = tables["transitions"]
    one_sided = coverage[(coverage["kind"] == "transition") & coverage["one_sided"]]
    load = tables["load"]
    left, middle, right = st.columns(3)
    with left.container(border=True):
        st.metric(t("Zusammenlegen prüfen"), german.count(len(merge), "Gremienpaar", "Gremienpaare"))
        if len(merge):
            for text in merge["explanation"].head(2):
                st.markdown(md(text))
        else:
            st.markdown(t("Keine zwei Gremien teilen 60 % ihrer Mitglieder und ein Thema."))
    with middle.container(border=True):
        st.metric(t("Übergang ohne eine Seite"), german.count(len(one_sided), "Gremium", "Gremien"))
        if len(one_sided):
            for text in one_sided["explanation"].head(2):
                st.markdown(md(text))
        else:
            st.markdown(t("Jedes Gremium, das sich mit einem Übergang befasst, hat Mitglieder beider Seiten."))
    with right.container(border=True):
        if len(load):
            top = load.sort_values(["committees", "meetings_per_year"], ascending=False).iloc[0]
            st.metric(t("Höchste Gremienlast"), german.count(int(top["committees"]), "Gremium", "Gremien"))
            st.markdown(md(top["explanation"]))
            above = load[load["far_above"]]
            if len(above) > 1 or (len(above) == 1 and above.iloc[0]["id"] != top["id"]):
                st.caption(
                    md(
                        german.count(len(above), "Akteur liegt", "Akteure liegen")
                        + " weit über dem Median ihres Sektors (Reiter „Gremienlast“)."
                    )
                )
        else:
            st.metric(t("Höchste Gremienlast"), "–")
            st.markdown(t("Noch keine Mitgliedschaften erfasst."))


# -- Struktur ---------------------------------------------------------------------------------------


def _structure(tables: Mapping[str, pd.DataFrame], rev: str, anonymous: bool) -> None:
    as_of, since = state.as_of(), state.since()
    st.caption(
        t(
            "Jeder Kasten ist ein Gremium: Mitglieder, Sitzungen im Jahr, Vorsitz und Themen. Ein Gremium steht unter "
            "dem, an das es berichtet. Rot umrandet: ein Befund, der im Kasten steht (Zirkelbezug, verwaiste "
            "Berichtslinie, eine fehlende Seite am Übergang)."
        )
    )
    try:
        screen = _picture(rev, as_of, since, anonymous, "png", "screen")
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    st.image(
        screen,
        caption=t("Berichtslinien der Gremien")
        + f" (Stand {as_of:%d.%m.%Y}; zum Drucken als A4 quer: „Bild herunterladen“)",
        width="stretch",
    )
    png = _picture(rev, as_of, since, anonymous, "png")
    suffix = f"{as_of:%Y-%m-%d}" + ("-anonym" if anonymous else "")
    left, right = st.columns(2)
    left.download_button(
        t("Bild herunterladen (PNG)"),
        png,
        file_name=f"gremienstruktur-{suffix}.png",
        mime="image/png",
        key="committee_map_png",
        width="stretch",
    )
    right.download_button(
        t("Bild herunterladen (SVG)"),
        lambda: _picture(rev, as_of, since, anonymous, "svg"),
        file_name=f"gremienstruktur-{suffix}.svg",
        mime="image/svg+xml",
        key="committee_map_svg",
        width="stretch",
    )
    findings = analysis.key_findings(tables)
    if findings:
        st.markdown("**" + t("Die wichtigsten Befunde") + "**")
        for text in findings:
            st.markdown(f"- {md(text)}")
    st.markdown("**" + t("Befunde zur Struktur") + "**")
    structure = tables["structure"]
    if structure.empty:
        st.markdown(t("Jedes Gremium ist in die Berichtslinien eingebunden; kein Zirkelbezug, keine verwaiste Linie."))
    else:
        state.table(structure, kind("structure"))
        state.downloads(structure, "gremien-strukturbefunde", "committee_structure", kind=kind("structure"))
    st.markdown("**" + t("Übergänge und Bildungsbereiche in den Gremien") + "**")
    st.caption(
        t(
            "Welches Gremium sich laut seinen Themen mit einem Übergang oder Bildungsbereich befasst und ob beide "
            "Seiten des Übergangs im Gremium sitzen. Ein Gremium am Übergang ohne eine Seite ist eine Lücke."
        )
    )
    coverage = tables["transitions"]
    only = st.toggle(t("nur Befunde"), value=True, key="committee_map_coverage_only")
    shown = coverage[coverage["finding"]] if only else coverage
    state.table(shown, kind("transitions"))
    state.downloads(coverage, "gremien-uebergaenge", "committee_transitions", kind=kind("transitions"))
    st.markdown("**" + t("Alle Gremien mit ihrer Berichtslinie") + "**")
    state.table(tables["tree"], kind("tree"))
    state.downloads(tables["tree"], "gremien-berichtslinien", "committee_tree", kind=kind("tree"))


# -- Überschneidungen -------------------------------------------------------------------------------


def _overlap(tables: Mapping[str, pd.DataFrame]) -> None:
    overlap = tables["overlap"]
    merge = overlap[overlap["merge_candidate"]]
    st.markdown("**" + t("Zusammenlegen prüfen") + "**")
    st.caption(
        t(
            "Gremien, die mindestens 60 % ihrer Mitglieder und ein Thema teilen (dieselbe Regel wie unter "
            "„Doppelstrukturen“); gleiches Gebiet und gleiche Berichtslinie stehen als weitere Gründe dabei."
        )
    )
    if merge.empty:
        st.markdown(t("Keine zwei Gremien erfüllen die Regel."))
    else:
        state.explanations(merge, limit=10)
        state.table(merge, kind("overlap"))
    st.markdown("**" + t("Überschneidung der Mitglieder") + "**")
    st.caption(
        t(
            "Anteil gemeinsamer Mitglieder je Paar von Gremien (Jaccard: gemeinsame geteilt durch alle Mitglieder "
            "beider Gremien). Dunkler = mehr gemeinsame Mitglieder; auf ein Feld zeigen nennt die Zahl."
        )
    )
    _heatmap(tables)
    state.table(overlap, kind("overlap"))
    state.downloads(overlap, "gremien-ueberschneidungen", "committee_overlap", kind=kind("overlap"))
    st.markdown("**" + t("Wer sitzt wo") + "**")
    st.caption(
        t(
            "Je Akteur die Rolle in jedem Gremium (Vorsitz, Geschäftsstelle, Mitglied, Gast), nach Sektor geordnet. "
            "Ein Klick auf einen Spaltentitel sortiert."
        )
    )
    matrix = tables["matrix"]
    sectors = [s for s in model.VOCABULARIES["sector"] if s in set(matrix["sector"])]
    chosen = st.multiselect(
        t("Sektoren"),
        sectors,
        default=[],
        format_func=lambda s: model.VOCABULARIES["sector"].get(s, s),
        key="committee_map_sectors",
        placeholder=CHOOSE_MANY,
        help=t("Leer: alle Sektoren."),
    )
    shown = matrix[matrix["sector"].isin(chosen)] if chosen else matrix
    state.table(shown, kind("matrix"), height=420)
    state.downloads(matrix, "gremien-mitgliedschaften", "committee_matrix", kind=kind("matrix"))


def _heatmap(tables: Mapping[str, pd.DataFrame]) -> None:
    tree = tables["tree"]
    names = dict(zip(tree["id"], tree["name"], strict=True))
    order = list(tree["id"])
    cells = view.overlap_cells(tables["overlap"], names, order)
    if cells.empty:
        st.info(t("Weniger als zwei Gremien: keine Überschneidung zu zeigen."))
        return
    shown = [names[c] for c in order]
    cells["Anteil"] = [german.percent(j) for j in cells["jaccard"]]
    tooltip = [
        alt.Tooltip("row:N", title="Gremium"),
        alt.Tooltip("col:N", title="mit Gremium"),
        alt.Tooltip("Anteil:N", title="Überschneidung"),
        alt.Tooltip("shared:Q", title="Gemeinsame Mitglieder"),
    ]
    x = alt.X(
        "col:N",
        sort=shown,
        title="Gremium",
        axis=alt.Axis(
            orient="bottom",
            labelAngle=-45,
            labelAlign="right",
            labelLimit=NAME_ROOM,
            labelFontSize=12,
            labelOverlap=False,
            titleFontSize=13,
        ),
    )
    y = alt.Y(
        "row:N",
        sort=shown,
        title="Gremium",
        axis=alt.Axis(labelLimit=NAME_ROOM, labelFontSize=12, labelOverlap=False, titleFontSize=13),
    )
    base = alt.Chart(cells)
    rects = base.mark_rect(stroke="white").encode(
        x=x,
        y=y,
        color=alt.Color(
            "jaccard:Q",
            scale=alt.Scale(scheme="blues", domain=[0, 1]),
            legend=alt.Legend(
                title="Überschneidung", orient="top", format=".0%", labelExpr="replace(datum.label, '%', ' %')"
            ),
        ),
        tooltip=tooltip,
    )
    text = base.mark_text(fontSize=10).encode(
        x=x,
        y=y,
        text="text:N",
        color=alt.condition("datum.jaccard > 0.5", alt.value("white"), alt.value("#262730")),
        tooltip=tooltip,
    )
    chart = (rects + text).properties(width=alt.Step(CELL), height=alt.Step(CELL))
    st.altair_chart(chart, width="content")


# -- Gremienlast ------------------------------------------------------------------------------------


def _load(tables: Mapping[str, pd.DataFrame]) -> None:
    load = tables["load"]
    st.markdown("**" + t("Je Akteur") + "**")
    st.caption(
        t(
            "Gremien, Sitze mit Vorsitz oder Geschäftsstelle und Sitzungen im Jahr. Weit über dem Median: mindestens "
            "doppelt so viele Gremien wie der Median des eigenen Sektors und 4 mehr."
        )
    )
    above = load[load["far_above"]]
    state.explanations(above, limit=8)
    top = load.head(15).copy()
    if len(top):
        top["Sektor"] = top["sector"].map(lambda s: model.VOCABULARIES["sector"].get(s, s))
        chart = (
            alt.Chart(top)
            .mark_bar()
            .encode(
                x=alt.X("committees:Q", title="Zahl der Gremien", axis=alt.Axis(tickMinStep=1, format="d")),
                y=alt.Y("name:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320, labelFontSize=12)),
                color=alt.condition("datum.far_above", alt.value("#D55E00"), alt.value("#332288")),
                tooltip=[
                    alt.Tooltip("name:N", title="Akteur"),
                    alt.Tooltip("Sektor:N", title="Sektor"),
                    alt.Tooltip("committees:Q", title="Gremien"),
                    alt.Tooltip("seats_with_role:Q", title="Sitze mit Vorsitz oder Geschäftsstelle"),
                    alt.Tooltip("meetings_per_year:Q", title="Sitzungen im Jahr"),
                ],
            )
            .properties(height=alt.Step(22))
        )
        st.altair_chart(chart, width="stretch")
        st.caption(t("Die 15 Akteure mit den meisten Gremien; orange: weit über dem Median des Sektors."))
    state.table(load, kind("load"), height=360)
    state.downloads(load, "gremienlast", "committee_load", kind=kind("load"))
    st.markdown("**" + t("Je Gremium: Mitglieder, die in vielen Gremien sitzen") + "**")
    st.caption(
        t(
            "Anteil der Mitglieder, die in mindestens 3 weiteren Gremien sitzen: Wo er hoch ist, tagen dieselben "
            "Organisationen an vielen Tischen."
        )
    )
    elsewhere = tables["elsewhere"]
    state.table(elsewhere, kind("elsewhere"))
    state.downloads(elsewhere, "gremien-mehrfachsitze", "committee_elsewhere", kind=kind("elsewhere"))
    st.markdown("**" + t("Je Sektor: in welchen Gremientypen er fehlt") + "**")
    st.caption(
        t(
            "In wie vielen Gremien eines Typs der Sektor mindestens ein Mitglied hat (z. B. „2 von 4“); orange: "
            "der Sektor sitzt in keinem Gremium dieses Typs."
        )
    )
    sectors = tables["sectors"]
    _sector_chart(sectors)
    missing = sectors[sectors["missing"]]
    only = st.toggle(t("nur fehlende Sektoren"), value=True, key="committee_map_sectors_only")
    state.table(missing if only else sectors, kind("sectors"))
    state.downloads(sectors, "gremien-sektoren", "committee_sectors", kind=kind("sectors"))


def _sector_chart(sectors: pd.DataFrame) -> None:
    """Sectors × committee types: how many committees of the type have a member of the sector."""
    if sectors.empty:
        return
    cells = sectors.copy()
    cells["Sektor"] = cells["sector"].map(lambda s: model.VOCABULARIES["sector"].get(s, s))
    cells["Gremientyp"] = cells["committee_type"].map(lambda c: model.VOCABULARIES["committee_type"].get(c, c))
    cells["Anteil"] = cells["with_sector"] / cells["committees"].where(cells["committees"] > 0)
    cells["Wert"] = [f"{w} von {n}" for w, n in zip(cells["with_sector"], cells["committees"], strict=True)]
    cells["Befund"] = cells["missing"].map({True: "fehlt", False: "vertreten"})
    rows = list(dict.fromkeys(cells["Sektor"]))
    columns = list(dict.fromkeys(cells["Gremientyp"]))
    x = alt.X(
        "Gremientyp:N", sort=columns, title="Gremientyp", axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12)
    )
    y = alt.Y("Sektor:N", sort=rows, title=None, axis=alt.Axis(labelFontSize=12, labelLimit=260, labelOverlap=False))
    tooltip = [
        alt.Tooltip("Sektor:N"),
        alt.Tooltip("Gremientyp:N"),
        alt.Tooltip("Wert:N", title="Gremien mit dem Sektor"),
        alt.Tooltip("Befund:N"),
    ]
    base = alt.Chart(cells)
    present = (
        base.transform_filter("!datum.missing")
        .mark_rect(stroke="white")
        .encode(
            x=x,
            y=y,
            color=alt.Color("Anteil:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=None),
            tooltip=tooltip,
        )
    )
    absent = (
        base.transform_filter("datum.missing")
        .mark_rect(stroke="white", color="#D55E00")
        .encode(x=x, y=y, tooltip=tooltip)
    )
    text = base.mark_text(fontSize=11).encode(
        x=x,
        y=y,
        text="Wert:N",
        color=alt.condition("datum.missing || datum.Anteil > 0.6", alt.value("white"), alt.value("#262730")),
        tooltip=tooltip,
    )
    chart = (present + absent + text).properties(width=alt.Step(120), height=alt.Step(26))
    st.altair_chart(chart, width="content")


# -- Veränderung ------------------------------------------------------------------------------------


def _changes(rev: str, anonymous: bool) -> None:
    st.caption(t("Gegründete und aufgelöste Gremien, Ein- und Austritte und Rollenwechsel zwischen zwei Daten."))
    c1, c2 = st.columns(2)
    start = c1.date_input(t("Von"), value=state.since(), key="committee_change_from", format="DD.MM.YYYY")
    end = c2.date_input(t("Bis"), value=state.as_of(), key="committee_change_to", format="DD.MM.YYYY")
    if start > end:
        st.error(t("Das Anfangsdatum liegt nach dem Enddatum."))
        return
    try:
        table = _change(rev, start, end, anonymous)
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    counts = [
        ("Gremien gegründet", ("committee", "neu")),
        ("Gremien aufgelöst", ("committee", "beendet")),
        ("Eintritte", ("membership", "neu")),
        ("Austritte", ("membership", "beendet")),
        ("Rollenwechsel", ("membership", "verändert")),
    ]
    for col, (label, (what, change)) in zip(st.columns(len(counts)), counts, strict=True):
        col.metric(t(label), int(((table["kind"] == what) & (table["change"] == change)).sum()))
    if table.empty:
        st.info(t("Zwischen den beiden Daten hat sich an den Gremien nichts verändert."))
        return
    state.explanations(table, limit=12)
    state.table(table, kind("change"), height=360)
    state.downloads(table, "gremien-veraenderungen", "committee_change", kind=kind("change"))
