"""The committee tree ("Berichtet an") as a static picture, drawn top-down, and the overlap heatmap.

Each committee is a box with its name, size, chair, meetings per year and themes, filled with the
colour of its type. A committee that reports to another stands below it, joined by an elbow line;
committees that neither report nor are reported to stand in a panel "Ohne Berichtslinie" below the
hierarchies. A box with a finding (a cycle in the reporting line, a line to a committee that no
longer exists, a transition committee missing one side …) has a thick red border and says the
finding in its last line; a line that closes a cycle is drawn red and dashed.

The layout is in points on the printed page (A4 landscape by default): no text is smaller than
7 pt there; the boxes share the width, and when a committee has more sub-committees than fit side
by side they stand in rows below it. Only :class:`matplotlib.figure.Figure` is used (no pyplot, no
global defaults changed); user text is drawn with ``parse_math=False``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph import german, model
from graph.views.labels import FONT, MIN_FONT, shorten, text_width, wrap

#: Page sizes in points: A4 and A3 landscape, and "screen", a narrower page as tall as the tree needs
#: (shown in the app's column, 7 pt come out at about 10 px).
PAPERS: Mapping[str, tuple[float, float]] = {
    "a4": (841.89, 595.28),
    "a3": (1190.55, 841.89),
    "screen": (620.0, 0.0),
}
FORMATS = ("png", "svg", "pdf")
PNG_DPI = 200
MARGIN = 28.0
MARGIN_Y = 20.0  # above the title and below the footer
NAME_SIZE = 8.0
INFO_SIZE = MIN_FONT
TITLE_SIZE = 14.0
SUBTITLE_SIZE = 9.0
LINE = 1.22  # line height per point of font size
PAD = 4.0
COL_GAP = 10.0
ROW_GAP = 20.0
MAX_BOX = 150.0
MIN_BOX = 90.0
INK = "#222222"
GREY = "#555555"
ALERT = "#D55E00"
EDGE = "#5A6270"
#: Light tints of the Okabe–Ito colours, one per committee type (black text stays readable on each).
TYPE_FILL: Mapping[str, str] = {
    "bildungskonferenz": "#CFE3F3",
    "lenkungskreis": "#F9DEC4",
    "steuerungsgruppe": "#CDEBDF",
    "arbeitskreis": "#FBF2C2",
    "netzwerk": "#EBD9E6",
    "projektverbund": "#E4E4E4",
}
OTHER_FILL = "#F2F2F2"
#: matplotlib settings of the picture, applied only while it is saved.
RC: Mapping[str, Any] = {
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": [FONT, "sans-serif"],
    "svg.hashsalt": "bildungsnetz",
}


@dataclass
class Node:
    """One committee box: what it says and where it stands (points, y downwards)."""

    id: str
    name: str
    committee_type: str = ""
    parent: str | None = None
    info: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    lines: list[tuple[str, float, bool, str]] = field(default_factory=list)  # text, size, bold, colour

    @property
    def alert(self) -> bool:
        """Whether the box carries a finding."""
        return bool(self.findings)


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _listed(value: Any) -> list[str]:
    value = _cell(value) if not isinstance(value, (list, tuple, set)) else value
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value if str(v).strip()]


def nodes_from(tree: pd.DataFrame) -> dict[str, Node]:
    """The boxes of the picture from a tree table (one row per committee).

    Parameters
    ----------
    tree : pandas.DataFrame
        Columns ``id``, ``name``; optional ``committee_type``, ``reports_to`` (id or empty),
        ``members`` (count), ``chair`` (name or names), ``meetings_per_year``, ``themes`` (list or
        comma-separated) and ``findings`` (short German texts, list or ``"; "``-separated).

    Returns
    -------
    dict of str to Node
        The boxes by committee id, in the order of ``tree``; a ``reports_to`` outside the table is
        kept on the node (drawn as no line).
    """
    out: dict[str, Node] = {}
    for row in tree.to_dict("records"):
        members = _cell(row.get("members"))
        meetings = _cell(row.get("meetings_per_year"))
        size = german.count(int(members), "Mitglied", "Mitglieder") if members is not None else "Mitglieder unbekannt"
        rhythm = (
            german.count(int(meetings), "Sitzung", "Sitzungen") + " im Jahr"
            if meetings is not None and float(meetings).is_integer()
            else (f"{german.number(float(meetings), 1)} Sitzungen im Jahr" if meetings is not None else "")
        )
        info = [size, rhythm] if rhythm else [size]
        chairs = _listed(row.get("chair"))
        info.append("Vorsitz: " + (", ".join(chairs) if chairs else "nicht benannt"))
        themes = _listed(row.get("themes"))
        if themes:
            info.append("Themen: " + ", ".join(themes))
        raw = row.get("findings")
        findings = (
            [f.strip() for f in raw.split(";") if f.strip()]
            if isinstance(raw, str)
            else [str(f) for f in raw]
            if isinstance(raw, (list, tuple))
            else []
        )
        parent = _cell(row.get("reports_to"))
        out[str(row["id"])] = Node(
            id=str(row["id"]),
            name=str(_cell(row.get("name")) or row["id"]),
            committee_type=str(_cell(row.get("committee_type")) or ""),
            parent=str(parent) if parent else None,
            info=info,
            findings=findings,
        )
    return out


#: The heading of the panel of committees that neither report nor are reported to.
ALONE_HEADING = "Ohne Berichtslinie (berichten an kein bestehendes Gremium, keines berichtet an sie)"
#: The finding a box in a reporting cycle shows when the table names none.
CYCLE_NOTE = "Kreislauf: berichtet über andere an sich selbst"


def _cycle_members(nodes: Mapping[str, Node]) -> set[str]:
    """Committees whose reporting line leads back to themselves."""
    out: set[str] = set()
    for start in nodes:
        seen: list[str] = []
        current: str | None = start
        while current is not None and current in nodes and current not in seen:
            seen.append(current)
            current = nodes[current].parent
        if current == start:
            out.add(start)
    return out


def _hierarchy(nodes: dict[str, Node]) -> tuple[list[str], set[tuple[str, str]], list[str]]:
    """Roots of the hierarchies (in order), the lines that close a cycle, and the committees on their own.

    A committee reporting to one in the table is drawn below it; in a cycle, the member with the
    smallest id is drawn as the top and its line upwards as a back line.
    """
    for node in nodes.values():
        node.children = []
    back: set[tuple[str, str]] = set()
    parent = {n: v.parent for n, v in nodes.items() if v.parent in nodes and v.parent != n}
    for n, node in nodes.items():
        if n == node.parent:
            back.add((n, n))
    # break each cycle at its smallest id
    state: dict[str, int] = {}
    for start in sorted(nodes):
        path: list[str] = []
        current: str | None = start
        while current is not None and state.get(current, 0) == 0:
            state[current] = 1
            path.append(current)
            current = parent.get(current)
        if current is not None and state.get(current) == 1:  # a new cycle: current .. end of path
            cycle = path[path.index(current) :]
            top = min(cycle)
            back.add((top, parent[top]))
            del parent[top]
        for p in path:
            state[p] = 2
    in_cycle = _cycle_members(nodes)
    for n in in_cycle:
        if not nodes[n].findings:
            nodes[n].findings.append(CYCLE_NOTE)
    for n in nodes:  # children in the order of the table
        if n in parent:
            nodes[parent[n]].children.append(n)
    roots = [n for n in nodes if n not in parent]
    alone = [n for n in roots if not nodes[n].children and not any(b[0] == n for b in back)]
    trees = [n for n in roots if n not in alone]
    return trees, back, alone


#: Second parts of German compounds in committee and organisation names: a long word is broken before one.
STEMS = (
    "gruppe",
    "netzwerk",
    "kreis",
    "konferenz",
    "orientierung",
    "bildung",
    "schule",
    "agentur",
    "verwaltung",
    "zentrum",
    "hilfe",
    "arbeit",
    "bündnis",
    "beratung",
    "förderung",
    "amt",
    "verbund",
)


def _wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """:func:`~graph.views.labels.wrap`, with a word wider than the box broken with a hyphen („Präventions-“)."""
    words: list[str] = []
    for word in text.split():
        while text_width(word, size, bold) > width and len(word) > 6:
            fits = [i for i in range(3, len(word) - 2) if text_width(word[:i] + "-", size, bold) <= width]
            if not fits:
                break
            stems = [i for i in fits if word[i:].lower().startswith(STEMS)]
            joints = [i for i in fits if word[i - 1] == "s" and word[i - 2] != "s"]
            cut = max(stems or joints or fits)
            words.append(word[:cut] + "-")
            word = word[cut:]
        words.append(word)
    return wrap(" ".join(words), size, width, bold)


def _box_lines(
    node: Node, width: float, compact: bool = False, scale: float = 1.0
) -> list[tuple[str, float, bool, str]]:
    """The lines of a box; ``compact`` (a page that would overflow) allows one line less per entry."""
    inner = width - 2 * PAD * scale
    name_pt, info_pt = NAME_SIZE * scale, INFO_SIZE * scale
    most = 2 if compact else 3
    lines: list[tuple[str, float, bool, str]] = []
    name = _wrap(node.name, name_pt, inner, bold=True)
    if len(name) > 3:
        name = [*name[:2], shorten(" ".join(name[2:]), name_pt, inner, bold=True)]
    lines += [(line, name_pt, True, INK) for line in name]
    for text in node.info:
        parts = _wrap(text, info_pt, inner)
        if len(parts) > most:
            parts = [*parts[: most - 1], shorten(" ".join(parts[most - 1 :]), info_pt, inner)]
        lines += [(line, info_pt, False, GREY if not text.startswith("Vorsitz") else INK) for line in parts]
    for text in node.findings:
        parts = _wrap("! " + text, info_pt, inner, bold=True)
        if len(parts) > 3:
            parts = [*parts[:2], shorten(" ".join(parts[2:]), info_pt, inner, bold=True)]
        lines += [(line, info_pt, True, ALERT) for line in parts]
    return lines


def _height(lines: Sequence[tuple[str, float, bool, str]], scale: float = 1.0) -> float:
    return sum(size * LINE for _, size, _, _ in lines) + 2 * PAD * scale


@dataclass
class Layout:
    """The laid-out picture: boxes, lines (with colour and style), texts outside the boxes, page size."""

    width: float
    height: float
    nodes: dict[str, Node]
    segments: list[tuple[tuple[float, float], tuple[float, float], str, bool]] = field(default_factory=list)
    texts: list[tuple[float, float, str, float, bool, str]] = field(default_factory=list)  # x, baseline y, …
    legend: list[tuple[str, str]] = field(default_factory=list)
    swatches: list[tuple[float, float, float, str, str]] = field(default_factory=list)  # x, y, size, label, fill
    alone: list[str] = field(default_factory=list)
    scale: float = 1.0  # every font size and box width, relative to the 7 pt design


def _grid_columns(n: int, k: int) -> int:
    """Columns of a grid of ``n`` boxes with at most ``k`` side by side, rows as even as possible (7, 6 → 4 + 3)."""
    rows = math.ceil(n / max(1, k)) if n else 1
    return max(1, math.ceil(n / rows))


def _columns(node: Node, nodes: Mapping[str, Node], k: int) -> int:
    """Slots (box widths) the subtree of ``node`` needs when at most ``k`` leaf children stand side by side."""
    if not node.children:
        return 1
    kids = [nodes[c] for c in node.children]
    if all(not c.children for c in kids):
        return _grid_columns(len(kids), k)
    return max(1, sum(_columns(c, nodes, k) for c in kids))


def layout(
    tree: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    footer: str = "",
    paper: str = "a4",
    min_font: float = MIN_FONT,
) -> Layout:
    """Lay the committee tree out on the page (see the module docstring); sizes in points.

    Parameters
    ----------
    tree : pandas.DataFrame
        One row per committee, as for :func:`nodes_from`.
    title, subtitle, footer : str
        Printed above and below the tree.
    paper : {"a4", "a3", "screen"}
        The landscape page; "screen" is 620 pt wide and as tall as the tree. Where the tree would
        not fit the page, chair and themes get at most two lines each; if it still does not fit, the
        page grows downwards (text stays ≥ 7 pt).
    min_font : float
        The smallest font size (pt); every size and box width grows with it. A picture printed at 88 %
        of its size (the report's landscape page) needs 8 to keep 7 pt on paper.

    Returns
    -------
    Layout
    """
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {tuple(PAPERS)}")
    options: dict[str, Any] = dict(
        title=title, subtitle=subtitle, footer=footer, paper=paper, scale=min_font / MIN_FONT
    )
    out = _layout(tree, compact=False, **options)
    if out.height > PAPERS[paper][1] > 0:
        out = _layout(tree, compact=True, **options)
    return out


def _layout(
    tree: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    footer: str,
    paper: str,
    compact: bool,
    scale: float,
) -> Layout:
    title_pt, subtitle_pt, info_pt = TITLE_SIZE * scale, SUBTITLE_SIZE * scale, INFO_SIZE * scale
    low_w, high_w = MIN_BOX * scale, MAX_BOX * scale
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {tuple(PAPERS)}")
    page_w, page_h = PAPERS[paper]
    nodes = nodes_from(tree)
    trees, back, alone = _hierarchy(nodes)
    avail = page_w - 2 * MARGIN
    out = Layout(page_w, page_h, nodes, alone=alone, scale=scale)
    y = MARGIN_Y + title_pt
    out.texts.append((MARGIN, y, title, title_pt, True, INK))
    if subtitle:
        for line in wrap(subtitle, subtitle_pt, avail):
            y += subtitle_pt * LINE
            out.texts.append((MARGIN, y, line, subtitle_pt, False, GREY))
    y += 14.0

    # the widest leaf grouping that fits the page
    k, width = 1, low_w
    most = max([len(n.children) for n in nodes.values()] + [1])
    for cand in range(most, 0, -1):
        slots = sum(_columns(nodes[r], nodes, cand) for r in trees)
        gaps = (slots - 1) * COL_GAP + (len(trees) - 1) * COL_GAP
        w = (avail - gaps) / max(slots, 1)
        if w >= low_w or cand == 1:
            k, width = cand, max(low_w, min(high_w, w))
            break
    for node in nodes.values():
        node.w = width
        node.lines = _box_lines(node, width, compact, scale)
        node.h = _height(node.lines, scale)

    # bands: rows of boxes; a box's band follows from its parent's and its row in a grid of leaves
    band: dict[str, int] = {}
    x_left: dict[str, float] = {}

    def place(n: str, left: float, level: int) -> float:
        """Place the subtree of ``n`` from ``left``; return its right edge."""
        node = nodes[n]
        band[n] = level
        kids = node.children
        if not kids:
            x_left[n] = left
            return left + width
        if all(not nodes[c].children for c in kids):
            cols = _grid_columns(len(kids), k)
            for i, c in enumerate(kids):
                band[c] = level + 1 + i // cols
                x_left[c] = left + (i % cols) * (width + COL_GAP)
            right = left + cols * width + (cols - 1) * COL_GAP
            last = kids[cols - 1]
        else:
            right = left - COL_GAP
            for c in kids:
                right = place(c, right + COL_GAP, level + 1)
            last = kids[-1]
        x_left[n] = (x_left[kids[0]] + x_left[last]) / 2
        return right

    slots = sum(_columns(nodes[r], nodes, k) for r in trees)
    used = slots * width + (slots - 1) * COL_GAP + (len(trees) - 1) * COL_GAP
    left = MARGIN + max(0.0, (avail - used) / 2)
    for r in trees:
        left = place(r, left, 0) + 2 * COL_GAP
    bands = max(band.values(), default=-1) + 1
    band_h = [max((nodes[n].h for n in band if band[n] == b), default=0.0) for b in range(bands)]
    band_y: list[float] = []
    for b in range(bands):
        band_y.append(y)
        y += band_h[b] + ROW_GAP
    for n in band:
        nodes[n].x, nodes[n].y = x_left[n], band_y[band[n]]
        nodes[n].h = band_h[band[n]]

    # lines: parent bottom → bus → child top; rows of a grid hang on a trunk left of the grid
    for n in band:
        node = nodes[n]
        kids = node.children
        if not kids:
            continue
        px, pb = node.x + width / 2, node.y + node.h
        rows: dict[int, list[Node]] = {}
        for c in kids:
            rows.setdefault(band[c], []).append(nodes[c])
        first = min(rows)
        bus0 = band_y[first] - ROW_GAP / 2
        out.segments.append(((px, pb), (px, bus0), EDGE, False))
        trunk = min(kid.x for kid in rows[first]) - COL_GAP / 2
        for b, row in sorted(rows.items()):
            bus = band_y[b] - ROW_GAP / 2
            xs = [kid.x + width / 2 for kid in row]
            lo, hi = min(xs), max(xs)
            if b == first:
                lo, hi = min(lo, px), max(hi, px)
                if len(rows) > 1:  # the trunk to the further rows starts on this bus
                    lo = min(lo, trunk)
            else:
                out.segments.append(((trunk, bus0), (trunk, bus), EDGE, False))
                lo = trunk
            out.segments.append(((lo, bus), (hi, bus), EDGE, False))
            for cx, kid in zip(xs, row, strict=True):
                out.segments.append(((cx, bus), (cx, kid.y), EDGE, False))
    for low, high in sorted(back):  # the line that closes a cycle: from the top box round to the one it reports to
        na, nb = nodes[low], nodes[high]
        ax_, ay = na.x + width * 0.8, na.y
        bx, by = nb.x + width * 0.8, nb.y + nb.h
        side = max(na.x, nb.x) + width + COL_GAP / 2
        out.segments.append(((ax_, ay), (ax_, ay - 6), ALERT, True))
        out.segments.append(((ax_, ay - 6), (side, ay - 6), ALERT, True))
        out.segments.append(((side, ay - 6), (side, by + 6), ALERT, True))
        out.segments.append(((side, by + 6), (bx, by + 6), ALERT, True))
        out.segments.append(((bx, by + 6), (bx, by), ALERT, True))

    # the committees on their own
    if alone:
        y += 4.0
        out.texts.append((MARGIN, y, ALONE_HEADING, 9.0 * scale, True, INK))
        y += 8.0
        per_row = max(1, int((avail + COL_GAP) // (width + COL_GAP)))
        # few committees on their own get wider boxes (fewer lines): the whole row is theirs
        shown = min(per_row, len(alone))
        wide = max(width, min(high_w, (avail - (shown - 1) * COL_GAP) / shown))
        for n in alone:
            nodes[n].w = wide
            nodes[n].lines = _box_lines(nodes[n], wide, compact, scale)
            nodes[n].h = _height(nodes[n].lines, scale)
        per_row = max(1, int((avail + COL_GAP) // (wide + COL_GAP)))
        for start in range(0, len(alone), per_row):
            row = [nodes[n] for n in alone[start : start + per_row]]
            h = max(n.h for n in row)
            for i, node in enumerate(row):
                node.x, node.y, node.h = MARGIN + i * (wide + COL_GAP), y, h
            y += h + COL_GAP
        y += ROW_GAP / 2 - COL_GAP

    # legend and footer
    types = [t for t in TYPE_FILL if any(n.committee_type == t for n in nodes.values())]
    types += sorted({n.committee_type for n in nodes.values()} - set(TYPE_FILL) - {""})
    out.legend = [(model.VOCABULARIES["committee_type"].get(t, t), TYPE_FILL.get(t, OTHER_FILL)) for t in types]
    y += 6.0
    x = MARGIN
    swatch = 9.0 * scale
    for label, fill in out.legend:
        step = swatch + 4 + text_width(label, info_pt) + 12
        if x + step > page_w - MARGIN + 12:
            x, y = MARGIN, y + info_pt * LINE + 4
        out.swatches.append((x, y, swatch, label, fill))
        x += step
    note = (
        "Rot umrandet: ein Befund (steht im Kasten)."
        + (" Rot gestrichelt: eine Berichtslinie, die einen Kreislauf schließt." if back else "")
        if any(n.alert for n in nodes.values()) or back
        else "Linien: „Berichtet an“ (das untere Gremium berichtet an das obere)."
    )
    if x + 8 + text_width(note, info_pt) > page_w - MARGIN:  # the note on a line of its own
        x, y = MARGIN, y + info_pt * LINE + 4
    out.texts.append((x + (8 if x > MARGIN else 0), y + swatch - 1, note, info_pt, False, GREY))
    y += swatch + 2
    if footer:
        for line in wrap(footer, info_pt, avail):
            y += info_pt * LINE
            out.texts.append((MARGIN, y, line, info_pt, False, GREY))
    out.height = max(page_h, y + MARGIN_Y)
    return out


def figure(lay: Layout) -> Any:
    """Paint a :class:`Layout` on a matplotlib figure whose data units are points (y downwards)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, Rectangle

    info_pt = INFO_SIZE * lay.scale
    fig = Figure(figsize=(lay.width / 72.0, lay.height / 72.0))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, lay.width)
    ax.set_ylim(lay.height, 0)
    ax.set_axis_off()
    for (x1, y1), (x2, y2), colour, dashed in lay.segments:
        ax.plot(
            [x1, x2],
            [y1, y2],
            color=colour,
            lw=1.6 if dashed else 0.9,
            ls=(0, (4, 2)) if dashed else "-",
            solid_capstyle="butt",
            zorder=1,
        )
    for node in lay.nodes.values():
        ax.add_patch(
            FancyBboxPatch(
                (node.x, node.y),
                node.w,
                node.h,
                boxstyle="round,pad=0,rounding_size=3",
                fc=TYPE_FILL.get(node.committee_type, OTHER_FILL),
                ec=ALERT if node.alert else EDGE,
                lw=2.2 if node.alert else 0.8,
                zorder=2,
            )
        )
        y = node.y + PAD * lay.scale
        for text, size, bold, colour in node.lines:
            y += size * LINE
            ax.text(
                node.x + PAD * lay.scale,
                y - size * 0.25,
                text,
                fontsize=size,
                fontweight="bold" if bold else "normal",
                color=colour,
                family=FONT,
                ha="left",
                va="baseline",
                zorder=3,
                parse_math=False,
                gid=f"gremium-{node.id}",
            )
    for x, y, text, size, bold, colour in lay.texts:
        ax.text(
            x,
            y,
            text,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            color=colour,
            family=FONT,
            ha="left",
            va="baseline",
            parse_math=False,
        )
    for x, y, size, label, fill in lay.swatches:
        ax.add_patch(Rectangle((x, y), size, size, fc=fill, ec=EDGE, lw=0.6))
        ax.text(
            x + size + 4, y + size - 1, label, fontsize=info_pt, color=INK, family=FONT, va="baseline", parse_math=False
        )
    return fig


