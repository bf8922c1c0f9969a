"""What the steering-committee report says: sections of text, tables and pictures, built from the analyses.

The content is independent of the output format; :mod:`graph.report.render`
writes it as a self-contained HTML page or an A4 PDF.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph import model
from graph.anonymise import Pseudonyms
from graph.build import AreaTree, landscape
from graph.dataset import Dataset

METHODS = [
    (
        "Kooperationsnetz",
        "Akteure sind Punkte, gemeldete Kooperationen Linien. Mehrere Einträge für dasselbe Paar "
        "zählen als eine Kooperation; ihre Intensität (1 = selten bis 4 = wöchentlich) ist das Gewicht. Es zählen nur "
        "Einträge, die am Stichtag gültig sind.",
    ),
    (
        "Betweenness (Vermittlung)",
        "Anteil der kürzesten Wege zwischen zwei anderen Akteuren, die über einen Akteur "
        "führen. Hohe Werte: Ohne diesen Akteur wären viele andere nur über Umwege verbunden.",
    ),
    (
        "Constraint (Burt)",
        "Wie sehr die Partner eines Akteurs untereinander schon verbunden sind. Niedrige Werte: "
        "Der Akteur überbrückt Lücken zwischen Partnern, die sich sonst nicht kennen.",
    ),
    (
        "Brokerage-Rollen (Gould–Fernandez)",
        "Wie oft ein Akteur zwischen zwei anderen vermittelt, die nicht direkt "
        "zusammenarbeiten, getrennt danach, ob die Beteiligten demselben Sektor angehören (Koordinator) oder "
        "verschiedenen (Verbindungsglied, Berater, Türhüter, Vertreter).",
    ),
    (
        "Brückenakteur-Rang",
        "Mittel aus drei Rangplätzen: Betweenness, Vermittlung über Sektorengrenzen und niedriger Constraint.",
    ),
    (
        "Schnittpunkte, Brücken, Schlüsselakteure",
        "Ein Schnittpunkt ist ein Akteur, ohne den mindestens ein anderer Akteur keine Verbindung zum übrigen "
        "Netzwerk mehr hätte; eine Brücke eine Kooperation, ohne die das geschieht. Schlüsselakteure sind die "
        "Akteure, deren gemeinsamer Wegfall die meisten Paare von Akteuren voneinander trennen würde (Borgatti, "
        "KPP-Neg: Anteil der Paare, die einander nicht mehr erreichen).",
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


@dataclass
class Table:
    """A table of the report: column titles and rows of text."""

    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None


@dataclass
class Picture:
    """A picture of the report (PNG bytes) with its caption."""

    png: bytes
    caption: str
    width_cm: float = 17.0


@dataclass
class Section:
    """A section: heading, then paragraphs, pictures, tables and bullet points in this order."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


@dataclass
class Report:
    """The whole report."""

    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    anonymous: bool


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
        fig, ax = plt.subplots(figsize=(7.5, 0.24 * len(areas) + 1.2))
        ax.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=top * 1.3 or 1)
        for i, name in enumerate(areas):
            for j, phase in enumerate(phases):
                r = cells.get((name, phase))
                if r is None:
                    continue
                if r.status in STATUS_COLOURS:
                    ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, color=STATUS_COLOURS[r.status]))
                dark = r.status == "luecke" or (not np.isnan(values[i, j]) and values[i, j] > top * 0.7)
                ax.text(j, i, _cell_text(r), ha="center", va="center", fontsize=7, color="white" if dark else "#262730")
        ax.set_xlim(-0.5, len(phases) - 0.5)
        ax.set_ylim(len(areas) - 0.5, -0.5)
        ax.set_xticks(range(len(phases)), [model.VOCABULARIES["life_phase"][p] for p in phases], fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(areas)), areas, fontsize=7)
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


