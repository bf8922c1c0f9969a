"""What the steering-committee report says: sections of text, tables and pictures, built from the analyses.

The content is independent of the output format; :mod:`graph.report.render`
writes it as a self-contained HTML page or an A4 PDF.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph import german, model
from graph.anonymise import Pseudonyms
from graph.build import AreaTree, landscape
from graph.dataset import Dataset

#: The measures in the words practitioners use: (word, technical name, plain explanation) — the box
#: "So wurde gerechnet" of the report and the first rows of its methods section.
MEASURES = [
    (
        "Zahl der Partner",
        "Grad",
        "Mit wie vielen anderen Akteuren ein Akteur am Stichtag kooperiert; mehrere Einträge für dasselbe Paar "
        "zählen einmal.",
    ),
    (
        "Brückenfunktion",
        "Betweenness-Zentralität",
        "Anteil der kürzesten Wege zwischen zwei anderen Akteuren, die über diesen Akteur führen. Ein hoher Anteil "
        "heißt: Ohne ihn wären viele andere nur über Umwege verbunden.",
    ),
    (
        "Abhängigkeit von wenigen Partnern",
        "Constraint nach Burt",
        "Wie sehr die Kontakte eines Akteurs an wenigen, untereinander verbundenen Partnern hängen (0 bis 1). "
        "Gering (unter 0,1): Der Akteur verbindet Partner, die sich sonst nicht kennen; hoch (ab 0,3): Er hängt an "
        "wenigen Partnern.",
    ),
    (
        "Vermittlung zwischen Sektoren",
        "Brokerage-Rollen nach Gould–Fernandez",
        "Wie oft ein Akteur zwischen zwei anderen vermittelt, die nicht direkt zusammenarbeiten, getrennt danach, "
        "ob die Beteiligten demselben Sektor angehören (Koordinator) oder verschiedenen (Verbindungsglied, Berater, "
        "Türhüter, Vertreter).",
    ),
    (
        "Rang als Brückenakteur",
        "Mittel dreier Rangplätze",
        "Mittel aus den Rangplätzen bei Brückenfunktion, Vermittlung zwischen Sektoren und geringer Abhängigkeit von "
        "wenigen Partnern.",
    ),
    (
        "Unverzichtbarer Akteur, unverzichtbare Kooperation",
        "Schnittpunkt (Artikulationspunkt), Brücke",
        "Ohne diesen Akteur (diese Kooperation) hätten andere Akteure keine Verbindung zum übrigen Netzwerk mehr.",
    ),
    (
        "Schlüsselakteure",
        "Key Player nach Borgatti, KPP-Neg",
        "Die Akteure, deren gemeinsamer Wegfall die meisten Paare von Akteuren voneinander trennen würde.",
    ),
    (
        "Inseln",
        "Zusammenhangskomponenten",
        "Akteure oder kleine Gruppen, die nur untereinander oder gar nicht kooperieren und keine Verbindung zum "
        "großen Netz haben.",
    ),
]

#: How the findings were computed (the methods section; plain German, the method named).
METHODS = [
    (
        "Kooperationsnetz",
        "Akteure sind Punkte, gemeldete Kooperationen Linien. Mehrere Einträge für dasselbe Paar "
        "zählen als eine Kooperation; ihre Intensität (1 = selten bis 4 = wöchentlich) ist das Gewicht. Es zählen nur "
        "Einträge, die am Stichtag gültig sind.",
    ),
    (
        "Angebotslücke",
        "Ein Gebiet hat für eine Lebensphase kein Angebot. Ein Angebot zählt in seinem Gebiet, in den "
        "untergeordneten und in den übergeordneten Gebieten: ein Angebot einer Gemeinde auch in ihren Sozialräumen, "
        "ein Angebot eines Sozialraums auch für seine Gemeinde, nicht aber für den Nachbar-Sozialraum. Angebote auf "
        "Kreisebene (etwa ein Elterntelefon) sind kreisweit und werden getrennt gezählt: Ein Gebiet, das für eine "
        "Lebensphase nur kreisweite Angebote hat, wird eigens genannt. Gebiete ohne Einwohner (Einwohnerzahl 0, "
        "etwa ein Gewerbegebiet) werden übersprungen. Die Angebote je 1.000 Einwohner zählen nur die Angebote vor "
        "Ort.",
    ),
    (
        "Übergangslücke",
        "Keiner der abgebenden Akteure eines Gebiets (z. B. Kitas) kooperiert mit der aufnehmenden "
        "Seite (z. B. Grundschulen). Ein Partner der aufnehmenden Seite in einer anderen Gemeinde zählt mit; ein "
        "Gebiet ohne abgebende Akteure hat keine Übergangslücke.",
    ),
    (
        "Bericht für ein Gebiet",
        "Lücken und Übergänge werden für den ganzen Kreis berechnet und dann für das Gebiet gezeigt: kreisweite "
        "Angebote und Partner außerhalb des Gebiets zählen wie im Bericht für den Kreis, so dass ein Gebiet dieselben "
        "Lücken hat wie dort.",
    ),
    (
        "Doppelstruktur",
        "Angebote mit gleichem Bildungsbereich, gleicher Lebensphase und Zielgruppe im selben Gebiet "
        "und Zeitraum mit ähnlichem Thema, deren Anbieter nicht kooperieren; Gremien mit mindestens 60 % gleichen "
        "Mitgliedern und gemeinsamem Thema; Einrichtungen, die mit ähnlichem Namen am selben Ort doppelt erfasst sind.",
    ),
    (
        "Fehlende Verbindung",
        "Zwei Akteure, die nicht kooperieren, aber gemeinsame Partner haben. Je mehr gemeinsame Partner und je "
        "weniger vernetzt diese sind, desto höher der Rang (Adamic–Adar). Stehen beide auf den zwei Seiten eines "
        "Übergangs, im selben Gebiet oder für dieselbe Zielgruppe, steigt der Rang um bis zur Hälfte; Paare ohne "
        "gemeinsamen Partner kommen erst danach.",
    ),
    (
        "Gemeinschaften",
        "Gruppen von Akteuren, die untereinander mehr kooperieren als mit anderen (Leiden-Verfahren auf Modularität); "
        "benannt nach ihrem häufigsten Sektor und Gebiet.",
    ),
]


#: How many rows a list of the report shows; the rest is in the Excel annex.
CAP = 10


@dataclass
class Table:
    """A table of the report: column titles and rows of text, and the caption saying what it lists.

    ``more`` rows were left out; they are on sheet ``annex`` of the Excel annex.
    """

    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None
    more: int = 0
    annex: str = ""
    caption: str = ""


@dataclass
class Picture:
    """A picture of the report (PNG bytes) with its caption and its alternative text (what it shows, in words).

    A ``landscape`` picture gets an A4 landscape page of its own in the PDF, after the rest of its section
    (a network picture drawn for A4 landscape keeps its names at 7 pt or more only near that size).
    """

    png: bytes
    caption: str
    width_cm: float = 17.0
    alt: str = ""
    landscape: bool = False


@dataclass
class Section:
    """A section: heading, then paragraphs, pictures, tables and bullet points in this order.

    ``anchor`` is the section's id (links of the key messages point to it);
    ``more_bullets`` bullets were left out, they are on sheet ``annex`` of the Excel annex;
    ``measures`` (word, technical name, explanation) make the box "So wurde gerechnet" after the tables.
    """

    title: str
    paragraphs: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    anchor: str = ""
    more_bullets: int = 0
    annex: str = ""
    measures: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Message:
    """A key message or a recommended next step, and the section (its ``anchor``) that gives the details."""

    kind: str
    text: str
    section: str


@dataclass
class Report:
    """The whole report.

    ``messages`` and ``steps`` make the first page ("Das Wichtigste in Kürze");
    ``annex`` holds every full table for the Excel annex, by the names of
    :func:`graph.analysis.summary.summary` (sheets: :data:`ANNEX_SHEETS`).
    """

    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    anonymous: bool
    messages: list[Message] = field(default_factory=list)
    steps: list[Message] = field(default_factory=list)
    generated: dt.date | None = None
    as_of: dt.date | None = None
    annex: dict[str, pd.DataFrame] = field(default_factory=dict)

    def section_number(self, anchor: str) -> int:
        """The number of the section with ``anchor`` (1 for the first section), 0 if there is none."""
        for number, section in enumerate(self.sections, start=1):
            if section.anchor == anchor:
                return number
        return 0

    def section_title(self, anchor: str) -> str:
        """The title of the section with ``anchor`` ('' if there is none)."""
        return next((s.title for s in self.sections if s.anchor == anchor), "")


#: The anchor of the section "Gremienstruktur".
COMMITTEES = "gremienstruktur"
#: The anchors of the report's sections (the key messages point to them).
NETWORK, BROKERS, GAPS, DUPLICATES, LINKS, CHANGE, METHODS_SECTION = (
    "netz",
    "brueckenakteure",
    "luecken",
    "doppelstrukturen",
    "fehlende-verbindungen",
    "veraenderung",
    "methoden",
)

#: Sheets of the Excel annex: summary table -> sheet name.
ANNEX_SHEETS = {
    "brokers": "Brückenakteure",
    "risks": "Risiken",
    "gaps": "Angebotslücken",
    "transitions": "Übergänge",
    "isolates": "Inseln",
    "duplicates": "Doppelstrukturen",
    "missing_links": "Fehlende Verbindungen",
    "change": "Veränderungen",
    "centrality": "Zentralität",
    "community_summary": "Gemeinschaften",
    "communities": "Gemeinschaften (Mitglieder)",
    "ei_index": "E-I-Index",
}

#: What each sheet of the Excel annex holds (its first sheet, „Inhalt“, lists them).
ANNEX_CONTENTS = {
    "brokers": "Alle Akteure nach ihrem Rang als Brückenakteur, mit Brückenfunktion und Abhängigkeit von wenigen "
    "Partnern",
    "risks": "Unverzichtbare Akteure und Kooperationen, Schlüsselakteure",
    "gaps": "Jedes Gebiet und jede Lebensphase: Zahl der Angebote, je 1.000 Einwohner, Befund",
    "transitions": "Jedes Gebiet und jeder Übergang: abgebende Akteure und wie viele davon mit der aufnehmenden Seite "
    "kooperieren",
    "isolates": "Akteure ohne Verbindung zum großen Netz",
    "duplicates": "Mögliche Doppelstrukturen: Angebote, Gremien, doppelt erfasste Einrichtungen",
    "missing_links": "Vorgeschlagene neue Kooperationen mit Begründung",
    "change": "Was seit dem Vergleichstag neu ist oder endete, und die Kennzahlen an beiden Tagen",
    "centrality": "Alle Akteure mit Zahl der Partner und weiteren Maßen",
    "community_summary": "Gemeinschaften: Gruppen von Akteuren, die untereinander mehr kooperieren als mit anderen",
    "communities": "Welcher Akteur zu welcher Gemeinschaft gehört",
    "ei_index": "Wie sehr die Akteure eines Sektors unter sich bleiben",
}


def _names(names: list[str], limit: int = 5) -> str:
    """``names`` joined as German prose ("A, B und C"); beyond ``limit`` "… und N weitere"."""
    shown = names[:limit]
    rest = len(names) - len(shown)
    if rest:
        return ", ".join(shown) + f" und {german.count(rest, 'weiterer', 'weitere')}"
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " und " + shown[-1]


def _sentence(text: str) -> str:
    """``text`` ending in one full stop (a name ending in "e.V." gets no second one)."""
    return text if text.endswith((".", "!", "?")) else text + "."


def _broker_messages(tables: Mapping[str, pd.DataFrame]) -> tuple[list[Message], list[Message]]:
    brokers = tables.get("brokers", pd.DataFrame())
    if brokers.empty or not (brokers["betweenness"] > 0).any():
        return [], []
    top = brokers.sort_values("broker_rank", kind="stable").iloc[0]
    central = tables.get("centrality", pd.DataFrame())
    degree = central.loc[central["id"] == top["id"], "degree"] if not central.empty else pd.Series(dtype=int)
    partners = f", der {german.count(int(degree.iloc[0]), 'Partner', 'Partner')} hat" if len(degree) else ""
    text = (
        f"{top['name']} hat die stärkste Brückenfunktion: {german.percent(float(top['betweenness']))} der kürzesten "
        f"Wege zwischen anderen Akteuren führen über diesen Akteur{partners}."
    )
    risks = tables.get("risks", pd.DataFrame())
    cut = risks[(risks["kind"] == "articulation") & (risks["id"] == top["id"])] if not risks.empty else pd.DataFrame()
    if bool(top.get("articulation")) and len(cut):
        lost = int(cut["cut_off"].iloc[0])
        text += (
            f" Das Netz hängt an ihm: Fiele er aus, verlören {german.count(lost, 'Akteur', 'Akteure')} die "
            "Verbindung zum übrigen Netzwerk, und viele andere wären nur noch über Umwege verbunden."
        )
    else:
        text += " Fiele er aus, blieben alle anderen verbunden, aber viele nur über Umwege."
    step = Message(
        "broker",
        f"{top['name']} entlasten: eine Vertretung regeln und die Partner direkt miteinander in Kontakt bringen, "
        "damit das Netz nicht an einem Akteur hängt.",
        BROKERS,
    )
    return [Message("broker", text, BROKERS)], [step]


def _gap_messages(tables: Mapping[str, pd.DataFrame], offers: int) -> tuple[list[Message], list[Message]]:
    gaps = tables.get("gaps", pd.DataFrame())
    transitions = tables.get("transitions", pd.DataFrame())
    open_transitions = transitions[transitions["gap"]] if not transitions.empty else transitions
    parts: list[str] = []
    steps: list[Message] = []
    if offers == 0:
        parts.append("Es sind keine Angebote erfasst: Ob Angebote fehlen, lässt sich noch nicht sagen.")
        steps.append(Message("gap", "Die Angebote der Akteure erfassen (Tabelle „Angebote“).", GAPS))
    else:
        found = gaps[gaps["gap"]] if not gaps.empty else gaps
        if len(found):
            largest = found.assign(_people=found["population"].fillna(0)).sort_values(
                "_people", ascending=False, kind="stable"
            )
            first = largest.iloc[0]
            people = f" ({german.number(float(first['population']))} Einwohner)" if first["_people"] > 0 else ""
            label = model.VOCABULARIES["life_phase"].get(first["life_phase"], first["life_phase"])
            parts.append(
                f"Größte Angebotslücke: In {first['area_name']}{people} gibt es kein Angebot für die Lebensphase "
                f"{label}"
                + (
                    f"; insgesamt {german.count(len(found), 'Lücke', 'Lücken')} aus Gebiet und Lebensphase."
                    if len(found) > 1
                    else "."
                )
            )
            steps.append(
                Message(
                    "gap",
                    f"Mit den Trägern klären, wer die Lücke für die Lebensphase {label} in {first['area_name']} "
                    "schließen kann.",
                    GAPS,
                )
            )
        else:
            parts.append("Jedes Gebiet hat für jede Lebensphase mindestens ein Angebot.")
    if len(open_transitions):
        widest = open_transitions.sort_values("actors_a", ascending=False, kind="stable").iloc[0]
        label = model.VOCABULARIES["transition"].get(widest["transition"], widest["transition"])
        parts.append(
            f"Am Übergang {label} in {widest['area_name']} kooperiert "
            + (
                "der einzige abgebende Akteur nicht"
                if int(widest["actors_a"]) == 1
                else f"keiner der {german.number(int(widest['actors_a']))} abgebenden Akteure"
            )
            + " mit der aufnehmenden Seite"
            + (
                f" (an {german.count(len(open_transitions), 'Übergang', 'Übergängen')} insgesamt)."
                if len(open_transitions) > 1
                else "."
            )
        )
        steps.append(
            Message(
                "transition",
                f"Für den Übergang {label} in {widest['area_name']} die Akteure beider Seiten an einen Tisch holen.",
                GAPS,
            )
        )
    return [Message("gap", " ".join(parts), GAPS)], steps


_DUPLICATE_KINDS = {
    "offer": ("Angebotspaar", "Angebotspaare"),
    "committee": (
        "Gremienpaar mit weitgehend gleichen Mitgliedern",
        "Gremienpaare mit weitgehend gleichen Mitgliedern",
    ),
    "actor": ("doppelt erfasste Einrichtung", "doppelt erfasste Einrichtungen"),
}


def _duplicate_messages(tables: Mapping[str, pd.DataFrame]) -> tuple[list[Message], list[Message]]:
    duplicates = tables.get("duplicates", pd.DataFrame())
    if duplicates.empty:
        return [Message("duplicates", "Es wurden keine Doppelstrukturen gefunden.", DUPLICATES)], []
    counts = duplicates["kind"].value_counts()
    kinds = [german.count(int(counts[k]), *words) for k, words in _DUPLICATE_KINDS.items() if k in counts]
    parts = [
        f"{german.count(len(duplicates), 'mögliche Doppelstruktur', 'mögliche Doppelstrukturen')}: {_names(kinds)}."
    ]
    todo = []
    offers = duplicates[duplicates["kind"] == "offer"]
    if len(offers):
        first = offers.iloc[0]
        parts.append(f"Zum Beispiel „{first['a_name']}“ und „{first['b_name']}“, deren Anbieter nicht kooperieren.")
        todo.append("die Anbieter doppelter Angebote zusammenbringen")
    committees = duplicates[duplicates["kind"] == "committee"]
    if len(committees):
        first = committees.iloc[0]
        todo.append(f"prüfen, ob {first['a_name']} und {first['b_name']} zusammengelegt werden können")
    if "actor" in counts:
        todo.append("doppelt erfasste Einrichtungen in den Daten zusammenführen")
    step = _names(todo, 3)
    steps = [Message("duplicates", _sentence(step[:1].upper() + step[1:]), DUPLICATES)] if todo else []
    return [Message("duplicates", " ".join(parts), DUPLICATES)], steps


def _island_messages(tables: Mapping[str, pd.DataFrame]) -> tuple[list[Message], list[Message]]:
    isolates = tables.get("isolates", pd.DataFrame())
    if isolates.empty:
        return [
            Message("island", "Es gibt keine Inseln: Alle Akteure sind mit dem großen Netz verbunden.", NETWORK)
        ], []
    groups = isolates[isolates["component_size"] > 1]
    alone = isolates[isolates["component_size"] == 1]
    parts = []
    if len(groups):
        largest = groups.groupby("component")["id"].count().sort_values(ascending=False, kind="stable").index[0]
        members = groups[groups["component"] == largest]
        parts.append(
            f"Eine Insel aus {german.count(len(members), 'Akteur', 'Akteuren')} kooperiert nur untereinander und hat "
            + _sentence(f"keine Verbindung zum großen Netz: {_names(list(members['name']))}")
        )
        others = groups["component"].nunique() - 1
        if others:
            parts.append(f"Dazu {german.count(others, 'weitere Insel', 'weitere Inseln')} aus mehreren Akteuren.")
    if len(alone):
        parts.append(
            f"{german.count(len(alone), 'Akteur hat', 'Akteure haben')} keine einzige Kooperation"
            + (_sentence(f": {_names(list(alone['name']), 3)}") if len(alone) <= 3 else ".")
        )
    step = Message(
        "island",
        "Die Inseln ansprechen: zur nächsten Bildungskonferenz einladen und mit einem passenden Partner im großen "
        "Netz bekannt machen.",
        NETWORK,
    )
    return [Message("island", " ".join(parts), NETWORK)], [step]


def _change_messages(tables: Mapping[str, pd.DataFrame], since: dt.date) -> tuple[list[Message], list[Message]]:
    change = tables.get("change", pd.DataFrame())
    if change.empty:
        return [Message("change", f"Seit dem {since:%d.%m.%Y} hat sich das Netz nicht verändert.", CHANGE)], []
    metrics = change[change["kind"] == "metric"].set_index("name")
    if "Akteure" in metrics.index and not metrics.loc["Akteure", "value_from"]:
        return [
            Message(
                "change",
                f"Für den {since:%d.%m.%Y} sind noch keine Daten erfasst; die Veränderung zeigt der nächste Bericht.",
                CHANGE,
            )
        ], []

    def counted(kind: str, what: str) -> int:
        return int(((change["kind"] == kind) & (change["change"] == what)).sum())

    new, ended = counted("cooperation", "neu"), counted("cooperation", "beendet")
    if not new and not ended and not counted("actor", "neu") and not counted("actor", "beendet"):
        text = f"Seit dem {since:%d.%m.%Y} sind keine Kooperationen und keine Akteure hinzugekommen oder weggefallen."
        return [Message("change", text, CHANGE)], []
    text = (
        f"Seit dem {since:%d.%m.%Y}: {german.count(new, 'neue Kooperation', 'neue Kooperationen')}, "
        f"{german.count(ended, 'beendete', 'beendete')}"
    )
    if "Kooperationen" in metrics.index:
        before, after = metrics.loc["Kooperationen", ["value_from", "value_to"]]
        text += f" (von {german.number(float(before))} auf {german.number(float(after))})"
    text += (
        f"; {german.count(counted('actor', 'neu'), 'Akteur', 'Akteure')} neu, "
        f"{german.number(counted('actor', 'beendet'))} nicht mehr dabei."
    )
    return [Message("change", text, CHANGE)], []


def key_messages(
    tables: Mapping[str, pd.DataFrame], *, offers: int, since: dt.date
) -> tuple[list[Message], list[Message]]:
    """Return the key messages and the recommended next steps of page 1 ("Das Wichtigste in Kürze").

    A pure function of the analysis tables: the strongest broker and the
    dependency on it, the largest gap, the duplicate structures, the largest
    isolated group named by its actors, and the change since ``since``. A finding
    that is absent is said to be absent (no broker: left out); a step is
    recommended only for a finding that is there.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        As :func:`graph.analysis.summary.summary` returns them (``brokers``,
        ``centrality``, ``risks``, ``gaps``, ``transitions``, ``duplicates``,
        ``isolates``, ``change``; pseudonymised or not).
    offers : int
        Number of offers in the data (0: offer gaps cannot be told).
    since : date
        The earlier date of the comparison.

    Returns
    -------
    tuple of (list of Message, list of Message)
        Three to five messages, then up to six steps (the first of each finding first); each points to its
        section by anchor.
    """
    messages: list[Message] = []
    proposals: list[list[Message]] = []
    for found, step in (
        _broker_messages(tables),
        _gap_messages(tables, offers),
        _duplicate_messages(tables),
        _island_messages(tables),
        _change_messages(tables, since),
    ):
        messages += found
        proposals.append(step)
    if len(tables.get("missing_links", pd.DataFrame())):
        proposals.append(
            [
                Message(
                    "links",
                    "Die vorgeschlagenen neuen Kooperationen auf der nächsten Bildungskonferenz ansprechen.",
                    LINKS,
                )
            ]
        )
    # the first step of each finding, then the others, in the order of the findings
    firsts = [p[0] for p in proposals if p]
    steps = firsts + [m for p in proposals for m in p[1:]]
    return messages, steps[:6]


def restrict(ds: Dataset, area: str) -> Dataset:
    """Return the part of ``ds`` in ``area`` and the areas below it (actors, offers, committees located there).

    Relationships are kept where both ends are kept; areas above ``area`` are dropped.
    """
    from graph.errors import DataError

    if area not in ds.nodes["Area"]:
        raise DataError(f"Gebiet „{area}“ gibt es nicht.")
    tree = AreaTree(landscape(ds, None))
    areas = tree.within(area)
    located = {(r.start_label, r.start): r.end for r in ds.rels if r.type == "LOCATED_IN"}
    nodes: dict[str, dict[str, dict[str, Any]]] = {label: {} for label in model.NODE_LABELS}
    nodes["Area"] = {a: p for a, p in ds.nodes["Area"].items() if a in areas}
    for label in ("Actor", "Offer", "Committee"):
        nodes[label] = {n: p for n, p in ds.nodes[label].items() if located.get((label, n)) in areas}
    actors = set(nodes["Actor"])
    nodes["Institution"] = dict(ds.nodes["Institution"])
    rels = [r for r in ds.rels if r.start in nodes[r.start_label] and r.end in nodes[r.end_label]]
    runs = {r.start for r in rels if r.type == "RUNS" and r.end in actors}
    nodes["Institution"] = {i: p for i, p in nodes["Institution"].items() if i in runs}
    return Dataset(nodes, [r for r in rels if r.start in nodes[r.start_label] and r.end in nodes[r.end_label]])


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 1:
            return f"{int(value):,}".replace(",", ".")
        return f"{value:.{digits}f}".replace(".", ",")
    return str(value)


#: Printed width of the heatmap (cm); it is drawn at this size.
HEATMAP_CM = 17.0

#: Colours of the heatmap cells that are a finding or skipped (colour-blind safe, Okabe–Ito).
STATUS_COLOURS = {"luecke": "#D55E00", "nur_kreisweit": "#F0E442", "ohne_einwohner": "#DDDDDD"}


def _cell_text(row: Any) -> str:
    """What a heatmap cell says: the rate per 1,000 inhabitants, or (count) where the population is unknown."""
    if row.status == "ohne_einwohner":
        return "–"
    if row.status == "nur_kreisweit":
        return "K"
    if pd.isna(row.rate):
        return f"({row.local_offers})"
    return f"{row.rate:.1f}".replace(".", ",")


def _heatmap(gaps: pd.DataFrame) -> bytes:
    """Area × life phase heatmap of local offers per 1,000 inhabitants; findings and skipped areas coloured (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    phases = list(model.VOCABULARIES["life_phase"])
    areas = list(dict.fromkeys(gaps["area_name"]))
    cells = {(r.area_name, r.life_phase): r for r in gaps.itertuples()}
    values = np.full((len(areas), len(phases)), np.nan)
    for (name, phase), r in cells.items():
        if r.status == "versorgt" and not pd.isna(r.rate):
            values[areas.index(name), phases.index(phase)] = r.rate
    top = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    with plt.rc_context({"font.family": "DejaVu Sans"}):
        # drawn at its printed size (17 cm wide, see the Picture below): every text is 7.5 pt or more on paper
        # rows of 0.22 in, less (down to 0.14 in) so that the picture and its caption fit on one A4 page
        row = min(0.22, max(0.14, (22 / 2.54 - 1.2) / max(1, len(areas))))
        fig, ax = plt.subplots(figsize=(HEATMAP_CM / 2.54, row * len(areas) + 1.2))
        ax.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=top * 1.3 or 1)
        for i, name in enumerate(areas):
            for j, phase in enumerate(phases):
                r = cells.get((name, phase))
                if r is None:
                    continue
                if r.status in STATUS_COLOURS:
                    ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, color=STATUS_COLOURS[r.status]))
                dark = r.status == "luecke" or (not np.isnan(values[i, j]) and values[i, j] > top * 0.7)
                ax.text(
                    j, i, _cell_text(r), ha="center", va="center", fontsize=7.5, color="white" if dark else "#262730"
                )
        ax.set_xlim(-0.5, len(phases) - 0.5)
        ax.set_ylim(len(areas) - 0.5, -0.5)
        ax.set_xticks(range(len(phases)), [model.VOCABULARIES["life_phase"][p] for p in phases], fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(areas)), areas, fontsize=7.5)
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=170)
        plt.close(fig)
    return buffer.getvalue()


