"""Label placement for static network pictures: boxes in points that overlap neither each other nor a node.

Everything here works in typographic points (1/72 in) on the printed page,
with the origin at the top left and y growing downwards, so that a test can
check the font size and the overlaps of the very boxes the drawing uses.

A label sits next to its node when there is room; otherwise it moves away
along rings of growing distance and gets a leader line to its node. Labels
that must be shown (the focus actor, actors the text names, the largest
actors) search the whole drawing area; the others only look nearby and are
left out when there is no room.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

#: The font of every text in the pictures (bundled with matplotlib, so measured and drawn alike).
FONT = "DejaVu Sans"
#: Ascent and descent of DejaVu Sans per point of font size (1901 and 483 of 2048 font units).
ASCENT = 1901 / 2048
DESCENT = 483 / 2048
#: Padding between the text and the edge of its white box, in points.
PAD_X = 1.5
PAD_Y = 0.6
#: Smallest font size of any text in a picture at its printed size, in points.
MIN_FONT = 7.0


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in points (``x0 < x1``, ``y0 < y1``; y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        """Width in points."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Height in points."""
        return self.y1 - self.y0

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """Whether the boxes overlap or come closer than ``gap``.

        Examples
        --------
        >>> Box(0, 0, 10, 10).overlaps(Box(10.5, 0, 20, 10))
        False
        >>> Box(0, 0, 10, 10).overlaps(Box(10.5, 0, 20, 10), gap=1)
        True
        """
        return not (
            self.x1 + gap <= other.x0
            or other.x1 + gap <= self.x0
            or self.y1 + gap <= other.y0
            or other.y1 + gap <= self.y0
        )

    def inside(self, other: Box) -> bool:
        """Whether this box lies within ``other``."""
        return self.x0 >= other.x0 and self.y0 >= other.y0 and self.x1 <= other.x1 and self.y1 <= other.y1

    def distance_to_point(self, x: float, y: float) -> float:
        """Distance from the point to the nearest point of the box (0 inside).

        Examples
        --------
        >>> Box(0, 0, 10, 10).distance_to_point(13, 14)
        5.0
        """
        dx = max(self.x0 - x, 0.0, x - self.x1)
        dy = max(self.y0 - y, 0.0, y - self.y1)
        return math.hypot(dx, dy)

    def nearest_point(self, x: float, y: float) -> tuple[float, float]:
        """The point of the box nearest to ``(x, y)``."""
        return min(max(x, self.x0), self.x1), min(max(y, self.y0), self.y1)

    def hits_segment(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """Whether the segment from ``a`` to ``b`` passes through the box (Liang–Barsky clipping)."""
        (x1, y1), (x2, y2) = a, b
        dx, dy = x2 - x1, y2 - y1
        t0, t1 = 0.0, 1.0
        for p, q in ((-dx, x1 - self.x0), (dx, self.x1 - x1), (-dy, y1 - self.y0), (dy, self.y1 - y1)):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
        return True


@dataclass(frozen=True)
class Disc:
    """A node as drawn: centre and radius in points."""

    x: float
    y: float
    r: float


@dataclass
class Label:
    """A placed name: its white box (the text sits inside with :data:`PAD_X`/:data:`PAD_Y`), font size, leader."""

    node: Hashable
    text: str
    size: float
    box: Box
    required: bool = False
    bold: bool = False
    #: from the edge of the node to the box, when the box is not next to its node
    leader: tuple[tuple[float, float], tuple[float, float]] | None = None

    @property
    def baseline(self) -> tuple[float, float]:
        """Where the text starts: left end of its baseline, in points."""
        return self.box.x0 + PAD_X, self.box.y0 + PAD_Y + ASCENT * self.size


@dataclass
class Placement:
    """The result of :func:`place_labels`: the labels placed and the required names that found no room."""

    labels: list[Label] = field(default_factory=list)
    unplaced: list[Hashable] = field(default_factory=list)


@lru_cache(maxsize=20000)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points in :data:`FONT` at ``size`` pt (as matplotlib lays it out).

    Examples
    --------
    >>> text_width("Kita", 10) < text_width("Kita Sonnenschein", 10)
    True
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    width, _height, _descent = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def text_height(size: float) -> float:
    """Height of one line of text (ascent + descent) in points."""
    return (ASCENT + DESCENT) * size


def label_size(text: str, size: float, bold: bool = False) -> tuple[float, float]:
    """Width and height of the white box of a label, in points."""
    return text_width(text, size, bold) + 2 * PAD_X, text_height(size) + 2 * PAD_Y


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points (a word longer than that gets its own line).

    Examples
    --------
    >>> wrap("Linien: Kooperationen, dicker = häufiger", 10, 120)
    ['Linien: Kooperationen,', 'dicker = häufiger']
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and text_width(trial, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


def shorten(text: str, size: float, width: float, bold: bool = False) -> str:
    """``text`` cut with "…" so that it is at most ``width`` points wide."""
    if text_width(text, size, bold) <= width:
        return text
    while len(text) > 1 and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def segments_cross(
    a: tuple[tuple[float, float], tuple[float, float]], b: tuple[tuple[float, float], tuple[float, float]]
) -> bool:
    """Whether two segments cross (touching ends do not count).

    Examples
    --------
    >>> segments_cross(((0, 0), (10, 10)), ((0, 10), (10, 0)))
    True
    >>> segments_cross(((0, 0), (10, 0)), ((0, 5), (10, 5)))
    False
    """

    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = side(b[0], b[1], a[0]), side(b[0], b[1], a[1])
    d3, d4 = side(a[0], a[1], b[0]), side(a[0], a[1], b[1])
    return d1 * d2 < 0 and d3 * d4 < 0


def disc_hits_box(disc: Disc, box: Box, gap: float = 0.0) -> bool:
    """Whether the disc (grown by ``gap``) overlaps the box."""
    return box.distance_to_point(disc.x, disc.y) < disc.r + gap


class _Grid:
    """A uniform grid of buckets for fast overlap queries."""

    def __init__(self, cell: float) -> None:
        self.cell = max(cell, 1.0)
        self.buckets: dict[tuple[int, int], list[int]] = {}

    def cells(self, box: Box) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box.x0 / c), math.floor(box.x1 / c) + 1):
            for j in range(math.floor(box.y0 / c), math.floor(box.y1 / c) + 1):
                yield i, j

    def add(self, index: int, box: Box) -> None:
        for key in self.cells(box):
            self.buckets.setdefault(key, []).append(index)

    def near(self, box: Box) -> set[int]:
        found: set[int] = set()
        for key in self.cells(box):
            found.update(self.buckets.get(key, ()))
        return found