def tree_picture(
    tree: pd.DataFrame,
    *,
    title: str = "Gremienstruktur: wer berichtet an wen",
    subtitle: str = "",
    footer: str = "",
    fmt: str = "png",
    paper: str = "a4",
    min_font: float = MIN_FONT,
) -> bytes:
    """Draw the committee tree top-down and return the PNG, SVG or PDF bytes.

    Parameters
    ----------
    tree : pandas.DataFrame
        One row per committee (see :func:`nodes_from` for the columns).
    title, subtitle, footer : str
        Printed above and below the tree (German).
    fmt : {"png", "svg", "pdf"}
        Output format; SVG keeps text as text.
    paper : {"a4", "a3", "screen"}
        The printed page, landscape; "screen" for showing in the app (see :func:`layout`).
    min_font : float
        The smallest font size in points (see :func:`layout`).

    Returns
    -------
    bytes
    """
    import matplotlib

    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}")
    lay = layout(tree, title=title, subtitle=subtitle, footer=footer, paper=paper, min_font=min_font)
    buffer = io.BytesIO()
    with matplotlib.rc_context(dict(RC)):  # type: ignore[arg-type]
        fig = figure(lay)
        metadata = {"Title": title}
        metadata.update({"Software": "Bildungsnetz"} if fmt == "png" else {"Creator": "Bildungsnetz"})
        fig.savefig(buffer, format=fmt, dpi=PNG_DPI if fmt == "png" else 72, metadata=metadata)
    return buffer.getvalue()


