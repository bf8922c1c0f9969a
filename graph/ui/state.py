"""Shared state of the app: the store, cached data and analyses (keyed on the data revision), German tables.

Analyses are cached on the store's data revision (and the setting „nur bestätigte
Kooperationen“, see :func:`revision`): after a write the revision changes and the
next page view computes afresh; otherwise switching pages reuses the results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from graph import display
from graph.auth import Principal, Role
from graph.dataset import Dataset
from graph.db.engine import EmbeddedEngine
from graph.db.store import Store
from graph.errors import BildungsnetzError, EngineError
from graph.ui.texts import md

#: Shown on every page while the embedded database does not run; the page comes back by itself.
DATABASE_DOWN = (
    "Die Datenbank ist nicht erreichbar: die eingebettete Datenbank läuft nicht (mehr). Bitte "
    "„bildungsnetz engine start“ ausführen oder die App neu starten – diese Seite verbindet sich "
    "dann von selbst wieder."
)


@st.cache_resource(show_spinner=False)
def _opened() -> tuple[Store, str | None]:
    store = Store.open()  # on the first page view this starts the embedded engine if it does not run
    return store, _engine_address(store)


def _engine_address(store: Store) -> str | None:
    return EmbeddedEngine(store.data_dir).address() if store.data_dir is not None else None


def shared_store() -> Store:
    """The one store (one driver) of this app process; it acts for nobody, so it only reads.

    With the embedded engine, every call checks that the engine still runs (a few milliseconds):
    if it was stopped, :data:`DATABASE_DOWN` is raised at once instead of the driver retrying for
    half a minute; if it was restarted (another process, another port), a new driver connects.

    Raises
    ------
    EngineError
        If the embedded engine does not run.
    """
    store, address = _opened()
    if store.data_dir is None:  # Neo4j: the driver reports an unreachable server itself
        return store
    now = _engine_address(store)
    if now is None:
        raise EngineError(DATABASE_DOWN)
    if now != address:
        _opened.clear()
        store.close()
        store, _ = _opened()
    return store


def require_database() -> None:
    """Stop this run with :data:`DATABASE_DOWN` while the database is down, and watch it while it runs.

    Called first in every run (:func:`graph.ui.app.gate`). While the engine is down the page says so
    and checks every 2 s; once it is back the whole page runs again. While it runs, a check every
    3 s notices a stop even on a page nobody touches.
    """
    try:
        shared_store()
    except EngineError as exc:
        st.title("Bildungsnetz")
        st.error(md(exc))
        _wait_for_database()
        st.stop()
    with st.sidebar:
        _watch_database()


def _database_runs() -> bool:
    try:
        shared_store()
    except EngineError:
        return False
    return True


@st.fragment(run_every=2)
def _wait_for_database() -> None:
    if _database_runs():
        st.rerun(scope="app")
    st.caption("Die Seite prüft alle 2 Sekunden, ob die Datenbank wieder erreichbar ist.")


@st.fragment(run_every=3)
def _watch_database() -> None:
    if not _database_runs():
        st.rerun(scope="app")


def principal() -> Principal | None:
    """The person using this session (None: nobody logged in)."""
    from graph.ui import auth

    return auth.principal()


def may(role: Role) -> bool:
    """Whether the person using this session holds ``role`` (for showing forms; the store checks again)."""
    who = principal()
    return who is not None and who.may(role)


def store() -> Store:
    """The store acting for the person using this session: their role is checked on every write."""
    return shared_store().acting_as(principal())


_RUN_REVISION = "_run_revision"


def new_run() -> None:
    """Forget the revision and the role read in the previous run (called first in every script run)."""
    st.session_state.pop(_RUN_REVISION, None)
    st.session_state.pop(_ANALYSIS_RUN, None)
    st.session_state.pop("_run_principal", None)


def store_revision() -> str:
    """The store's data revision, read once per script run (a save reruns the script, so it sees its change)."""
    rev = st.session_state.get(_RUN_REVISION)
    if rev is None:
        rev = shared_store().revision()
        st.session_state[_RUN_REVISION] = rev
    return rev


#: Session key of the sidebar setting „Nur bestätigte Kooperationen“ (kept like the reference date).
CONFIRMED_ONLY = "confirmed_only"
#: Marks a revision whose analyses use only the confirmed cooperations.
_CONFIRMED_SUFFIX = "|bestaetigt"


def confirmed_only() -> bool:
    """Whether the analyses use only the confirmed cooperations (the sidebar setting; default off)."""
    return bool(st.session_state.get(CONFIRMED_ONLY, False))


def revision() -> str:
    """The revision of what the analyses see: the store's revision and the setting „nur bestätigte Kooperationen“.

    Every cache of an analysis, picture or report is keyed on it, so switching the
    setting computes afresh; :func:`dataset` reads the data for it.
    """
    return store_revision() + (_CONFIRMED_SUFFIX if confirmed_only() else "")


# Cached as resources: every session shares one object instead of unpickling a copy per run. The
# dataset and the analysis tables are never changed in place (pages copy a table before changing it).
@st.cache_resource(show_spinner=False, max_entries=4)
def _stored(rev: str) -> Dataset:
    return shared_store().read_dataset()


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(rev: str) -> Dataset:
    from graph import service

    base = rev.removesuffix(_CONFIRMED_SUFFIX)
    return service.analysis_dataset(_stored(base), confirmed_only=base != rev)


def dataset() -> Dataset:
    """The dataset (without persons) the analyses use at the current revision.

    With the setting „nur bestätigte Kooperationen“ the unconfirmed survey answers
    are left out and the dataset's ``note`` says so (:func:`graph.service.analysis_dataset`);
    forms and exports of the records use :func:`full_dataset`.
    """
    return _dataset(revision())