def _candidates(disc: Disc, w: float, h: float, gap: float, far: float, near_only: bool) -> Iterable[tuple[Box, bool]]:
    """Boxes of size ``w`` × ``h`` around the disc, nearest first; the flag says whether a leader is needed."""
    x, y, r = disc.x, disc.y, disc.r
    d = r + gap
    # next to the node: right, left, above, below, then the four corners
    yield Box(x + d, y - h / 2, x + d + w, y + h / 2), False
    yield Box(x - d - w, y - h / 2, x - d, y + h / 2), False
    yield Box(x - w / 2, y - d - h, x + w / 2, y - d), False
    yield Box(x - w / 2, y + d, x + w / 2, y + d + h), False
    c = d * 0.7071
    yield Box(x + c, y - c - h, x + c + w, y - c), False
    yield Box(x - c - w, y - c - h, x - c, y - c), False
    yield Box(x + c, y + c, x + c + w, y + c + h), False
    yield Box(x - c - w, y + c, x - c, y + c + h), False
    if near_only:
        distances: list[float] = [6.0, 12.0, 20.0]
    else:
        distances = [6.0, 12.0, 20.0]
        step = 20.0
        while distances[-1] < far:
            step *= 1.35
            distances.append(distances[-1] + step)
    for extra in distances:
        ring = r + gap + extra
        steps = max(16, min(96, int(2 * math.pi * ring / max(h, 6.0))))
        for k in range(steps):
            angle = 2 * math.pi * k / steps
            ax, ay = x + ring * math.cos(angle), y + ring * math.sin(angle)
            # the box touches the ring point with the side that faces the node
            cos, sin = math.cos(angle), math.sin(angle)
            bx = ax if cos > 0.38 else (ax - w if cos < -0.38 else ax - w / 2)
            by = ay if sin > 0.38 else (ay - h if sin < -0.38 else ay - h / 2)
            yield Box(bx, by, bx + w, by + h), True


