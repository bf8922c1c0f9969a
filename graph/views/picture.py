"""Static network pictures for slides and reports: PNG, SVG or PDF with title, legend and readable labels.

The layout is the interactive view's (same igraph layout and seed), so a
picture shows the network as the Netzwerk page does for the same filter.
Fonts are DejaVu (bundled with matplotlib, embedded in PDF and SVG as text
paths), so every German character prints.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graph.views.network import TEXT, _colors, _sizes, layout

#: Slide size: 1920 × 1080 px at 100 dpi (PNG is written at 150 dpi: 2880 px wide).
FIGSIZE = (19.2, 10.8)
PNG_DPI = 150
LABELS = 20
FORMATS = ("png", "svg", "pdf", "pptx")
PAPERS = ("slide", "a4", "a3", "a0")


def draw(
    G: nx.Graph,
    *,
    title: str,
    subtitle: str = "",
    color_by: str = "sector",
    size_by: str = "degree",
    groups: Mapping[Any, Any] | None = None,
    metrics: Mapping[str, Mapping[Any, float]] | None = None,
    area_names: Mapping[str, str] | None = None,
    labels: int = LABELS,
    seed: int = 0,
    lang: str = "de",
) -> Any:
    """Draw the network on a slide-sized matplotlib figure (see :func:`picture`); the caller closes it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    text = TEXT.get(lang, TEXT["de"])
    plt.rcParams.update({"font.family": "DejaVu Sans", "svg.fonttype": "path", "pdf.fonttype": 42})
    colors, legend = _colors(G, color_by, groups, area_names or {}, text)
    sizes = _sizes(G, size_by, metrics)
    pos = layout(G, seed=seed)
    fig = plt.figure(figsize=FIGSIZE)
    ax = fig.add_axes((0.01, 0.02, 0.74, 0.86))
    ax.set_axis_off()
    for u, v, data in G.edges(data=True):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        if data.get("committees"):
            ax.plot([x1, x2], [-y1, -y2], color="#7f7f7f", lw=0.6, alpha=0.35, ls="--", zorder=1)
        else:
            ax.plot(
                [x1, x2],
                [-y1, -y2],
                color="#9aa3ad",
                lw=0.4 + 0.5 * float(data.get("weight") or 1),
                alpha=0.5,
                zorder=1,
            )
    nodes = list(G)
    ax.scatter(
        [pos[n][0] for n in nodes],
        [-pos[n][1] for n in nodes],
        s=[(sizes[n] * 1.6) ** 2 / 4 for n in nodes],
        c=[colors[n] for n in nodes],
        edgecolors="white",
        linewidths=0.8,
        zorder=2,
    )
    top = sorted(nodes, key=lambda n: (-sizes[n], str(n)))[:labels]
    for n in top:
        name = str(G.nodes[n].get("name", n))
        name = name if len(name) <= 34 else name[:33] + "…"
        ax.annotate(
            name,
            (pos[n][0], -pos[n][1]),
            xytext=(0, sizes[n] * 0.45 + 6),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=11,
            zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            parse_math=False,  # a name with "$" is text, not mathtext (which could also fail to parse)
        )
    fig.text(0.012, 0.955, title, fontsize=26, fontweight="bold", va="center", parse_math=False)
    if subtitle:
        fig.text(0.012, 0.915, subtitle, fontsize=15, color="#555555", va="center", parse_math=False)
    handles = [
        Line2D(
            [0], [0], marker="o", color="none", markerfacecolor=c, markeredgecolor="white", markersize=13, label=label
        )
        for c, label in legend
    ]
    notes = [text["color"][color_by], text["size"][size_by], text["edges"]]
    if any(d.get("committees") for *_, d in G.edges(data=True)):
        notes.append(text["dashed"])
    notes.append(
        f"Beschriftet: die {min(labels, len(nodes))} größten Akteure"
        if lang == "de"
        else f"Labelled: the {min(labels, len(nodes))} largest dots"
    )
    legend_box = fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.76, 0.87),
        frameon=True,
        fontsize=13,
        title=text["legend"],
        title_fontsize=15,
        alignment="left",
    )
    legend_box.get_frame().set_edgecolor("#d0d4da")
    for label_text in legend_box.get_texts():  # area names in the legend are text, not mathtext
        label_text.set_parse_math(False)
    fig.canvas.draw()  # place the notes right under the legend, whatever its height
    box = legend_box.get_window_extent().transformed(fig.transFigure.inverted())
    fig.text(box.x0 + 0.004, box.y0 - 0.02, "\n".join(notes), fontsize=12, color="#444444", va="top", linespacing=1.6)
    return fig


def picture(
    G: nx.Graph,
    path: Path | None = None,
    *,
    title: str,
    subtitle: str = "",
    fmt: str = "png",
    color_by: str = "sector",
    size_by: str = "degree",
    groups: Mapping[Any, Any] | None = None,
    metrics: Mapping[str, Mapping[Any, float]] | None = None,
    area_names: Mapping[str, str] | None = None,
    labels: int = LABELS,
    seed: int = 0,
    lang: str = "de",
    footer: str = "",
    focus: Any = None,
    named: Iterable[Any] = (),
    paper: str = "slide",
    aggregate: str | None = None,
    left_out_committees: Sequence[str] = (),
) -> bytes:
    """Draw the network as a static picture; write it to ``path`` if given and return the bytes.

    Parameters
    ----------
    G : networkx.Graph
        The (filtered) cooperation network; not changed.
    title, subtitle : str
        Printed above the network.
    fmt : {"png", "svg", "pdf"}
        Output format; PNG is 2880 × 1620 px (slide proportions).
    color_by, size_by, groups, metrics, area_names, seed, lang
        As for :func:`graph.views.network.network_view` (same colours and layout).
    labels : int
        Names printed for this many of the largest dots.
    """
    import matplotlib.pyplot as plt

    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}")
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}")
    if fmt == "pptx":
        from graph.views.pptx import network_pptx

        data = network_pptx(
            G,
            title=title,
            subtitle=subtitle,
            footer=footer,
            color_by=color_by,
            size_by=size_by,
            groups=groups,
            metrics=metrics,
            area_names=area_names,
            focus=focus,
            named=named,
            seed=seed,
        )
        if path is not None:
            Path(path).write_bytes(data)
        return data
    fig = draw(
        G,
        title=title,
        subtitle=subtitle,
        color_by=color_by,
        size_by=size_by,
        groups=groups,
        metrics=metrics,
        area_names=area_names,
        labels=labels,
        seed=seed,
        lang=lang,
    )
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=PNG_DPI if fmt == "png" else 100, metadata=_metadata(fmt))
    plt.close(fig)
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def _metadata(fmt: str) -> dict[str, Any] | None:
    if fmt == "pdf":
        return {"Creator": "Bildungsnetz", "Producer": "Bildungsnetz"}
    if fmt == "png":
        return {"Software": "Bildungsnetz"}
    return None