def district_gaps(ds: Dataset, as_of: dt.date, area: str | None = None) -> dict[str, pd.DataFrame]:
    """Return the offer and transition gaps of ``area`` as the district computes them (``gaps``, ``transitions``).

    Computed on the whole of ``ds`` and then restricted to ``area`` and the
    areas below it (the ``area`` option of :func:`graph.analysis.gaps.offer_gaps`
    and :func:`~graph.analysis.gaps.transition_gaps`), never on the restricted
    dataset, which would lose district-wide offers and partners in other Gemeinden.
    """
    from graph.analysis.gaps import offer_gaps, transition_gaps

    L = landscape(ds, as_of)
    return {"gaps": offer_gaps(L, area=area), "transitions": transition_gaps(L, area=area)}


def _capped(items: list[str], cap: int = CAP) -> tuple[list[str], int]:
    """The first ``cap`` of ``items`` and how many were left out."""
    return items[:cap], max(0, len(items) - cap)


def _heatmap_alt(gaps: pd.DataFrame) -> str:
    """The alternative text of the heatmap: what it shows, in words."""
    areas = list(dict.fromkeys(gaps["area_name"]))
    found = gaps[gaps["gap"]]
    district_only = gaps[gaps["status"] == "nur_kreisweit"]
    text = (
        f"Farbige Tabelle der Angebote vor Ort je 1.000 Einwohner: {german.count(len(areas), 'Gebiet', 'Gebiete')} "
        f"in Zeilen, {german.count(len(model.VOCABULARIES['life_phase']), 'Lebensphase', 'Lebensphasen')} in Spalten. "
    )
    if len(found):
        cells = [
            f"{r.area_name} ({model.VOCABULARIES['life_phase'].get(r.life_phase, r.life_phase)})"
            for r in found.itertuples()
        ]
        text += f"Orange, ohne Angebot: {_names(cells)}. "
    else:
        text += "Kein Feld ist ohne Angebot. "
    if len(district_only):
        text += f"{german.count(len(district_only), 'Feld hat', 'Felder haben')} nur kreisweite Angebote (gelb)."
    return text.strip()


