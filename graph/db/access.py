"""Who may write, and the record of what they wrote: role checks, the guarded write, users, audit log.

Every write of the store goes through :meth:`Guarded.write`: the role of the
acting principal is checked first, the change, the audit entry and the new
data revision are written in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

import neo4j

from graph.auth import PermissionDenied, Principal, Role
from graph.db.connection import Connection, count, native
from graph.errors import DataError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Guarded(Connection):
    """A connection acting on behalf of a principal; without one it only reads."""

    principal: Principal | None = None

    def write(
        self,
        work: Callable[[neo4j.ManagedTransaction], T],
        *,
        action: str,
        role: Role = Role.EDITOR,
        label: str = "",
        object_id: str = "",
        version_of: Callable[[T], int] | None = None,
        detail: Callable[[T], str] | None = None,
        changed: Callable[[T], bool] = lambda _: True,
        bump: bool = True,
    ) -> T:
        """Run ``work(tx)`` in one managed write transaction that also advances the data revision.

        The acting principal must hold ``role``; otherwise nothing is written,
        the refusal is entered in the audit log and :class:`PermissionDenied`
        is raised. The audit entry (who, when, ``action``, ``label``,
        ``object_id``, the version ``version_of(result)`` and ``detail(result)``,
        never field values) is written in the same transaction as the change.
        The transaction is retried on transient conflicts; ``work`` must only
        use ``tx``. Everything ``work`` writes is committed together or not at all.
        The revision is advanced in the same transaction unless ``changed(result)`` is False
        or ``bump`` is False (a change that no analysis depends on, such as a saved view).

        Raises
        ------
        PermissionDenied
            If the principal's role does not include ``role``.
        """
        self.authorize(role, action, label=label, object_id=object_id)
        principal = self.principal
        assert principal is not None  # authorize() refuses a store without principal

        def unit(tx: neo4j.ManagedTransaction) -> T:
            result = work(tx)
            if changed(result):
                if bump:
                    self.run_in_write(tx, "meta/bump_revision", instance=secrets.token_hex(8))
                version = version_of(result) if version_of else -1
                self.audit(tx, principal, action, label, object_id, version, "ok", detail(result) if detail else "")
            return result

        return self.write_attempts(unit)

    def authorize(self, role: Role, action: str, *, label: str = "", object_id: str = "") -> None:
        """Refuse (and log in the audit log) what the acting principal's role does not allow.

        Raises
        ------
        PermissionDenied
            With a German sentence naming the role needed.
        """
        principal = self.principal
        if principal is not None and principal.may(role):
            return
        logger.warning("write refused: action %s needs role %s", action, role.key)
        if principal is not None:
            denied = principal

            def record(tx: neo4j.ManagedTransaction) -> None:
                self.audit(tx, denied, action, label, object_id, -1, "denied", f"benötigt {role.key}")

            self.write_attempts(record)
            raise PermissionDenied(
                f"Ihre Rolle ({denied.role.german if denied.role else 'ohne Zugang'}) erlaubt das nicht; "
                f"dafür ist die Rolle „{role.german}“ nötig. Der Versuch wurde protokolliert."
            )
        raise PermissionDenied("Ohne angemeldete Person kann nichts geändert werden.")

    def audit(
        self,
        tx: neo4j.ManagedTransaction,
        principal: Principal,
        action: str,
        label: str,
        object_id: str,
        version: int,
        outcome: str,
        detail: str,
    ) -> None:
        """Append one entry to the audit log inside ``tx`` (ids and counts only, never field values)."""
        self.run_in_write(
            tx,
            "audit/append",
            id=secrets.token_hex(12),
            at=dt.datetime.now(dt.UTC),
            user=principal.user,
            role=principal.role.key if principal.role else "",
            action=action,
            label=label,
            object_id=object_id,
            version=int(version),
            outcome=outcome,
            detail=detail,
        )

    def record(self, action: str, *, role: Role, label: str = "", object_id: str = "") -> None:
        """Check ``role`` and enter a reading action (an export of personal data, of the log) in the audit log.

        Raises
        ------
        PermissionDenied
            If the acting principal's role does not include ``role``.
        """
        self.authorize(role, action, label=label, object_id=object_id)
        principal = self.principal
        assert principal is not None
        self.write_attempts(lambda tx: self.audit(tx, principal, action, label, object_id, -1, "ok", ""))

    # -- users --------------------------------------------------------------------------------

    def user_role(self, login: str) -> Role | None:
        """The role of ``login`` in the user table, or None if the login is not in it."""
        rows = self.read("users/role", login=login.strip().lower())
        return Role.parse(rows[0]["role"]) if rows else None

    def users(self) -> list[dict[str, Any]]:
        """The user table: login, role, updated_at (admin only)."""
        self.authorize(Role.ADMIN, "users_read")
        return [
            {"login": r["login"], "role": r["role"], "updated_at": native(r["updated_at"])}
            for r in self.read("users/list")
        ]

    def set_user_role(self, login: str, role: Role) -> None:
        """Add a user or change their role (admin only).

        Raises
        ------
        PermissionDenied
            If the acting principal is no admin.
        DataError
            If ``login`` is empty, or the change would leave no admin.
        """
        key = login.strip().lower()
        if not key:
            raise DataError("Bitte eine Anmeldung (E-Mail-Adresse) angeben.")

        def work(tx: neo4j.ManagedTransaction) -> int:
            before = count(self.run_in_write(tx, "users/admins"), "admins")
            rows = self.run_in_write(tx, "users/put", login=key, role=role.key, now=dt.datetime.now(dt.UTC))
            self._keep_an_admin(tx, before)
            return int(rows[0]["version"])

        self.write(
            work,
            action="user_role",
            role=Role.ADMIN,
            label="AppUser",
            object_id=key,
            version_of=int,
            detail=lambda _: role.german,
        )

    def remove_user(self, login: str) -> None:
        """Remove a user from the table (admin only); the last admin cannot be removed.

        Raises
        ------
        PermissionDenied
            If the acting principal is no admin.
        DataError
            If the user is unknown or the last admin.
        """
        key = login.strip().lower()

        def work(tx: neo4j.ManagedTransaction) -> int:
            before = count(self.run_in_write(tx, "users/admins"), "admins")
            if not count(self.run_in_write(tx, "users/delete", login=key), "deleted"):
                raise DataError(f"Eine Anmeldung „{key}“ gibt es in der Benutzertabelle nicht.")
            self._keep_an_admin(tx, before)
            return 0

        self.write(work, action="user_remove", role=Role.ADMIN, label="AppUser", object_id=key)

    def _keep_an_admin(self, tx: neo4j.ManagedTransaction, before: int) -> None:
        """Refuse a change that leaves users in the table but takes the role of its last admin."""
        if (
            before
            and not count(self.run_in_write(tx, "users/admins"), "admins")
            and self.run_in_write(tx, "users/list")
        ):
            raise DataError("Mindestens eine Person in der Benutzertabelle muss die Rolle „Verwalten“ behalten.")

    # -- audit log ------------------------------------------------------------------------------

    def audit_log(self, limit: int = 100_000) -> list[dict[str, Any]]:
        """The audit log, newest first (admin only).

        Raises
        ------
        PermissionDenied
            If the acting principal is no admin (the refusal itself is logged).
        """
        self.authorize(Role.ADMIN, "audit_read")  # reading is not logged (every page view would add one); export is
        return [{k: native(v) for k, v in row.items()} for row in self.read("audit/list", limit=int(limit))]
