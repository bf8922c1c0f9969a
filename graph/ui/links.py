"""Fehlende Verbindungen & Konferenzplanung: who should meet whom, invitation list and table plan.

The number of tables and seats is set here, once for the app: the Berichte page
offers the same plan (also anonymised) with these settings and links back here.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import streamlit as st

from graph import german
from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import md, t

#: Session key of the table plan's settings (tables, seats per table); a widget key would be
#: forgotten when another page is shown.
SETTINGS = "conference_settings"
DEFAULT_SETTINGS = (10, 8)
#: Height of one pair in the bar chart (px): two lines of names.
BAR_STEP = 38
#: Room for the two names of a pair (px).
LABEL_WIDTH = 330
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def settings() -> tuple[int, int]:
    """The table plan's settings of this session: (tables, seats per table)."""
    tables, size = st.session_state.get(SETTINGS, DEFAULT_SETTINGS)
    return int(tables), int(size)


def describe(tables: int, size: int) -> str:
    """ "10 Tische à 8 Plätze (80 Plätze)" """
    seats = german.count(size, "Platz", "Plätze")
    return f"{german.count(tables, 'Tisch', 'Tische')} à {seats} ({german.count(tables * size, 'Platz', 'Plätze')})"


@st.cache_data(show_spinner=False, max_entries=8)
def _plan(rev: str, as_of: object, tables: int, size: int) -> object:
    from graph.analysis.links import conference
    from graph.build import cooperation_graph, landscape

    L = landscape(state._dataset(rev), as_of)  # type: ignore[arg-type]
    return conference(L, cooperation_graph(L), tables=tables, size=size)


@st.cache_data(show_spinner=False, max_entries=16)
def plan_file(rev: str, as_of: dt.date, tables: int, size: int, anonymous: bool, fmt: str) -> bytes:
    """The conference plan as a file (Excel: invitation list and table plan; PDF: one block per table)."""
    from graph.report.conference import plan_bytes

    return plan_bytes(state._dataset(rev), fmt, as_of=as_of, tables=tables, size=size, anonymous=anonymous)


def plan_downloads(
    rev: str, tables: int, size: int, *, anonymous: bool, key: str, formats: tuple[str, ...] = ("xlsx", "pdf")
) -> None:
    """Excel and/or PDF of the plan for exactly these settings, made before the buttons are shown.

    The files are made in this run, not when clicked: a click that arrives while the page reruns
    still gets the file it was shown for (a file made on click is dropped by the rerun, and the
    click then does nothing). The file name names the settings; a failure is shown, not swallowed.
    """
    suffix = f"{tables}-tische-{size}-plaetze" + ("-anonym" if anonymous else "")
    files = []
    try:
        for fmt, mime in (("xlsx", XLSX), ("pdf", "application/pdf")):
            if fmt not in formats:
                continue
            files.append((fmt, mime, plan_file(rev, state.as_of(), tables, size, anonymous, fmt)))
    except BildungsnetzError as exc:
        st.error(t("Der Tischplan konnte nicht erstellt werden: ") + md(exc))
        return
    for col, (fmt, mime, data) in zip(st.columns(2), files, strict=False):
        col.download_button(
            f"{t('Tischplan')} ({fmt.upper()})",
            data,
            file_name=f"tischplan-{suffix}.{fmt}",
            mime=mime,
            key=f"{key}_{fmt}",
            on_click="ignore",
            width="stretch",
        )


def _pairs_chart(top: object) -> alt.Chart:
    """Horizontal bars, one per pair, both names readable (two lines, wide label column)."""
    axis = alt.Axis(
        # two lines: actor A, then „↔ actor B“
        labelExpr="[split(datum.label, ' – ')[0], '↔ ' + join(slice(split(datum.label, ' – '), 1), ' – ')]",
        labelLimit=LABEL_WIDTH,
        labelFontSize=12,
        labelOverlap=False,
        labelPadding=8,
        minExtent=LABEL_WIDTH,
        ticks=False,
    )
    return (
        alt.Chart(top)
        .mark_bar(color="#009E73", size=22)
        .encode(
            x=alt.X(
                "score:Q",
                title="Stärke der Empfehlung",
                axis=alt.Axis(tickCount=6, labelExpr="replace(datum.label, '.', ',')"),
            ),
            y=alt.Y("Paar:N", sort="-x", title=None, axis=axis),
            tooltip=[
                alt.Tooltip("Paar:N", title="Paar"),
                alt.Tooltip("score:Q", title="Stärke der Empfehlung", format=".2f"),
                alt.Tooltip("explanation:N", title="Begründung"),
            ],
        )
        .properties(height=alt.Step(BAR_STEP))
    )


def page() -> None:
    """Render missing links and the conference planner."""
    st.title(t("Fehlende Verbindungen & Konferenz"))
    st.caption(
        t(
            "Paare, die noch nicht zusammenarbeiten, es aber sollten: gemeinsame Partner, die beiden Seiten "
            "eines Übergangs, dasselbe Gebiet, dieselbe Zielgruppe. Darunter ein Tischplan für die "
            "Bildungskonferenz, der möglichst viele neue Kontakte stiftet."
        )
    )
    try:
        links = state.analyses()["missing_links"]
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    only_transitions = st.toggle("nur Übergänge", value=False, key="links_transitions")
    shown = links[links["transition"] != ""] if only_transitions else links
    top = shown.head(15).assign(Paar=lambda d: d["a_name"] + " – " + d["b_name"])
    if len(top):
        st.altair_chart(_pairs_chart(top), width="stretch")
    state.explanations(shown, limit=10)
    state.table(shown, "missing_links")
    state.downloads(shown, "missing_links", "links")
    _conference()


def _conference() -> None:
    st.subheader(t("Tischplan"))
    current = settings()
    # a form: the numbers take effect on „Tischplan berechnen“, not when the field loses focus – so a
    # click on a download never races a rerun started by the field it just left
    with st.form("conf_settings", border=False):
        c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
        tables = c1.number_input(t("Tische"), 1, 40, current[0], key="conf_tables")
        size = c2.number_input(t("Plätze je Tisch"), 2, 20, current[1], key="conf_size")
        if c3.form_submit_button(t("Tischplan berechnen"), width="stretch"):
            st.session_state[SETTINGS] = (int(tables), int(size))
    tables, size = settings()
    try:
        rev = state.revision()
        plan = _plan(rev, state.as_of(), tables, size)
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    st.caption(
        t("Tischplan für ")
        + describe(tables, size)
        + t("; dieselben Einstellungen gelten auf der Seite „Berichte“ (dort auch als PDF und anonymisiert).")
    )
    for note in getattr(plan, "attrs", {}).get("hinweise", []):
        st.warning(md(note))
    state.table(plan, "conference")
    # the Excel file here (both sheets); the printable PDF and the anonymised plan on the Berichte page
    plan_downloads(rev, tables, size, anonymous=False, key="conference", formats=("xlsx",))
