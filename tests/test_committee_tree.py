"""The committee tree picture: drawn top-down, every committee readable at A4 landscape, findings marked.

Hand-built structures with the answer written here: a tree (a Lenkungskreis, a Steuerungsgruppe
below it, three Arbeitskreise below that), a cycle of two, a committee on its own, and a
Steuerungsgruppe with twelve Arbeitskreise (more than fit side by side on A4).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from graph.views import committees as view

A4_POINTS = (841.89, 595.28)


def tree_table() -> pd.DataFrame:
    rows = [
        ("lk", "Lenkungskreis Bildung", "lenkungskreis", None, 12, ["Dezernat Bildung"], 2, ["Steuerung"], []),
        ("sg", "Steuerungsgruppe", "steuerungsgruppe", "lk", 7, ["Bildungsbüro"], 4, ["Koordination"], []),
        ("ak1", "Arbeitskreis Frühe Bildung", "arbeitskreis", "sg", 20, [], 4, ["Frühe Bildung"], []),
        (
            "ak2",
            "Arbeitskreis Übergang Kita–Grundschule",
            "arbeitskreis",
            "sg",
            16,
            ["Jugendamt"],
            4,
            ["Übergang"],
            ["Übergang ohne Grundschulen"],
        ),
        ("ak3", "Arbeitskreis Schule–Beruf", "arbeitskreis", "sg", 15, ["IHK"], 5, [], []),
        ("z1", "AK Kreis A", "arbeitskreis", "z2", 3, [], None, [], []),
        ("z2", "AK Kreis B", "arbeitskreis", "z1", 4, [], None, [], []),
        ("solo", "Netzwerk $Frühe$ Hilfen", "netzwerk", None, 9, ["Familienzentrum"], 6, ["Familien"], []),
    ]
    columns = ["id", "name", "committee_type", "reports_to", "members", "chair", "meetings_per_year", "themes"]
    return pd.DataFrame([dict(zip([*columns, "findings"], r, strict=True)) for r in rows])


def rendered_texts(lay: view.Layout):
    fig = view.figure(lay)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    to_points = ax.transData.inverted()
    out = []
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        (x0, y0), (x1, y1) = to_points.transform([(box.x0, box.y0), (box.x1, box.y1)])
        out.append((text.get_gid() or "", text.get_fontsize(), min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return out


def test_a_reporting_committee_stands_below_the_one_it_reports_to():
    lay = view.layout(tree_table(), title="Gremienstruktur")
    n = lay.nodes
    assert n["lk"].y + n["lk"].h < n["sg"].y
    for child in ("ak1", "ak2", "ak3"):
        assert n["sg"].y + n["sg"].h < n[child].y
    assert n["ak1"].y == n["ak2"].y == n["ak3"].y  # one row
    assert n["ak1"].x < n["ak2"].x < n["ak3"].x
    # the parent stands over the middle of its children
    assert n["sg"].x == pytest.approx((n["ak1"].x + n["ak3"].x) / 2)


def test_a_committee_without_reporting_line_stands_in_its_own_panel():
    lay = view.layout(tree_table(), title="Gremienstruktur")
    assert lay.alone == ["solo"]
    assert lay.nodes["solo"].y > max(lay.nodes[c].y for c in ("ak1", "z2"))


def test_a_cycle_is_marked_and_its_closing_line_is_red_and_dashed():
    lay = view.layout(tree_table(), title="Gremienstruktur")
    for member in ("z1", "z2"):
        assert lay.nodes[member].alert
        assert any("Kreislauf" in text for text in lay.nodes[member].findings)
    assert not lay.nodes["ak1"].alert and lay.nodes["ak2"].alert  # the finding the table gave
    dashed = [s for s in lay.segments if s[3]]
    assert dashed and all(s[2] == view.ALERT for s in dashed)
    assert lay.nodes["z1"].y < lay.nodes["z2"].y  # the smaller id is drawn on top


def test_no_text_is_smaller_than_7_pt_and_every_text_stays_in_its_box_on_a4():
    lay = view.layout(tree_table(), title="Gremienstruktur", subtitle="Landkreis Probe", footer="Stand 01.10.2026")
    assert (lay.width, lay.height) == pytest.approx(A4_POINTS)
    texts = rendered_texts(lay)
    assert texts and min(size for _, size, *_ in texts) >= 7.0
    for node in lay.nodes.values():
        inside = [t for t in texts if t[0] == f"gremium-{node.id}"]
        assert len(inside) == len(node.lines), node.id
        for _, _, x0, y0, x1, y1 in inside:
            assert node.x <= x0 and x1 <= node.x + node.w + 0.5, (node.id, x0, x1)
            assert node.y <= y0 and y1 <= node.y + node.h + 0.5, (node.id, y0, y1)
    for _, _, x0, y0, x1, y1 in texts:
        assert x0 >= 0 and x1 <= lay.width and y0 >= 0 and y1 <= lay.height


def test_boxes_do_not_overlap():
    lay = view.layout(tree_table(), title="Gremienstruktur")
    boxes = list(lay.nodes.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
            assert apart, (a.id, b.id)


def test_a_committee_with_twelve_sub_committees_stacks_them_in_rows_that_fit_the_page():
    rows = [{"id": "sg", "name": "Steuerungsgruppe", "committee_type": "steuerungsgruppe", "members": 7}]
    rows += [
        {"id": f"ak{i:02d}", "name": f"Arbeitskreis {i}", "committee_type": "arbeitskreis", "reports_to": "sg"}
        for i in range(12)
    ]
    lay = view.layout(pd.DataFrame(rows), title="Gremienstruktur")
    kids = [lay.nodes[f"ak{i:02d}"] for i in range(12)]
    assert len({k.y for k in kids}) == 2  # two rows
    assert max(k.x + k.w for k in kids) <= lay.width - view.MARGIN + 0.5
    assert min(k.w for k in kids) >= view.MIN_BOX
    assert min(k.y for k in kids) > lay.nodes["sg"].y + lay.nodes["sg"].h


def test_the_box_says_size_chair_meetings_and_themes_in_german():
    lay = view.layout(tree_table(), title="Gremienstruktur")
    text = " ".join(line[0] for line in lay.nodes["sg"].lines)
    assert "7 Mitglieder" in text and "4 Sitzungen im Jahr" in text
    assert "Vorsitz: Bildungsbüro" in text and "Themen: Koordination" in text
    one = " ".join(line[0] for line in lay.nodes["z1"].lines)
    assert "3 Mitglieder" in one and "Vorsitz: nicht benannt" in one and "Sitzungen" not in one


def test_png_and_svg_come_as_bytes_with_text_kept_as_text_and_dollar_signs_as_written():
    table = tree_table()
    png = view.tree_picture(table, fmt="png")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (int(A4_POINTS[0] / 72 * 200), int(A4_POINTS[1] / 72 * 200))
    svg = view.tree_picture(table, fmt="svg")
    root = ET.fromstring(svg)
    words = " ".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))
    assert "Netzwerk $Frühe$ Hilfen" in words and "Lenkungskreis" in words
    with pytest.raises(ValueError):
        view.tree_picture(table, fmt="gif")


def test_the_overlap_cells_hold_both_orders_of_each_pair_and_german_numbers():
    overlap = pd.DataFrame([{"a": "x", "b": "y", "jaccard": 0.7, "shared": 7}])
    cells = view.overlap_cells(overlap, {"x": "AK X", "y": "AK Y", "z": "AK Z"}, ["x", "y", "z"])
    assert len(cells) == 6  # 3 × 3 without the diagonal
    xy = cells[(cells["row"] == "AK X") & (cells["col"] == "AK Y")].iloc[0]
    yx = cells[(cells["row"] == "AK Y") & (cells["col"] == "AK X")].iloc[0]
    assert xy["text"] == yx["text"] == "70 %" and xy["shared"] == 7
    assert set(cells[cells["row"] == "AK Z"]["text"]) == {""}


def test_the_screen_page_is_narrower_as_tall_as_the_tree_and_keeps_7_pt():
    lay = view.layout(tree_table(), title="Gremienstruktur", paper="screen")
    assert lay.width == pytest.approx(620.0)
    bottom = max(n.y + n.h for n in lay.nodes.values())
    assert bottom < lay.height <= bottom + 120  # legend and footer below the last box, no empty page
    texts = rendered_texts(lay)
    assert min(size for _, size, *_ in texts) >= 7.0
    assert max(n.x + n.w for n in lay.nodes.values()) <= lay.width - view.MARGIN + 0.5


def test_picture_rows_put_each_structure_finding_and_missing_side_in_its_committee_box():
    tree = pd.DataFrame(
        {
            "id": ["lk", "ak", "nw"],
            "name": ["Lenkungskreis", "AK Übergang", "Netzwerk"],
            "committee_type": ["lenkungskreis", "arbeitskreis", "netzwerk"],
            "size": [12, 8, 5],
            "chair": ["Dezernat", None, None],
            "meetings_per_year": [2, 4, None],
            "themes": [["Steuerung"], ["Übergang Kita–Grundschule"], []],
            "reports_to": [None, "lk", None],
        }
    )
    structure = pd.DataFrame(
        {"kind": ["ohne_berichtslinie", "verwaist"], "committees": [["nw"], ["nw"]], "names": ["Netzwerk"] * 2}
    )
    transitions = pd.DataFrame(
        {
            "kind": ["transition", "transition"],
            "key": ["kita_grundschule", "schule_beruf"],
            "committee": ["ak", None],
            "one_sided": [True, False],
            "missing_side": ["b", None],
        }
    )
    rows = view.picture_rows({"tree": tree, "structure": structure, "transitions": transitions})
    findings = dict(zip(rows["id"], rows["findings"], strict=True))
    assert findings == {
        "lk": [],
        "ak": ["Kita → Grundschule: aufnehmende Seite fehlt"],
        "nw": ["nicht an die Steuerung angebunden", "Berichtslinie führt ins Leere"],
    }
    assert list(rows["members"]) == [12, 8, 5] and list(rows["reports_to"].isna()) == [True, False, True]


def test_at_8_pt_for_the_report_long_words_are_broken_inside_their_boxes_and_the_page_stays_a4():
    table = tree_table()
    table.loc[table["id"] == "ak1", "name"] = "Präventionsnetzwerkkoordinierungsrunde Brückenhagen"
    lay = view.layout(table, title="Gremienstruktur", subtitle="Landkreis Probe", footer="Stand", min_font=8.0)
    assert (lay.width, lay.height) == pytest.approx(A4_POINTS)
    texts = rendered_texts(lay)
    assert min(size for _, size, *_ in texts) >= 8.0
    for node in lay.nodes.values():
        for gid, _, x0, _y0, x1, _y1 in texts:
            if gid == f"gremium-{node.id}":
                assert node.x <= x0 and x1 <= node.x + node.w + 0.5, (node.id, x0, x1)
    name = [line[0] for line in lay.nodes["ak1"].lines if line[2]]
    assert name[0].endswith("-") and "".join(n.removesuffix("-") for n in name).startswith("Präventionsnetzwerk")
