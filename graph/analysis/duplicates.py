"""Duplicate structures ("Doppelstrukturen"): offers, committees and actors that exist twice.

Rules (DOMAIN.md §5), thresholds as parameters:

- **Offers**: two valid offers with the same education area, overlapping life
  phases, overlapping target groups (``alle`` overlaps every group), the same
  area, similar topics (or titles, where no topic is given) and no cooperation
  between any provider of one and any provider of the other (an offer of the
  same provider twice is that provider's own business, not a duplicate
  structure). Score: the topic similarity.
- **Committees**: member Jaccard overlap ≥ ``committee_jaccard`` (0.6) and at
  least one shared theme. Score: the Jaccard overlap.
- **Actors**: normalised names (lower case, legal forms and punctuation
  removed) with a similarity ≥ ``name_similarity`` (0.85), plus the same area
  or the same address. Score: the name similarity.

Similarity of two texts is difflib's ratio, taken in both orders and the
higher kept (the ratio depends on the order of its arguments).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher

import networkx as nx
import numpy as np
import pandas as pd

from graph import model
from graph.build import located_in, nodes_of, sources, targets

COLUMNS = ["kind", "a", "b", "a_name", "b_name", "score", "explanation"]
LEGAL_FORMS = ("e.v.", "ev", "ggmbh", "gmbh", "gbr", "ag", "kg", "eg", "ug", "mbh", "stiftung des bürgerlichen rechts")


def similarity(a: str, b: str) -> float:
    """Return difflib's ratio of two texts, the higher of both argument orders."""
    return max(SequenceMatcher(None, a, b).ratio(), SequenceMatcher(None, b, a).ratio())


#: Trigram cosine below which two texts are not compared with difflib (a cheap, generous prefilter).
PREFILTER_COSINE = 0.4


def similar_pairs(texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """Return the index pairs (i < j) of texts whose :func:`similarity` is at least ``threshold``.

    Not all pairs are compared: character-trigram vectors are multiplied as
    sparse matrices and only pairs with a cosine of at least
    :data:`PREFILTER_COSINE` go on to difflib.
    """
    import scipy.sparse as sp

    if len(texts) < 2:
        return []
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, text in enumerate(texts):
        padded = f"  {text} "
        for k in range(len(padded) - 2):
            rows.append(i)
            cols.append(vocabulary.setdefault(padded[k : k + 3], len(vocabulary)))
    counts = sp.csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(texts), max(len(vocabulary), 1)))
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    unit = sp.diags(1 / norms) @ counts
    cosine = sp.triu(unit @ unit.T, k=1).tocoo()
    out = []
    for i, j, value in zip(cosine.row, cosine.col, cosine.data, strict=True):
        if value >= PREFILTER_COSINE and texts[i] and texts[j]:
            # quick_ratio bounds the ratio from above (in both orders): skip hopeless pairs cheaply
            if SequenceMatcher(None, texts[i], texts[j]).quick_ratio() < threshold:
                continue
            score = similarity(texts[i], texts[j])
            if score >= threshold:
                out.append((int(i), int(j), score))
    return out


