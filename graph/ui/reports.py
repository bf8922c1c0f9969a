"""Berichte: the steering-committee report, network pictures and the conference plan as downloads."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from graph.errors import BildungsnetzError
from graph.ui import app, links, state
from graph.ui.texts import CHOOSE, md, t

logger = logging.getLogger(__name__)


#: Report and pictures take seconds to make: they are made in the background, once for all
#: sessions (key: what they show), while the page answers at once and says that they are coming.
_JOBS: OrderedDict[tuple[object, ...], Future[dict[str, bytes]]] = OrderedDict()
_JOBS_LOCK = threading.Lock()
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bildungsnetz-dateien")
#: Finished files kept for downloads (the oldest are dropped first).
MAX_JOBS = 12


def _job(key: tuple[object, ...], make: Callable[[], dict[str, bytes]], *, again: bool = False) -> Future:
    """The background job making the files of ``key`` (started if none runs; ``again`` retries a failed one)."""
    with _JOBS_LOCK:
        job = _JOBS.get(key)
        if job is None or (again and job.done() and job.exception() is not None):
            job = _POOL.submit(make)
            _JOBS[key] = job
        _JOBS.move_to_end(key)
        while len(_JOBS) > MAX_JOBS:
            oldest = next(iter(_JOBS))
            if not _JOBS[oldest].done():
                break
            del _JOBS[oldest]
        return job


def _report_files(ds: object, as_of: dt.date, since: dt.date, area: str | None, anonymous: bool) -> dict[str, bytes]:
    from graph.report.content import build_report
    from graph.report.render import annex_bytes, render_html, render_pdf

    report = build_report(ds, as_of=as_of, since=since, area=area, anonymous=anonymous)  # type: ignore[arg-type]
    return {"pdf": render_pdf(report), "html": render_html(report).encode("utf-8"), "xlsx": annex_bytes(report)}


def _picture_files(ds: object, as_of: dt.date, color_by: str, anonymous: bool) -> dict[str, bytes]:
    from graph import service

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("png", "svg", "pdf"):
            out[fmt] = service.network_picture(
                ds,  # type: ignore[arg-type]
                as_of,
                Path(tmp) / f"netz.{fmt}",
                color_by=color_by,
                anonymous=anonymous,
            )
    return out


def _offer(job: Future, what: tuple[str, str], buttons: list[tuple[DeltaGenerator, str, str, str, str, str]]) -> None:
    """The download buttons once ``job`` is done; until then a note (the page reruns by itself); a failure in German.

    ``what``: the German sentences "… wird erstellt" and "… konnte nicht erstellt werden";
    ``buttons``: (column, format, label, file name, mime type, widget key).
    """
    if not job.done():
        st.info(f"{what[0]} … das dauert einige Sekunden; die Seite zeigt die Dateien dann von selbst.")
        _when_done(job)
        return
    failure = job.exception()
    if failure is not None:
        logger.warning("making files failed: %s", type(failure).__name__)
        reason = (
            md(failure)
            if isinstance(failure, BildungsnetzError)
            else t("unerwarteter Fehler") + f" ({type(failure).__name__})"
        )
        st.error(f"{what[1]}: " + reason + t(". Bitte erneut auf „erstellen“ klicken."))
        return
    files = job.result()
    for col, fmt, label, name, mime, key in buttons:
        col.download_button(label, files[fmt], file_name=name, mime=mime, key=key, on_click="ignore", width="stretch")


@st.fragment(run_every=1)
def _when_done(job: Future) -> None:
    if job.done():
        st.rerun(scope="app")


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
    c1, c2, c3 = st.columns(3)
    try:
        key = ("report", rev, state.as_of(), state.since(), area, anonymous)
        again = c1.button(t("Bericht erstellen"), key="reports_make", type="primary")
        if again:
            st.session_state["reports_ready"] = True
        if st.session_state.get("reports_ready"):
            as_of, since = state.as_of(), state.since()
            job = _job(key, lambda: _report_files(ds, as_of, since, area, anonymous), again=again)
            _offer(
                job,
                ("Der Bericht wird erstellt", "Der Bericht konnte nicht erstellt werden"),
                [
                    (c1, "pdf", f"{t('Bericht')} (PDF)", "bildungsbericht.pdf", "application/pdf", "reports_pdf"),
                    (c2, "html", f"{t('Bericht')} (HTML)", "bildungsbericht.html", "text/html", "reports_html"),
                    (
                        c3,
                        "xlsx",
                        f"{t('Excel-Anlage')} (xlsx)",
                        "bildungsbericht-anlage.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "reports_xlsx",
                    ),
                ],
            )
        st.subheader(t("Netzwerkbild"))
        color_by = st.selectbox(
            t("Farbe nach"),
            ["sector", "community", "area"],
            key="reports_color",
            placeholder=CHOOSE,
            format_func=lambda k: {"sector": t("Sektor"), "community": t("Gemeinschaft"), "area": t("Gebiet")}[k],
        )
        again = st.button(t("Bilder erstellen"), key="reports_pictures_make")
        if again:
            st.session_state["reports_pictures"] = True
        if st.session_state.get("reports_pictures"):
            as_of = state.as_of()
            pictures_key: tuple[object, ...] = ("pictures", rev, as_of, color_by, anonymous)
            job = _job(pictures_key, lambda: _picture_files(ds, as_of, color_by, anonymous), again=again)
            columns = st.columns(3)
            _offer(
                job,
                ("Die Netzwerkbilder werden erstellt", "Die Netzwerkbilder konnten nicht erstellt werden"),
                [
                    (columns[0], "png", "PNG", "netzwerk.png", "image/png", "reports_pic_png"),
                    (columns[1], "svg", "SVG", "netzwerk.svg", "image/svg+xml", "reports_pic_svg"),
                    (columns[2], "pdf", "PDF", "netzwerk.pdf", "application/pdf", "reports_pic_pdf"),
                ],
            )
        st.subheader(t("Tischplan"))
        tables, size = links.settings()  # set on the page of the conference planner, once for the app
        left, right = st.columns([3, 2], vertical_alignment="center")
        left.markdown(f"{links.describe(tables, size)}.")
        with right:
            app.link("links", t("Tische und Plätze einstellen") + " →")
        if st.button(t("Tischplan erstellen"), key="reports_plan_make"):
            st.session_state["reports_plan"] = True
        if st.session_state.get("reports_plan"):
            links.plan_downloads(rev, tables, size, anonymous=anonymous, key="reports_plan")
    except BildungsnetzError as exc:
        state.show_error(exc)
