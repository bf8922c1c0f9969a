"""Duplicate structures ("Doppelstrukturen"): offers, committees and actors that exist twice.

Rules (DOMAIN.md §5), thresholds as keyword defaults of :func:`duplicates`:

- **Actors** – the same organisation entered twice. Names are compared after
  the German normalisation below (:func:`normalise_name`); the evidence is
  combined into a score of at most 1 and a pair is reported from
  ``actor_score`` (0.85) on:

  ========================  ======  ==========================================
  evidence                  weight  value
  ========================  ======  ==========================================
  name                      0.60    the larger of rapidfuzz's ``token_sort_ratio``
                                    and 0.9 × ``token_set_ratio`` of the
                                    normalised names (word order does not count;
                                    a name that holds every word of the other
                                    scores at least 0.9; names equal but for
                                    spaces – "Jugend-Zentrum", "Jugendzentrum" –
                                    score 1)
  place                     0.25    1 for the same address (:func:`normalise_address`:
                                    street with Str./Straße, house number, PLZ and
                                    town where both give them); 0.6 for the same
                                    area or nested areas (a Sozialraum inside the
                                    Gemeinde) where at most one address is known;
                                    0 otherwise – two different addresses, two
                                    Sozialräume of one Gemeinde, a Kreis-wide entry
  type                      0.15    1 for the same ``actor_type``, 0.5 where one
                                    entry has none
  ========================  ======  ==========================================

  Never reported (evidence against that no name similarity outweighs):
  different actor types (a Kita and a Grundschule of the same name); different
  Gemeinden; names that differ in a distinguishing token (:data:`DISTINGUISHING`:
  Nord/Süd/Ost/West, I/II/III or 1/2, other numbers, St. Martin vs St. Marien,
  place names) where both names have a token of that kind; and names where
  each has a word the other lacks even in a near spelling (word ratio below
  :data:`WORD_SIMILARITY`, 0.8: "Kita Bunte Wiese" and "Kita Bunte Eiche" are
  two Kitas, "Kita Sonnenschein" and "Kita Sonnenschien" one). Place names of
  the actor's own area (and the areas above and below it) are left out of the
  name comparison: "Kita Regenbogen Musterau" in Musterau is "Kita Regenbogen".
  Words naming the Träger or denomination (:data:`PROVIDER_WORDS`) are left
  out too ("Kita St. Josef" is "Kath. Kita St. Josef") but distinguish where
  both names have one ("Ev. Kita" and "Kath. Kita" are two).
  Score: the combined score; the explanation names the evidence for and against.

  German normalisation (:func:`tokens`; the tables are the module constants):

  ===========================  =================================================
  step                         examples
  ===========================  =================================================
  case, umlaut spellings       "Mühle" = "MUEHLE", "Straße" = "Strasse", "Café" = "Cafe"
  quotes, punctuation, hyphen  „Pusteblume“, "Pusteblume", 'Pusteblume'; "DRK-Kita" = "DRK Kita"
  legal forms                  e.V., gGmbH, GmbH, & Co. KG, UG, KdöR, AöR; AG, eG … at the end
  abbreviations, long forms    Kath./Katholische, Ev./Evangelische, St./Sankt, Hl./Heilige,
                               Kita/Kindertagesstätte/Kindergarten/Kindertageseinrichtung,
                               Str./Straße (also "Hauptstr."), Gem./Gemeindliche, Städt./Städtische,
                               GS/Grundschule, VHS/Volkshochschule, BBS, IGS, OGS, DRK …
  stop words                   der, die, das, am, im, für, und … (:data:`STOP_WORDS`)
  ===========================  =================================================
- **Offers**: two valid offers with the same education area, overlapping life
  phases, overlapping target groups (``alle`` overlaps every group), the same
  or nested areas (an offer of a Gemeinde and one of a Sozialraum inside it;
  a Kreis-wide offer is not compared with local ones), similar subjects and no
  cooperation between any provider of one and any provider of the other (an
  offer of the same provider twice is that provider's own business, not a
  duplicate structure). Subjects are the topic (or the title where no topic is
  given) and the title; each is normalised like a name, without the place
  names of the offer's own area, and then mapped by the synonym list
  :data:`TOPIC_SYNONYMS` (Deutschkurs = Sprachkurs Deutsch = Deutsch als
  Zweitsprache, Elterncafé = Elterntreff = Elternfrühstück,
  Hausaufgabenhilfe = Hausaufgabenbetreuung, Berufsorientierung =
  Berufsberatung = Berufswahlorientierung, Bewerbungstraining =
  Bewerbungscoaching, Sprachförderung = Sprachbildung, Nachhilfe = Lernhilfe =
  Lernförderung); the similarity is the name measure above, the larger of
  topic and title, and must reach ``topic_similarity`` (0.8). Offers whose
  titles differ in a distinguishing token (Klasse 9 vs 10, B1 vs B2, Nord vs
  Süd) are not duplicates. Validity: the landscape holds only
  what is valid on its date, so two offers in it overlap. Score: the subject
  similarity.
- **Committees**: member Jaccard overlap ≥ ``committee_jaccard`` (0.6) and at
  least one shared theme; themes are compared after :func:`normalise_theme`
  (case, umlaut spellings, dashes and the spaces around them, whitespace), so
  "Übergang Schule–Beruf" is "übergang schule - beruf". Score: the Jaccard
  overlap.

Speed: actors are compared only within blocks – the same Gemeinde and a
shared normalised-name token (its first four letters), or the same address;
actors without a Gemeinde are compared with every actor of their blocks. Name
scores are computed in bulk with ``rapidfuzz.process.cdist`` and every
candidate is then scored exactly.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx
import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from graph import model
from graph.build import AreaTree, located_in, nodes_of, sources

COLUMNS = ["kind", "a", "b", "a_name", "b_name", "score", "explanation"]

#: Weights of the evidence for duplicate actors (they add up to 1).
NAME_WEIGHT, PLACE_WEIGHT, TYPE_WEIGHT = 0.6, 0.25, 0.15
#: Place evidence: the same address; the same or nested area where at most one address is known.
SAME_ADDRESS, SAME_AREA = 1.0, 0.6
#: Type evidence where only one entry has a type.
ONE_TYPE = 0.5
#: Factor on rapidfuzz's ``token_set_ratio``: a name holding all words of the other scores at most 0.9.
SUBSET_FACTOR = 0.9
#: Least ratio of two words (0–1) that count as one word spelt differently ("Sonnenschein", "Sonnenschien").
WORD_SIMILARITY = 0.8
#: Names of more words are looked up only by their single words when a name may hold another one.
MAX_SUBSET_WORDS = 10
#: Scores are rounded to this many decimals before they meet a threshold (0.6 × 0.75 + 0.4 is 0.85).
DECIMALS = 6

# --- German normalisation ------------------------------------------------------------------------


def _word_list(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Spellings folded first (after lower case): ä/ae, ö/oe, ü/ue, ß/ss; other accents are dropped (é → e).
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}

#: Legal forms removed from names (regular expressions on the folded lower-case text). The short
#: forms that are also words or abbreviations (AG = Arbeitsgemeinschaft, EV = evangelisch) only
#: count at the end of a name.
LEGAL_FORMS: tuple[tuple[str, str], ...] = (
    (r"\bgemeinnuetzige\s+gmbh\b", "gemeinnützige GmbH"),
    (r"&\s*co\.?\s*kg\b", "& Co. KG"),
    (r"\bg?gmbh\b", "GmbH, gGmbH"),
    (r"\bmbh\b", "mbH"),
    (r"\bg?ug\s*\(haftungsbeschraenkt\)", "UG (haftungsbeschränkt)"),
    (r"\be\.\s?v\b\.?", "e.V., e. V."),
    (r"\be\.\s?k\b\.?", "e.K."),
    (r"\bk\.?\s?d\.?\s?oe\.?\s?r\b\.?|\baoer\b", "KdöR, AöR"),
    (r"\b(?:koerperschaft|anstalt)\s+des\s+oeffentlichen\s+rechts\b", "Körperschaft/Anstalt des öffentlichen Rechts"),
    (r"\bdes\s+(?:buergerlichen|oeffentlichen)\s+rechts\b", "(Stiftung) des bürgerlichen/öffentlichen Rechts"),
)
#: Legal forms removed only at the end of a name.
TRAILING_LEGAL_FORMS = ("ev", "eg", "ag", "kg", "ug", "gbr", "ohg", "partg", "ek")

#: Abbreviations and long forms: canonical form, then the spellings that become it (a trailing dot
#: is optional unless the spelling is listed with one only).
ABBREVIATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("katholisch", ("kath", "katholische", "katholischer", "katholisches", "katholischen")),
    ("evangelisch", ("ev", "evang", "evangelische", "evangelischer", "evangelisches", "evangelischen")),
    ("lutherisch", ("luth", "lutherische", "lutherischer", "lutherisches", "lutherischen")),
    ("sankt", ("st",)),
    ("heilig", ("hl", "heilige", "heiliger", "heiliges", "heiligen")),
    (
        "kita",
        (
            "kitas",
            "kiga",
            "kindertagesstaette",
            "kindertagesstaetten",
            "kindergarten",
            "kindertageseinrichtung",
            "kindertageseinrichtungen",
            "kindertagesheim",
        ),
    ),
    ("strasse", ("str",)),
    ("gemeinde", ("gem", "gemeindliche", "gemeindlicher", "gemeindliches", "gemeindlichen")),
    ("staedtisch", ("staedt", "staedtische", "staedtischer", "staedtisches", "staedtischen", "stadt")),
    ("grundschule", ("gs",)),
    ("gemeinschaftsgrundschule", ("ggs",)),
    ("volkshochschule", ("vhs",)),
    ("kreisvolkshochschule", ("kvhs",)),
    ("gymnasium", ("gymn", "gym")),
    ("integrierte gesamtschule", ("igs",)),
    ("offene ganztagsschule", ("ogs",)),
    ("berufsbildende schule", ("bbs",)),
    ("jugendzentrum", ("juz", "juze")),
    ("bibliothek", ("bibl", "buecherei")),
    ("mehrgenerationenhaus", ("mgh",)),
    ("und", ("u",)),
)
#: Word endings of compounds: "Hauptstr." is "Hauptstraße", "Waldkindergarten" is "Waldkita",
#: "Stadtbücherei" is "Stadtbibliothek".
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("str", "strasse"),
    ("kindertagesstaette", "kita"),
    ("kindertageseinrichtung", "kita"),
    ("kindergarten", "kita"),
    ("buecherei", "bibliothek"),
)
#: Multi-word long forms (after the abbreviations): canonical form, spellings.
PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("drk", ("deutsches rotes kreuz", "deutsche rote kreuz")),
    ("awo", ("arbeiterwohlfahrt",)),
    ("berufsbildende schule", ("berufsbildende schulen",)),
)
#: Words without weight in a name or title, removed last.
STOP_WORDS = _word_list(
    "der die das des dem den ein eine einer eines am im an in zu zum zur und fuer von vom bei auf mit e"
)

#: Offer subjects meaning the same, mapped to the first spelling (after normalisation; a space in a
#: spelling may also be missing: "eltern cafe" matches "elterncafe" and "eltern-café").
TOPIC_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "deutschkurs",
        (
            "sprach kurs deutsch",
            "deutsch sprach kurs",
            "deutsch als zweit sprache",
            "deutsch als fremd sprache",
            "deutsch kurse",
            "deutsch kurs",
            "deutsch lernen",
            "daz",
            "daf",
        ),
    ),
    ("elterncafe", ("eltern cafes", "eltern cafe", "eltern treffs", "eltern treff", "eltern fruehstueck")),
    ("hausaufgabenhilfe", ("hausaufgaben hilfe", "hausaufgaben betreuung")),
    ("berufsorientierung", ("berufs wahl orientierung", "berufs orientierung", "berufs beratung")),
    ("bewerbungstraining", ("bewerbungs training", "bewerbungs coaching")),
    ("sprachfoerderung", ("sprach foerderung", "sprach bildung", "sprachliche bildung", "sprachliche foerderung")),
    ("nachhilfe", ("lern hilfe", "lern foerderung")),
)

#: Kinds of distinguishing tokens: two names (or titles) that both have tokens of one kind and
#: differ in them are never duplicates. Place names are the names of the landscape's areas.
DISTINGUISHING = {
    "direction": "Himmelsrichtung (Nord, Süd, Ost, West, Mitte; auch Nordstadt, Südviertel …)",
    "number": "Nummer (1, 2, I, II, III …, Jahreszahlen)",
    "saint": "Name nach Sankt/Heilig (St. Martin, St. Marien)",
    "level": "Sprachniveau (A1 … C2)",
    "place": "Ortsname",
    "provider": "Träger oder Konfession (Kath./Ev., Städt./Gem., DRK, AWO, Caritas, Diakonie …)",
}
#: Words naming the Träger or denomination (after normalisation). One name with and one without
#: such a word is the same name ("Kita St. Josef", "Kath. Kita St. Josef"); two different ones are
#: two organisations ("Ev. Kita Arche Noah", "Kath. Kita Arche Noah").
PROVIDER_WORDS = _word_list(
    "katholisch evangelisch lutherisch reformiert freikirchlich staedtisch gemeinde kommunal drk awo caritas "
    "diakonie diakonisch paritaetisch asb johanniter malteser"
)
_DIRECTION = re.compile(r"^(nord|sued|ost|west|mitte)(?:ost|west)?(?:stadt|viertel|teil|bezirk|siedlung)?$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_LEVEL = re.compile(r"^[abc][12]$")
#: Words of area names that name no particular place.
GENERIC_PLACE_WORDS = _word_list(
    "landkreis kreis stadt staedtisch gemeinde samtgemeinde verbandsgemeinde amt markt bad sankt heilig stadtteil "
    "ortsteil sozialraum bezirk region kreisfreie hansestadt quartier gross klein ober unter nieder alt neu"
)


def _fold(text: str) -> str:
    """Lower case, umlauts and ß spelt out, other accents dropped."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        for src, dst in UMLAUTS.items():
            text = text.replace(src, dst)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text


