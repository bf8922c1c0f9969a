"""Gremienlandkarte: the committee structure of a district as an analysis of its own.

Who sits where, how the committees report to each other, which committees
cover which transition, which overlap so much that they could be merged,
and what each actor's committee load ("Gremienlast") is. Every function is
pure: it reads a :class:`~graph.dataset.Dataset` as of a date (through
:func:`graph.build.landscape`) and returns a DataFrame with English
snake_case columns and, where a person reads a finding, an ``explanation``
in plain German. Persons are never read.

Rules (thresholds are module constants and keyword options):

- **Reporting tree.** A committee's parent is the committee it reports to
  (``REPORTS_TO``, "Berichtet an") if that committee is valid on the date.
  Depth 0 is a committee without a valid parent; a committee on a cycle, or
  below one, has no depth.
- **Structure findings.**

  - ``ohne_berichtslinie``: a committee without a reporting line whose type is
    not one of :data:`TOP_TYPES` (Bildungskonferenz and Lenkungskreis are the
    top of a district's structure and need none; a Steuerungsgruppe,
    Arbeitskreis, Netzwerk or Projektverbund without a line is not tied to the
    steering);
  - ``verwaist``: it reports to a committee that is dissolved or not yet
    founded on the date (or unknown);
  - ``zyklus``: committees that report to each other in a circle (one finding
    per circle; the import refuses such data, a store edited by hand may hold it);
  - ``ohne_mitglieder``: no valid member on the date.
- **Transition coverage.** A committee covers a transition when one of its
  themes names it (:data:`TRANSITION_WORDS`: after :func:`theme_words`, all
  words of one alternative, e.g. "Übergang Kita–Grundschule" holds *kita* and
  *grundschule*; "Berufsorientierung" covers Schule → Beruf). The committee
  type says nothing about a transition and is not used. The sides are those of
  :data:`graph.model.TRANSITIONS` (actor types). A covering committee without
  a member of one side is *one-sided* (DOMAIN §5: a transition committee
  without members from both sides is a gap); a transition no committee
  covers is *uncovered*. An education area (Bildungsbereich) is covered by a
  committee whose theme names it (:data:`EDUCATION_AREA_WORDS`); the table
  also counts the members working in that area (``education_areas``).
- **Merge candidates.** Exactly the duplicate-committee rule of
  :func:`graph.analysis.duplicates.duplicates`: member Jaccard overlap
  ≥ :data:`MERGE_JACCARD` (0.6) and a shared theme after
  :func:`~graph.analysis.duplicates.normalise_theme`. Same area and same
  reporting line are listed as further reasons, but do not decide.
- **Committee load.** Per actor with at least one seat: committees, seats with
  a role (Vorsitz or Geschäftsstelle) and meetings per year (the sum of the
  committees' ``meetings_per_year``; a committee without the value counts 0).
  The sector median is the median number of committees of the actors *of the
  same sector with at least one seat*. An actor is *far above* when its
  committees are ≥ :data:`LOAD_FACTOR` × the median **and** ≥ the median +
  :data:`LOAD_MARGIN` (both at the threshold count).
- **Members elsewhere.** Per committee, the share of members who sit in at
  least :data:`ELSEWHERE_MIN` (3) *other* committees.
- **Sector presence.** Per sector × committee type: how many committees of
  the type have at least one member of the sector; a sector present in some
  committee but in no committee of a type is a finding for that type.

References
----------
.. [1] Transferinitiative Kommunales Bildungsmanagement, "Datenbasiertes
   kommunales Bildungsmanagement" (Gremienstrukturen, Bildungskonferenz,
   Lenkungskreis), https://www.transferinitiative.de.
.. [2] Borgatti, S. P. and Everett, M. G., "Network analysis of 2-mode data",
   Social Networks 19 (1997) 243–269 (actor × committee matrices, overlap of
   the committee projection).
.. [3] Jaccard, P., "Étude comparative de la distribution florale dans une
   portion des Alpes et du Jura", Bull. Soc. Vaudoise Sci. Nat. 37 (1901) 547–579.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from graph import german, model
from graph.analysis.change import check_dates
from graph.analysis.duplicates import normalise_theme
from graph.build import AreaTree, landscape, located_in, nodes_of, valid_at
from graph.dataset import Dataset

#: Committee types at the top of a structure: without a reporting line they are no finding.
TOP_TYPES = frozenset({"bildungskonferenz", "lenkungskreis"})
#: Least member Jaccard overlap of a merge candidate (the duplicate-committee rule, DOMAIN §5).
MERGE_JACCARD = 0.6
#: "Far above": at least this many times the sector median of committees …
LOAD_FACTOR = 2.0
#: … and at least this many committees more than the median.
LOAD_MARGIN = 4
#: A member "sits elsewhere" when it holds seats in at least this many other committees.
ELSEWHERE_MIN = 3
#: Roles that carry work beyond a seat.
ROLE_SEATS = frozenset({"chair", "office"})

#: Words that name a transition in a theme: any alternative whose words all occur (after :func:`theme_words`).
TRANSITION_WORDS: Mapping[str, tuple[frozenset[str], ...]] = {
    "familie_kita": (frozenset({"familie", "kita"}), frozenset({"eltern", "kita"}), frozenset({"krippe"})),
    "kita_grundschule": (
        frozenset({"kita", "grundschule"}),
        frozenset({"kindergarten", "grundschule"}),
        frozenset({"kita", "schule"}),
        frozenset({"einschulung"}),
    ),
    "grundschule_sek1": (
        frozenset({"grundschule", "sekundarstufe"}),
        frozenset({"grundschule", "sek1"}),
        frozenset({"grundschule", "weiterfuehrende"}),
    ),
    "schule_beruf": (
        frozenset({"schule", "beruf"}),
        frozenset({"berufsorientierung"}),
        frozenset({"berufswahl"}),
        frozenset({"ausbildungsreife"}),
    ),
    "ausbildung_beruf": (
        frozenset({"ausbildung", "beruf"}),
        frozenset({"berufseinstieg"}),
        frozenset({"fachkraeftesicherung"}),
    ),
    "wiedereinstieg": (frozenset({"wiedereinstieg"}), frozenset({"berufsrueckkehr"})),
    "beruf_weiterbildung": (
        frozenset({"beruf", "weiterbildung"}),
        frozenset({"berufliche", "weiterbildung"}),
        frozenset({"weiterbildung"}),
        frozenset({"lebenslanges", "lernen"}),
    ),
    "erwerb_ruhestand": (frozenset({"ruhestand"}), frozenset({"senioren"}), frozenset({"erwerbsleben", "ruhestand"})),
}
#: Words that name an education area (Bildungsbereich) in a theme, likewise.
EDUCATION_AREA_WORDS: Mapping[str, tuple[frozenset[str], ...]] = {
    "fruehkindlich": (
        frozenset({"fruehe", "bildung"}),
        frozenset({"fruehkindliche", "bildung"}),
        frozenset({"kita"}),
        frozenset({"kindertagesbetreuung"}),
    ),
    "allgemeinbildende_schule": (
        frozenset({"schule"}),
        frozenset({"grundschule"}),
        frozenset({"ganztag"}),
        frozenset({"schulentwicklung"}),
    ),
    "berufliche_bildung": (
        frozenset({"berufliche", "bildung"}),
        frozenset({"berufsorientierung"}),
        frozenset({"ausbildung"}),
        frozenset({"beruf"}),
    ),
    "hochschule": (frozenset({"hochschule"}), frozenset({"studium"})),
    "weiterbildung": (frozenset({"weiterbildung"}), frozenset({"grundbildung"}), frozenset({"lebenslanges", "lernen"})),
    "nonformal_informell": (
        frozenset({"jugendarbeit"}),
        frozenset({"kulturelle", "bildung"}),
        frozenset({"non", "formale"}),
        frozenset({"informelle"}),
    ),
    "bildungsberatung": (frozenset({"bildungsberatung"}), frozenset({"beratung"})),
}

TREE_COLUMNS = [
    "id",
    "name",
    "committee_type",
    "size",
    "chair",
    "meetings_per_year",
    "themes",
    "reports_to",
    "reports_to_name",
    "depth",
    "area",
    "area_name",
    "in_cycle",
    "orphan_of",
]
STRUCTURE_COLUMNS = ["kind", "committees", "names", "explanation"]
#: The kinds of :func:`structure_findings`, in their order (German labels: ``graph.display``).
STRUCTURE_KINDS = ("ohne_berichtslinie", "zyklus", "verwaist", "ohne_mitglieder")
TRANSITION_COLUMNS = [
    "kind",
    "key",
    "committee",
    "committee_name",
    "covered",
    "side_a",
    "side_b",
    "one_sided",
    "missing_side",
    "finding",
    "explanation",
]
OVERLAP_COLUMNS = [
    "a",
    "b",
    "a_name",
    "b_name",
    "jaccard",
    "shared",
    "shared_members",
    "shared_themes",
    "same_area",
    "same_reporting_line",
    "merge_candidate",
    "reasons",
    "explanation",
]
LOAD_COLUMNS = [
    "id",
    "name",
    "sector",
    "committees",
    "seats_with_role",
    "meetings_per_year",
    "sector_median",
    "far_above",
    "explanation",
]
ELSEWHERE_COLUMNS = ["id", "name", "members", "members_elsewhere", "share", "explanation"]
SECTOR_COLUMNS = ["sector", "committee_type", "committees", "with_sector", "missing", "explanation"]
CHANGE_COLUMNS = [
    "kind",
    "change",
    "committee",
    "committee_name",
    "actor",
    "actor_name",
    "role_from",
    "role_to",
    "explanation",
]
#: The keys of :func:`committees_summary`.
SUMMARY_KEYS = ("tree", "structure", "transitions", "overlap", "matrix", "load", "elsewhere", "sectors", "change")


def display_kind(key: str) -> str:
    """Return the name under which :mod:`graph.display` catalogues the table ``key`` of :func:`committees_summary`.

    Examples
    --------
    >>> display_kind("overlap")
    'committee_overlap'
    """
    return f"committee_{key}"


# --- the data of one date ------------------------------------------------------------------------


@dataclass
class _Committee:
    id: str
    name: str
    committee_type: str
    themes: list[str]
    meetings: int | None
    area: str | None
    members: dict[str, str] = field(default_factory=dict)  # actor id -> role
    reports_to: list[str] = field(default_factory=list)  # every target as stored


@dataclass
class _Actor:
    id: str
    name: str
    sector: str
    actor_type: str
    education_areas: tuple[str, ...]


@dataclass
class _State:
    committees: dict[str, _Committee]
    actors: dict[str, _Actor]
    area_names: dict[str, str]
    known: Mapping[str, Mapping[str, Any]]  # every committee of the dataset, valid or not
    when: dt.date

    def seats(self) -> dict[str, dict[str, str]]:
        """Actor id -> committee id -> role."""
        out: dict[str, dict[str, str]] = defaultdict(dict)
        for committee in self.committees.values():
            for actor, role in committee.members.items():
                out[actor][committee.id] = role
        return out

    def parent(self, committee: str) -> str | None:
        """The valid committee ``committee`` reports to (the first by id), or None."""
        valid = [t for t in self.committees[committee].reports_to if t in self.committees]
        return valid[0] if valid else None


def _state(ds: Dataset, as_of: dt.date | None) -> _State:
    L = landscape(ds, as_of)
    actors: dict[str, _Actor] = {}
    for key in nodes_of(L, "Actor"):
        data = L.nodes[key]
        actors[data["id"]] = _Actor(
            data["id"],
            str(data.get("name") or data["id"]),
            str(data.get("sector") or ""),
            str(data.get("actor_type") or ""),
            tuple(data.get("education_areas") or ()),
        )
    committees: dict[str, _Committee] = {}
    for key in nodes_of(L, "Committee"):
        data = L.nodes[key]
        meetings = data.get("meetings_per_year")
        committees[data["id"]] = _Committee(
            data["id"],
            str(data.get("name") or data["id"]),
            str(data.get("committee_type") or ""),
            [str(t) for t in data.get("themes") or ()],
            int(meetings) if meetings is not None else None,
            located_in(L, key),
        )
    for u, v, data in L.edges(data=True):
        if data.get("kind") == "MEMBER_OF":
            actor, committee = L.nodes[u]["id"], L.nodes[v]["id"]
            if actor in actors and committee in committees:
                committees[committee].members[actor] = str(data.get("role") or "member")
    when = L.graph["as_of"]
    for rel in ds.rels:  # from the dataset: a line to a dissolved committee is not in the landscape
        if rel.type == "REPORTS_TO" and rel.start in committees and valid_at(rel.props, when):
            committees[rel.start].reports_to.append(rel.end)
    for committee in committees.values():
        committee.reports_to.sort()
    return _State(committees, actors, AreaTree(L).names, ds.nodes.get("Committee", {}), when)


def _role(key: str) -> str:
    return model.vocab_label("member_role", key)


def _type(key: str) -> str:
    return model.vocab_label("committee_type", key)


def _sector(key: str) -> str:
    return model.vocab_label("sector", key) if key else "ohne Sektor"


def _names(items: Sequence[str]) -> str:
    """Names joined with "und" (``A``, ``A und B``, ``A, B und C``)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def _quoted(name: str) -> str:
    return f"„{name}“"


