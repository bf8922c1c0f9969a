"""The graph model: labels, relationship types, vocabularies and the exchange format.

Everything the database, the import, the export and the analyses agree on is
declared here once, as data. Identifiers are English; every label a user sees
is German (``../shared/DOMAIN.md`` §2–§4).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

# ---------------------------------------------------------------------------
# Labels and relationship types (the allow-list)
# ---------------------------------------------------------------------------

#: Node labels of the model, with their German names.
NODE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "Area": "Gebiet",
        "Institution": "Träger",
        "Actor": "Akteur",
        "Offer": "Angebot",
        "Committee": "Gremium",
        "Person": "Ansprechperson",
    }
)

#: German plural of each label, for counts shown to users.
NODE_LABELS_PLURAL: Mapping[str, str] = MappingProxyType(
    {
        "Area": "Gebiete",
        "Institution": "Träger",
        "Actor": "Akteure",
        "Offer": "Angebote",
        "Committee": "Gremien",
        "Person": "Ansprechpersonen",
    }
)

#: Labels used by the store itself (data revision); never exported or counted.
INTERNAL_LABELS: tuple[str, ...] = ("Meta", "AppUser", "AuditEntry", "SavedView")
#: Labels of the network survey and the self-check links (graph.db.survey, graph.db.selfcheck); their
#: queries name them literally and create their own constraints, so no query slot is ever filled with them.
SURVEY_LABELS: tuple[str, ...] = ("ReviewItem", "SurveyAlias", "SurveyRound", "SelfCheckLink")

#: Labels holding personal data; only exported on explicit request.
PERSONAL_LABELS: frozenset[str] = frozenset({"Person"})


@dataclass(frozen=True)
class RelType:
    """A relationship type with the labels it may join."""

    name: str
    german: str
    start: tuple[str, ...]
    end: str
    keyed: bool = False  # identified by its own ``id`` property (else by its pair)


REL_TYPES: Mapping[str, RelType] = MappingProxyType(
    {
        r.name: r
        for r in (
            RelType("COOPERATES_WITH", "kooperiert mit", ("Actor",), "Actor", keyed=True),
            RelType("PROVIDES", "bietet an", ("Actor",), "Offer"),
            RelType("MEMBER_OF", "ist Mitglied in", ("Actor",), "Committee"),
            RelType("RUNS", "ist Träger von", ("Institution",), "Actor"),
            RelType("LOCATED_IN", "liegt in", ("Actor", "Offer", "Committee"), "Area"),
            RelType("PART_OF", "ist Teil von", ("Area",), "Area"),
            RelType("REPORTS_TO", "berichtet an", ("Committee",), "Committee"),
            RelType("REPRESENTS", "vertritt", ("Person",), "Actor"),
        )
    }
)

PERSONAL_REL_TYPES: frozenset[str] = frozenset({"REPRESENTS"})

#: Properties the store maintains on every node and relationship.
SYSTEM_PROPERTIES: tuple[str, ...] = ("version", "updated_at", "content_hash")


def check_label(label: str) -> str:
    """Return ``label`` if it is an allow-listed node label, else raise ``ValueError``."""
    if label not in NODE_LABELS and label not in INTERNAL_LABELS:
        raise ValueError(f"label not in the model's allow-list: {label!r}")
    return label


def check_rel_type(name: str) -> str:
    """Return ``name`` if it is an allow-listed relationship type, else raise ``ValueError``."""
    if name not in REL_TYPES:
        raise ValueError(f"relationship type not in the model's allow-list: {name!r}")
    return name


# ---------------------------------------------------------------------------
# Vocabularies (key -> German label)
# ---------------------------------------------------------------------------


def _vocab(*pairs: tuple[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(pairs))


VOCABULARIES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "actor_type": _vocab(
            ("kita", "Kita"),
            ("kindertagespflege", "Kindertagespflege"),
            ("grundschule", "Grundschule"),
            ("weiterfuehrende_schule", "Weiterführende Schule"),
            ("foerderschule", "Förderschule"),
            ("berufliche_schule", "Berufliche Schule"),
            ("hochschule", "Hochschule"),
            ("vhs", "Volkshochschule"),
            ("musikschule", "Musikschule"),
            ("bibliothek", "Bibliothek"),
            ("familienbildung", "Familienbildungsstätte"),
            ("familienzentrum", "Familienzentrum"),
            ("jugendeinrichtung", "Jugendeinrichtung"),
            ("beratungsstelle", "Beratungsstelle"),
            ("jobcenter", "Jobcenter"),
            ("arbeitsagentur", "Agentur für Arbeit"),
            ("jugendberufsagentur", "Jugendberufsagentur"),
            ("kammer", "Kammer (IHK/HWK)"),
            ("unternehmen", "Unternehmen"),
            ("verein", "Verein"),
            ("stiftung", "Stiftung"),
            ("religionsgemeinschaft", "Religionsgemeinschaft"),
            ("gemeindeverwaltung", "Gemeindeverwaltung"),
            ("kreisverwaltung", "Kreisverwaltung"),
            ("sonstige", "Sonstige"),
        ),
        "sector": _vocab(
            ("fruehe_bildung", "Frühe Bildung"),
            ("schule", "Schule"),
            ("jugendhilfe", "Kinder- und Jugendhilfe"),
            ("arbeitsfoerderung", "Arbeitsförderung"),
            ("berufsbildung", "Berufliche Bildung"),
            ("weiterbildung", "Weiterbildung"),
            ("hochschule", "Hochschule"),
            ("wirtschaft", "Wirtschaft"),
            ("zivilgesellschaft", "Zivilgesellschaft"),
            ("kultur", "Kultur"),
            ("verwaltung", "Verwaltung"),
        ),
        "education_area": _vocab(
            ("fruehkindlich", "Frühkindliche Bildung"),
            ("allgemeinbildende_schule", "Allgemeinbildende Schule"),
            ("berufliche_bildung", "Berufliche Bildung"),
            ("hochschule", "Hochschule"),
            ("weiterbildung", "Weiterbildung"),
            ("nonformal_informell", "Non-formale und informelle Bildung"),
            ("bildungsberatung", "Bildungsberatung"),
        ),
        "life_phase": _vocab(
            ("u3", "unter 3"),
            ("kita_alter", "3–6 Jahre"),
            ("grundschulalter", "6–10 Jahre"),
            ("sek1", "10–16 Jahre"),
            ("uebergang", "15–25 Jahre"),
            ("erwerbsalter", "Erwerbsalter"),
            ("nacherwerb", "65+"),
        ),
        "transition": _vocab(
            ("familie_kita", "Familie → Kita"),
            ("kita_grundschule", "Kita → Grundschule"),
            ("grundschule_sek1", "Grundschule → Sekundarstufe I"),
            ("schule_beruf", "Schule → Beruf"),
            ("ausbildung_beruf", "Ausbildung → Beruf"),
            ("wiedereinstieg", "Wiedereinstieg"),
            ("beruf_weiterbildung", "Beruf → Weiterbildung"),
            ("erwerb_ruhestand", "Erwerbsleben → Ruhestand"),
        ),
        "target_group": _vocab(
            ("kinder", "Kinder"),
            ("jugendliche", "Jugendliche"),
            ("eltern", "Eltern"),
            ("familien", "Familien"),
            ("neuzugewanderte", "Neuzugewanderte"),
            ("menschen_mit_behinderung", "Menschen mit Behinderung"),
            ("arbeitsuchende", "Arbeitsuchende"),
            ("senioren", "Senioren"),
            ("fachkraefte", "Fachkräfte"),
            ("alle", "Alle"),
        ),
        "learning_form": _vocab(
            ("formal", "formal"),
            ("nonformal", "non-formal"),
            ("informell", "informell"),
        ),
        "provider_type": _vocab(
            ("oeffentlich", "öffentlich"),
            ("frei_gemeinnuetzig", "frei-gemeinnützig"),
            ("kirchlich", "kirchlich"),
            ("privat", "privat"),
        ),
        "cooperation_type": _vocab(
            ("informationsaustausch", "Informationsaustausch"),
            ("abstimmung", "Abstimmung"),
            ("verweisberatung", "Verweisberatung"),
            ("gemeinsames_angebot", "Gemeinsames Angebot"),
            ("ressourcenteilung", "Ressourcenteilung"),
            ("finanzierung", "Finanzierung"),
            ("vereinbarung", "Vereinbarung"),
        ),
        "intensity": _vocab(
            ("1", "anlassbezogen/selten"),
            ("2", "quartalsweise"),
            ("3", "monatlich"),
            ("4", "wöchentlich oder öfter"),
        ),
        "formality": _vocab(
            ("informell", "informell"),
            ("schriftliche_absprache", "schriftliche Absprache"),
            ("vertrag", "Vertrag"),
        ),
        "committee_type": _vocab(
            ("bildungskonferenz", "Bildungskonferenz"),
            ("lenkungskreis", "Lenkungskreis"),
            ("steuerungsgruppe", "Steuerungsgruppe"),
            ("arbeitskreis", "Arbeitskreis"),
            ("netzwerk", "Netzwerk"),
            ("projektverbund", "Projektverbund"),
        ),
        "format": _vocab(("praesenz", "Präsenz"), ("digital", "digital"), ("hybrid", "hybrid")),
        "cost": _vocab(
            ("kostenfrei", "kostenfrei"),
            ("ermaessigt", "ermäßigt"),
            ("kostenpflichtig", "kostenpflichtig"),
        ),
        "area_type": _vocab(("kreis", "Kreis"), ("gemeinde", "Gemeinde"), ("sozialraum", "Sozialraum")),
        "member_role": _vocab(
            ("chair", "Vorsitz"),
            ("office", "Geschäftsstelle"),
            ("member", "Mitglied"),
            ("guest", "Gast"),
        ),
        "provider_role": _vocab(("lead", "federführend"), ("partner", "Partner")),
    }
)


@dataclass(frozen=True)
class Transition:
    """A transition between two life phases and the actor types on each side.

    Side A hands over, side B takes over; the transition gap of an area is the
    share of side-A actors with at least one cooperation to a side-B actor.
    """

    key: str
    phase_a: str
    phase_b: str
    side_a: frozenset[str]
    side_b: frozenset[str]


TRANSITIONS: Mapping[str, Transition] = MappingProxyType(
    {
        t.key: t
        for t in (
            Transition(
                "familie_kita",
                "u3",
                "kita_alter",
                frozenset({"familienzentrum", "familienbildung", "beratungsstelle", "kindertagespflege"}),
                frozenset({"kita"}),
            ),
            Transition(
                "kita_grundschule",
                "kita_alter",
                "grundschulalter",
                frozenset({"kita"}),
                frozenset({"grundschule", "foerderschule"}),
            ),
            Transition(
                "grundschule_sek1",
                "grundschulalter",
                "sek1",
                frozenset({"grundschule"}),
                frozenset({"weiterfuehrende_schule", "foerderschule"}),
            ),
            Transition(
                "schule_beruf",
                "sek1",
                "uebergang",
                frozenset({"weiterfuehrende_schule", "foerderschule"}),
                frozenset({"berufliche_schule", "kammer", "unternehmen", "arbeitsagentur", "jugendberufsagentur"}),
            ),
            Transition(
                "ausbildung_beruf",
                "uebergang",
                "erwerbsalter",
                frozenset({"berufliche_schule", "kammer"}),
                frozenset({"unternehmen", "arbeitsagentur", "jobcenter"}),
            ),
            Transition(
                "wiedereinstieg",
                "erwerbsalter",
                "erwerbsalter",
                frozenset({"jobcenter", "arbeitsagentur", "beratungsstelle"}),
                frozenset({"vhs", "unternehmen", "familienbildung", "kammer"}),
            ),
            Transition(
                "beruf_weiterbildung",
                "erwerbsalter",
                "erwerbsalter",
                frozenset({"unternehmen", "kammer"}),
                frozenset({"vhs", "hochschule", "berufliche_schule"}),
            ),
            Transition(
                "erwerb_ruhestand",
                "erwerbsalter",
                "nacherwerb",
                frozenset({"unternehmen", "jobcenter", "vhs"}),
                frozenset({"verein", "bibliothek", "religionsgemeinschaft", "vhs"}),
            ),
        )
    }
)


def vocab_label(vocab: str, key: str) -> str:
    """Return the German label of ``key`` in vocabulary ``vocab`` (the key if unknown)."""
    return VOCABULARIES[vocab].get(str(key), str(key))


# ---------------------------------------------------------------------------
# Exchange format (sheets and columns users fill in)
# ---------------------------------------------------------------------------

ColumnKind = Literal[
    "id", "text", "text_list", "vocab", "vocab_list", "int", "float", "bool", "date", "ref", "ref_list"
]


@dataclass(frozen=True)
class Column:
    """One column of a sheet in the exchange format.

    ``field`` is the property name in the graph; for ``ref`` columns that make a
    relationship it is the name used in the parsed record. ``rel`` and
    ``row_is_start`` say which relationship a reference column makes, ``role``
    the value of its ``role`` property (``ref_list``: the first entry gets
    ``role``, the others ``role_rest``).
    """

    header: str
    field: str
    kind: ColumnKind
    required: bool = False
    vocab: str | None = None
    target: str | None = None
    rel: str | None = None
    row_is_start: bool = True
    role: str | None = None
    role_rest: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""


@dataclass(frozen=True)
class Sheet:
    """A sheet (or CSV file) of the exchange format.

    A node sheet has ``label``; a relationship sheet has ``rel`` and the two
    columns ``start`` and ``end`` that name its endpoints.
    """

    name: str
    columns: tuple[Column, ...]
    label: str | None = None
    rel: str | None = None
    start: str | None = None
    end: str | None = None
    required: bool = False
    personal: bool = False
    help: str = ""

    def column(self, field_name: str) -> Column:
        """Return the column whose ``field`` is ``field_name``."""
        for col in self.columns:
            if col.field == field_name:
                return col
        raise KeyError(field_name)


def _valid_dates() -> tuple[Column, Column]:
    return (
        Column("Gueltig ab", "valid_from", "date", help="Datum, ab dem der Eintrag gilt"),
        Column("Gueltig bis", "valid_to", "date", help="Datum, bis zu dem der Eintrag gilt"),
    )


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Gebiete",
        label="Area",
        columns=(
            Column("ID", "id", "id", required=True),
            Column("Name", "name", "text", required=True),
            Column("Typ", "area_type", "vocab", required=True, vocab="area_type"),
            Column("Teil von", "part_of", "ref", target="Area", rel="PART_OF"),
            Column("AGS", "ags", "text", help="Amtlicher Gemeindeschlüssel"),
            Column("Einwohner", "population", "int", minimum=0),
        ),
        help="Kreis, Gemeinden und Sozialräume",
    ),
    Sheet(
        "Traeger",
        label="Institution",
        columns=(
            Column("ID", "id", "id", required=True),
            Column("Name", "name", "text", required=True),
            Column("Traegerart", "provider_type", "vocab", vocab="provider_type"),
        ),
        help="Träger der Einrichtungen",
    ),
    Sheet(
        "Akteure",
        label="Actor",
        required=True,
        columns=(
            Column("ID", "id", "id", required=True),
            Column("Name", "name", "text", required=True),
            Column("Typ", "actor_type", "vocab", required=True, vocab="actor_type"),
            Column("Sektor", "sector", "vocab", required=True, vocab="sector"),
            Column("Traeger", "institution", "ref", target="Institution", rel="RUNS", row_is_start=False),
            Column("Gebiet", "area", "ref", target="Area", rel="LOCATED_IN"),
            Column("Bildungsbereiche", "education_areas", "vocab_list", vocab="education_area"),
            Column("Lernformen", "learning_forms", "vocab_list", vocab="learning_form"),
            Column("Adresse", "address", "text"),
            Column("Breitengrad", "lat", "float", minimum=-90, maximum=90),
            Column("Laengengrad", "lon", "float", minimum=-180, maximum=180),
            Column("Webseite", "website", "text"),
            Column("Quelle", "source", "text", help="Woher die Angabe stammt"),
            *_valid_dates(),
        ),
        help="Bildungsakteure: Einrichtungen, Dienste, Vereine, Unternehmen …",
    ),
    Sheet(
        "Angebote",
        label="Offer",
        columns=(
            Column("ID", "id", "id", required=True),
            Column("Titel", "title", "text", required=True),
            Column(
                "Anbieter",
                "providers",
                "ref_list",
                required=True,
                target="Actor",
                rel="PROVIDES",
                row_is_start=False,
                role="lead",
                role_rest="partner",
                help="IDs der Akteure; der erste ist federführend",
            ),
            Column("Bildungsbereich", "education_area", "vocab", required=True, vocab="education_area"),
            Column("Lebensphasen", "life_phases", "vocab_list", vocab="life_phase"),
            Column("Zielgruppen", "target_groups", "vocab_list", vocab="target_group"),
            Column("Uebergaenge", "transitions", "vocab_list", vocab="transition"),
            Column("Lernform", "learning_form", "vocab", vocab="learning_form"),
            Column("Format", "format", "vocab", vocab="format"),
            Column("Kosten", "cost", "vocab", vocab="cost"),
            Column("Sprachen", "languages", "text_list"),
            Column("Barrierefrei", "accessible", "bool"),
            Column("Gebiet", "area", "ref", target="Area", rel="LOCATED_IN"),
            Column("Thema", "topic", "text"),
            *_valid_dates(),
        ),
        help="Bildungsangebote",
    ),
    Sheet(
        "Kooperationen",
        rel="COOPERATES_WITH",
        start="actor_a",
        end="actor_b",
        columns=(
            Column("ID", "id", "id", help="leer lassen: wird aus den beiden Akteuren gebildet"),
            Column("Akteur A", "actor_a", "ref", required=True, target="Actor"),
            Column("Akteur B", "actor_b", "ref", required=True, target="Actor"),
            Column("Arten", "types", "vocab_list", vocab="cooperation_type"),
            Column("Intensitaet", "intensity", "vocab", vocab="intensity"),
            Column("Formalisierung", "formality", "vocab", vocab="formality"),
            Column("Seit", "since", "date"),
            Column("Bis", "until", "date"),
            Column("Gemeldet von", "reported_by", "ref", target="Actor"),
            Column("Bestaetigt", "confirmed", "bool"),
            Column("Foerderprogramm", "funding", "text"),
            Column("Quelle", "source", "text"),
        ),
        help="Wer mit wem zusammenarbeitet (ein Eintrag je Paar)",
    ),
    Sheet(
        "Gremien",
        label="Committee",
        columns=(
            Column("ID", "id", "id", required=True),
            Column("Name", "name", "text", required=True),
            Column("Typ", "committee_type", "vocab", required=True, vocab="committee_type"),
            Column("Themen", "themes", "text_list"),
            Column("Sitzungen pro Jahr", "meetings_per_year", "int", minimum=0, maximum=366),
            Column("Gebiet", "area", "ref", target="Area", rel="LOCATED_IN"),
            Column("Berichtet an", "reports_to", "ref", target="Committee", rel="REPORTS_TO"),
            *_valid_dates(),
        ),
        help="Gremien: Bildungskonferenz, Lenkungskreis, Arbeitskreise …",
    ),
    Sheet(
        "Mitgliedschaften",
        rel="MEMBER_OF",
        start="actor",
        end="committee",
        columns=(
            Column("Gremium", "committee", "ref", required=True, target="Committee"),
            Column("Akteur", "actor", "ref", required=True, target="Actor"),
            Column("Rolle", "role", "vocab", vocab="member_role"),
            Column("Seit", "since", "date"),
            Column("Bis", "until", "date"),
        ),
        help="Welcher Akteur in welchem Gremium sitzt",
    ),
    Sheet(
        "Ansprechpersonen",
        label="Person",
        personal=True,
        columns=(
            Column("ID", "id", "id", required=True),
            Column("Akteur", "actor", "ref", required=True, target="Actor", rel="REPRESENTS"),
            Column("Funktion", "role", "text"),
            Column("Name", "name", "text"),
            Column("E-Mail", "email", "text"),
            Column("Telefon", "phone", "text"),
            Column("Einwilligung", "consent", "bool"),
            Column("Loeschen bis", "delete_after", "date"),
        ),
        help="Ansprechpersonen (personenbezogene Daten, optional)",
    ),
)

#: The sheet of the template workbook holding the value lists of its drop-downs; the import skips it.
VALUES_SHEET = "Werte"

SHEETS_BY_NAME: Mapping[str, Sheet] = MappingProxyType({s.name: s for s in SHEETS})
SHEET_BY_LABEL: Mapping[str, Sheet] = MappingProxyType({s.label: s for s in SHEETS if s.label})
SHEET_BY_REL: Mapping[str, Sheet] = MappingProxyType({s.rel: s for s in SHEETS if s.rel})

#: The property shown as the name of a node of each label.
NAME_PROPERTY: Mapping[str, str] = MappingProxyType(
    {"Area": "name", "Institution": "name", "Actor": "name", "Offer": "title", "Committee": "name", "Person": "role"}
)


def fold(text: str) -> str:
    """Fold a header or vocabulary term for tolerant matching.

    Lower case, NFC, umlauts transliterated (``ä`` -> ``ae``, ``ß`` -> ``ss``),
    dashes unified, runs of white space collapsed, a trailing ``*`` dropped.

    Examples
    --------
    >>> fold(" Träger* ")
    'traeger'
    >>> fold("3–6 Jahre") == fold("3-6 jahre")
    True
    """
    text = unicodedata.normalize("NFC", str(text)).strip().rstrip("*").strip().lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("–", "-"), ("—", "-"), ("‑", "-")):
        text = text.replace(src, dst)
    return " ".join(text.split())


@dataclass(frozen=True)
class VocabIndex:
    """Case- and umlaut-insensitive lookup of vocabulary keys by key or German label."""

    name: str
    lookup: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, name: str) -> VocabIndex:
        """Index vocabulary ``name`` by folded key and folded label."""
        table: dict[str, str] = {}
        for key, label in VOCABULARIES[name].items():
            table[key] = key
            table[label] = key
            table[fold(key)] = key
            table[fold(label)] = key
            table[fold(key.replace("_", " "))] = key
        return cls(name, MappingProxyType(table))

    def resolve(self, value: str) -> str | None:
        """Return the key for ``value`` (a key or a label), or None."""
        key = self.lookup.get(value)  # most cells hold the key itself
        return key if key is not None else self.lookup.get(fold(value))


VOCAB_INDEX: Mapping[str, VocabIndex] = MappingProxyType({name: VocabIndex.build(name) for name in VOCABULARIES})


@dataclass(frozen=True)
class OwnedRel:
    """A relationship written from a column of a node sheet (the row owns it).

    When a row is imported again, relationships of this kind that the row no
    longer names are removed.
    """

    owner: str  # label of the row's node
    type: str
    other: str  # label of the node the column names
    owner_is_start: bool
    column: Column

    @property
    def start(self) -> str:
        """Start label of the relationship."""
        return self.owner if self.owner_is_start else self.other

    @property
    def end(self) -> str:
        """End label of the relationship."""
        return self.other if self.owner_is_start else self.owner


OWNED_RELS: tuple[OwnedRel, ...] = tuple(
    OwnedRel(sheet.label, col.rel, col.target, col.row_is_start, col)
    for sheet in SHEETS
    if sheet.label
    for col in sheet.columns
    if col.rel and col.target
)

#: Every (type, start label, end label) group the model allows, in write order.
REL_GROUPS: tuple[tuple[str, str, str], ...] = tuple(
    (rel.name, start, rel.end) for rel in REL_TYPES.values() for start in rel.start
)