def _word_map(table: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    return {variant: canonical for canonical, variants in table for variant in (*variants, canonical)}


_WORDS = _word_map(ABBREVIATIONS)
_PHRASE_MAP = {variant: canonical for canonical, variants in PHRASES for variant in variants}
_PHRASES = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _PHRASE_MAP), key=len, reverse=True)) + r")\b")
_LEGAL = re.compile("|".join(f"(?:{pattern})" for pattern, _ in LEGAL_FORMS))
_TRAILING_LEGAL = re.compile(rf"(?:\s|^)(?:{'|'.join(TRAILING_LEGAL_FORMS)})\.?\s*$")
_SYNONYM_MAP = {variant.replace(" ", ""): canonical for canonical, variants in TOPIC_SYNONYMS for variant in variants}
_SYNONYMS = re.compile(
    r"\b(?:"
    + "|".join(
        r"\s?".join(map(re.escape, variant.split()))
        for _, variants in TOPIC_SYNONYMS
        for variant in sorted(variants, key=len, reverse=True)
    )
    + r")\b"
)
_TOKEN = re.compile(r"[^\W_]+\.?")


def _word(token: str) -> str:
    """One token (maybe with its trailing dot) in canonical form."""
    bare = token.rstrip(".")
    if bare in _WORDS:
        return _WORDS[bare]
    for suffix, canonical in SUFFIXES:
        if bare.endswith(suffix) and len(bare) > len(suffix):
            return bare[: -len(suffix)] + canonical
    return bare


