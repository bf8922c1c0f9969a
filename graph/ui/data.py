"""Daten: the empty template, upload with the Prüfbericht shown before anything is written, exports, demo reset."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

import streamlit as st

from graph import importing
from graph.auth import Role
from graph.errors import BildungsnetzError
from graph.io.export import FORMATS, export, template_bytes
from graph.io.gephi import FORMATS as GEPHI_FORMATS
from graph.io.problems import errors, problems_frame
from graph.io.validate import load_or_raise
from graph.ui import app, state
from graph.ui.texts import t

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "musterau.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page() -> None:
    """Render the data page."""
    st.title(t("Daten"))
    st.caption(
        t(
            "Die leere Vorlage herunterladen und ausfüllen, Excel-Listen einlesen (erst prüfen, dann speichern), "
            "alles exportieren oder zum Demo-Landkreis zurückkehren."
        )
    )
    _template()
    if state.may(Role.EDITOR):
        _upload()
        app.link("survey", t("Antworten einer Netzwerkbefragung hochladen (Seite „Befragung“)") + " →")
    else:
        st.info(
            t("Ihre Rolle erlaubt nur das Lesen: Hochladen und Zurücksetzen sind der Rolle „Bearbeiten“ vorbehalten.")
        )
    st.divider()
    _exports()
    if state.may(Role.EDITOR):
        st.divider()
        _reset()


@st.cache_data(show_spinner=False)
def _template_bytes() -> bytes:
    return template_bytes()


def _template() -> None:
    st.subheader(t("Vorlage"))
    left, right = st.columns([1, 3], vertical_alignment="center")
    left.download_button(
        t("Leere Vorlage (Excel)"),
        _template_bytes(),
        file_name="bildungsnetz-vorlage.xlsx",
        mime=XLSX,
        key="template_xlsx",
        on_click="ignore",
        width="stretch",
    )
    right.caption(
        t(
            "Ein Blatt je Tabelle; Pflichtspalten sind mit * markiert und farbig hinterlegt, Spalten wie Typ, "
            "Sektor oder Bildungsbereich haben Auswahllisten. CSV-Vorlagen liegen in data/templates/csv/."
        )
    )


def _upload() -> None:
    st.subheader(t("Datei hochladen"))
    files = st.file_uploader(
        "Excel-Arbeitsmappe (.xlsx) oder CSV-Dateien (Akteure.csv, Kooperationen.csv …)",
        type=["xlsx", "csv"],
        accept_multiple_files=True,
        key="upload_files",
    )
    if not files:
        return
    replace = st.toggle(
        t("Bestand ersetzen"), value=False, key="upload_replace", help="Was in der Datei fehlt, wird gelöscht."
    )
    with tempfile.TemporaryDirectory(prefix="bildungsnetz-upload-") as tmp:
        folder = Path(tmp)
        workbooks = [f for f in files if f.name.lower().endswith(".xlsx")]
        if workbooks and len(files) > 1:
            st.error("Bitte entweder eine Excel-Arbeitsmappe oder CSV-Dateien hochladen, nicht beides.")
            return
        for f in files:
            (folder / Path(f.name).name).write_bytes(f.getvalue())
        target = folder / Path(workbooks[0].name).name if workbooks else folder
        try:
            result = importing.prepare(state.store(), target, replace=replace)
        except BildungsnetzError as exc:
            state.show_error(exc)
            return
    report(result.problems)
    blocking = errors(result.problems)
    if blocking:
        st.error(
            f"{importing.describe_problems(blocking)}: nichts wird gespeichert. Bitte die Datei korrigieren und "
            "erneut hochladen."
        )
        return
    counts = result.dataset.counts()
    if not any(counts.values()):
        st.info(t("Die Datei enthält keine Einträge; es gibt nichts zu importieren."))
        return
    found = importing.describe_counts(counts)
    st.success(t("Keine Fehler gefunden: ") + found + ".")
    if st.button(t("Bestand ersetzen") if replace else t("Importieren"), type="primary", key="upload_commit"):
        bar = st.progress(0.0, text=t("Import wird geschrieben …"))

        def progress(step: str, done: int, total: int) -> None:
            bar.progress(done / total if total else 1.0, text=f"{step} ({done:,} von {total:,})".replace(",", "."))

        try:
            summary = importing.commit(state.store(), result, replace=replace, progress=progress)
        except BildungsnetzError as exc:
            bar.empty()
            state.show_error(exc)
            return
        bar.empty()
        st.success(f"Importiert: {found}. {importing.describe_summary(summary)}")


def report(problems: list, key: str = "report") -> None:
    """The Prüfbericht: counts, the table (errors first) and the same list as CSV and Excel.

    The survey upload shows it too; ``key`` tells its download buttons apart.
    """
    st.markdown(f"**{t('Prüfbericht')}:** {importing.describe_problems(problems)}")
    if not problems:
        return
    state.table(problems_frame(importing.ordered(problems)))
    left, right = st.columns(2)
    for col, fmt, mime, label in (
        (left, "csv", "text/csv", t("Prüfbericht als CSV")),
        (right, "xlsx", XLSX, t("Prüfbericht als Excel")),
    ):
        col.download_button(
            label,
            importing.report_bytes(problems, fmt),
            file_name=f"pruefbericht.{fmt}",
            mime=mime,
            key=f"{key}_{fmt}",
            on_click="ignore",
            width="stretch",
        )


def _exports() -> None:
    st.subheader(t("Export"))
    try:
        rev = state.store_revision()
        ds = state.full_dataset()  # the exchange files hold every record, whatever the analyses count
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    cols = st.columns(len(FORMATS))
    for col, fmt in zip(cols, FORMATS, strict=True):
        name, mime = _export_name(fmt)

        def made(fmt: str = fmt) -> bytes:
            return _export_bytes(rev, ds, fmt)[0]

        # made on click (the page does not wait for five files); no rerun on click, which could
        # replace the button while its file is being asked for
        col.download_button(
            fmt.upper(), made, file_name=name, mime=mime, key=f"export_{fmt}", on_click="ignore", width="stretch"
        )
    st.caption("Ohne Ansprechpersonen. CSV als ZIP mit einer Datei je Tabelle (UTF-8, Semikolon).")
    _gephi(state.revision())


def _gephi(rev: str) -> None:
    """The cooperation network on the sidebar's date as GEXF and GraphML, looking in Gephi like our picture."""
    as_of = state.as_of()
    st.markdown(f"**{t('Kooperationsnetz für Gephi')}** – Stand {as_of:%d.%m.%Y}")
    if state.basis_note():
        st.caption(state.basis_note())
    anonymous = st.checkbox(t("anonymisiert (Typ und Gebietskürzel statt Namen)"), key="export_gephi_anonymous")
    cols = st.columns(len(GEPHI_FORMATS))
    suffix = f"{as_of:%Y-%m-%d}" + ("-anonym" if anonymous else "")
    if state.basis_note():
        suffix += state.CONFIRMED_FILE_SUFFIX  # the network holds only the confirmed cooperations
    for col, fmt in zip(cols, GEPHI_FORMATS, strict=True):

        def made(fmt: str = fmt) -> bytes:
            return gephi_bytes(rev, as_of, fmt, anonymous)

        col.download_button(
            f"{t('Netz für Gephi')} ({fmt.upper()})",
            made,
            file_name=f"kooperationsnetz-{suffix}.{fmt}",
            mime="application/xml",
            key=f"export_gephi_{fmt}",
            on_click="ignore",
            width="stretch",
        )
    st.caption(
        "Nur die Akteure und ihre Kooperationen am Stichtag: ein Strich je Paar (Gewicht = Intensität), "
        "Farben, Lage und Größe wie im Netzwerkbild, Zahl der Partner, Brückenfunktion, PageRank und "
        "Gemeinschaft als Attribute."
    )


