"""The print cover as the printers check it: text clear of the barcode area at every trim,
the spine text on the spine's centre and only where the printer allows it, the blurb set
as the interior sets text; and the preflight failing each fault when it is put back."""

import dataclasses

import pytest

from pressroom import paths, printers
from pressroom.checks import preflight
from pressroom.sources.metadata import load_book
from pressroom.writers import cover

from .conftest import ROOT

TRIMS = ((4, 6), (5.5, 8.5), (6, 9))
ISBN = '978-0-306-40615-7'


def _book(printer, trim):
    return dataclasses.replace(load_book(ROOT), trim=(trim[0] * 72, trim[1] * 72), printer=printer, identifier=ISBN)


def _errors(book, path, pages):
    return [finding.message for finding in preflight.cover(book, path, pages) if finding.level == 'error']


@pytest.mark.parametrize('printer', ['kdp', 'ingramspark'])
@pytest.mark.parametrize('trim', TRIMS)
def test_the_back_cover_s_text_keeps_clear_of_the_barcode_at_every_trim(printer, trim, tmp_path):
    book = _book(printer, trim)
    path = tmp_path / 'cover.pdf'
    path.write_bytes(cover.cover_pdf(book, 300))
    assert _errors(book, path, 300) == []
    words = [word for word, _ in preflight._words(path)[0][1]]
    assert 'Site' in words and '2–9,' in words      # the publisher's line whole; the blurb's range en-dashed


def test_text_run_into_the_barcode_area_fails_the_preflight(tmp_path, monkeypatch):
    book = _book('ingramspark', (4, 6))
    monkeypatch.setattr(cover, '_around_barcode', lambda book: '')       # as it was
    path = tmp_path / 'cover.pdf'
    path.write_bytes(cover.cover_pdf(book, 300))
    assert any('is in the barcode area' in message for message in _errors(book, path, 300))


def test_the_spine_text_stands_on_the_spine_s_centre(tmp_path, monkeypatch):
    book = _book('kdp', (5.5, 8.5))
    path = tmp_path / 'cover.pdf'
    path.write_bytes(cover.cover_pdf(book, 300))
    assert _errors(book, path, 300) == []
    # put back the paragraph's margin that set it 9 pt off its centre
    styles = tmp_path / 'styles'
    styles.mkdir()
    (styles / 'cover.css').write_text((paths.STYLES_DIR / 'cover.css').read_text() + '.spine .text { margin: 9pt 0; }')
    monkeypatch.setattr(paths, 'theme_folders', lambda book: [styles, paths.STYLES_DIR])
    path.write_bytes(cover.cover_pdf(book, 300))
    assert any('from its centre' in message for message in _errors(book, path, 300))


def test_spine_text_from_the_printer_s_page_count_as_large_as_its_clearances_allow(capsys):
    kdp = _book('kdp', (5.5, 8.5))
    assert cover.spine_text_size(kdp, 79) is None and 'spine is left blank' not in capsys.readouterr().err
    # KDP: "more than 79 pages", and 0.0625 in clear each side, which at 80 pages leave room
    # for 3 pt type: the spine stays blank, and the build says why
    assert cover.spine_text_size(kdp, 80) is None and 'spine is left blank' in capsys.readouterr().err
    assert 5 <= cover.spine_text_size(kdp, 100) < 9
    assert cover.spine_text_size(kdp, 300) == 9
    ingram = _book('ingramspark', (5.5, 8.5))
    assert cover.spine_text_size(ingram, 47) is None
    assert cover.spine_text_size(ingram, 66) is None and 'spine is left blank' in capsys.readouterr().err
    wide = dataclasses.replace(ingram, spine_per_page=0.005)        # a thick paper: room from 48 pages on
    assert cover.spine_text_size(wide, 48) >= 5
    for pages in (100, 120, 300):
        room = (printers.spine_width(kdp, pages) - 2 * 0.0625 * 72)
        assert cover.spine_text_size(kdp, pages) * 1.305 <= room + 0.01      # EB Garamond's line box fits