def normalise_name(name: str) -> str:
    """Lower-case a name, drop legal forms (e.V., gGmbH …) and punctuation, collapse spaces.

    Examples
    --------
    >>> normalise_name("Familienzentrum Regenbogen e.V.")
    'familienzentrum regenbogen'
    """
    text = unicodedata.normalize("NFC", name).lower()
    for form in sorted(LEGAL_FORMS, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def duplicates(
    L: nx.MultiDiGraph, *, topic_similarity: float = 0.8, committee_jaccard: float = 0.6, name_similarity: float = 0.85
) -> pd.DataFrame:
    """Find offers, committees and actors that look like duplicate structures.

    Parameters
    ----------
    L : networkx.MultiDiGraph
        The landscape (:func:`graph.build.landscape`); not changed.
    topic_similarity, committee_jaccard, name_similarity : float
        Thresholds of the three rules (module docstring).

    Returns
    -------
    pandas.DataFrame
        kind (offer | committee | actor), a, b (ids, a < b), a_name, b_name,
        score, explanation naming every reason; sorted by kind and score.
    """
    rows = [*_offers(L, topic_similarity), *_committees(L, committee_jaccard), *_actors(L, name_similarity)]
    table = pd.DataFrame(rows, columns=COLUMNS)
    order = {"offer": 0, "committee": 1, "actor": 2}
    return table.sort_values(
        ["kind", "score", "a"],
        key=lambda c: c.map(order) if c.name == "kind" else c,
        ascending=[True, False, True],
        ignore_index=True,
    )


def _cooperating(L: nx.MultiDiGraph) -> set[frozenset[str]]:
    return {frozenset((u, v)) for u, v, kind in L.edges(data="kind") if kind == "COOPERATES_WITH"}


def _label(vocab: str, values: set[str]) -> str:
    return ", ".join(model.VOCABULARIES[vocab].get(v, v) for v in sorted(values))


def _offers(L: nx.MultiDiGraph, threshold: float) -> list[list[object]]:
    ties = _cooperating(L)
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in nodes_of(L, "Offer"):
        located = targets(L, key, "LOCATED_IN")
        education_area = L.nodes[key].get("education_area")
        if located and education_area:
            buckets[(located[0], education_area)].append(key)
    rows = []
    for (area_key, education_area), offers in sorted(buckets.items()):
        topics = [(L.nodes[o].get("topic") or L.nodes[o].get("title") or "").strip().lower() for o in offers]
        for i, j, score in similar_pairs(topics, threshold):
            x, y = offers[i], offers[j]
            dx, dy = L.nodes[x], L.nodes[y]
            phases = set(dx.get("life_phases", ())) & set(dy.get("life_phases", ()))
            gx, gy = set(dx.get("target_groups", ())), set(dy.get("target_groups", ()))
            groups = gy if "alle" in gx else gx if "alle" in gy else gx & gy
            if not phases or not gx or not gy or not groups:
                continue
            px, py = set(sources(L, x, "PROVIDES")), set(sources(L, y, "PROVIDES"))
            if not px or not py or px & py:
                continue
            if any(frozenset((p, q)) in ties for p in px for q in py):
                continue
            a, b = sorted((x, y), key=lambda k: L.nodes[k]["id"])
            names_x = ", ".join(sorted(L.nodes[p].get("name", p) for p in px))
            names_y = ", ".join(sorted(L.nodes[p].get("name", p) for p in py))
            area_name = L.nodes[area_key].get("name", area_key)
            text = (
                f"Zwei Angebote zum Thema „{dx.get('topic') or dx.get('title')}“ in {area_name}: "
                f"gleicher Bildungsbereich ({_label('education_area', {education_area})}), "
                f"gleiche Lebensphase ({_label('life_phase', phases)}), gleiche Zielgruppe "
                f"({_label('target_group', groups)}), gleichzeitig gültig, ähnliches Thema ({score:.0%}); "
                f"die Anbieter ({names_x} / {names_y}) kooperieren nicht miteinander."
            )
            rows.append(
                [
                    "offer",
                    L.nodes[a]["id"],
                    L.nodes[b]["id"],
                    L.nodes[a].get("title"),
                    L.nodes[b].get("title"),
                    score,
                    text,
                ]
            )
    return rows


def _committees(L: nx.MultiDiGraph, threshold: float) -> list[list[object]]:
    members = {key: set(sources(L, key, "MEMBER_OF")) for key in nodes_of(L, "Committee")}
    rows = []
    for x, y in itertools.combinations(sorted(members), 2):
        mx, my = members[x], members[y]
        if not mx or not my:
            continue
        jaccard = len(mx & my) / len(mx | my)
        if jaccard < threshold:
            continue
        themes_x = {t.strip().lower(): t for t in L.nodes[x].get("themes", ())}
        themes_y = {t.strip().lower() for t in L.nodes[y].get("themes", ())}
        shared = sorted(themes_x[t] for t in themes_x.keys() & themes_y)
        if not shared:
            continue
        a, b = sorted((x, y), key=lambda k: L.nodes[k]["id"])
        text = (
            f"{L.nodes[a].get('name')} und {L.nodes[b].get('name')} haben {len(mx & my)} von {len(mx | my)} "
            f"Mitgliedern gemeinsam ({jaccard:.0%}) und dasselbe Thema ({', '.join(shared)})."
        )
        rows.append(
            [
                "committee",
                L.nodes[a]["id"],
                L.nodes[b]["id"],
                L.nodes[a].get("name"),
                L.nodes[b].get("name"),
                jaccard,
                text,
            ]
        )
    return rows


def _actors(L: nx.MultiDiGraph, threshold: float) -> list[list[object]]:
    actors = nodes_of(L, "Actor")
    normal = {k: normalise_name(L.nodes[k].get("name", "")) for k in actors}
    area = {k: located_in(L, k) for k in actors}
    address = {k: normalise_name(L.nodes[k].get("address") or "") for k in actors}
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in actors:
        if area_of := area[k]:
            blocks[("area", area_of)].append(k)
        if address[k]:
            blocks[("address", address[k])].append(k)
    seen: set[frozenset[str]] = set()
    rows = []
    for _, keys in sorted(blocks.items()):
        for i, j, score in similar_pairs([normal[k] for k in keys], threshold):
            x, y = keys[i], keys[j]
            pair = frozenset((x, y))
            if pair in seen:
                continue
            seen.add(pair)
            reasons = [f"ähnlicher Name ({score:.0%})"]
            if area[x] and area[x] == area[y]:
                reasons.append("gleiches Gebiet")
            if address[x] and address[x] == address[y]:
                reasons.append("gleiche Adresse")
            a, b = sorted((x, y), key=lambda k: L.nodes[k]["id"])
            text = (
                f"„{L.nodes[a].get('name')}“ und „{L.nodes[b].get('name')}“ sind vermutlich dieselbe "
                f"Einrichtung: {', '.join(reasons)}."
            )
            rows.append(
                [
                    "actor",
                    L.nodes[a]["id"],
                    L.nodes[b]["id"],
                    L.nodes[a].get("name"),
                    L.nodes[b].get("name"),
                    score,
                    text,
                ]
            )
    return rows
