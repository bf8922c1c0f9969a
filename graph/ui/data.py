"""Daten: upload with the validation report shown before anything is written, exports, demo reset."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import streamlit as st

from graph import importing
from graph.auth import Role
from graph.errors import BildungsnetzError
from graph.io.export import FORMATS, export
from graph.io.problems import errors, problems_frame
from graph.io.validate import load_or_raise
from graph.ui import state
from graph.ui.texts import t

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "musterau.xlsx"


def page() -> None:
    """Render the data page."""
    st.title(t("Daten"))
    st.caption(
        t(
            "Excel-Listen einlesen (erst prüfen, dann speichern), alles exportieren oder zum "
            "Demo-Landkreis zurückkehren. Vorlagen: data/templates/."
        )
    )
    if state.may(Role.EDITOR):
        _upload()
    else:
        st.info(
            t("Ihre Rolle erlaubt nur das Lesen: Hochladen und Zurücksetzen sind der Rolle „Bearbeiten“ vorbehalten.")
        )
    st.divider()
    _exports()
    if state.may(Role.EDITOR):
        st.divider()
        _reset()


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
    st.markdown(f"**{t('Prüfbericht')}**")
    if result.problems:
        state.table(problems_frame(result.problems))
    blocking = errors(result.problems)
    if blocking:
        st.error(f"{len(blocking)} Fehler: nichts wird gespeichert. Bitte die Datei korrigieren und erneut hochladen.")
        return
    st.success(t("Keine Fehler gefunden: ") + importing.describe_counts(result.dataset.counts()) + ".")
    if st.button(t("Importieren"), type="primary", key="upload_commit"):
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
        st.success(
            f"Importiert: {summary.changed_nodes} Einträge und {summary.changed_rels} Beziehungen neu oder "
            f"geändert, {summary.deleted_nodes} Einträge gelöscht."
        )


def _exports() -> None:
    st.subheader(t("Export"))
    try:
        ds = state.dataset()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    cols = st.columns(len(FORMATS))
    for col, fmt in zip(cols, FORMATS, strict=True):
        data, name, mime = _export_bytes(state.revision(), ds, fmt)
        col.download_button(fmt.upper(), data, file_name=name, mime=mime, key=f"export_{fmt}", width="stretch")
    st.caption("Ohne Ansprechpersonen. CSV als ZIP mit einer Datei je Tabelle (UTF-8, Semikolon).")


@st.cache_data(show_spinner=False, max_entries=10, hash_funcs={object: lambda _: 0})
def _export_bytes(rev: str, _ds: object, fmt: str) -> tuple[bytes, str, str]:
    with tempfile.TemporaryDirectory(prefix="bildungsnetz-export-") as tmp:
        path = Path(tmp) / ("bildungsnetz" if fmt == "csv" else f"bildungsnetz.{fmt}")
        export(_ds, path, fmt)  # type: ignore[arg-type]
        if fmt == "csv":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for file in sorted(path.iterdir()):
                    archive.write(file, file.name)
            return buffer.getvalue(), "bildungsnetz-csv.zip", "application/zip"
        mime = {
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "graphml": "application/xml",
            "gexf": "application/xml",
            "json": "application/json",
        }[fmt]
        return path.read_bytes(), path.name, mime


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