def theme_words(theme: str) -> frozenset[str]:
    """Return the words of a committee theme after :func:`~graph.analysis.duplicates.normalise_theme`.

    Examples
    --------
    >>> sorted(theme_words("Übergang Kita–Grundschule"))
    ['grundschule', 'kita', 'uebergang']
    >>> sorted(theme_words("kita_grundschule"))
    ['grundschule', 'kita']
    """
    return frozenset(re.findall(r"[a-z0-9]+", normalise_theme(theme).replace("_", " ")))


def _names_it(themes: Sequence[str], words: Sequence[frozenset[str]]) -> bool:
    return any(alternative <= theme_words(theme) for theme in themes for alternative in words)


# --- 1. structure --------------------------------------------------------------------------------


def _cycles(state: _State) -> list[list[str]]:
    graph = nx.DiGraph()
    graph.add_nodes_from(state.committees)
    for cid, committee in state.committees.items():
        for target in committee.reports_to:
            if target in state.committees:
                graph.add_edge(cid, target)
    cycles = [sorted(c) for c in nx.simple_cycles(graph)]
    return sorted(cycles)


def reporting_tree(ds: Dataset, as_of: dt.date | None = None) -> pd.DataFrame:
    """Return the reporting tree ("Berichtet an") of the committees valid on ``as_of``.

    Parameters
    ----------
    ds : Dataset
        The data; not changed.
    as_of : date, optional
        The reference date (default today).

    Returns
    -------
    pandas.DataFrame
        One row per committee, in tree order (each top committee followed by
        the committees below it, by name): id, name, committee_type, size
        (members on the date), chair (names of the actors with role Vorsitz,
        joined by "; ": a name may hold a comma), meetings_per_year, themes (list), reports_to (id of
        the valid parent or None), reports_to_name, depth (0 = top; missing on
        and below a cycle), area, area_name, in_cycle, orphan_of (the id of a
        dissolved or unknown committee it reports to, else None).

    Examples
    --------
    >>> from graph.dataset import Dataset, Rel
    >>> ds = Dataset({"Committee": {"lk": {"name": "Lenkungskreis", "committee_type": "lenkungskreis"},
    ...                             "ak": {"name": "AK", "committee_type": "arbeitskreis"}}},
    ...              [Rel("REPORTS_TO", "Committee", "ak", "Committee", "lk")])
    >>> reporting_tree(ds, dt.date(2026, 1, 1))[["id", "depth"]].values.tolist()
    [['lk', 0], ['ak', 1]]
    """
    return _tree(_state(ds, as_of))