def gap_section(gaps: pd.DataFrame, transitions: pd.DataFrame) -> Section:
    """The section "Lücken": heatmap, the weakest transitions, and every finding as a sentence.

    Gaps and open transitions are listed one by one; the cells with only
    district-wide offers are listed per life phase; areas without inhabitants
    are named once as skipped.
    """
    found = gaps[gaps["gap"]]
    district_only = gaps[gaps["status"] == "nur_kreisweit"]
    skipped = list(dict.fromkeys(gaps.loc[gaps["status"] == "ohne_einwohner", "area_name"]))
    open_transitions = transitions[transitions["gap"]]
    paragraphs = [
        f"{len(found)} Kombinationen aus Gebiet und Lebensphase haben kein Angebot (orange); in "
        f"{len(district_only)} gibt es nur kreisweite Angebote und keines vor Ort (gelb, „K“). An "
        f"{len(open_transitions)} Übergängen kooperiert keiner der abgebenden Akteure mit der aufnehmenden Seite."
    ]
    if skipped:
        paragraphs.append("Hinweis: Übersprungen, weil ohne Einwohner (Einwohnerzahl 0): " + ", ".join(skipped) + ".")
    by_phase = []
    for phase, label in model.VOCABULARIES["life_phase"].items():
        names = list(dict.fromkeys(district_only.loc[district_only["life_phase"] == phase, "area_name"]))
        if names:
            by_phase.append(f"Nur kreisweite Angebote für die Lebensphase {label}: {', '.join(names)}.")
    weakest = transitions[transitions["share"].notna()].sort_values("share", kind="stable").head(10)
    return Section(
        "Lücken",
        paragraphs,
        [
            Picture(
                _heatmap(gaps),
                "Angebote vor Ort je 1.000 Einwohner nach Gebiet und Lebensphase (in Klammern: Zahl der Angebote, wo "
                "die Einwohnerzahl fehlt); orange = kein Angebot, gelb „K“ = nur kreisweite Angebote, grau = ohne "
                "Einwohner.",
                16.5,
            )
        ],
        [
            Table(
                ["Gebiet", "Übergang", "abgebende Akteure", "davon verbunden"],
                [
                    [r.area_name, model.VOCABULARIES["transition"][r.transition], str(r.actors_a), str(r.linked)]
                    for r in weakest.itertuples()
                ],
                [5, 6, 3, 3],
            )
        ],
        [*found["explanation"], *by_phase, *open_transitions["explanation"]],
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
        Date printed as "erstellt am" (default today).
    """
    from graph import service
    from graph.analysis.summary import summary
    from graph.views.picture import picture

    data = ds.without_personal_data()
    whole = data
    tree = AreaTree(landscape(data, as_of))
    district = next((tree.label(a) for a, t in tree.types.items() if t == "kreis"), "Kreis")
    scope = district
    if area:
        data = restrict(data, area)
        scope = tree.label(area)
    earlier = since or as_of - dt.timedelta(days=365)
    # the analyses run on the real data (names matter for the duplicate search); only what is shown is pseudonymised
    tables = summary(data, as_of=as_of, since=earlier, top=10)
    if area:
        # The area's gaps are the district's: district-wide offers and partners outside the area count.
        tables.update(district_gaps(whole, as_of, area))
    groups = dict(zip(tables["communities"]["id"], tables["communities"]["community"], strict=True))
    pseudonyms = Pseudonyms.build(whole) if anonymous else None
    if pseudonyms is not None:
        tables = {name: pseudonyms.frame(table) for name, table in tables.items()}
    figures = service.key_figures(data, as_of)
    net = service.network(pseudonyms.dataset(data) if pseudonyms is not None else data, as_of)
    png = picture(
        net.graph,
        title=f"Kooperationsnetz {scope}",
        subtitle=f"Stand {as_of:%d.%m.%Y} · {figures['actors']} Akteure · {figures['cooperations']} Kooperationen",
        groups=groups,
        area_names=net.area_names,
        labels=15,
    )
    sections = []

    facts = [
        ("Akteure", _fmt(figures["actors"])),
        ("Kooperationen", _fmt(figures["cooperations"])),
        ("Angebote", _fmt(figures["offers"])),
        ("Gremien", _fmt(figures["committees"])),
        ("Dichte", _fmt(figures["density"], 4)),
        ("Zusammenhängende Teile", _fmt(figures["components"])),
    ]
    sectors = Table(["Sektor", "Akteure"], [[k, str(v)] for k, v in figures["by_sector"].items()], [10, 3])
    sections.append(
        Section(
            "Das Netzwerk auf einen Blick",
            [
                f"Am {as_of:%d.%m.%Y} sind {figures['actors']} Akteure erfasst, die in "
                f"{figures['cooperations']} Kooperationen verbunden sind. {figures['components'] - 1} kleinere Teile "
                "oder einzelne Akteure haben keine Verbindung zum großen Netz."
            ],
            [
                Picture(
                    png,
                    "Kooperationsnetz: Farbe = Sektor, Größe = Zahl der Kooperationen, Linienstärke = Intensität."
                    + (f" Namen ersetzt durch Typ und Gebietskürzel. {pseudonyms.note}" if pseudonyms else ""),
                )
            ],
            [sectors],
        )
    )

    brokers = tables["brokers"].head(10)
    risks = tables["risks"]
    cut = risks[risks["kind"] == "articulation"].head(8)
    sections.append(
        Section(
            "Brückenakteure und Risiken",
            [
                "Brückenakteure halten das Netz zusammen und verbinden Sektoren. Fallen sie aus, verlieren andere den "
                "Kontakt zueinander."
            ],
            [],
            [
                Table(
                    ["Nr.", "Akteur", "Betweenness", "Constraint", "Schnittpunkt"],
                    [
                        [
                            str(r.broker_rank),
                            r.name,
                            _fmt(r.betweenness),
                            _fmt(r.constraint),
                            _fmt(bool(r.articulation)),
                        ]
                        for r in brokers.itertuples()
                    ],
                    [1.2, 7.4, 2.9, 2.8, 2.7],
                ),
                Table(
                    ["Akteur, ohne den andere die Verbindung verlören", "abgeschnitten"],
                    [[r.name, _fmt(r.cut_off)] for r in cut.itertuples()],
                    [13, 4],
                ),
            ],
            [*brokers["explanation"].head(3), *risks[risks["kind"] == "key_player"]["explanation"].head(3)],
        )
    )

    sections.append(gap_section(tables["gaps"], tables["transitions"]))

    duplicates = tables["duplicates"]
    sections.append(
        Section(
            "Doppelstrukturen",
            [
                f"{len(duplicates)} mögliche Doppelstrukturen: Angebote, Gremien oder doppelt erfasste Einrichtungen."
                if len(duplicates)
                else "Keine Doppelstrukturen gefunden."
            ],
            bullets=list(duplicates["explanation"]),
        )
    )

    links = tables["missing_links"].head(10)
    sections.append(
        Section(
            "Fehlende Verbindungen",
            [
                "Diese Paare arbeiten noch nicht zusammen, sollten sich aber kennen – Vorschläge für die nächste "
                "Bildungskonferenz."
            ],
            [],
            [
                Table(
                    ["Akteur A", "Akteur B", "Rang"],
                    [[r.a_name, r.b_name, str(rank)] for rank, r in enumerate(links.itertuples(), start=1)],
                    [7.5, 7.5, 2],
                )
            ],
            list(links["explanation"].head(5)),
        )
    )

    change = tables["change"]
    metrics = change[change["kind"] == "metric"]
    counts = {
        (k, c): int(((change["kind"] == k) & (change["change"] == c)).sum())
        for k in ("actor", "cooperation", "membership", "committee", "offer")
        for c in ("neu", "beendet")
    }
    sections.append(
        Section(
            f"Veränderung seit {earlier:%d.%m.%Y}",
            [
                f"Neu: {counts[('actor', 'neu')]} Akteure, {counts[('cooperation', 'neu')]} Kooperationen, "
                f"{counts[('membership', 'neu')]} Gremiensitze, {counts[('committee', 'neu')]} Gremien, "
                f"{counts[('offer', 'neu')]} Angebote. Beendet: {counts[('actor', 'beendet')]} Akteure, "
                f"{counts[('cooperation', 'beendet')]} Kooperationen, "
                f"{counts[('membership', 'beendet')]} Gremiensitze, "
                f"{counts[('committee', 'beendet')]} Gremien, {counts[('offer', 'beendet')]} Angebote."
            ],
            [],
            [
                Table(
                    ["Kennzahl", f"{earlier:%d.%m.%Y}", f"{as_of:%d.%m.%Y}"],
                    [[r.name, _fmt(r.value_from, 4), _fmt(r.value_to, 4)] for r in metrics.itertuples()],
                    [8, 4.5, 4.5],
                )
            ],
            list(change[(change["kind"] == "broker") & (change["change"] != "gleich")]["explanation"].head(6)),
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
                "nicht Teil der Auswertung."
            ],
            bullets=[f"{name}: {text}" for name, text in METHODS],
        )
    )
    made = generated or dt.date.today()
    subtitle = f"Datenstand {as_of:%d.%m.%Y} · erstellt am {made:%d.%m.%Y}"
    if anonymous:
        subtitle += " · anonymisiert"
    return Report(f"Bildungsnetzwerk {scope}", subtitle, facts, sections, anonymous)