def tokens(text: str, *, synonyms: bool = False) -> list[str]:
    """Return the words of a name or title after the German normalisation (module tables).

    Lower case and umlaut spellings folded, quotes and punctuation removed,
    hyphens split words, legal forms dropped, abbreviations and long forms in
    one spelling (:data:`ABBREVIATIONS`, :data:`SUFFIXES`, :data:`PHRASES`),
    with ``synonyms`` the offer synonyms (:data:`TOPIC_SYNONYMS`), stop words
    dropped. The order of the words is kept.
    """
    text = _fold(text)
    text = _LEGAL.sub(" ", text)
    while (shorter := _TRAILING_LEGAL.sub("", text)) != text:
        text = shorter
    joined = " ".join(" ".join(_word(t) for t in _TOKEN.findall(text)).split())
    joined = _PHRASES.sub(lambda m: _PHRASE_MAP[m.group(0)], joined)
    if synonyms:
        joined = _SYNONYMS.sub(lambda m: _SYNONYM_MAP[m.group(0).replace(" ", "")], joined)
    return [w for w in joined.split() if w not in STOP_WORDS]


def normalise_name(name: str) -> str:
    """Return a name after the German normalisation of :func:`tokens`, as one string.

    Examples
    --------
    >>> normalise_name("Familienzentrum Regenbogen e.V.")
    'familienzentrum regenbogen'
    >>> normalise_name("Kath. Kita St. Josef") == normalise_name("Katholische Kindertagesstätte Sankt Josef e.V.")
    True
    >>> normalise_name("Städt. Grundschule Nord, Friedrich-Ebert-Str.")
    'staedtisch grundschule nord friedrich ebert strasse'
    """
    return " ".join(tokens(name))


