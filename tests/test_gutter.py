"""The printer's gutter for a book's length, set at its first layout: the page count is
foreseen from a sample page of the book's own text (typeset/parts.py)."""

import pikepdf
import pytest

from pressroom.build import cached_intermediate
from pressroom.outputs import output_path
from pressroom.printers import INCH, PRINTERS
from pressroom.sources.chapters import read_chapters
from pressroom.typeset import parts
from pressroom.typeset.paged import paged
from pressroom.units import css_length

PX = 4 / 3


@pytest.mark.parametrize('pages, inches', [(100, None), (600, None), (730, 0.875), (820, 0.875)])
def test_the_gutter_widens_the_design_s_margin_only_where_kdp_asks_more(pages, inches):
    design = 0.8 * INCH * PX                 # pdf.css: 0.8 in inside, as WeasyPrint gives it (CSS px)
    css = parts._gutter(PRINTERS['kdp'], pages, design)
    assert (css == '') == (inches is None)
    if inches:
        assert f'margin-left: {css_length(inches * INCH)}' in css


def test_the_gutter_compares_points_with_points():
    """A design margin of 57.6 pt is 76.8 CSS px: 63 pt (0.875 in) is wider than it."""
    assert parts._gutter(PRINTERS['kdp'], 730, 76.8) != ''
    assert parts._gutter(PRINTERS['kdp'], 730, 0.9 * INCH * PX) == ''


def test_the_page_count_is_foreseen_near_enough_to_pick_the_printer_s_step(generated, monkeypatch):
    """On the generated book, the foreseen count is within a tenth of the laid-out one."""
    monkeypatch.setattr(parts, 'FORESEEN_FROM', 0)
    front, groups = parts.split(paged(cached_intermediate(generated, read_chapters(generated)), generated))
    foreseen, inside = parts._foreseen(generated, front, groups)
    with pikepdf.open(output_path(generated, 'pdf')) as pdf:
        laid = len(pdf.pages)
    assert abs(foreseen - laid) <= 0.1 * laid and inside == pytest.approx(0.8 * INCH * PX)