def _tree(state: _State) -> pd.DataFrame:
    on_cycle = {c for cycle in _cycles(state) for c in cycle}
    parent = {cid: state.parent(cid) for cid in state.committees}
    children: dict[str | None, list[str]] = defaultdict(list)
    for cid, p in parent.items():
        children[p].append(cid)

    def by_name(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda c: (state.committees[c].name, c))

    depth: dict[str, int] = {}
    order: list[str] = []
    stack = [(c, 0) for c in reversed(by_name(children[None]))]
    while stack:
        cid, level = stack.pop()
        if cid in depth:
            continue
        depth[cid] = level
        order.append(cid)
        stack.extend((c, level + 1) for c in reversed(by_name(children[cid])) if c not in on_cycle)
    order += by_name([c for c in state.committees if c not in depth])
    rows = []
    for cid in order:
        committee = state.committees[cid]
        p = parent[cid]
        lost = [t for t in committee.reports_to if t not in state.committees]
        chairs = sorted(state.actors[a].name for a, role in committee.members.items() if role == "chair")
        rows.append(
            [
                cid,
                committee.name,
                committee.committee_type,
                len(committee.members),
                "; ".join(chairs) or None,
                committee.meetings,
                list(committee.themes),
                p,
                state.committees[p].name if p else None,
                depth.get(cid),
                committee.area,
                state.area_names.get(committee.area or "", committee.area),
                cid in on_cycle,
                lost[0] if lost and p is None else None,
            ]
        )
    table = pd.DataFrame(rows, columns=TREE_COLUMNS)
    table["depth"] = table["depth"].astype("Int64")
    table["meetings_per_year"] = table["meetings_per_year"].astype("Int64")
    table["in_cycle"] = table["in_cycle"].astype(bool)
    return table