def gap_section(gaps: pd.DataFrame, transitions: pd.DataFrame, *, offers: int | None = None) -> Section:
    """The section "Lücken": heatmap, the weakest transitions, and the findings as sentences.

    Gaps and open transitions are listed one by one, the first :data:`CAP` of
    each (the rest is in the Excel annex); the cells with only district-wide
    offers are listed per life phase; areas without inhabitants are named once
    as skipped. With ``offers=0`` (no offer in the data) the section says
    „keine Angebote erfasst“ instead of one gap per cell.
    """
    open_transitions = transitions[transitions["gap"]]
    weakest = transitions[transitions["share"].notna()].sort_values("share", kind="stable")
    shown_transitions, more_transitions = _capped(list(open_transitions["explanation"]))
    table = Table(
        ["Gebiet", "Übergang", "abgebende Akteure", "davon verbunden"],
        [
            [r.area_name, model.VOCABULARIES["transition"][r.transition], str(r.actors_a), str(r.linked)]
            for r in weakest.head(CAP).itertuples()
        ],
        [5, 6, 3, 3],
        more=max(0, len(weakest) - CAP),
        annex=ANNEX_SHEETS["transitions"],
        caption="Übergänge mit dem kleinsten Anteil verbundener abgebender Akteure",
    )
    transition_text = (
        f"An {german.count(len(open_transitions), 'Übergang', 'Übergängen')} kooperiert keiner der abgebenden "
        "Akteure mit der aufnehmenden Seite."
    )
    if offers == 0:
        return Section(
            "Lücken",
            [
                "Keine Angebote erfasst: Ob in einem Gebiet für eine Lebensphase Angebote fehlen, lässt sich erst "
                "sagen, wenn die Angebote der Akteure erfasst sind (Tabelle „Angebote“).",
                transition_text,
            ],
            [],
            [table],
            shown_transitions,
            anchor=GAPS,
            more_bullets=more_transitions,
            annex=ANNEX_SHEETS["transitions"],
        )
    found = gaps[gaps["gap"]]
    district_only = gaps[gaps["status"] == "nur_kreisweit"]
    skipped = list(dict.fromkeys(gaps.loc[gaps["status"] == "ohne_einwohner", "area_name"]))
    paragraphs = [
        f"{len(found)} Kombinationen aus Gebiet und Lebensphase haben kein Angebot (orange); in "
        f"{len(district_only)} gibt es nur kreisweite Angebote und keines vor Ort (gelb, „K“). " + transition_text
    ]
    if skipped:
        paragraphs.append("Hinweis: Übersprungen, weil ohne Einwohner (Einwohnerzahl 0): " + ", ".join(skipped) + ".")
    by_phase = []
    for phase, label in model.VOCABULARIES["life_phase"].items():
        names = list(dict.fromkeys(district_only.loc[district_only["life_phase"] == phase, "area_name"]))
        if names:
            by_phase.append(f"Nur kreisweite Angebote für die Lebensphase {label}: {', '.join(names)}.")
    shown_gaps, more_gaps = _capped(list(found["explanation"]))
    pictures = []
    if len(gaps):
        pictures.append(
            Picture(
                _heatmap(gaps),
                "Angebote vor Ort je 1.000 Einwohner nach Gebiet und Lebensphase (in Klammern: Zahl der Angebote, wo "
                "die Einwohnerzahl fehlt); orange = kein Angebot, gelb „K“ = nur kreisweite Angebote, grau = ohne "
                "Einwohner.",
                HEATMAP_CM,
                _heatmap_alt(gaps),
            )
        )
    return Section(
        "Lücken",
        paragraphs,
        pictures,
        [table],
        [*shown_gaps, *by_phase, *shown_transitions],
        anchor=GAPS,
        more_bullets=more_gaps + more_transitions,
        annex=f"{ANNEX_SHEETS['gaps']}, {ANNEX_SHEETS['transitions']}",
    )


