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

from graph import model
from graph.auth import Role
from graph.db.store import Store
from graph.errors import DataError
from graph.io.export import safe_frame, sheet_name

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


#: Actions as users read them.
ACTIONS: dict[str, str] = {
    "create": "angelegt",
    "update": "geändert",
    "delete": "gelöscht",
    "import": "Import",
    "import_replace": "Import (Bestand ersetzt)",
    "demo": "Demo-Landkreis geladen",
    "demo_replace": "Demo-Landkreis geladen (Bestand ersetzt)",
    "clear_replace": "Bestand geleert",
    "user_role": "Rolle vergeben",
    "user_remove": "Benutzer entfernt",
    "erase": "Ansprechperson gelöscht (DSGVO)",
    "purge": "Löschfristen vollzogen",
    "privacy_report": "Datenschutz-Auskunft",
    "audit_read": "Protokoll gelesen",
    "audit_export": "Protokoll exportiert",
    "users_read": "Benutzertabelle gelesen",
    "view_add": "Ansicht gespeichert",
    "view_remove": "Ansicht gelöscht",
    "view_move": "Ansicht verschoben",
    "view_caption": "Bildunterschrift geändert",
    "cooperation_create": "Kooperation angelegt",
    "cooperation_update": "Kooperation geändert",
    "cooperation_end": "Kooperation beendet",
    "cooperation_delete": "Kooperation gelöscht",
    "membership_create": "Mitgliedschaft angelegt",
    "membership_update": "Mitgliedschaft geändert",
    "membership_end": "Austritt eingetragen",
    "membership_delete": "Mitgliedschaft gelöscht",
}
#: Outcomes as users read them.
OUTCOMES: dict[str, str] = {"ok": "ausgeführt", "denied": "verweigert"}
#: Kinds of objects as users read them.
KINDS: dict[str, str] = {
    **model.NODE_LABELS,
    "COOPERATES_WITH": "Kooperation",
    "MEMBER_OF": "Mitgliedschaft",
    "AppUser": "Benutzer",
    "View": "Ansicht",
}


def readable(entries: list[dict]) -> pd.DataFrame:
    """Audit entries as a table with German headers and words, formula-safe cells, no -1 versions."""
    table = pd.DataFrame(entries, columns=list(COLUMNS))
    if len(table):
        table["at"] = table["at"].map(lambda v: v.strftime("%d.%m.%Y %H:%M:%S") if hasattr(v, "strftime") else v)
        table["action"] = table["action"].map(lambda v: ACTIONS.get(v, v))
        table["outcome"] = table["outcome"].map(lambda v: OUTCOMES.get(v, v))
        table["label"] = table["label"].map(lambda v: KINDS.get(v, v))
        table["role"] = table["role"].map(lambda v: Role.parse(v).german if v else "")
        table["version"] = table["version"].map(lambda v: "" if v is None or int(v) < 0 else str(int(v)))
    return safe_frame(table.rename(columns=COLUMNS))


def audit_table(store: Store, limit: int = 1_000_000) -> pd.DataFrame:
    """The audit log, newest first, with German headers and formula-safe cells (admin role).

    Raises
    ------
    PermissionDenied
        If the store's principal is no admin.
    """
    return readable(store.audit_log(limit=limit))


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
        table.to_excel(path, index=False, sheet_name=sheet_name("Protokoll"))
    return len(table)