def place_labels(
    discs: Mapping[Hashable, Disc],
    wanted: Sequence[tuple[Hashable, str, bool]],
    *,
    area: Box,
    size: float,
    budget: int,
    obstacles: Sequence[Box] = (),
    bold: Iterable[Hashable] = (),
    gap: float = 1.0,
    leaders: Sequence[tuple[tuple[float, float], tuple[float, float]]] = (),
) -> Placement:
    """Place the names of nodes so that no box overlaps another box, a node or an obstacle.

    Parameters
    ----------
    discs : mapping
        Node -> :class:`Disc` (centre and radius in points): every node drawn, labelled or not.
    wanted : sequence of (node, text, required)
        Labels in the order of their claim on room; required ones search the
        whole ``area`` (with a leader line when far from their node) and do not
        count against ``budget``.
    area : Box
        Where labels may stand.
    size : float
        Font size in points (at least :data:`MIN_FONT`).
    budget : int
        Most optional labels to place.
    obstacles : sequence of Box
        Other text or marks labels must keep clear of.
    bold : iterable of nodes
        Labels set in bold (e.g. the focus actor).
    gap : float
        Least distance in points between a box and any node, box or obstacle.
    leaders : sequence of segments
        Leader lines already drawn (of labels placed before): no box covers them.

    Returns
    -------
    Placement
        The labels, in the order placed, and the required nodes that found no room.

    Examples
    --------
    >>> discs = {"a": Disc(50, 50, 5), "b": Disc(60, 50, 5)}
    >>> result = place_labels(discs, [("a", "Kita A", True), ("b", "Schule B", True)],
    ...                       area=Box(0, 0, 200, 100), size=8, budget=0)
    >>> [label.node for label in result.labels], result.unplaced
    (['a', 'b'], [])
    """
    if size < MIN_FONT:
        raise ValueError(f"labels must be at least {MIN_FONT} pt")
    bold_nodes = set(bold)
    nodes = list(discs)
    items = [discs[n] for n in nodes]
    biggest = max((d.r for d in items), default=1.0)
    grid = _Grid(max(2 * biggest, 12.0))
    for i, d in enumerate(items):
        grid.add(i, Box(d.x - d.r, d.y - d.r, d.x + d.r, d.y + d.r))
    boxes: list[Box] = list(obstacles)
    box_grid = _Grid(24.0)
    for i, b in enumerate(boxes):
        box_grid.add(i, b)
    drawn_leaders: list[tuple[tuple[float, float], tuple[float, float]]] = list(leaders)
    far = math.hypot(area.width, area.height)
    result = Placement()

    def free(box: Box, leader: tuple[tuple[float, float], tuple[float, float]] | None, strict: int) -> bool:
        if not box.inside(area):
            return False
        grown = Box(box.x0 - gap, box.y0 - gap, box.x1 + gap, box.y1 + gap)
        for i in grid.near(Box(grown.x0 - biggest, grown.y0 - biggest, grown.x1 + biggest, grown.y1 + biggest)):
            if disc_hits_box(items[i], box, gap):
                return False
        for i in box_grid.near(grown):
            if boxes[i].overlaps(box, gap):
                return False
        for segment in drawn_leaders:  # an earlier leader line must stay visible
            if box.hits_segment(*segment):
                return False
        if leader is not None and strict > 0:  # a new leader must not pass behind an earlier label
            lx0, lx1 = sorted((leader[0][0], leader[1][0]))
            ly0, ly1 = sorted((leader[0][1], leader[1][1]))
            for i in box_grid.near(Box(lx0, ly0, lx1, ly1)):
                if boxes[i].hits_segment(*leader):
                    return False
            if strict > 1:  # nor cross another leader
                for segment in drawn_leaders:
                    if segments_cross(segment, leader):
                        return False
        return True

    def attempt(node: Hashable, text: str, required: bool, adjacent_only: bool) -> Label | None:
        heavy = node in bold_nodes
        w, h = label_size(text, size, heavy)
        disc = discs[node]
        # strictness: 2 = leaders cross neither labels nor leaders, 1 = not labels, 0 = a box anywhere free
        for strict in (2, 1, 0) if required and not adjacent_only else (2,):
            for box, needs_leader in _candidates(disc, w, h, gap + 0.5, far, near_only=not required):
                if needs_leader and adjacent_only:
                    break
                leader = None
                if needs_leader:
                    bx, by = box.nearest_point(disc.x, disc.y)
                    length = math.hypot(bx - disc.x, by - disc.y) or 1.0
                    start = (disc.x + (bx - disc.x) * disc.r / length, disc.y + (by - disc.y) * disc.r / length)
                    leader = (start, (bx, by))
                if free(box, leader, strict):
                    return Label(node, text, size, box, required=required, bold=heavy, leader=leader)
        return None

    def keep(label: Label) -> None:
        box_grid.add(len(boxes), label.box)
        boxes.append(label.box)
        if label.leader is not None:
            drawn_leaders.append(label.leader)
        result.labels.append(label)

    present = [(n, t, r) for n, t, r in wanted if n in discs]
    must = [(n, t) for n, t, r in present if r]
    # required names first: those that fit next to their node, then the others with a leader line
    waiting = []
    for node, text in must:
        label = attempt(node, text, True, adjacent_only=True)
        if label is None:
            waiting.append((node, text))
        else:
            keep(label)
    for node, text in waiting:
        label = attempt(node, text, True, adjacent_only=False)
        if label is None:
            result.unplaced.append(node)
        else:
            keep(label)
    optional = 0
    for node, text, required in present:
        if required:
            continue
        if optional >= budget:
            break
        label = attempt(node, text, False, adjacent_only=False)
        if label is not None:
            optional += 1
            keep(label)
    order = {n: i for i, (n, _t, _r) in enumerate(present)}
    result.labels.sort(key=lambda lb: order[lb.node])
    return result


def overlaps(labels: Sequence[Label], discs: Mapping[Any, Disc], gap: float = 0.0) -> list[tuple[Any, Any]]:
    """Every pair (label node, other label node or node) whose boxes overlap: empty when placement is clean."""
    found: list[tuple[Any, Any]] = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if a.box.overlaps(b.box, gap):
                found.append((a.node, b.node))
        for node, disc in discs.items():
            if disc_hits_box(disc, a.box, gap):
                found.append((a.node, node))
    return found
