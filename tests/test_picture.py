"""Static network pictures: slide-sized, with title and legend, German characters, anonymised on request."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from conftest import DEMO, run_cli
from PIL import Image
from pypdf import PdfReader

from graph import service
from graph.errors import DataError
from graph.io.validate import load_or_raise

DAY = dt.date(2026, 10, 1)


@pytest.fixture(scope="module")
def demo():
    return load_or_raise(DEMO)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_png_is_slide_sized_and_at_least_1920_pixels_wide(demo, tmp_path):
    service.network_picture(demo, DAY, tmp_path / "netz.png")
    width, height = Image.open(tmp_path / "netz.png").size
    assert width >= 1920 and abs(width / height - 16 / 9) < 0.01


def test_pdf_has_title_legend_and_german_characters_as_text(demo, tmp_path):
    data = service.network_picture(demo, DAY, tmp_path / "netz.pdf", title="Kooperationsnetz Landkreis Musterau")
    text = pdf_text(data)
    for expected in (
        "Kooperationsnetz Landkreis Musterau",
        "Legende",
        "Frühe Bildung",
        "Größe: Zahl der Partner",
        "Bildungsbüro Landkreis Musterau",
    ):
        assert expected in text


def test_anonymised_picture_names_no_organisation(demo, tmp_path):
    data = service.network_picture(demo, DAY, tmp_path / "anonym.pdf", anonymous=True)
    text = pdf_text(data)
    names = [p["name"] for p in demo.nodes["Actor"].values()]
    assert not [n for n in names if n in text]
    assert "Kreisverwaltung G" in text or "Volkshochschule G" in text  # type and area code instead


def test_svg_is_written_and_an_unknown_format_is_refused(demo, tmp_path):
    service.network_picture(demo, DAY, tmp_path / "netz.svg", color_by="community", size_by="betweenness")
    assert (tmp_path / "netz.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    with pytest.raises(DataError, match="Bildformat"):
        service.network_picture(demo, DAY, tmp_path / "netz.gif")


def test_the_command_line_draws_a_filtered_picture(tmp_path):
    target = tmp_path / "schule.png"
    result = run_cli(
        "picture",
        str(target),
        "--input",
        str(DEMO),
        "--as-of",
        "2026-10-01",
        "--sector",
        "schule",
        "--title",
        "Schulen",
    )
    assert result.returncode == 0, result.stderr
    assert Image.open(target).size[0] >= 1920
