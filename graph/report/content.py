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
from graph.anonymise import anonymise_dataset
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
        "Ein Schnittpunkt ist ein Akteur, ohne den das Netzwerk in Teile "
        "zerfällt; eine Brücke eine Kooperation, ohne die das geschieht. Schlüsselakteure sind die Akteure, deren "
        "Wegfall das Netz am stärksten zersplittert (Borgatti).",
    ),
    (
        "Angebotslücke",
        "Ein Gebiet hat für eine Lebensphase kein Angebot. Ein Angebot zählt in seinem Gebiet, in den "
        "übergeordneten und in den untergeordneten Gebieten.",
    ),
    (
        "Übergangslücke",
        "Keiner der abgebenden Akteure eines Gebiets (z. B. Kitas) kooperiert mit der aufnehmenden "
        "Seite (z. B. Grundschulen).",
    ),
    (
        "Doppelstruktur",
        "Angebote mit gleichem Bildungsbereich, gleicher Lebensphase und Zielgruppe im selben Gebiet "
        "und Zeitraum mit ähnlichem Thema, deren Anbieter nicht kooperieren; Gremien mit mindestens 60 % gleichen "
        "Mitgliedern und gemeinsamem Thema; Einrichtungen, die mit ähnlichem Namen am selben Ort doppelt erfasst sind.",
    ),
    (
        "Fehlende Verbindung",
        "Zwei Akteure, die nicht kooperieren, aber gemeinsame Partner haben (Adamic–Adar) oder auf "
        "beiden Seiten eines Übergangs in derselben Gemeinde stehen; zusätzlich zählen dasselbe Gebiet, dieselbe "
        "Zielgruppe und die Verbindung zweier Gemeinschaften.",
    ),
    (
        "Gemeinschaften",
        "Gruppen von Akteuren, die untereinander mehr kooperieren als mit anderen (Leiden-Verfahren auf Modularität).",
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


def _heatmap(gaps: pd.DataFrame) -> bytes:
    """Area × life phase heatmap of offers, gaps in orange (PNG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    phases = list(model.VOCABULARIES["life_phase"])
    areas = list(dict.fromkeys(gaps["area_name"]))
    grid = gaps.pivot_table(index="area_name", columns="life_phase", values="offers", aggfunc="first").reindex(
        index=areas, columns=phases
    )
    gap = (
        gaps.pivot_table(index="area_name", columns="life_phase", values="gap", aggfunc="first")
        .reindex(index=areas, columns=phases)
        .fillna(False)
        .astype(bool)
    )
    plt.rcParams.update({"font.family": "DejaVu Sans"})
    fig, ax = plt.subplots(figsize=(7.5, 0.24 * len(areas) + 1.2))
    values = grid.to_numpy(dtype=float)
    ax.imshow(np.log1p(values), cmap="Blues", aspect="auto", vmin=0, vmax=np.log1p(np.nanmax(values) or 1) * 1.2)
    for i in range(len(areas)):
        for j in range(len(phases)):
            if gap.iloc[i, j]:
                ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, color="#D55E00"))
            ax.text(
                j,
                i,
                "" if np.isnan(values[i, j]) else str(int(values[i, j])),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if gap.iloc[i, j] or values[i, j] > 40 else "#262730",
            )
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
    tree = AreaTree(landscape(data, as_of))
    district = next((tree.label(a) for a, t in tree.types.items() if t == "kreis"), "Kreis")
    scope = district
    if area:
        data = restrict(data, area)
        scope = tree.label(area)
    if anonymous:
        data = anonymise_dataset(data)
    earlier = since or as_of - dt.timedelta(days=365)
    tables = summary(data, as_of=as_of, since=earlier, top=10)
    figures = service.key_figures(data, as_of)
    net = service.network(data, as_of)
    groups = dict(zip(tables["communities"]["id"], tables["communities"]["community"], strict=True))
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
                    + (" Namen ersetzt durch Typ und Gebietskürzel." if anonymous else ""),
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
                    ["Akteur, ohne den das Netz zerfällt", "abgeschnitten"],
                    [[r.name, _fmt(r.cut_off)] for r in cut.itertuples()],
                    [13, 4],
                ),
            ],
            [*brokers["explanation"].head(3), *risks[risks["kind"] == "key_player"]["explanation"].head(3)],
        )
    )

    gaps = tables["gaps"]
    found = gaps[gaps["gap"]]
    transitions = tables["transitions"]
    open_transitions = transitions[transitions["gap"]]
    sections.append(
        Section(
            "Lücken",
            [
                f"{len(found)} Kombinationen aus Gebiet und Lebensphase haben kein Angebot (orange); an "
                f"{len(open_transitions)} Übergängen kooperiert keiner der abgebenden Akteure mit der aufnehmenden "
                "Seite."
            ],
            [Picture(_heatmap(gaps), "Angebote je Gebiet und Lebensphase; orange = kein Angebot.", 16.5)],
            [
                Table(
                    ["Gebiet", "Übergang", "abgebende Akteure", "davon verbunden"],
                    [
                        [r.area_name, model.VOCABULARIES["transition"][r.transition], str(r.actors_a), str(r.linked)]
                        for r in transitions.sort_values("share").head(10).itertuples()
                    ],
                    [5, 6, 3, 3],
                )
            ],
            [*found["explanation"], *open_transitions["explanation"]],
        )
    )

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
                    ["Akteur A", "Akteur B", "Punkte"],
                    [[r.a_name, r.b_name, _fmt(r.score, 2)] for r in links.itertuples()],
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
                f"Vergleich mit {earlier:%d.%m.%Y}. Schwellenwerte: Angebotslücke bei 0 Angeboten, Übergangslücke "
                "bei 0 % verbundenen abgebenden Akteuren, Gremien-Doppelstruktur ab 60 % gleichen Mitgliedern, "
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