def structure_findings(ds: Dataset, as_of: dt.date | None = None) -> pd.DataFrame:
    """Name the committees without a reporting line, the cycles, the orphans and the committees without members.

    Parameters
    ----------
    ds : Dataset
        The data; not changed.
    as_of : date, optional
        The reference date (default today).

    Returns
    -------
    pandas.DataFrame
        kind (one of :data:`STRUCTURE_KINDS`), committees (list of ids),
        names (their names joined by ", "), explanation; sorted by kind as in
        :data:`STRUCTURE_KINDS`, then by the first id.

    Notes
    -----
    Bildungskonferenz and Lenkungskreis (:data:`TOP_TYPES`) are the top of a
    structure and need no reporting line; every other committee without one is
    a finding (module docstring).
    """
    return _structure(_state(ds, as_of))


def _structure(state: _State) -> pd.DataFrame:
    when = state.when
    rows: list[list[Any]] = []
    for cid in sorted(state.committees):
        committee = state.committees[cid]
        if not committee.reports_to and committee.committee_type not in TOP_TYPES:
            rows.append(
                [
                    "ohne_berichtslinie",
                    [cid],
                    committee.name,
                    f"{_quoted(committee.name)} ({_type(committee.committee_type)}) berichtet an kein anderes "
                    "Gremium: Es ist nicht an die Steuerung (Lenkungskreis oder Steuerungsgruppe) angebunden.",
                ]
            )
    for cycle in _cycles(state):
        names = [state.committees[c].name for c in cycle]
        rows.append(
            [
                "zyklus",
                cycle,
                ", ".join(names),
                f"{_names([_quoted(n) for n in names])} berichten im Kreis aneinander: Keines steht oben, "
                "die Berichtslinie hat kein Ende.",
            ]
        )
    for cid in sorted(state.committees):
        committee = state.committees[cid]
        lost = [t for t in committee.reports_to if t not in state.committees]
        for target in lost:
            known = state.known.get(target)
            if known is not None:
                target_name = str(known.get("name") or target)
                end = known.get("valid_to")
                start = known.get("valid_from")
                if end is not None and end < when:
                    status = f"am {end:%d.%m.%Y} aufgelöst wurde"
                elif start is not None and start > when:
                    status = f"erst am {start:%d.%m.%Y} gegründet wird"
                else:
                    status = "am Stichtag nicht gültig ist"
                text = (
                    f"{_quoted(committee.name)} berichtet an {_quoted(target_name)}, das {status}: "
                    "Die Berichtslinie führt ins Leere."
                )
            else:
                text = (
                    f"{_quoted(committee.name)} berichtet an ein Gremium mit der ID {_quoted(target)}, "
                    "das es nicht gibt: Die Berichtslinie führt ins Leere."
                )
            rows.append(["verwaist", [cid], committee.name, text])
    for cid in sorted(state.committees):
        committee = state.committees[cid]
        if not committee.members:
            rows.append(
                [
                    "ohne_mitglieder",
                    [cid],
                    committee.name,
                    f"{_quoted(committee.name)} hat am {when:%d.%m.%Y} keine Mitglieder.",
                ]
            )
    order = {k: i for i, k in enumerate(STRUCTURE_KINDS)}
    rows.sort(key=lambda r: (order[r[0]], r[1][0]))
    return pd.DataFrame(rows, columns=STRUCTURE_COLUMNS)


def transition_coverage(ds: Dataset, as_of: dt.date | None = None) -> pd.DataFrame:
    """For each transition and education area, the committees that cover it and whether both sides sit in them.

    Parameters
    ----------
    ds : Dataset
        The data; not changed.
    as_of : date, optional
        The reference date (default today).

    Returns
    -------
    pandas.DataFrame
        One row per transition × covering committee and per education area ×
        covering committee; one row with ``committee`` None for a transition
        or area no committee covers. Columns: kind (``transition`` |
        ``education_area``), key (the vocabulary key), committee,
        committee_name, covered, side_a (members on the handing-over side; for
        an education area: members working in it), side_b (members on the
        taking-over side; None for an area), one_sided (a covering committee
        without one side of its transition), missing_side (``a`` | ``b`` |
        ``both`` | None), finding (not covered or one-sided), explanation.

    Notes
    -----
    Coverage is read from the themes (:data:`TRANSITION_WORDS`,
    :data:`EDUCATION_AREA_WORDS`); DOMAIN §5: "a transition committee without
    members from both sides" is a gap.
    """
    return _coverage(_state(ds, as_of))


