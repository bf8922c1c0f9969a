"""The audit log as a table and as a file (admins only).

Every write of the store adds one entry in the same transaction as the change
(:meth:`graph.db.store.Store.write`); refused attempts are entered too. An
entry holds who, when, the action, the kind and id of the object, its version
and counts, never field values, so erasing a person leaves only their id here.
No query of the application changes or deletes an entry.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from graph.auth import Role
from graph.db.store import Store
from graph.errors import DataError
from graph.io.export import neutralise

#: Column headers of the exported log (German, as users read them).
COLUMNS: dict[str, str] = {
    "at": "Zeitpunkt (UTC)",
    "user": "Wer",
    "role": "Rolle",
    "action": "Aktion",
    "label": "Art",
    "object_id": "Objekt-ID",
    "version": "Version",
    "outcome": "Ergebnis",
    "detail": "Angaben",
}


def audit_table(store: Store, limit: int = 1_000_000) -> pd.DataFrame:
    """The audit log, newest first, with German headers and formula-safe cells (admin role).

    Raises
    ------
    PermissionDenied
        If the store's principal is no admin.
    """
    entries = store.audit_log(limit=limit)
    table = pd.DataFrame(entries, columns=list(COLUMNS))
    if len(table):
        table["at"] = table["at"].map(lambda v: v.strftime("%Y-%m-%d %H:%M:%S") if hasattr(v, "strftime") else v)
        for column in ("user", "action", "label", "object_id", "detail"):
            table[column] = table[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return table.rename(columns=COLUMNS)


def export_audit(store: Store, path: Path) -> int:
    """Write the audit log to ``path`` (.csv: UTF-8 with BOM, semicolon; .xlsx); return the number of entries.

    The export itself is entered in the log.

    Raises
    ------
    DataError
        If the suffix is neither .csv nor .xlsx.
    PermissionDenied
        If the store's principal is no admin.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DataError(f"{path.name}: Format unbekannt; möglich sind .csv und .xlsx.")
    store.record("audit_export", role=Role.ADMIN)
    table = audit_table(store)
    if suffix == ".csv":
        table.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    else:
        table.to_excel(path, index=False, sheet_name="Protokoll")
    return len(table)