def normalise_topic(text: str) -> str:
    """Return an offer title or topic normalised like a name and with the synonyms of :data:`TOPIC_SYNONYMS`.

    Examples
    --------
    >>> normalise_topic("Sprachkurs Deutsch") == normalise_topic("Deutsch als Zweitsprache") == "deutschkurs"
    True
    >>> normalise_topic("Elternfrühstück im Familienzentrum")
    'elterncafe familienzentrum'
    """
    return " ".join(tokens(text, synonyms=True))


def normalise_theme(theme: str) -> str:
    """Return a committee theme in lower case, umlauts folded, one kind of dash without spaces around it.

    Examples
    --------
    >>> normalise_theme("Übergang Schule–Beruf") == normalise_theme(" übergang schule - beruf ")
    True
    """
    text = re.sub(r"\s*[-‐‑‒–—―−]\s*", "-", _fold(theme))
    return " ".join(text.split())


def text_similarity(a: str, b: str) -> float:
    """Return the similarity (0–1) of two normalised texts: word order does not count.

    The larger of rapidfuzz's ``token_sort_ratio`` and :data:`SUBSET_FACTOR` ×
    ``token_set_ratio`` (a text holding every word of the other scores 0.9).

    Examples
    --------
    >>> text_similarity("grundschule nord staedtisch", "staedtisch grundschule nord")
    1.0
    >>> text_similarity("kita", "kita sonnenschein")
    0.9
    """
    if not a or not b:
        return 0.0
    sort = fuzz.token_sort_ratio(a, b, processor=None)
    subset = SUBSET_FACTOR * fuzz.token_set_ratio(a, b, processor=None)
    return round(max(sort, subset) / 100, DECIMALS)


def distinguishing(words: Sequence[str], places: frozenset[str] = frozenset()) -> dict[str, frozenset[str]]:
    """Return the distinguishing tokens of normalised words by kind (:data:`DISTINGUISHING`).

    Directions in one spelling (``nordstadt`` → ``nord``), numbers as numbers
    (``ii`` → ``2``), the word after ``sankt``/``heilig``, language levels, and
    the words that are in ``places``.

    Examples
    --------
    >>> distinguishing(tokens("VHS Außenstelle II"))
    {'number': frozenset({'2'})}
    >>> distinguishing(tokens("Kita St. Martin"))
    {'saint': frozenset({'martin'})}
    """
    found: dict[str, set[str]] = defaultdict(set)
    for i, word in enumerate(words):
        if not word.isalpha():
            if word.isdigit():
                found["number"].add(str(int(word)))
            else:
                found["level" if _LEVEL.match(word) else "number"].add(word)
        elif match := _DIRECTION.match(word):
            found["direction"].add(match.group(1))
        elif word in _ROMAN:
            found["number"].add(str(_ROMAN[word]))
        elif i and words[i - 1] in ("sankt", "heilig"):
            found["saint"].add(word)
        elif word in PROVIDER_WORDS:
            found["provider"].add(word)
        elif word in places:
            found["place"].add(word)
    return {kind: frozenset(values) for kind, values in found.items()}