def picture_alt(
    *,
    scope: str,
    as_of: dt.date,
    figures: Mapping[str, Any],
    brokers: list[str],
    islands: int,
) -> str:
    """The alternative text of the network picture: how many actors and Kooperationen, the largest groups, the brokers.

    Examples
    --------
    >>> picture_alt(scope="Landkreis A", as_of=dt.date(2026, 1, 2),
    ...             figures={"actors": 3, "cooperations": 2, "by_sector": {"Schule": 2, "Verwaltung": 1}},
    ...             brokers=["Schulamt"], islands=0)  # doctest: +NORMALIZE_WHITESPACE
    'Netzwerkbild der Kooperationen in Landkreis A am 02.01.2026: 3 Akteure als Punkte, 2 Kooperationen als
    Linien. Die Farbe zeigt den Sektor; die größten Gruppen: Schule (2 Akteure) und Verwaltung (1 Akteur).
    Beschriftet und in der Mitte des Netzes: Schulamt. Alle Akteure hängen im großen Netz zusammen.'
    """
    sectors = sorted(figures.get("by_sector", {}).items(), key=lambda kv: -kv[1])[:3]
    groups = _names([f"{name} ({german.count(n, 'Akteur', 'Akteure')})" for name, n in sectors])
    text = (
        f"Netzwerkbild der Kooperationen in {scope} am {as_of:%d.%m.%Y}: "
        f"{german.count(int(figures['actors']), 'Akteur', 'Akteure')} als Punkte, "
        f"{german.count(int(figures['cooperations']), 'Kooperation', 'Kooperationen')} als Linien."
    )
    if sectors:
        text += f" Die Farbe zeigt den Sektor; die größten Gruppen: {groups}."
    if brokers:
        text += f" Beschriftet und in der Mitte des Netzes: {_names(brokers)}."
    if islands:
        text += (
            f" {german.count(islands, 'Akteur oder kleine Gruppe steht', 'Akteure oder kleine Gruppen stehen')} "
            "abseits ohne Verbindung zum großen Netz."
        )
    else:
        text += " Alle Akteure hängen im großen Netz zusammen."
    return text


