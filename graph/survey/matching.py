"""Matching the partner names people type in a survey to the actors of the inventory.

A typed name is compared with every actor's name after the German
normalisation of the duplicate check (:func:`graph.analysis.duplicates.tokens`:
abbreviations such as Kath./St./Kita/GS, legal forms, umlauts, stop words).
The place names of an actor's own area are left out of its name, as are the
words naming a Träger or denomination where only one side has one, so
"Kita Regenbogen" finds "Kita Regenbogen Musterau" and "Kita St. Josef" finds
"Kath. Kita St. Josef".

Rules, in order (thresholds are keyword arguments of :func:`match`):

==========  ==========================================================================
result      when
==========  ==========================================================================
sicher      the text is an actor's id; or an alias decided earlier (same normalised
            name) points to an existing actor; or the best candidate without evidence
            against scores at least ``sure_score`` (:data:`SURE_SCORE`, 0.9) and leads
            the next candidate without evidence against by at least ``margin``
            (:data:`SURE_MARGIN`, 0.1), and has no evidence against itself
unsicher    some candidate scores at least ``least_score`` (:data:`LEAST_SCORE`, 0.6),
            but the rule for "sicher" does not hold; the best :data:`TOP` (3)
            candidates are kept with German reasons
neu         no actor scores ``least_score``
==========  ==========================================================================

Score: the name similarity of :func:`graph.analysis.duplicates.text_similarity`
(word order does not count; a name holding every word of the other scores 0.9;
names equal but for spaces score 1), the larger of the names without and with
the place and Träger words ("TuS Tannnhorst" is nearer to "TuS Tannenhorst"
than to "TuS Südstadt", though both are "TuS" in their own place).

Never a candidate (the names are of two organisations, whatever the score):
names that differ in a distinguishing token both have (Nord/Süd, I/II, 1/2,
St. Martin/St. Marien, Ev./Kath., place names: :data:`graph.analysis.duplicates.DISTINGUISHING`),
and names where each has a word the other lacks even in a near spelling
("Kita Bunte Wiese", "Kita Bunte Eiche").

Evidence against (the candidate stays in the list but is never "sicher", and
does not count for the margin): an actor type other than the type hint; an
area that is neither the area hint nor inside or above it; the respondent itself
is never a candidate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from graph import model
from graph.analysis.duplicates import (
    PROVIDER_WORDS,
    WORD_SIMILARITY,
    Places,
    conflicting,
    distinguishing,
    normalise_name,
    text_similarity,
    tokens,
)
from graph.build import landscape, located_in, node_key
from graph.dataset import Dataset
from graph.survey.model import Candidate

#: Least score of a candidate that may be "sicher".
SURE_SCORE = 0.9
#: Least lead of a "sicher" candidate over the next candidate without evidence against.
SURE_MARGIN = 0.1
#: Least score of a candidate at all; below it for every actor the name is a new organisation.
LEAST_SCORE = 0.6
#: Candidates kept for the review queue.
TOP = 3
#: Roman numerals compared as numbers ("Außenstelle II" is "Außenstelle 2").
ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9", "x": "10"}


def _numbers(words: list[str]) -> list[str]:
    return [ROMAN.get(w, str(int(w)) if w.isdigit() else w) for w in words]


def alias_key(name: str) -> str:
    """Return the key under which an alias of a typed name is kept: its normalised form.

    Examples
    --------
    >>> alias_key("Kath. Kita St. Martin e.V.") == alias_key("Katholische Kindertagesstätte Sankt Martin")
    True
    """
    return normalise_name(name) or " ".join(name.casefold().split())


@dataclass
class _Entry:
    actor: str
    name: str
    words: list[str]
    core: list[str]
    marks: dict[str, frozenset[str]]
    actor_type: str
    area: str | None


def _substituted(x: list[str], y: list[str]) -> bool:
    """Whether each word list has a word the other lacks even in a near spelling (two different names)."""
    only_x = [w for w in x if w not in y]
    only_y = [w for w in y if w not in x]
    if not only_x or not only_y:
        return False
    cutoff = WORD_SIMILARITY * 100
    if fuzz.ratio("".join(only_x), "".join(only_y)) >= cutoff:
        return False
    lone_x = any(all(fuzz.ratio(w, v) < cutoff for v in only_y) for w in only_x)
    lone_y = any(all(fuzz.ratio(w, v) < cutoff for v in only_x) for w in only_y)
    return lone_x and lone_y


class Matcher:
    """The actors of one dataset prepared for matching many names (:func:`match` for one name).

    Parameters
    ----------
    ds : Dataset
        The inventory; every actor is a candidate, whatever its validity dates.
    aliases : Mapping
        Normalised name (:func:`alias_key`) -> actor id, decisions of earlier rounds.
    """

    def __init__(self, ds: Dataset, *, aliases: Mapping[str, str] | None = None) -> None:
        self.ds = ds
        self.aliases = dict(aliases or {})
        L = landscape(_undated(ds), dt.date.today())  # every actor, whatever its validity
        self.places = Places(L)
        self.tree = self.places.tree
        self.entries: list[_Entry] = []
        for actor, props in sorted(ds.nodes["Actor"].items()):
            key = node_key("Actor", actor)
            if key not in L:
                continue
            area = located_in(L, key)
            words = tokens(str(props.get("name") or ""))
            own = self.places.own_words(area)
            core = _numbers([w for w in words if w not in own and w not in PROVIDER_WORDS] or words)
            self.entries.append(
                _Entry(
                    actor,
                    str(props.get("name") or actor),
                    words,
                    core,
                    distinguishing(words, self.places.all_words),
                    str(props.get("actor_type") or ""),
                    area,
                )
            )

    def area_of(self, hint: str | None) -> str | None:
        """The area id a hint names (an id, or a name compared after normalisation), or None."""
        if not hint or not hint.strip():
            return None
        text = hint.strip()
        if text in self.tree.names:
            return text
        wanted = normalise_name(text)
        for area, name in sorted(self.tree.names.items()):
            if normalise_name(name) == wanted:
                return area
        return None

    def _area_fits(self, actor_area: str | None, hint_area: str) -> bool:
        if actor_area is None:
            return False
        return actor_area in self.tree.within(hint_area) or hint_area in self.tree.within(actor_area)

    def match(
        self,
        named: str,
        *,
        respondent: str | None = None,
        area_hint: str | None = None,
        type_hint: str | None = None,
        sure_score: float = SURE_SCORE,
        margin: float = SURE_MARGIN,
        least_score: float = LEAST_SCORE,
    ) -> tuple[str, str | None, tuple[Candidate, ...]]:
        """Match one typed name; see :func:`match`."""
        text = " ".join(str(named).split())
        actors = self.ds.nodes["Actor"]
        if text in actors and text != respondent:
            return "sicher", text, (Candidate(text, 1.0, ("ID angegeben",)),)
        key = alias_key(text)
        alias = self.aliases.get(key)
        if alias in actors and alias != respondent:
            assert alias is not None
            reason = f"früher so zugeordnet („{text}“ ist {actors[alias].get('name', alias)})"
            return "sicher", alias, (Candidate(alias, 1.0, (reason,)),)
        words = tokens(text)
        if not words:
            return "neu", None, ()
        marks = distinguishing(words, self.places.all_words)
        hint_area = self.area_of(area_hint)
        hint_type = _type_key(type_hint)
        scored: list[tuple[float, bool, Candidate]] = []
        for entry in self.entries:
            if entry.actor == respondent:
                continue
            own = self.places.own_words(entry.area)
            mine = _numbers([w for w in words if w not in own and w not in PROVIDER_WORDS] or words)
            if conflicting(marks, entry.marks) or _substituted(mine, entry.core):
                continue
            score = max(_similarity(mine, entry.core), _similarity(_numbers(words), _numbers(entry.words)))
            if score < least_score:
                continue
            reasons = [_name_reason(text, entry, words, score)]
            against = False
            if hint_type:
                if entry.actor_type == hint_type:
                    reasons.append(f"Typ passt ({_type_label(hint_type)})")
                else:
                    reasons.append(
                        f"dagegen: anderer Typ ({_type_label(entry.actor_type) or 'ohne Typ'} statt "
                        f"{_type_label(hint_type)})"
                    )
                    against = True
            if hint_area:
                if self._area_fits(entry.area, hint_area):
                    reasons.append(f"Gebiet passt ({self.tree.label(entry.area or hint_area)})")
                else:
                    where = self.tree.label(entry.area) if entry.area else "ohne Gebiet"
                    reasons.append(f"dagegen: anderes Gebiet ({where} statt {self.tree.label(hint_area)})")
                    against = True
            scored.append((score, against, Candidate(entry.actor, score, tuple(reasons))))
        if not scored:
            return "neu", None, ()
        scored.sort(key=lambda s: (s[1], -s[0], s[2].actor))
        candidates = tuple(c for _, _, c in scored[:TOP])
        clean = [(score, c) for score, against, c in scored if not against]
        if clean:
            best_score, best = clean[0]
            second = clean[1][0] if len(clean) > 1 else None
            lead = None if second is None else round(best_score - second, 6)
            if best_score >= sure_score and (lead is None or lead >= margin):
                return "sicher", best.actor, candidates
        return "unsicher", (clean[0][1].actor if clean else None), candidates


def _similarity(x: list[str], y: list[str]) -> float:
    """1 for the same words but spaces, else :func:`~graph.analysis.duplicates.text_similarity` of the sorted words."""
    if "".join(x) == "".join(y):
        return 1.0
    return text_similarity(" ".join(sorted(x)), " ".join(sorted(y)))


def _undated(ds: Dataset) -> Dataset:
    """A shallow copy without validity dates of actors, areas and their relationships (every actor matches)."""
    nodes = {
        label: (
            {nid: {k: v for k, v in p.items() if k not in ("valid_from", "valid_to")} for nid, p in items.items()}
            if label in ("Actor", "Area")
            else items
        )
        for label, items in ds.nodes.items()
    }
    rels = [r for r in ds.rels if r.type in ("LOCATED_IN", "PART_OF")]
    return Dataset(nodes, rels)


def _type_key(hint: str | None) -> str | None:
    if not hint or not hint.strip():
        return None
    folded = model.fold(hint)
    for key, label in model.VOCABULARIES["actor_type"].items():
        if folded in (model.fold(key), model.fold(label)):
            return key
    return None


def _type_label(key: str) -> str:
    return model.VOCABULARIES["actor_type"].get(key, key)


def _name_reason(text: str, entry: _Entry, words: list[str], score: float) -> str:
    if " ".join(text.casefold().split()) == " ".join(entry.name.casefold().split()):
        return "gleicher Name"
    if words == entry.words:
        return "Name bis auf Abkürzungen und Schreibweise gleich"
    if score >= 1:
        return "Name bis auf Wortstellung oder Angaben zu Ort oder Träger gleich"
    return f"ähnlicher Name (Wert {score:.2f} von 1)".replace(".", ",")


def match(
    named: str,
    ds: Dataset,
    *,
    aliases: Mapping[str, str] | None = None,
    respondent: str | None = None,
    area_hint: str | None = None,
    type_hint: str | None = None,
) -> tuple[str, str | None, tuple[Candidate, ...]]:
    """Match one typed organisation name to the actors of ``ds``.

    Parameters
    ----------
    named : str
        The name as typed (or an actor id).
    ds : Dataset
        The inventory.
    aliases : Mapping, optional
        Normalised name (:func:`alias_key`) -> actor id from earlier decisions.
    respondent : str, optional
        The actor who answered; it is never its own partner.
    area_hint, type_hint : str, optional
        The partner's area (id or name) and actor type (key or German label).

    Returns
    -------
    tuple
        ``(confidence, proposed actor id or None, candidates best first)``;
        confidence is ``sicher``, ``unsicher`` or ``neu`` (rules in the module docstring).

    Examples
    --------
    >>> ds = Dataset()
    >>> ds.add_node("Actor", "kita-martin", {"name": "Katholische Kindertagesstätte Sankt Martin"})
    >>> ds.add_node("Actor", "kita-marien", {"name": "Kita St. Marien"})
    >>> match("Kath. Kita St. Martin", ds)[:2]
    ('sicher', 'kita-martin')
    """
    return Matcher(ds, aliases=aliases).match(named, respondent=respondent, area_hint=area_hint, type_hint=type_hint)
