"""Who is acting, and what they may do: roles, principals and how a login becomes a role.

Three roles, each including the one before:

``viewer``
    reads every page, analysis, picture and report; changes nothing.
``editor``
    also creates, edits and deletes actors, offers and committees and imports data.
``admin``
    also manages users and roles, reads and exports the audit log and carries
    out data-protection requests (information, erasure, purge).

The role of a person who logged in (OpenID Connect, see ``graph/ui/auth.py``)
is taken, in this order, from the user table (``bildungsnetz users``, the
admin page), from the token claim named by ``BILDUNGSNETZ_ROLE_CLAIM``
(values mapped by ``BILDUNGSNETZ_ROLE_MAP``), or from
``BILDUNGSNETZ_DEFAULT_ROLE``; without any of them the person has no access.

The store checks the role on every write (:meth:`graph.db.store.Store.write`),
so hiding a button is never the only protection.
"""

from __future__ import annotations

import enum
import getpass
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph import config
from graph.errors import BildungsnetzError, ConfigError


class Role(enum.IntEnum):
    """A role; a higher value includes every right of the lower ones."""

    VIEWER = 1
    EDITOR = 2
    ADMIN = 3

    @property
    def key(self) -> str:
        """The role's name in settings, claims and the user table."""
        return self.name.lower()

    @property
    def german(self) -> str:
        """The role's name shown to users."""
        return ROLE_LABELS[self]

    @classmethod
    def parse(cls, value: str) -> Role:
        """Return the role named ``value`` (``viewer``/``editor``/``admin`` or the German label).

        Raises
        ------
        ConfigError
            If ``value`` names no role.
        """
        text = str(value).strip().lower()
        for role in cls:
            if text in (role.key, role.german.lower()):
                return role
        names = ", ".join(r.key for r in cls)
        raise ConfigError(f"Unbekannte Rolle „{value}“; möglich sind: {names}.")


ROLE_LABELS: Mapping[Role, str] = {Role.VIEWER: "Lesen", Role.EDITOR: "Bearbeiten", Role.ADMIN: "Verwalten"}


class PermissionDenied(BildungsnetzError):
    """The acting person's role does not allow what was asked."""

    exit_code = 2


@dataclass(frozen=True)
class Principal:
    """The person (or process) on whose behalf the store acts.

    Attributes
    ----------
    user : str
        The login (e-mail address or subject) written to the audit log.
    role : Role or None
        None: logged in, but no access.
    source : str
        ``"oidc"``, ``"local"`` (single-user mode) or ``"cli"``.
    """

    user: str
    role: Role | None
    source: str

    def may(self, needed: Role) -> bool:
        """Whether this principal's role includes ``needed``."""
        return self.role is not None and self.role >= needed


def local_principal(source: str = "cli") -> Principal:
    """The operating-system user of this machine, as administrator.

    Used by the command line and the single-user local mode of the app: who can
    run them reaches the database files or credentials anyway.
    """
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        user = "lokal"
    return Principal(f"{user}@{socket.gethostname()}", Role.ADMIN, source)


def role_map(environ: Mapping[str, str] | None = None) -> dict[str, Role]:
    """Claim values → roles from ``BILDUNGSNETZ_ROLE_MAP`` (``"wert=rolle,wert=rolle"``).

    Without a map the role names themselves (``viewer``, ``editor``, ``admin``) count; with a map
    only its values do, so that a provider's own "admin" role of another application grants nothing.
    """
    raw = str(config.get("BILDUNGSNETZ_ROLE_MAP", environ) or "")
    mapping: dict[str, Role] = {} if raw.strip() else {role.key: role for role in Role}
    for part in raw.split(","):
        if not part.strip():
            continue
        value, sep, role = part.partition("=")
        if not sep or not value.strip():
            raise ConfigError(f"BILDUNGSNETZ_ROLE_MAP: „{part.strip()}“ hat nicht die Form wert=rolle.")
        mapping[value.strip().lower()] = Role.parse(role)
    return mapping


def role_from_claims(claims: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> Role | None:
    """The highest role named in the configured claim of an ID token (None if none is named)."""
    claim = str(config.get("BILDUNGSNETZ_ROLE_CLAIM", environ) or "")
    if not claim:
        return None
    value = claims.get(claim)
    values: Iterable[Any]
    if value is None:
        return None
    if isinstance(value, str):
        values = value.replace(",", " ").split()
    elif isinstance(value, Iterable):
        values = value
    else:
        values = [value]
    mapping = role_map(environ)
    found = [mapping[str(v).strip().lower()] for v in values if str(v).strip().lower() in mapping]
    return max(found) if found else None


def login_name(claims: Mapping[str, Any]) -> str | None:
    """The login of an ID token: its e-mail address (lower case), else its subject.

    An address the provider marks as unverified (``email_verified`` false) is not used: whoever can
    set it would take over the roles of that address.
    """
    email = claims.get("email")
    if isinstance(email, str) and email.strip() and claims.get("email_verified", True) is not False:
        return email.strip().lower()
    sub = claims.get("sub")
    return str(sub) if sub else None


def resolve(
    claims: Mapping[str, Any], table_role: Role | None, environ: Mapping[str, str] | None = None
) -> Principal | None:
    """The principal of a logged-in person: user table, then token claim, then the default role.

    Returns None if the claims carry no login name.
    """
    user = login_name(claims)
    if user is None:
        return None
    role = table_role or role_from_claims(claims, environ)
    if role is None:
        default = str(config.get("BILDUNGSNETZ_DEFAULT_ROLE", environ) or "").strip()
        role = Role.parse(default) if default else None
    return Principal(user, role, "oidc")