@st.cache_data(show_spinner=False, max_entries=8)
def gephi_bytes(rev: str, as_of: dt.date, fmt: str, anonymous: bool) -> bytes:
    """The network file for Gephi (:func:`graph.io.gephi.network_bytes`) of revision ``rev``."""
    from graph.io.gephi import network_bytes

    return network_bytes(state._dataset(rev), fmt, as_of=as_of, anonymous=anonymous)


def _export_name(fmt: str) -> tuple[str, str]:
    if fmt == "csv":
        return "bildungsnetz-csv.zip", "application/zip"
    mime = {"xlsx": XLSX, "graphml": "application/xml", "gexf": "application/xml", "json": "application/json"}[fmt]
    return f"bildungsnetz.{fmt}", mime


@st.cache_data(show_spinner=False, max_entries=10, hash_funcs={object: lambda _: 0})
def _export_bytes(rev: str, _ds: object, fmt: str) -> tuple[bytes, str, str]:
    with tempfile.TemporaryDirectory(prefix="bildungsnetz-export-") as tmp:
        path = Path(tmp) / ("bildungsnetz" if fmt == "csv" else f"bildungsnetz.{fmt}")
        export(_ds, path, fmt)  # type: ignore[arg-type]
        name, mime = _export_name(fmt)
        if fmt == "csv":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for file in sorted(path.iterdir()):
                    archive.write(file, file.name)
            return buffer.getvalue(), name, mime
        return path.read_bytes(), name, mime


def _reset() -> None:
    st.subheader(t("Auf Demo-Landkreis zurücksetzen"))
    st.caption("Ersetzt den ganzen Bestand durch den fiktiven Landkreis Musterau.")
    with st.popover(t("Auf Demo-Landkreis zurücksetzen")):
        st.write("Alle Daten werden durch den Demo-Landkreis ersetzt. Wirklich?")
        if st.button("Ja, zurücksetzen", type="primary", key="reset_demo"):
            try:
                state.store().write_dataset(load_or_raise(DEMO), replace=True, action="demo")
            except BildungsnetzError as exc:
                state.show_error(exc)
            else:
                st.success("Der Demo-Landkreis ist geladen.")