def island_list(isolates: pd.DataFrame, cap: int = CAP) -> tuple[list[str], int]:
    """The islands as bullets: one per group of actors (named), then the actors without any cooperation.

    At most ``cap`` groups and ``cap`` single actors are named; returns the bullets and how many
    actors were left unnamed (they are on the annex sheet „Inseln“).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"name": ["A", "B", "C"], "component": [2, 2, 3], "component_size": [2, 2, 1]})
    >>> island_list(table)
    (['Insel aus 2 Akteuren, die nur untereinander kooperieren: A und B.', 'Ohne jede Kooperation: C.'], 0)
    """
    if isolates.empty:
        return [], 0
    groups = isolates[isolates["component_size"] > 1]
    order = groups.groupby("component")["name"].count().sort_values(ascending=False, kind="stable").index
    bullets = []
    left = 0
    for number, component in enumerate(order):
        members = list(groups.loc[groups["component"] == component, "name"])
        if number >= cap:
            left += len(members)
            continue
        bullets.append(
            _sentence(
                f"Insel aus {german.count(len(members), 'Akteur', 'Akteuren')}, die nur untereinander kooperieren: "
                + _names(members, cap)
            )
        )
        left += max(0, len(members) - cap)
    alone = list(isolates.loc[isolates["component_size"] == 1, "name"])
    if alone:
        shown = alone[:cap]
        bullets.append(_sentence("Ohne jede Kooperation: " + _names(shown, cap)))
        left += len(alone) - len(shown)
    return bullets, left