def _coverage(state: _State) -> pd.DataFrame:
    rows: list[list[Any]] = []
    for key, transition in model.TRANSITIONS.items():
        label = model.vocab_label("transition", key)
        covering = [c for c in _by_name(state) if _names_it(c.themes, TRANSITION_WORDS.get(key, ()))]
        if not covering:
            text = f"Kein Gremium befasst sich laut seinen Themen mit dem Übergang {label}."
            rows.append(["transition", key, None, None, False, None, None, False, None, True, text])
        for committee in covering:
            types = [state.actors[a].actor_type for a in committee.members]
            n_a = sum(t in transition.side_a for t in types)
            n_b = sum(t in transition.side_b for t in types)
            missing = "both" if not n_a and not n_b else "a" if not n_a else "b" if not n_b else None
            rows.append(
                [
                    "transition",
                    key,
                    committee.id,
                    committee.name,
                    True,
                    n_a,
                    n_b,
                    missing is not None,
                    missing,
                    missing is not None,
                    _coverage_text(committee.name, label, transition, n_a, n_b, missing),
                ]
            )
    for key in model.VOCABULARIES["education_area"]:
        label = model.vocab_label("education_area", key)
        covering = [c for c in _by_name(state) if _names_it(c.themes, EDUCATION_AREA_WORDS.get(key, ()))]
        if not covering:
            text = f"Kein Gremium befasst sich laut seinen Themen mit dem Bildungsbereich {label}."
            rows.append(["education_area", key, None, None, False, None, None, False, None, True, text])
        for committee in covering:
            working = sum(key in state.actors[a].education_areas for a in committee.members)
            text = (
                f"{_quoted(committee.name)} befasst sich mit dem Bildungsbereich {label}; "
                f"{german.count(working, 'Mitglied ist', 'Mitglieder sind')} in diesem Bereich tätig."
            )
            rows.append(
                ["education_area", key, committee.id, committee.name, True, working, None, False, None, False, text]
            )
    table = pd.DataFrame(rows, columns=TRANSITION_COLUMNS)
    for column in ("side_a", "side_b"):
        table[column] = table[column].astype("Int64")
    for column in ("covered", "one_sided", "finding"):
        table[column] = table[column].astype(bool)
    return table


def _by_name(state: _State) -> list[_Committee]:
    return sorted(state.committees.values(), key=lambda c: (c.name, c.id))


def _type_list(types: frozenset[str]) -> str:
    return ", ".join(sorted(model.vocab_label("actor_type", t) for t in types))


def _coverage_text(name: str, label: str, transition: model.Transition, n_a: int, n_b: int, missing: str | None) -> str:
    head = f"{_quoted(name)} befasst sich mit dem Übergang {label}"
    if missing == "both":
        return (
            f"{head}, aber keines seiner Mitglieder steht auf einer Seite des Übergangs "
            f"(abgebend: {_type_list(transition.side_a)}; aufnehmend: {_type_list(transition.side_b)})."
        )
    if missing == "a":
        return (
            f"{head}, aber die abgebende Seite fehlt: kein Mitglied ist {_type_list(transition.side_a)} "
            f"({german.count(n_b, 'Mitglied', 'Mitglieder')} auf der aufnehmenden Seite)."
        )
    if missing == "b":
        return (
            f"{head}, aber die aufnehmende Seite fehlt: kein Mitglied ist {_type_list(transition.side_b)} "
            f"({german.count(n_a, 'Mitglied', 'Mitglieder')} auf der abgebenden Seite)."
        )
    return f"{head}; beide Seiten sitzen am Tisch ({n_a} abgebend, {n_b} aufnehmend)."


# --- 2. overlap ----------------------------------------------------------------------------------


def committee_overlap(
    ds: Dataset, as_of: dt.date | None = None, *, committee_jaccard: float = MERGE_JACCARD
) -> pd.DataFrame:
    """Compare every pair of committees that share a member; name the merge candidates.

    Parameters
    ----------
    ds : Dataset
        The data; not changed.
    as_of : date, optional
        The reference date (default today).
    committee_jaccard : float
        Least Jaccard overlap of a merge candidate (0–1; the duplicate rule's 0.6).

    Returns
    -------
    pandas.DataFrame
        One row per pair with at least one shared member (a < b by id): a, b,
        a_name, b_name, jaccard (shared / all members of both), shared (count),
        shared_members (names joined by "; "), shared_themes (list, as written
        in ``a``), same_area, same_reporting_line (both report to the same
        valid committee), merge_candidate (jaccard ≥ ``committee_jaccard`` and
        a shared theme: the duplicate-committee rule), reasons (German, joined
        by "; "), explanation; merge candidates first, then by jaccard.

    References
    ----------
    .. [1] Jaccard (1901); DOMAIN §5 "Duplicate committees".
    """
    return _overlap(_state(ds, as_of), committee_jaccard)


