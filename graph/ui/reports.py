"""Berichte: the steering-committee report, network pictures and the conference plan as downloads."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import streamlit as st

from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import CHOOSE, t


@st.cache_data(show_spinner=False, max_entries=8)
def _report(rev: str, as_of: dt.date, since: dt.date, area: str | None, anonymous: bool, fmt: str) -> bytes:
    from graph.report.content import build_report
    from graph.report.render import render_html, render_pdf

    report = build_report(state._dataset(rev), as_of=as_of, since=since, area=area, anonymous=anonymous)
    return render_pdf(report) if fmt == "pdf" else render_html(report).encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=8)
def _plan(rev: str, as_of: dt.date, tables: int, size: int, anonymous: bool, fmt: str) -> bytes:
    from graph.report.conference import plan_bytes

    return plan_bytes(state._dataset(rev), fmt, as_of=as_of, tables=tables, size=size, anonymous=anonymous)


@st.cache_data(show_spinner=False, max_entries=8)
def _picture(rev: str, as_of: dt.date, color_by: str, anonymous: bool, fmt: str) -> bytes:
    from graph import service

    with tempfile.TemporaryDirectory() as tmp:
        return service.network_picture(
            state._dataset(rev), as_of, Path(tmp) / f"netz.{fmt}", color_by=color_by, anonymous=anonymous
        )


def page() -> None:
    """Render the reports page."""
    st.title(t("Berichte"))
    st.caption(
        t(
            "Für Lenkungskreis und Bildungskonferenz: Bericht, Netzwerkbilder und Tischplan – offline lesbar, "
            "ohne personenbezogene Daten; auf Wunsch ohne Namen von Organisationen."
        )
    )
    try:
        rev = state.revision()
        ds = state.dataset()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    anonymous = st.toggle(t("Anonymisiert (Typ und Gebietskürzel statt Namen)"), key="reports_anonymous")
    from graph import service

    st.subheader(t("Bericht"))
    areas = service.area_choices(ds)
    area = st.selectbox(
        t("Gebiet"),
        [None, *areas],
        format_func=lambda a: t("ganzer Kreis") if a is None else areas[a],
        key="reports_area",
        placeholder=CHOOSE,
    )
    c1, c2 = st.columns(2)
    try:
        if c1.button(t("Bericht erstellen"), key="reports_make", type="primary"):
            st.session_state["reports_ready"] = True
        if st.session_state.get("reports_ready"):
            for col, fmt, mime in ((c1, "pdf", "application/pdf"), (c2, "html", "text/html")):
                data = _report(rev, state.as_of(), state.since(), area, anonymous, fmt)
                col.download_button(
                    f"{t('Bericht')} ({fmt.upper()})",
                    data,
                    file_name=f"bildungsbericht.{fmt}",
                    mime=mime,
                    key=f"reports_{fmt}",
                    width="stretch",
                )
        st.subheader(t("Netzwerkbild"))
        color_by = st.selectbox(
            t("Farbe nach"),
            ["sector", "community", "area"],
            key="reports_color",
            placeholder=CHOOSE,
            format_func=lambda k: {"sector": t("Sektor"), "community": t("Gemeinschaft"), "area": t("Gebiet")}[k],
        )
        if st.button(t("Bilder erstellen"), key="reports_pictures_make"):
            st.session_state["reports_pictures"] = True
        if st.session_state.get("reports_pictures"):
            pictures = (("png", "image/png"), ("svg", "image/svg+xml"), ("pdf", "application/pdf"))
            for col, (fmt, mime) in zip(st.columns(3), pictures, strict=True):
                col.download_button(
                    fmt.upper(),
                    _picture(rev, state.as_of(), color_by, anonymous, fmt),
                    file_name=f"netzwerk.{fmt}",
                    mime=mime,
                    key=f"reports_pic_{fmt}",
                    width="stretch",
                )
        st.subheader(t("Tischplan"))
        c1, c2 = st.columns(2)
        tables = c1.number_input(t("Tische"), 1, 40, 10, key="reports_tables")
        size = c2.number_input(t("Plätze je Tisch"), 2, 20, 8, key="reports_size")
        if st.button(t("Tischplan erstellen"), key="reports_plan_make"):
            st.session_state["reports_plan"] = True
        if st.session_state.get("reports_plan"):
            plans = (
                ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("pdf", "application/pdf"),
            )
            for col, (fmt, mime) in zip(st.columns(2), plans, strict=True):
                col.download_button(
                    f"{t('Tischplan')} ({fmt.upper()})",
                    _plan(rev, state.as_of(), int(tables), int(size), anonymous, fmt),
                    file_name=f"tischplan.{fmt}",
                    mime=mime,
                    key=f"reports_plan_{fmt}",
                    width="stretch",
                )
    except BildungsnetzError as exc:
        state.show_error(exc)