def _annex(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every full table of the Excel annex, by its name in :data:`ANNEX_SHEETS` (in that order)."""
    return {name: tables[name] for name in ANNEX_SHEETS if name in tables}


_CHANGED = [
    ("actor", "Akteur", "Akteure"),
    ("cooperation", "Kooperation", "Kooperationen"),
    ("membership", "Gremiensitz", "Gremiensitze"),
    ("committee", "Gremium", "Gremien"),
    ("offer", "Angebot", "Angebote"),
]


def _counted(counts: Mapping[tuple[str, str], int], change: str) -> str:
    """'15 Akteure, 61 Kooperationen, …' of one kind of change ("neu" or "beendet")."""
    return ", ".join(german.count(counts[(kind, change)], one, many) for kind, one, many in _CHANGED)


def _metric(name: str, before: Any, after: Any) -> tuple[str, str, str]:
    """A row of the table of key figures on both days, in the report's words (density as a share)."""

    def shown(value: Any, as_text: Any) -> str:
        return "–" if value is None or pd.isna(value) else str(as_text(float(value)))

    if name == "Dichte":
        return (
            "Dichte (Anteil der möglichen Paare, die kooperieren)",
            shown(before, lambda v: german.percent(v, 2)),
            shown(after, lambda v: german.percent(v, 2)),
        )
    if name == "Mittlere Zahl der Kooperationen":
        return (
            "Mittlere Zahl der Partner",
            shown(before, lambda v: german.number(v, 2)),
            shown(after, lambda v: german.number(v, 2)),
        )
    words = {"Zusammenhangskomponenten": "Teile des Netzes (großes Netz und Inseln)"}
    return words.get(name, name), _fmt(before, 4), _fmt(after, 4)


def _level(constraint: Any) -> str:
    """Abhängigkeit von wenigen Partnern in words (thresholds as in :data:`MEASURES`)."""
    if constraint is None or pd.isna(constraint):
        return "–"
    value = round(float(constraint), 2)  # the word fits the number shown
    word = "gering" if value < 0.1 else "mittel" if value < 0.3 else "hoch"
    return f"{word} ({german.number(value, 2)})"


def committee_section(
    ds: Dataset,
    *,
    as_of: dt.date,
    since: dt.date,
    scope: str,
    pseudonyms: Pseudonyms | None = None,
    footer: str = "",
) -> Section:
    """The section "Gremienstruktur": the tree picture ("Berichtet an") and the top findings of the Gremienlandkarte.

    The committee analyses (:func:`graph.analysis.committees.committees_summary`) run on the real data;
    with ``pseudonyms`` every name they print is pseudonymised (also inside committee names). The
    picture is drawn for A4 landscape with 8 pt text, so that printed on the landscape page (about
    88 %) no text is below 7 pt.
    """
    from graph.analysis.committees import committees_summary, key_findings
    from graph.views.committees import picture_rows, tree_alt, tree_picture

    tables = committees_summary(ds, as_of, min(since, as_of))
    if pseudonyms is not None:
        tables = {
            key: pseudonyms.frame(table, id_columns=("id", "actor")).rename(columns=pseudonyms.text)
            for key, table in tables.items()
        }
    tree = tables["tree"]
    if tree.empty:
        return Section("Gremienstruktur", ["Für den Stichtag sind keine Gremien erfasst."], anchor=COMMITTEES)
    rows = picture_rows(tables)
    overlap = tables["overlap"]
    merge = overlap[overlap["merge_candidate"]]
    coverage = tables["transitions"]
    one_sided = coverage[(coverage["kind"] == "transition") & coverage["one_sided"]]
    load = tables["load"]
    heavy = load[load["far_above"]]
    reporting = int(tree["reports_to"].notna().sum())
    paragraphs = [
        f"Am {as_of:%d.%m.%Y} tagen {german.count(len(tree), 'Gremium', 'Gremien')}; "
        f"{german.count(reporting, 'berichtet', 'berichten')} an ein anderes Gremium. "
        f"{german.count(len(merge), 'Gremienpaar könnte', 'Gremienpaare könnten')} zusammengelegt werden "
        "(mindestens 60 % gemeinsame Mitglieder und ein gemeinsames Thema), "
        f"{german.count(len(one_sided), 'Gremium befasst', 'Gremien befassen')} sich mit einem Übergang, ohne dass "
        f"beide Seiten darin sitzen, und {german.count(len(heavy), 'Akteur sitzt', 'Akteure sitzen')} in weit mehr "
        "Gremien als üblich in ihrem Sektor (Gremienlast).",
        "Das Bild zeigt, wer an wen berichtet: oben die Steuerung, darunter die Gremien, die an sie berichten; "
        "Gremien ohne Berichtslinie stehen in einer eigenen Reihe. Rot umrandet sind Gremien mit einem Befund.",
    ]
    picture = Picture(
        tree_picture(
            rows,
            title=f"Gremienstruktur {scope}: wer berichtet an wen",
            subtitle=f"Stand {as_of:%d.%m.%Y} · {german.count(len(tree), 'Gremium', 'Gremien')} · "
            "Linien: „Berichtet an“ (unten berichtet an oben)",
            footer=footer,
            paper="a4",
            min_font=8.0,
        ),
        "Gremienstruktur: Berichtslinien („Berichtet an“); je Gremium Mitglieder, Sitzungen im Jahr, Vorsitz und "
        "Themen; rot umrandet: ein Befund.",
        alt=tree_alt(rows, scope=scope, as_of=as_of),
        landscape=True,
    )
    tables_shown = []
    if len(merge):
        tables_shown.append(
            Table(
                ["Gremium A", "Gremium B", "gemeinsame Mitglieder", "Gründe"],
                [
                    [r.a_name, r.b_name, german.percent(float(r.jaccard)), str(r.reasons)]
                    for r in merge.head(CAP).itertuples()
                ],
                [4.0, 4.0, 2.2, 6.8],
                more=max(0, len(merge) - CAP),
                caption="Gremien, die zusammengelegt werden könnten",
            )
        )
    if len(heavy):
        tables_shown.append(
            Table(
                ["Akteur", "Sektor", "Gremien", "davon mit Vorsitz oder Geschäftsstelle", "Sitzungen im Jahr"],
                [
                    [
                        r.name,
                        model.vocab_label("sector", r.sector),
                        _fmt(r.committees),
                        _fmt(r.seats_with_role),
                        _fmt(r.meetings_per_year),
                    ]
                    for r in heavy.head(CAP).itertuples()
                ],
                [6.0, 3.6, 1.8, 3.4, 2.2],
                more=max(0, len(heavy) - CAP),
                caption="Die höchste Gremienlast: weit über dem Median des eigenen Sektors",
            )
        )
    return Section(
        "Gremienstruktur", paragraphs, [picture], tables_shown, key_findings(tables)[:CAP], anchor=COMMITTEES
    )


def build_report(
    ds: Dataset,
    *,
    as_of: dt.date,
    since: dt.date | None = None,
    area: str | None = None,
    anonymous: bool = False,
    generated: dt.date | None = None,
) -> Report:
    """Compute everything the report shows.

    Parameters
    ----------
    ds : Dataset
        The data (persons are never used).
    as_of : date
        Data date of the report.
    since : date, optional
        Earlier date of the comparison (default: one year before ``as_of``).
    area : str, optional
        Restrict the report to this area and the areas below it.
    anonymous : bool
        Name organisations by type and area code instead of their names.
    generated : date, optional
        Date printed as "erstellt am" and written as the PDF's creation date (default today).
    """
    from graph import service
    from graph.analysis.summary import summary
    from graph.views.picture import picture

    note = ds.note  # "Nur bestätigte Kooperationen (n von m)": said in the footer and the methods
    data = ds.without_personal_data()
    whole = data
    tree = AreaTree(landscape(data, as_of))
    district = next((tree.label(a) for a, t in tree.types.items() if t == "kreis"), "Kreis")
    scope = district
    if area:
        data = restrict(data, area)
        scope = tree.label(area)
    earlier = since or as_of - dt.timedelta(days=365)
    made = generated or dt.date.today()
    # the analyses run on the real data (names matter for the duplicate search); only what is shown is pseudonymised
    tables = summary(data, as_of=as_of, since=earlier, top=50)  # the annex lists 50 suggestions
    if area:
        # The area's gaps are the district's: district-wide offers and partners outside the area count.
        tables.update(district_gaps(whole, as_of, area))
    groups = dict(zip(tables["communities"]["id"], tables["communities"]["community"], strict=True))
    ranked = tables["brokers"].sort_values("broker_rank", kind="stable")
    named_ids = list(ranked.loc[ranked["betweenness"] > 0, "id"].head(3))  # the brokers the text names
    pseudonyms = Pseudonyms.build(whole) if anonymous else None
    if pseudonyms is not None:
        tables = {name: pseudonyms.frame(table) for name, table in tables.items()}
    figures = service.key_figures(data, as_of)
    messages, steps = key_messages(tables, offers=int(figures["offers"]), since=earlier)
    net = service.network(pseudonyms.dataset(data) if pseudonyms is not None else data, as_of)
    named_names = [str(net.graph.nodes[n].get("name", n)) for n in named_ids if n in net.graph]
    footer = (
        f"Stand {as_of:%d.%m.%Y} · Quelle: Bestandsaufnahme des Bildungsbüros · erstellt mit Bildungsnetz am "
        f"{made:%d.%m.%Y}" + (" · anonymisiert" if anonymous else "") + (f" · {note}" if note else "")
    )
    png = picture(
        net.graph,
        title=f"Kooperationen im Bildungsnetzwerk {scope}",
        subtitle=f"Stand {as_of:%d.%m.%Y} · {figures['actors']} Akteure · {figures['cooperations']} Kooperationen"
        " · Farbe nach Sektor",
        groups=groups,
        area_names=net.area_names,
        labels=15,
        paper="a4",
        named=named_ids,
        footer=footer,
    )
    sections = []

    facts = [
        ("Akteure", _fmt(figures["actors"])),
        ("Kooperationen", _fmt(figures["cooperations"])),
        ("Angebote", _fmt(figures["offers"])),
        ("Gremien", _fmt(figures["committees"])),
        ("Inseln", _fmt(max(0, figures["components"] - 1))),
    ]
    sectors = Table(
        ["Sektor", "Akteure"],
        [[k, str(v)] for k, v in figures["by_sector"].items()],
        [10, 3],
        caption="Akteure nach Sektor",
    )
    isolates = tables["isolates"]
    island_bullets, more_islands = island_list(isolates)
    sections.append(
        Section(
            "Das Netzwerk auf einen Blick",
            [
                f"Am {as_of:%d.%m.%Y} sind {german.count(figures['actors'], 'Akteur', 'Akteure')} erfasst, die in "
                f"{german.count(figures['cooperations'], 'Kooperation', 'Kooperationen')} verbunden sind. "
                + (
                    f"{german.count(figures['components'] - 1, 'Insel', 'Inseln')} – einzelne Akteure oder kleine "
                    "Gruppen – "
                    f"{'hat' if figures['components'] - 1 == 1 else 'haben'} keine Verbindung zum großen Netz."
                    if figures["components"] > 1
                    else "Alle hängen in einem Netz zusammen."
                ),
                *(
                    ["Anonymisiert: Namen im ganzen Bericht ersetzt durch Typ und Gebietskürzel. " + pseudonyms.note]
                    if pseudonyms
                    else []
                ),
            ],
            [
                Picture(
                    png,
                    "Kooperationen: Farbe = Sektor, Größe = Zahl der Partner, Linienstärke = Intensität."
                    + (f" Beschriftet sind auch die Brückenakteure {_names(named_names)}." if named_names else ""),
                    alt=picture_alt(
                        scope=scope, as_of=as_of, figures=figures, brokers=named_names, islands=len(isolates)
                    ),
                    landscape=True,
                )
            ],
            [sectors],
            island_bullets,
            anchor=NETWORK,
            more_bullets=more_islands,
            annex=ANNEX_SHEETS["isolates"],
        )
    )

    brokers = ranked if pseudonyms is None else tables["brokers"].sort_values("broker_rank", kind="stable")
    degree = dict(zip(tables["centrality"]["id"], tables["centrality"]["degree"], strict=True))
    risks = tables["risks"]
    cut = risks[risks["kind"] == "articulation"]
    sections.append(
        Section(
            "Brückenakteure und Risiken",
            [
                "Brückenakteure halten das Netz zusammen und verbinden Sektoren. Fallen sie aus, verlieren andere den "
                "Kontakt zueinander. Die Brückenfunktion sagt, welcher Anteil der kürzesten Wege zwischen anderen "
                "Akteuren über den Akteur führt (Erklärung der Maße im Kasten „So wurde gerechnet“)."
            ],
            [],
            [
                Table(
                    [
                        "Rang",
                        "Akteur",
                        "Zahl der Partner",
                        "Brückenfunktion",
                        "Abhängigkeit von wenigen Partnern",
                        "unverzichtbar",
                    ],
                    [
                        [
                            str(r.broker_rank),
                            r.name,
                            _fmt(degree.get(r.id)),
                            german.percent(float(r.betweenness)),
                            _level(r.constraint),
                            "Ja" if bool(r.articulation) else "Nein",
                        ]
                        for r in brokers.head(CAP).itertuples()
                    ],
                    [1.1, 7.0, 1.9, 2.4, 2.8, 2.0],
                    more=max(0, len(brokers) - CAP),
                    annex=ANNEX_SHEETS["brokers"],
                    caption=f"Die {min(CAP, len(brokers))} Akteure mit dem höchsten Rang als Brückenakteur",
                ),
                Table(
                    ["Akteur", "so viele Akteure verlören die Verbindung"],
                    [[r.name, _fmt(r.cut_off)] for r in cut.head(CAP).itertuples()],
                    [11, 6],
                    more=max(0, len(cut) - CAP),
                    annex=ANNEX_SHEETS["risks"],
                    caption="Unverzichtbare Akteure: Ohne sie verlören andere die Verbindung zum übrigen Netzwerk",
                ),
            ],
            [*brokers["explanation"].head(3), *risks[risks["kind"] == "key_player"]["explanation"].head(3)],
            anchor=BROKERS,
            measures=list(MEASURES),
        )
    )

    sections.append(gap_section(tables["gaps"], tables["transitions"], offers=int(figures["offers"])))

    duplicates = tables["duplicates"]
    duplicate_bullets, more_duplicates = _capped(list(duplicates["explanation"]))
    sections.append(
        Section(
            "Doppelstrukturen",
            [
                f"{len(duplicates)} mögliche Doppelstrukturen: Angebote, Gremien oder doppelt erfasste Einrichtungen."
                if len(duplicates)
                else "Keine Doppelstrukturen gefunden."
            ],
            bullets=duplicate_bullets,
            anchor=DUPLICATES,
            more_bullets=more_duplicates,
            annex=ANNEX_SHEETS["duplicates"],
        )
    )

    sections.append(
        committee_section(data, as_of=as_of, since=earlier, scope=scope, pseudonyms=pseudonyms, footer=footer)
    )

    links = tables["missing_links"]
    sections.append(
        Section(
            "Fehlende Verbindungen",
            [
                "Diese Paare arbeiten noch nicht zusammen, sollten sich aber kennen – Vorschläge für die nächste "
                "Bildungskonferenz."
                if len(links)
                else "Keine Vorschläge: Es gibt keine Paare, die noch nicht kooperieren und gemeinsame Partner haben."
            ],
            [],
            [
                Table(
                    ["Akteur A", "Akteur B", "Rang"],
                    [[r.a_name, r.b_name, str(rank)] for rank, r in enumerate(links.head(CAP).itertuples(), start=1)],
                    [7.5, 7.5, 2],
                    more=max(0, len(links) - CAP),
                    annex=ANNEX_SHEETS["missing_links"],
                    caption="Vorgeschlagene neue Kooperationen, nach Rang",
                )
            ]
            if len(links)
            else [],
            list(links["explanation"].head(5)),
            anchor=LINKS,
        )
    )

    change = tables["change"]
    metrics = change[change["kind"] == "metric"]
    counts = {
        (k, c): int(((change["kind"] == k) & (change["change"] == c)).sum())
        for k in ("actor", "cooperation", "membership", "committee", "offer")
        for c in ("neu", "beendet")
    }
    moved = list(change[(change["kind"] == "broker") & (change["change"] != "gleich")]["explanation"])
    moved_bullets, more_moved = _capped(moved, 6)
    sections.append(
        Section(
            f"Veränderung seit {earlier:%d.%m.%Y}",
            ["Neu: " + _counted(counts, "neu") + ". Beendet: " + _counted(counts, "beendet") + "."],
            [],
            [
                Table(
                    ["Kennzahl", f"{earlier:%d.%m.%Y}", f"{as_of:%d.%m.%Y}"],
                    [[*_metric(r.name, r.value_from, r.value_to)] for r in metrics.itertuples()],
                    [8, 4.5, 4.5],
                    caption="Kennzahlen an beiden Tagen",
                )
            ],
            moved_bullets,
            anchor=CHANGE,
            more_bullets=more_moved,
            annex=ANNEX_SHEETS["change"],
        )
    )

    sections.append(
        Section(
            "Methoden, Daten und Schwellenwerte",
            [
                f"Datenquelle: Bestandsaufnahme des Bildungsbüros in Bildungsnetz, Stand {as_of:%d.%m.%Y}; "
                f"Vergleich mit {earlier:%d.%m.%Y}. Schwellenwerte: Angebotslücke bei 0 Angeboten (kreisweite Angebote "
                "getrennt gezählt, Gebiete ohne Einwohner übersprungen), Übergangslücke bei 0 % verbundenen "
                "abgebenden Akteuren, Gremien-Doppelstruktur ab 60 % gleichen Mitgliedern, "
                "doppelte Einrichtung ab 85 % Namensähnlichkeit. Personenbezogene Daten (Ansprechpersonen) sind "
                "nicht Teil der Auswertung. Alle vollständigen Tabellen stehen in der Excel-Anlage."
                + (
                    f" {note}: Kooperationen, die in einer Befragung nur eine Seite genannt hat, sind nicht mitgezählt."
                    if note
                    else ""
                )
            ],
            bullets=[f"{name}: {text}" for name, text in METHODS],
            anchor=METHODS_SECTION,
        )
    )
    subtitle = f"Datenstand {as_of:%d.%m.%Y} · erstellt am {made:%d.%m.%Y}"
    if anonymous:
        subtitle += " · anonymisiert"
    if note:
        subtitle += f" · {note}"
    return Report(
        f"Bildungsnetzwerk {scope}",
        subtitle,
        facts,
        sections,
        anonymous,
        messages=messages,
        steps=steps,
        generated=made,
        as_of=as_of,
        annex=_annex(tables),
    )