def _overlap(state: _State, committee_jaccard: float) -> pd.DataFrame:
    seats = state.seats()
    pairs = {pair for held in seats.values() for pair in itertools.combinations(sorted(held), 2)}
    rows: list[list[Any]] = []
    for a, b in sorted(pairs):
        ca, cb = state.committees[a], state.committees[b]
        ma, mb = set(ca.members), set(cb.members)
        common = ma & mb
        jaccard = len(common) / len(ma | mb)
        themes_b = {normalise_theme(t) for t in cb.themes}
        shared_themes = sorted({t for t in ca.themes if normalise_theme(t) and normalise_theme(t) in themes_b})
        same_area = ca.area is not None and ca.area == cb.area
        pa, pb = state.parent(a), state.parent(b)
        same_line = pa is not None and pa == pb
        candidate = jaccard >= committee_jaccard and bool(shared_themes)
        reasons = [f"{len(common)} von {len(ma | mb)} Mitgliedern gemeinsam ({german.percent(jaccard)})"]
        if shared_themes:
            reasons.append("gemeinsames Thema: " + ", ".join(shared_themes))
        if same_area:
            reasons.append("dasselbe Gebiet: " + state.area_names.get(ca.area or "", ca.area or ""))
        if same_line:
            reasons.append(f"beide berichten an {_quoted(state.committees[pa or ''].name)}")
        names = sorted(state.actors[x].name for x in common)
        if candidate:
            text = (
                f"{_quoted(ca.name)} und {_quoted(cb.name)} könnten zusammengelegt werden: "
                + "; ".join(reasons)
                + f" (ab {german.percent(committee_jaccard)} Überschneidung und einem gemeinsamen Thema gemeldet)."
            )
        else:
            why = (
                "kein gemeinsames Thema"
                if jaccard >= committee_jaccard
                else f"weniger als {german.percent(committee_jaccard)} Überschneidung"
            )
            text = f"{_quoted(ca.name)} und {_quoted(cb.name)}: " + "; ".join(reasons) + f" – kein Kandidat ({why})."
        rows.append(
            [
                a,
                b,
                ca.name,
                cb.name,
                jaccard,
                len(common),
                "; ".join(names),
                shared_themes,
                same_area,
                same_line,
                candidate,
                "; ".join(reasons),
                text,
            ]
        )
    table = pd.DataFrame(rows, columns=OVERLAP_COLUMNS)
    for column in ("same_area", "same_reporting_line", "merge_candidate"):
        table[column] = table[column].astype(bool)
    table["jaccard"] = table["jaccard"].astype(float)
    return table.sort_values(
        ["merge_candidate", "jaccard", "a", "b"], ascending=[False, False, True, True], ignore_index=True
    )


def membership_matrix(ds: Dataset, as_of: dt.date | None = None) -> pd.DataFrame:
    """Return the actors × committees matrix: who sits where, with which role.

    Parameters
    ----------
    ds : Dataset
        The data; not changed.
    as_of : date, optional
        The reference date (default today).

    Returns
    -------
    pandas.DataFrame
        One row per actor with at least one seat, sorted by sector (its German
        label), then name: id, name, sector, committees (count), then one
        column per committee (its name; ``name (id)`` where two share a name),
        ordered as in :func:`reporting_tree`, holding the German role label
        („Vorsitz“, „Geschäftsstelle“, „Mitglied“, „Gast“) or "".
    """
    return _matrix(_state(ds, as_of))


def _matrix(state: _State) -> pd.DataFrame:
    seats = state.seats()
    order = list(_tree(state)["id"])
    counts: dict[str, int] = defaultdict(int)
    for cid in order:
        counts[state.committees[cid].name] += 1
    titles = {
        cid: state.committees[cid].name
        if counts[state.committees[cid].name] == 1
        else f"{state.committees[cid].name} ({cid})"
        for cid in order
    }
    rows = []
    for actor_id in sorted(seats, key=lambda a: (_sector(state.actors[a].sector), state.actors[a].name, a)):
        actor = state.actors[actor_id]
        held = seats[actor_id]
        rows.append(
            [actor_id, actor.name, actor.sector, len(held)] + [_role(held[c]) if c in held else "" for c in order]
        )
    return pd.DataFrame(rows, columns=["id", "name", "sector", "committees", *(titles[c] for c in order)])


# --- 3. load -------------------------------------------------------------------------------------


def far_above(committees: int, median: float, *, factor: float = LOAD_FACTOR, margin: int = LOAD_MARGIN) -> bool:
    """Whether a number of committees is far above the sector median (both thresholds inclusive).

    Examples
    --------
    >>> far_above(5, 1), far_above(4, 1), far_above(7, 3), far_above(6, 3)
    (True, False, True, False)
    """
    return committees >= factor * median and committees >= median + margin


def committee_load(
    ds: Dataset, as_of: dt.date | None = None, *, factor: float = LOAD_FACTOR, margin: int = LOAD_MARGIN
) -> pd.DataFrame:
    """Return each actor's committee load ("Gremienlast") and name those far above their sector's median.

    Parameters
    ----------
    ds : Dataset
        The data; not changed.
    as_of : date, optional
        The reference date (default today).
    factor, margin
        Far above: committees ≥ ``factor`` × median and ≥ median + ``margin``.

    Returns
    -------
    pandas.DataFrame
        One row per actor with at least one seat, highest load first: id,
        name, sector, committees, seats_with_role (Vorsitz or
        Geschäftsstelle), meetings_per_year (sum), sector_median (median
        committees of the sector's actors with a seat), far_above,
        explanation (for every actor; a finding where far_above).
    """
    return _load(_state(ds, as_of), factor, margin)