def full_dataset() -> Dataset:
    """The whole dataset (without persons) at the store's revision, whatever the analyses' setting."""
    return _stored(revision().removesuffix(_CONFIRMED_SUFFIX))


#: Set for this run by an analysis page (:data:`graph.ui.app.ANALYSIS_PAGES`): its downloads follow the setting.
_ANALYSIS_RUN = "_analysis_page"
#: Ends the file name of an analysis download made with only the confirmed cooperations.
CONFIRMED_FILE_SUFFIX = "-nur-bestaetigte"


def mark_analysis_page() -> None:
    """Say that this run shows an analysis page: its downloads' file names name the setting when it is on."""
    st.session_state[_ANALYSIS_RUN] = True


def basis_note() -> str:
    """What the analyses are restricted to ("Nur bestätigte Kooperationen (n von m)"), or ""."""
    return dataset().note if confirmed_only() else ""


@st.cache_resource(show_spinner=False, max_entries=8)
def _summary(rev: str, as_of: dt.date, since: dt.date, group: str) -> dict[str, pd.DataFrame]:
    from graph.analysis.summary import summary

    return summary(_dataset(rev), as_of=as_of, since=since, group=group)


def analyses() -> dict[str, pd.DataFrame]:
    """Every analysis for the chosen date, computed once per revision and date."""
    return _summary(revision(), as_of(), since(), "sector")


@st.cache_resource(show_spinner=False, max_entries=8)
def _key_figures(rev: str, as_of: dt.date) -> dict[str, Any]:
    from graph import service

    return service.key_figures(_dataset(rev), as_of)


def key_figures() -> dict[str, Any]:
    """The overview's key figures for the chosen date, computed once per revision and date."""
    return _key_figures(revision(), as_of())


def as_of() -> dt.date:
    """The reference date chosen in the sidebar (default today)."""
    return st.session_state.get("as_of") or dt.date.today()


def since() -> dt.date:
    """The earlier date of the comparison (default one year before the reference date)."""
    return st.session_state.get("since") or as_of() - dt.timedelta(days=365)


def show_error(exc: BildungsnetzError) -> None:
    """Show a package error as the user should see it: its German message and each problem.

    The message is escaped (:func:`graph.ui.texts.md`): it may quote file names and values.
    """
    st.error(md(exc))
    problems = getattr(exc, "problems", None)
    if problems:
        table(pd.DataFrame([(p.column or "", p.message) for p in problems], columns=["Spalte", "Meldung"]))


def table(
    frame: pd.DataFrame,
    kind: str | None = None,
    *,
    width: Any = "stretch",
    height: Any = "auto",
    hide_index: bool = True,
) -> None:
    """Show a table in German: every ``st.dataframe`` of the app goes through here (:mod:`graph.display`).

    ``kind`` names the analysis table (``"brokers"``, ``"gaps"`` …) whose catalogue gives the German
    titles and the meaning of each column; without it the headers are shown as they are (German
    already) and only the values are put in German. Vocabulary keys show as labels, yes/no as „Ja“/„Nein“,
    missing values as empty cells, ids last. Numbers stay numbers, shown with decimal comma and the
    digits of their measure, so a click on a column header sorts them by value (in tables over
    :data:`graph.display.STYLER_CELLS` cells the numbers are text). Pointing at a title shows what it means.

    ``hide_index`` is accepted for the callers' habit; the index is never shown.
    """
    data, columns = display.shown(frame, kind)
    config: dict[str, Any] = {}
    for title, column in columns.items():
        if column.kind == "date":
            config[title] = st.column_config.DateColumn(help=column.help or None, format="DD.MM.YYYY")
        elif column.help:
            config[title] = st.column_config.Column(help=column.help)
    st.dataframe(data, hide_index=True, width=width, height=height, column_config=config or None, placeholder="")


def downloads(
    table: pd.DataFrame,
    name: str,
    key: str,
    on_download: Callable[[], object] | None = None,
    *,
    kind: str | None = None,
) -> None:
    """CSV (for German Excel) and xlsx downloads of a table, in German like the app shows it.

    ``kind`` is the analysis table (default: ``name``, where ``name`` is one); its catalogue gives the
    German headers, labels and number formats (:func:`graph.display.csv_bytes`: UTF-8 with BOM, ``;``,
    decimal comma; :func:`graph.display.xlsx_bytes`: real numbers with the app's digits) and the German
    file name (on an analysis page with „nur bestätigte Kooperationen“ ending in ``-nur-bestaetigte``).
    No cell is a live formula. The files are made when a button is clicked; ``on_download``
    runs first (e.g. to log the export).
    """
    kind = kind or (name if name in display.TABLES else None)
    base = display.file_name(kind, name)
    if st.session_state.get(_ANALYSIS_RUN) and basis_note():
        base += CONFIRMED_FILE_SUFFIX  # the table counts only confirmed cooperations: the file says so too
    left, right = st.columns(2)

    def as_csv() -> bytes:
        if on_download:
            on_download()
        return display.csv_bytes(table, kind)

    def as_xlsx() -> bytes:
        if on_download:
            on_download()
        return display.xlsx_bytes(table, kind, sheet=None if kind else name)

    # the files are made when the button is clicked, not on every run of the page
    left.download_button(
        "CSV herunterladen",
        as_csv,
        file_name=f"{base}.csv",
        mime="text/csv",
        key=f"{key}-csv",
        width="stretch",
    )
    right.download_button(
        "Excel herunterladen",
        as_xlsx,
        file_name=f"{base}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx",
        width="stretch",
    )


def explanations(table: pd.DataFrame, limit: int = 8) -> None:
    """List the German explanations of the first rows."""
    if "explanation" in table and len(table):
        for text in table["explanation"].head(limit):
            st.markdown(f"- {md(text)}")