#: The short text a box shows for each structure finding of :func:`graph.analysis.committees.structure_findings`.
STRUCTURE_NOTES: Mapping[str, str] = {
    "ohne_berichtslinie": "nicht an die Steuerung angebunden",
    "zyklus": "Zirkelbezug in der Berichtslinie",
    "verwaist": "Berichtslinie führt ins Leere",
    "ohne_mitglieder": "ohne Mitglieder",
}


def picture_rows(summary: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The rows :func:`tree_picture` draws, from the tables of :func:`graph.analysis.committees.committees_summary`.

    Each committee of ``summary["tree"]`` with its size, chair, meetings and themes, and as findings
    the short texts of its structure findings (:data:`STRUCTURE_NOTES`) and of each transition it
    covers with one side missing („Kita → Grundschule: aufnehmende Seite fehlt“).

    Parameters
    ----------
    summary : mapping of str to pandas.DataFrame
        At least ``tree``; ``structure`` and ``transitions`` where present (pseudonymised tables work alike).

    Returns
    -------
    pandas.DataFrame
        Columns id, name, committee_type, reports_to, members, chair, meetings_per_year, themes, findings.
    """
    tree = summary["tree"]
    notes: dict[str, list[str]] = {str(c): [] for c in tree["id"]}
    structure = summary.get("structure")
    if structure is not None:
        for row in structure.to_dict("records"):
            for committee in _listed(row.get("committees")):
                if committee in notes and row["kind"] in STRUCTURE_NOTES:
                    notes[committee].append(STRUCTURE_NOTES[row["kind"]])
    transitions = summary.get("transitions")
    if transitions is not None and "one_sided" in transitions:
        sides = {"a": "abgebende Seite fehlt", "b": "aufnehmende Seite fehlt", "both": "beide Seiten fehlen"}
        for row in transitions[transitions["one_sided"].astype(bool)].to_dict("records"):
            committee = str(row.get("committee"))
            if committee in notes:
                label = model.VOCABULARIES["transition"].get(str(row["key"]), str(row["key"]))
                notes[committee].append(f"{label}: {sides.get(str(row.get('missing_side')), 'eine Seite fehlt')}")
    return pd.DataFrame(
        {
            "id": tree["id"],
            "name": tree["name"],
            "committee_type": tree["committee_type"],
            "reports_to": tree["reports_to"],
            "members": tree["size"],
            "chair": tree["chair"],
            "meetings_per_year": tree["meetings_per_year"],
            "themes": tree["themes"],
            "findings": [notes[str(c)] for c in tree["id"]],
        }
    )


def _joined(names: Sequence[str], limit: int = 6) -> str:
    shown = [f"„{n}“" for n in names[:limit]]
    rest = len(names) - len(shown)
    if rest:
        return ", ".join(shown) + f" und {rest} weitere"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " und " + shown[-1]


def tree_alt(rows: pd.DataFrame, *, scope: str, as_of: Any) -> str:
    """The alternative text of the tree picture: the top, who reports to whom, who stands alone, the findings.

    Parameters
    ----------
    rows : pandas.DataFrame
        The rows of the picture (:func:`picture_rows`).
    scope : str
        The district or area (``Landkreis Musterau``).
    as_of : date
        The date of the picture.

    Returns
    -------
    str
        German sentences.

    Examples
    --------
    >>> rows = pd.DataFrame({"id": ["lk", "ak", "nw"], "name": ["Lenkungskreis", "AK Sprache", "Netzwerk"],
    ...                      "reports_to": [None, "lk", None], "findings": [[], [], ["ohne Mitglieder"]]})
    >>> import datetime as dt
    >>> tree_alt(rows, scope="Landkreis A", as_of=dt.date(2026, 1, 2))  # doctest: +NORMALIZE_WHITESPACE
    'Baumbild der Gremienstruktur in Landkreis A am 02.01.2026: 3 Gremien, jedes als Kasten mit Mitgliedern,
    Sitzungen im Jahr, Vorsitz und Themen. Oben steht „Lenkungskreis“. An „Lenkungskreis“ berichtet „AK
    Sprache“. Ohne Berichtslinie: „Netzwerk“. Rot umrandet, mit einem Befund: „Netzwerk“ (ohne Mitglieder).'
    """
    nodes = nodes_from(rows)
    trees, _back, alone = _hierarchy(nodes)
    text = (
        f"Baumbild der Gremienstruktur in {scope} am {as_of:%d.%m.%Y}: "
        f"{german.count(len(nodes), 'Gremium', 'Gremien')}, jedes als Kasten mit Mitgliedern, Sitzungen im Jahr, "
        "Vorsitz und Themen."
    )
    if trees:
        text += f" Oben {'steht' if len(trees) == 1 else 'stehen'} {_joined([nodes[t].name for t in trees])}."
    for node in nodes.values():
        if node.children:
            kids = [nodes[c].name for c in node.children]
            text += f" An „{node.name}“ {'berichtet' if len(kids) == 1 else 'berichten'} {_joined(kids)}."
    if alone:
        text += f" Ohne Berichtslinie: {_joined([nodes[n].name for n in alone])}."
    marked = [n for n in nodes.values() if n.alert]
    if marked:
        text += " Rot umrandet, mit einem Befund: " + "; ".join(
            f"„{n.name}“ ({', '.join(n.findings)})" for n in marked[:6]
        )
        text += f" und {len(marked) - 6} weitere." if len(marked) > 6 else "."
    return text


def overlap_cells(overlap: pd.DataFrame, names: Mapping[str, str], order: Iterable[str]) -> pd.DataFrame:
    """The cells of the committee-overlap heatmap: every ordered pair of committees with its Jaccard value.

    Parameters
    ----------
    overlap : pandas.DataFrame
        One row per pair: ``a``, ``b`` (committee ids), ``jaccard`` (0–1) and ``shared`` (number of
        shared members).
    names : mapping of str to str
        Committee names by id (shown on the axes).
    order : iterable of str
        The committees in the order of the axes.

    Returns
    -------
    pandas.DataFrame
        ``row``, ``col`` (names), ``jaccard``, ``shared``, ``text`` (the share in German, e.g. „71 %“)
        for every pair of different committees (both orders), the diagonal left empty.
    """
    value: dict[tuple[str, str], tuple[float, int]] = {}
    for row in overlap.to_dict("records"):
        j = float(row.get("jaccard") or 0.0)
        s = int(row.get("shared") or 0)
        value[(row["a"], row["b"])] = value[(row["b"], row["a"])] = (j, s)
    ids = list(order)
    records = []
    for a in ids:
        for b in ids:
            if a == b:
                continue
            j, s = value.get((a, b), (0.0, 0))
            records.append(
                {
                    "row": names.get(a, a),
                    "col": names.get(b, b),
                    "jaccard": j,
                    "shared": s,
                    "text": german.percent(j) if j > 0 else "",
                }
            )
    return pd.DataFrame(records, columns=["row", "col", "jaccard", "shared", "text"])