def _load(state: _State, factor: float, margin: int) -> pd.DataFrame:
    seats = state.seats()
    by_sector: dict[str, list[int]] = defaultdict(list)
    for actor_id, held in seats.items():
        by_sector[state.actors[actor_id].sector].append(len(held))
    medians = {sector: float(statistics.median(values)) for sector, values in by_sector.items()}
    rows = []
    for actor_id, held in seats.items():
        actor = state.actors[actor_id]
        n = len(held)
        roles = sum(role in ROLE_SEATS for role in held.values())
        meetings = sum(state.committees[c].meetings or 0 for c in held)
        median = medians[actor.sector]
        above = far_above(n, median, factor=factor, margin=margin)
        load = (
            f"{actor.name} sitzt in {german.count(n, 'Gremium', 'Gremien')}"
            f" ({german.count(roles, 'Sitz', 'Sitze')} mit Vorsitz oder Geschäftsstelle, "
            f"zusammen {german.count(meetings, 'Sitzung', 'Sitzungen')} im Jahr)"
        )
        median_text = german.number(median, 0 if median.is_integer() else 1) + (
            " Gremium" if median == 1 else " Gremien"
        )
        if above:
            text = (
                f"{load}: weit über dem Median des Sektors {_sector(actor.sector)} von {median_text}. "
                "Die Gremienlast prüfen: Sitze abgeben oder Gremien bündeln."
            )
        else:
            text = f"{load}; Median des Sektors {_sector(actor.sector)}: {median_text}."
        rows.append([actor_id, actor.name, actor.sector, n, roles, meetings, median, above, text])
    table = pd.DataFrame(rows, columns=LOAD_COLUMNS)
    table["far_above"] = table["far_above"].astype(bool)
    table["sector_median"] = table["sector_median"].astype(float)
    return table.sort_values(
        ["far_above", "committees", "meetings_per_year", "id"], ascending=[False, False, False, True], ignore_index=True
    )


def committee_members_elsewhere(
    ds: Dataset, as_of: dt.date | None = None, *, least: int = ELSEWHERE_MIN
) -> pd.DataFrame:
    """Per committee, the share of its members who sit in at least ``least`` other committees.

    Parameters
    ----------
    ds : Dataset
        The data; not changed.
    as_of : date, optional
        The reference date (default today).
    least : int
        Other committees a member must sit in to count (default 3).

    Returns
    -------
    pandas.DataFrame
        One row per committee, highest share first: id, name, members,
        members_elsewhere, share (None without members), explanation.
    """
    return _elsewhere(_state(ds, as_of), least)


def _elsewhere(state: _State, least: int) -> pd.DataFrame:
    seats = state.seats()
    rows = []
    for committee in _by_name(state):
        n = len(committee.members)
        elsewhere = sum(len(seats[a]) - 1 >= least for a in committee.members)
        share = elsewhere / n if n else None
        if not n:
            text = f"{_quoted(committee.name)} hat keine Mitglieder."
        else:
            text = (
                f"{elsewhere} von {n} Mitgliedern von {_quoted(committee.name)} ({german.percent(share or 0)}) "
                f"sitzen in mindestens {least} weiteren Gremien."
            )
        rows.append([committee.id, committee.name, n, elsewhere, share, text])
    table = pd.DataFrame(rows, columns=ELSEWHERE_COLUMNS)
    table["share"] = table["share"].astype(float)
    return table.sort_values(["share", "id"], ascending=[False, True], ignore_index=True, na_position="last")


def sector_presence(ds: Dataset, as_of: dt.date | None = None) -> pd.DataFrame:
    """Per sector × committee type, in how many committees of the type the sector has a member.

    Parameters
    ----------
    ds : Dataset
        The data; not changed.
    as_of : date, optional
        The reference date (default today).

    Returns
    -------
    pandas.DataFrame
        One row per sector with a seat somewhere × committee type that exists
        on the date, in vocabulary order: sector, committee_type, committees
        (of the type), with_sector, missing (the sector sits in no committee
        of the type), explanation.
    """
    return _sectors(_state(ds, as_of))


def _sectors(state: _State) -> pd.DataFrame:
    by_type: dict[str, list[_Committee]] = defaultdict(list)
    for committee in state.committees.values():
        by_type[committee.committee_type].append(committee)
    sectors_seated = {state.actors[a].sector for c in state.committees.values() for a in c.members}
    sector_order = [s for s in model.VOCABULARIES["sector"] if s in sectors_seated] + sorted(
        sectors_seated - set(model.VOCABULARIES["sector"])
    )
    type_order = [t for t in model.VOCABULARIES["committee_type"] if t in by_type] + sorted(
        set(by_type) - set(model.VOCABULARIES["committee_type"])
    )
    rows = []
    for sector in sector_order:
        for ctype in type_order:
            group = by_type[ctype]
            present = sum(any(state.actors[a].sector == sector for a in c.members) for c in group)
            missing = present == 0
            kind = _type(ctype)
            if missing:
                text = (
                    f"Der Sektor {_sector(sector)} sitzt in keinem der {len(group)} Gremien vom Typ {kind}."
                    if len(group) > 1
                    else f"Der Sektor {_sector(sector)} sitzt nicht im Gremium vom Typ {kind}."
                )
            else:
                text = f"Der Sektor {_sector(sector)} sitzt in {present} von {len(group)} Gremien vom Typ {kind}."
            rows.append([sector, ctype, len(group), present, missing, text])
    table = pd.DataFrame(rows, columns=SECTOR_COLUMNS)
    table["missing"] = table["missing"].astype(bool)
    return table


# --- 4. change -----------------------------------------------------------------------------------


def committee_change(ds: Dataset, since: dt.date, until: dt.date) -> pd.DataFrame:
    """Committees founded and dissolved and the membership changes between two dates.

    Parameters
    ----------
    ds : Dataset
        The data; not changed.
    since, until : date
        The earlier and the later date (swapped dates are an error, as in
        :func:`graph.analysis.change.change`).

    Returns
    -------
    pandas.DataFrame
        kind (``committee`` | ``membership``), change (``neu`` | ``beendet``
        | ``verändert``: a role changed), committee, committee_name, actor,
        actor_name, role_from, role_to (role keys), explanation; committees
        first, then memberships by committee name.
    """
    check_dates(since, until)
    return _change(_state(ds, since), _state(ds, until))