def conflicting(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> list[str]:
    """Return the kinds of distinguishing tokens that both have and in which they differ."""
    return sorted(kind for kind in a.keys() & b.keys() if a[kind] != b[kind])


class Address(NamedTuple):
    """An address in comparable form: street (one word, Straße spelt out), house number, PLZ, town."""

    street: str
    number: str
    postcode: str
    town: str


_STREET = re.compile(
    r"^(?P<street>[^\d]*?[a-z][^\d]*?)\s*(?P<number>\d+\s*[a-z]?(?:\s*[-/]\s*\d+\s*[a-z]?)?)\b(?P<rest>.*)$"
)
_POSTCODE = re.compile(r"\b(\d{5})\b")
_ADDRESS_JUNK = re.compile(r"[^\w/-]+")
_SPACES = re.compile(r"\s+")
_STREET_END = re.compile(r"(?:strasse|str)$")


def normalise_address(text: str | None) -> Address | None:
    """Return an address in comparable form, or None if it is empty.

    Examples
    --------
    >>> normalise_address("Hauptstr. 5 a, 12345 Musterdorf") == normalise_address("Hauptstraße 5a")[:2] + (
    ...     "12345", "musterdorf")
    True
    """
    if not text or not text.strip():
        return None
    folded = _fold(text)
    postcode = ""
    if match := _POSTCODE.search(folded):
        postcode = match.group(1)
        folded = folded[: match.start()] + " " + folded[match.end() :]
    street = number = ""
    town_parts = []
    for part in folded.split(","):
        part = " ".join(_ADDRESS_JUNK.sub(" ", part).split()).strip(" -/")
        if not part:
            continue
        if not street and (match := _STREET.match(part)):
            street, number = match.group("street"), _SPACES.sub("", match.group("number"))
            part = match.group("rest").strip(" -/")
        if part:
            town_parts.append(part)
    if not street:
        return Address("".join(town_parts).replace(" ", ""), "", postcode, "")
    street = _STREET_END.sub("strasse", street.replace(" ", "").replace("-", ""))
    if street.endswith("pl"):
        street += "atz"
    return Address(street, number, postcode, " ".join(" ".join(town_parts).replace("-", " ").split()))


def same_address(a: Address | None, b: Address | None) -> bool:
    """Return whether two addresses are the same place: street and number equal, PLZ and town not contradicting."""
    if a is None or b is None or not a.street or a.street != b.street or a.number != b.number:
        return False
    if a.postcode and b.postcode and a.postcode != b.postcode:
        return False
    return not (a.town and b.town and a.town != b.town)


# --- areas ---------------------------------------------------------------------------------------


class Places:
    """Where things are: the area tree with each area's Gemeinde and the place names of all areas."""

    def __init__(self, L: nx.MultiDiGraph) -> None:
        self.tree = AreaTree(L)
        self.chain = {a: [a, *self.tree.ancestors(a)] for a in self.tree.names}
        self.local = {a: self._local(a) for a in self.tree.names}
        self.words = {
            a: frozenset(w for w in tokens(name) if len(w) >= 3 and w not in GENERIC_PLACE_WORDS)
            for a, name in self.tree.names.items()
        }
        self.all_words = frozenset().union(*self.words.values()) if self.words else frozenset()
        self._own: dict[str, frozenset[str]] = {}

    def _local(self, area: str) -> str | None:
        chain = self.chain[area]
        for item in chain:
            if self.tree.types.get(item) == "gemeinde":
                return item
        below_kreis = [a for a in chain if self.tree.types.get(a) != "kreis"]
        return below_kreis[-1] if below_kreis else None

    def own_words(self, area: str | None) -> frozenset[str]:
        """Place words of ``area``, the areas above it and the areas below it."""
        if area is None or area not in self.chain:
            return frozenset()
        if area not in self._own:
            related = {*self.chain[area], *self.tree.descendants(area)}
            self._own[area] = frozenset().union(*(self.words[a] for a in related))
        return self._own[area]

    def relation(self, a: str | None, b: str | None) -> str:
        """Return how two areas relate.

        ``same``; ``nested`` (one inside the other, both within one Gemeinde);
        ``siblings`` (two areas of one Gemeinde, neither inside the other);
        ``different`` (different Gemeinden); ``wide`` (one is above Gemeinde
        level, e.g. the Kreis); ``unknown`` (one is not located).
        """
        if a is None or b is None or a not in self.chain or b not in self.chain:
            return "unknown"
        if a == b:
            return "same"
        la, lb = self.local[a], self.local[b]
        if la is None or lb is None:
            return "wide"
        if la != lb:
            return "different"
        return "nested" if a in self.chain[b] or b in self.chain[a] else "siblings"

    def describe(self, a: str, b: str, relation: str) -> str:
        """German words for the place of two things."""
        if relation == "same":
            return f"gleiches Gebiet ({self.tree.label(a)})"
        inner, outer = (a, b) if b in self.chain[a] else (b, a)
        return f"Gebiet {self.tree.label(inner)} liegt in {self.tree.label(outer)}"


# --- the analysis --------------------------------------------------------------------------------


def duplicates(
    L: nx.MultiDiGraph,
    *,
    topic_similarity: float = 0.8,
    committee_jaccard: float = 0.6,
    actor_score: float = 0.85,
) -> pd.DataFrame:
    """Find offers, committees and actors that look like duplicate structures.

    Parameters
    ----------
    L : networkx.MultiDiGraph
        The landscape (:func:`graph.build.landscape`); not changed.
    topic_similarity : float
        Least similarity of two offers' subjects (0–1, :func:`text_similarity`).
    committee_jaccard : float
        Least share of common members of two committees (Jaccard, 0–1).
    actor_score : float
        Least combined score of two actors (0–1; weights in the module docstring).

    Returns
    -------
    pandas.DataFrame
        kind (offer | committee | actor), a, b (ids, a < b), a_name, b_name,
        score, explanation naming every reason; sorted by kind and score.
    """
    places = Places(L)
    rows = [
        *_offers(L, places, topic_similarity),
        *_committees(L, committee_jaccard),
        *_actors(L, places, actor_score),
    ]
    table = pd.DataFrame(rows, columns=COLUMNS)
    order = {"offer": 0, "committee": 1, "actor": 2}
    return table.sort_values(
        ["kind", "score", "a"],
        key=lambda c: c.map(order) if c.name == "kind" else c,
        ascending=[True, False, True],
        ignore_index=True,
    )


def _percent(value: float) -> str:
    return f"{value:.0%}".replace("%", " %")


def _decimal(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _cooperate(L: nx.MultiDiGraph, a: str, b: str) -> bool:
    """Whether two actors have a cooperation (stored in either direction)."""
    for u, v in ((a, b), (b, a)):
        if any(
            kind == "COOPERATES_WITH" for kind in (d.get("kind") for d in L.get_edge_data(u, v, default={}).values())
        ):
            return True
    return False


def _label(vocab: str, values: set[str]) -> str:
    return ", ".join(model.VOCABULARIES[vocab].get(v, v) for v in sorted(values))


def _similar_pairs(
    texts: Sequence[str], rows: Sequence[int], cols: Sequence[int], cutoff: float
) -> set[tuple[int, int]]:
    """Index pairs (i, j), i != j, of ``texts`` among ``rows`` × ``cols`` whose similarity may reach ``cutoff``.

    A generous bulk prefilter (rapidfuzz ``cdist``, one point below the cutoff);
    the exact similarity is computed afterwards for each pair it keeps.
    """
    if not rows or not cols:
        return set()
    left, right = [texts[i] for i in rows], [texts[j] for j in cols]
    points = max(0.0, cutoff * 100 - 1)
    sort = process.cdist(left, right, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=points)
    subset = process.cdist(
        left, right, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=min(100.0, points / SUBSET_FACTOR)
    )
    found = np.nonzero((sort > 0) | (subset > 0)) if points > 0 else np.nonzero(np.ones_like(sort))
    out = set()
    for r, c in zip(*found, strict=True):
        i, j = rows[int(r)], cols[int(c)]
        if i != j:
            out.add((i, j) if i < j else (j, i))
    return out


# --- offers --------------------------------------------------------------------------------------


@dataclass
class _Offer:
    key: str
    area: str
    subject: str
    title: str
    marks: dict[str, frozenset[str]]
    phases: set[str]
    groups: set[str]
    providers: set[str]


def _offers(L: nx.MultiDiGraph, places: Places, threshold: float) -> list[list[object]]:
    buckets: dict[tuple[str, str], list[_Offer]] = defaultdict(list)
    for key in nodes_of(L, "Offer"):
        data = L.nodes[key]
        area, education_area = located_in(L, key), data.get("education_area")
        if not area or not education_area:
            continue
        title = data.get("title") or ""
        own = places.own_words(area)
        title_words = [w for w in tokens(title, synonyms=True) if w not in own] or tokens(title, synonyms=True)
        topic = data.get("topic") or title
        topic_words = [w for w in tokens(topic, synonyms=True) if w not in own] or tokens(topic, synonyms=True)
        offer = _Offer(
            key,
            area,
            " ".join(topic_words),
            " ".join(title_words),
            distinguishing(tokens(title) + tokens(data.get("topic") or ""), places.all_words - own),
            set(data.get("life_phases", ())),
            set(data.get("target_groups", ())),
            set(sources(L, key, "PROVIDES")),
        )
        local = places.local.get(area)
        buckets[(local or f"wide:{area}", education_area)].append(offer)
    rows = []
    for (_, education_area), offers in sorted(buckets.items()):
        index = list(range(len(offers)))
        candidates = _similar_pairs([o.subject for o in offers], index, index, threshold)
        candidates |= _similar_pairs([o.title for o in offers], index, index, threshold)
        for i, j in sorted(candidates):
            x, y = offers[i], offers[j]
            relation = places.relation(x.area, y.area)
            if relation not in ("same", "nested"):
                continue
            phases = x.phases & y.phases
            groups = y.groups if "alle" in x.groups else x.groups if "alle" in y.groups else x.groups & y.groups
            if not phases or not groups:
                continue
            if not x.providers or not y.providers or x.providers & y.providers:
                continue
            if any(_cooperate(L, p, q) for p in x.providers for q in y.providers):
                continue
            if conflicting(x.marks, y.marks):
                continue
            by_topic, by_title = text_similarity(x.subject, y.subject), text_similarity(x.title, y.title)
            score = max(by_topic, by_title)
            if score < threshold:
                continue
            rows.append(
                _offer_row(L, places, (x, y), relation, education_area, phases, groups, (by_topic, by_title), threshold)
            )
    return rows


def _offer_row(
    L: nx.MultiDiGraph,
    places: Places,
    pair: tuple[_Offer, _Offer],
    relation: str,
    education_area: str,
    phases: set[str],
    groups: set[str],
    similarities: tuple[float, float],
    threshold: float,
) -> list[object]:
    a, b = sorted(pair, key=lambda o: L.nodes[o.key]["id"])
    by_topic, by_title = similarities
    da, db = L.nodes[a.key], L.nodes[b.key]
    names_a = ", ".join(sorted(L.nodes[p].get("name", p) for p in a.providers))
    names_b = ", ".join(sorted(L.nodes[p].get("name", p) for p in b.providers))
    score = max(by_topic, by_title)
    if by_topic >= by_title:
        same, similar = "gleiches Thema", "ähnliches Thema"
        texts = (da.get("topic") or da.get("title"), db.get("topic") or db.get("title"))
    else:
        same, similar = "gleicher Titel", "ähnlicher Titel"
        texts = (da.get("title"), db.get("title"))
    if score < 1:
        alike = f"{similar} ({_percent(score)}, ab {_percent(threshold)} gemeldet)"
    else:
        alike = same if texts[0] == texts[1] else f"{same} bis auf Schreibweise und Synonyme"
    place = places.describe(a.area, b.area, relation)
    text = (
        f"Zwei Angebote zum Thema „{da.get('topic') or da.get('title')}“: „{da.get('title')}“ und "
        f"„{db.get('title')}“; {place}, gleicher Bildungsbereich ({_label('education_area', {education_area})}), "
        f"gleiche Lebensphase ({_label('life_phase', phases)}), gleiche Zielgruppe "
        f"({_label('target_group', groups)}), gleichzeitig gültig, {alike}; "
        f"die Anbieter ({names_a} / {names_b}) kooperieren nicht miteinander."
    )
    return ["offer", da["id"], db["id"], da.get("title"), db.get("title"), score, text]


# --- committees ----------------------------------------------------------------------------------


def _committees(L: nx.MultiDiGraph, threshold: float) -> list[list[object]]:
    members = {key: set(sources(L, key, "MEMBER_OF")) for key in nodes_of(L, "Committee")}
    seats: dict[str, list[str]] = defaultdict(list)
    for committee, actors in members.items():
        for actor in actors:
            seats[actor].append(committee)
    pairs = {pair for held in seats.values() for pair in itertools.combinations(sorted(held), 2)}
    rows = []
    for x, y in sorted(pairs):
        mx, my = members[x], members[y]
        common, union = len(mx & my), len(mx | my)
        jaccard = common / union
        if jaccard < threshold:
            continue
        themes_x = {normalise_theme(t): t for t in L.nodes[x].get("themes", ())}
        themes_y = {normalise_theme(t) for t in L.nodes[y].get("themes", ())}
        shared = sorted(themes_x[t] for t in themes_x.keys() & themes_y if t)
        if not shared:
            continue
        a, b = sorted((x, y), key=lambda k: L.nodes[k]["id"])
        text = (
            f"{L.nodes[a].get('name')} und {L.nodes[b].get('name')} haben {common} von {union} "
            f"Mitgliedern gemeinsam ({_percent(jaccard)}, ab {_percent(threshold)} gemeldet) und dasselbe Thema "
            f"({', '.join(shared)})."
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


# --- actors --------------------------------------------------------------------------------------


@dataclass
class _Actor:
    key: str
    name: str
    words: list[str]
    core: list[str]
    marks: dict[str, frozenset[str]]
    actor_type: str
    area: str | None
    local: str | None
    address: Address | None

    @property
    def sorted_core(self) -> str:
        return " ".join(sorted(self.core))

    @property
    def compact(self) -> str:
        """The name without spaces: "Jugend-Zentrum" and "Jugendzentrum" are one name."""
        return "".join(self.core)


def _locations(L: nx.MultiDiGraph) -> dict[str, str]:
    """The area id of every located node (the first area, as :func:`graph.build.located_in` picks it)."""
    found: dict[str, str] = {}
    for u, v, kind in L.edges(data="kind"):
        if kind == "LOCATED_IN" and (u not in found or v < found[u]):
            found[u] = v
    return {u: L.nodes[v]["id"] for u, v in found.items()}


def _actor(L: nx.MultiDiGraph, places: Places, key: str, area: str | None) -> _Actor:
    data = L.nodes[key]
    name = data.get("name") or ""
    words = tokens(name)
    own = places.own_words(area)
    return _Actor(
        key,
        name,
        words,
        [w for w in words if w not in own and w not in PROVIDER_WORDS] or words,
        distinguishing(words, places.all_words),
        data.get("actor_type") or "",
        area,
        places.local.get(area) if area else None,
        normalise_address(data.get("address")),
    )


def _candidates(actors: list[_Actor], least_name: float) -> set[tuple[int, int]]:
    """Index pairs (i < j) of actors whose names may score ``least_name``: the blocking step.

    Blocks: the same Gemeinde and a shared word (its first four letters), or the
    same street and house number; an actor without a Gemeinde is compared with
    every actor of its blocks. Within a block, rapidfuzz's ``cdist`` computes
    the ratio of the sorted names in bulk (that is ``token_sort_ratio``) and
    keeps pairs from one point below the least name score; pairs whose names
    are one without spaces, and pairs where one name holds every word of the
    other, are added from indexes.
    """
    texts = [a.sorted_core for a in actors]
    by_prefix: dict[str, dict[str | None, list[int]]] = defaultdict(lambda: defaultdict(list))
    by_address: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_compact: dict[str, dict[str | None, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, actor in enumerate(actors):
        if not actor.core:
            continue
        by_compact[actor.compact][actor.local].append(i)
        for prefix in {w[:4] for w in actor.core}:
            by_prefix[prefix][actor.local].append(i)
        if actor.address and actor.address.street:
            by_address[(actor.address.street, actor.address.number)].append(i)
    blocks: list[tuple[list[int], list[int]]] = []
    for groups in by_prefix.values():
        blocks.extend((members, members) for local, members in groups.items() if local is not None and len(members) > 1)
        if floating := groups.get(None):
            blocks.append((floating, sorted(i for members in groups.values() for i in members)))
    blocks.extend((members, members) for members in by_address.values() if len(members) > 1)
    points = max(0.0, least_name * 100 - 1)
    out: set[tuple[int, int]] = set()
    for rows, cols in blocks:
        scores = process.cdist(
            [texts[i] for i in rows], [texts[j] for j in cols], scorer=fuzz.ratio, processor=None, score_cutoff=points
        )
        for r, c in zip(*np.nonzero(scores >= points) if points else np.nonzero(scores >= 0), strict=True):
            i, j = rows[int(r)], cols[int(c)]
            if i != j:
                out.add((i, j) if i < j else (j, i))
    for groups in by_compact.values():
        floating = groups.get(None, [])
        for local, members in groups.items():
            out.update(itertools.combinations(members, 2))
            if local is not None:
                out.update((min(i, j), max(i, j)) for i in floating for j in members)
    if least_name <= SUBSET_FACTOR:
        out |= _subsets(actors)
    return out


def _subsets(actors: list[_Actor]) -> set[tuple[int, int]]:
    """Index pairs (i < j) where one name holds every word of the other (within a Gemeinde or without one).

    Each name's proper subsets of words are looked up among the names (a name
    of more than :data:`MAX_SUBSET_WORDS` words only with its subsets of one word).
    """
    by_words: dict[tuple[str | None, frozenset[str]], list[int]] = defaultdict(list)
    floating: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, actor in enumerate(actors):
        word_set = frozenset(actor.core)
        by_words[(actor.local, word_set)].append(i)
        if actor.local is None:
            floating[word_set].append(i)
    locals_ = {actor.local for actor in actors}
    out: set[tuple[int, int]] = set()
    for i, actor in enumerate(actors):
        words = sorted(set(actor.core))
        sizes = range(1, len(words)) if len(words) <= MAX_SUBSET_WORDS else range(1, 2)
        for size in sizes:
            for part in itertools.combinations(words, size):
                key = frozenset(part)
                found = list(floating.get(key, ()))
                if actor.local is not None:
                    found += by_words.get((actor.local, key), [])
                else:
                    found += [j for local in locals_ if local is not None for j in by_words.get((local, key), ())]
                out.update((j, i) if j < i else (i, j) for j in found if j != i)
    return out


def _substituted(x: Sequence[str], y: Sequence[str]) -> bool:
    """Whether each name has a word the other lacks even in a near spelling: another name, not a variant.

    Near spellings: a ratio of at least :data:`WORD_SIMILARITY` between two
    words, or between the left-over words of both names joined (compounds
    written apart: "Jugend-Zentrum" and "Jugendzentrum").
    """
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


def _actors(L: nx.MultiDiGraph, places: Places, threshold: float) -> list[list[object]]:
    areas = _locations(L)
    actors = [_actor(L, places, key, areas.get(key)) for key in nodes_of(L, "Actor")]
    least_name = (threshold - PLACE_WEIGHT - TYPE_WEIGHT) / NAME_WEIGHT
    rows = []
    for i, j in sorted(_candidates(actors, least_name)):
        row = _actor_pair(L, places, actors[i], actors[j], threshold)
        if row is not None:
            rows.append(row)
    return rows


def _actor_pair(L: nx.MultiDiGraph, places: Places, x: _Actor, y: _Actor, threshold: float) -> list[object] | None:
    """The finding for two actors, or None where evidence against rules it out or the score stays below."""
    if not x.core or not y.core or (x.actor_type and y.actor_type and x.actor_type != y.actor_type):
        return None
    relation = places.relation(x.area, y.area)
    if relation == "different" or conflicting(x.marks, y.marks):
        return None
    for_place, against = [], []
    if same_address(x.address, y.address):
        place = SAME_ADDRESS
        for_place.append("gleiche Adresse")
    elif x.address and y.address:
        place = 0.0
        against.append("verschiedene Adressen")
    elif relation in ("same", "nested"):
        place = SAME_AREA
        assert x.area is not None and y.area is not None
        for_place.append(places.describe(x.area, y.area, relation))
    else:
        place = 0.0
        if relation == "siblings":
            against.append("verschiedene Sozialräume derselben Gemeinde")
    kind = TYPE_WEIGHT if x.actor_type and y.actor_type else TYPE_WEIGHT * ONE_TYPE
    if round(NAME_WEIGHT + PLACE_WEIGHT * place + kind, DECIMALS) < threshold or _substituted(x.core, y.core):
        return None  # not even the same name would do, or another name
    name = 1.0 if x.compact == y.compact else text_similarity(x.sorted_core, y.sorted_core)
    score = round(NAME_WEIGHT * name + PLACE_WEIGHT * place + kind, DECIMALS)
    if score < threshold:
        return None
    reasons = [*for_place, _name_reason(x, y, name)]
    if x.actor_type and y.actor_type:
        reasons.append(f"gleicher Typ ({model.VOCABULARIES['actor_type'].get(x.actor_type, x.actor_type)})")
    else:
        reasons.append("Typ nur bei einem Eintrag angegeben")
    a, b = sorted((x, y), key=lambda actor: L.nodes[actor.key]["id"])
    text = (
        f"„{a.name}“ und „{b.name}“ sind vermutlich dieselbe Einrichtung (Wert {_decimal(score)} von 1, "
        f"gemeldet ab {_decimal(threshold)}): {', '.join(reasons)}"
        + (f"; dagegen spricht: {', '.join(against)}." if against else ".")
    )
    return ["actor", L.nodes[a.key]["id"], L.nodes[b.key]["id"], a.name, b.name, score, text]


def _name_reason(x: _Actor, y: _Actor, name: float) -> str:
    if " ".join(x.name.casefold().split()) == " ".join(y.name.casefold().split()):
        return "gleicher Name"
    if x.words == y.words or "".join(x.words) == "".join(y.words):
        return "Name bis auf Abkürzungen gleich"
    if sorted(x.words) == sorted(y.words):
        return "Name bis auf Abkürzungen und Wortstellung gleich"
    if name == 1:
        return "Name bis auf Angaben zu Ort oder Träger gleich"
    words_x, words_y = set(x.core), set(y.core)
    if words_x < words_y or words_y < words_x:
        return f"ein Name enthält den anderen ({_percent(name)})"
    return f"ähnlicher Name ({_percent(name)})"