def _change(before: _State, after: _State) -> pd.DataFrame:
    when = f"zwischen {before.when:%d.%m.%Y} und {after.when:%d.%m.%Y}"
    rows: list[list[Any]] = []
    for label, ids, state, verb in (
        ("neu", sorted(after.committees.keys() - before.committees.keys()), after, "gegründet"),
        ("beendet", sorted(before.committees.keys() - after.committees.keys()), before, "aufgelöst"),
    ):
        for cid in ids:
            name = state.committees[cid].name
            text = f"Das Gremium {_quoted(name)} wurde {when} {verb}."
            rows.append(["committee", label, cid, name, None, None, None, None, text])
    seats_before = {(c, a): r for c, com in before.committees.items() for a, r in com.members.items()}
    seats_after = {(c, a): r for c, com in after.committees.items() for a, r in com.members.items()}

    def names(key: tuple[str, str]) -> tuple[str, str]:
        state = after if key in seats_after else before
        return state.committees[key[0]].name, state.actors[key[1]].name

    membership_rows = []
    for key in seats_after.keys() | seats_before.keys():
        committee_name, actor_name = names(key)
        old, new = seats_before.get(key), seats_after.get(key)
        if old == new:
            continue
        if old is None:
            label = "neu"
            text = f"{actor_name} ist {when} in {_quoted(committee_name)} eingetreten ({_role(str(new))})."
        elif new is None:
            label = "beendet"
            text = f"{actor_name} ist {when} aus {_quoted(committee_name)} ausgeschieden (zuvor {_role(old)})."
        else:
            label = "verändert"
            text = (
                f"{actor_name} hat in {_quoted(committee_name)} {when} die Rolle gewechselt: "
                f"{_role(old)} → {_role(new)}."
            )
        membership_rows.append(["membership", label, key[0], committee_name, key[1], actor_name, old, new, text])
    membership_rows.sort(key=lambda r: (r[3], r[0], r[1], r[5], r[4]))
    return pd.DataFrame(rows + membership_rows, columns=CHANGE_COLUMNS)


# --- all at once ---------------------------------------------------------------------------------


def committees_summary(
    ds: Dataset, as_of: dt.date | None = None, since: dt.date | None = None
) -> dict[str, pd.DataFrame]:
    """Compute every committee table once.

    Parameters
    ----------
    ds : Dataset
        The data; not changed.
    as_of : date, optional
        The reference date (default today).
    since : date, optional
        The earlier date of the change table (default one year before ``as_of``).

    Returns
    -------
    dict of str to pandas.DataFrame
        The keys of :data:`SUMMARY_KEYS`: ``tree``, ``structure``,
        ``transitions``, ``overlap``, ``matrix``, ``load``, ``elsewhere``,
        ``sectors``, ``change``.
    """
    when = as_of or dt.date.today()
    earlier = since or when - dt.timedelta(days=365)
    state = _state(ds, when)  # built once for every table of the day
    return {
        "tree": _tree(state),
        "structure": _structure(state),
        "transitions": _coverage(state),
        "overlap": _overlap(state, MERGE_JACCARD),
        "matrix": _matrix(state),
        "load": _load(state, LOAD_FACTOR, LOAD_MARGIN),
        "elsewhere": _elsewhere(state, ELSEWHERE_MIN),
        "sectors": _sectors(state),
        "change": _change(_state(ds, min(earlier, when)), state),
    }


def key_findings(summary: Mapping[str, pd.DataFrame], *, top: int = 3) -> list[str]:
    """Return the top German sentences of a :func:`committees_summary`: merge candidates, one-sided transitions, load.

    Parameters
    ----------
    summary : mapping of str to pandas.DataFrame
        The tables of :func:`committees_summary` (pseudonymised ones work alike).
    top : int
        At most this many sentences of each kind.

    Returns
    -------
    list of str
        Merge candidates (highest overlap first), one-sided transition
        committees, uncovered transitions (one sentence), the highest loads
        far above their sector's median, structure findings of kinds
        ``zyklus`` and ``verwaist``, and the committees without a reporting
        line (one sentence); empty when nothing stands out.
    """
    out: list[str] = []
    overlap = summary.get("overlap")
    if overlap is not None and len(overlap):
        out += list(overlap[overlap["merge_candidate"]]["explanation"].head(top))
    coverage = summary.get("transitions")
    if coverage is not None and len(coverage):
        transitions = coverage[coverage["kind"] == "transition"]
        out += list(transitions[transitions["one_sided"]]["explanation"].head(top))
        uncovered = [model.vocab_label("transition", k) for k in transitions[~transitions["covered"]]["key"]]
        if uncovered:
            out.append(
                "Kein Gremium befasst sich laut seinen Themen mit "
                + ("dem Übergang " if len(uncovered) == 1 else "den Übergängen ")
                + _names(uncovered)
                + "."
            )
    load = summary.get("load")
    if load is not None and len(load):
        out += list(load[load["far_above"]]["explanation"].head(top))
    structure = summary.get("structure")
    if structure is not None and len(structure):
        serious = structure[structure["kind"].isin(["zyklus", "verwaist"])]
        out += list(serious["explanation"].head(top))
        loose = list(structure[structure["kind"] == "ohne_berichtslinie"]["names"])
        if loose:
            quoted = _names([_quoted(n) for n in loose])
            out.append(
                f"{quoted} berichtet an kein anderes Gremium."
                if len(loose) == 1
                else f"{len(loose)} Gremien berichten an kein anderes Gremium: {quoted}."
            )
    return out
