"""Print files as POD vendors and print shops take them: printer profiles, preflight, the
consumers a RIP is made of, PDF/X-1a, the barcode."""

import dataclasses
import subprocess

import pikepdf
import pytest

from pressroom import printers
from pressroom.build import build
from pressroom.checks import preflight
from pressroom.checks.validate import pdf_findings
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES, ROOT, copy_book


def with_printer(source, target, name):
    folder = copy_book(source, target)
    metadata = folder / 'metadata.yaml'
    metadata.write_text(metadata.read_text(encoding='utf-8') + f'\nprinter: {name}\n', encoding='utf-8')
    return load_book(folder), build(folder)


@pytest.fixture(scope='module')
def lecture_ingramspark(tmp_path_factory):
    return with_printer(ROOT, tmp_path_factory.mktemp('ingram') / 'book', 'ingramspark')


@pytest.fixture(scope='module')
def small_ingramspark(tmp_path_factory):
    return with_printer(FIXTURES / 'small-book', tmp_path_factory.mktemp('small-ingram') / 'book', 'ingramspark')


def errors(findings):
    return [finding for finding in findings if finding.level == 'error']


@pytest.mark.parametrize('built', ['lecture', 'small_book', 'lecture_ingramspark', 'small_ingramspark'])
def test_interior_and_cover_pass_the_preflight(built, request):
    book, results = request.getfixturevalue(built)
    for name in ('print', 'cover'):
        assert errors(pdf_findings(results[name][0], book, name)) == [], name


@pytest.mark.parametrize('built', ['lecture', 'small_book', 'lecture_ingramspark'])
def test_ghostscript_and_mutool_read_every_pdf_without_a_warning(built, request):
    book, results = request.getfixturevalue(built)
    for name in ('pdf', 'print', 'cover'):
        assert preflight.consumers(results[name][0]) == [], name


def test_kdp_interior_leaves_out_bookmarks_links_and_tags(lecture):
    book, results = lecture
    with pikepdf.open(results['print'][0]) as pdf:
        assert '/Outlines' not in pdf.Root and '/StructTreeRoot' not in pdf.Root
        assert not any('/Annots' in page.obj for page in pdf.pages)
    with pikepdf.open(results['pdf'][0]) as screen:          # the screen PDF keeps them
        assert '/Outlines' in screen.Root and '/StructTreeRoot' in screen.Root


def test_ingramspark_files_are_pdf_x1a_2001_in_cmyk(small_ingramspark):
    book, results = small_ingramspark
    for name in ('print', 'cover'):
        with pikepdf.open(results[name][0]) as pdf:
            assert pdf.pdf_version == '1.3'
            assert str(pdf.docinfo['/GTS_PDFXConformance']) == 'PDF/X-1a:2001'
            assert pdf.Root.OutputIntents[0].S == '/GTS_PDFX'
            assert '/Group' not in pdf.pages[0].obj
    listed = subprocess.run(['pdfimages', '-list', str(results['print'][0])], capture_output=True,
                            text=True, check=True).stdout.splitlines()[2:]
    assert listed and all(row.split()[5] == 'cmyk' for row in listed)     # the fixture's RGB image, separated


def test_the_cover_barcode_scans_as_the_isbn(small_book):
    book, results = small_book
    assert preflight._barcode(book, results['cover'][0], printers.printer(book)) == []
    assert printers.printer(book).barcode is not None


def test_preflight_names_the_page_of_a_glyph_outside_the_safe_zone(lecture, monkeypatch):
    book, results = lecture
    strict = dataclasses.replace(printers.PRINTERS['kdp'], safe_margin=0.7)
    monkeypatch.setitem(printers.PRINTERS, 'kdp', strict)
    found = errors(preflight.interior(book, results['print'][0]))
    assert found and all(finding.page for finding in found)
    assert 'from the' in found[0].message and 'wants at least 0.700in' in found[0].message


def test_preflight_sees_bleed_at_the_spine(lecture, monkeypatch):
    book, results = lecture
    monkeypatch.setitem(printers.PRINTERS, 'kdp', dataclasses.replace(printers.PRINTERS['kdp'], bleed_edges='all'))
    found = errors(preflight.interior(book, results['print'][0]))
    assert any('bleed on the left edge' in finding.message and finding.page == 1 for finding in found)


def test_inside_margin_follows_the_page_count():
    kdp = printers.PRINTERS['kdp']
    assert [kdp.inside_margin(pages) for pages in (24, 150, 151, 300, 301, 501, 701)] == \
        [0.375, 0.375, 0.5, 0.5, 0.625, 0.75, 0.875]
    assert printers.PRINTERS['ingramspark'].inside_margin(100) == 0.5
    assert printers.PRINTERS['offset'].inside_margin(100) is None


def test_the_gutter_grows_when_the_printer_wants_more_for_the_page_count(tmp_path, monkeypatch):
    wide = dataclasses.replace(printers.PRINTERS['kdp'], gutter=((10, 0.375), (10_000, 1.25)))
    monkeypatch.setitem(printers.PRINTERS, 'kdp', wide)
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    book, results = load_book(folder), build(folder)
    assert errors(preflight.interior(book, results['print'][0])) == []
    inside = []
    for number, words in preflight._words(results['print'][0]):
        with pikepdf.open(results['print'][0]) as pdf:
            trim = [float(v) for v in pdf.pages[number - 1].obj.TrimBox]
        if words and number > 6:
            edge = min(box[0] for _, box in words) - trim[0] if number % 2 else trim[2] - max(box[2] for _, box in words)
            inside.append(edge)
    assert inside and min(inside) >= 1.25 * 72 - 0.5


def _text(path, page, crop=None):
    area = ['-x', str(crop[0]), '-y', '0', '-W', str(crop[1]), '-H', '10000'] if crop else []
    return ' '.join(subprocess.run(['pdftotext', '-f', str(page), '-l', str(page), *area, str(path), '-'],
                                   capture_output=True, text=True, check=True).stdout.split())


def test_booklet_is_imposed_two_up_in_folding_order(lecture):
    book, results = lecture
    booklet = build(book.folder, ('booklet',))['booklet'][0]
    screen = results['pdf'][0]
    with pikepdf.open(screen) as pdf:
        pages = len(pdf.pages)
    with pikepdf.open(booklet) as pdf:
        count = -(-pages // 4) * 4
        assert len(pdf.pages) == count // 2
        assert [float(v) for v in pdf.pages[0].MediaBox] == [0, 0, 2 * book.trim[0], book.trim[1]]
    assert preflight.consumers(booklet) == []
    width = int(book.trim[0])
    for side, (left, right) in enumerate(booklet_sides(count), 1):
        for number, crop in ((left, (0, width)), (right, (width, width))):
            wanted = _text(screen, number) if number <= pages else ''
            assert _text(booklet, side, crop) == wanted, (side, number)


def booklet_sides(count):
    """Saddle stitch: the outer sheet carries the last and first pages, and so on inwards."""
    from pressroom.writers.pdf.booklet import sides
    order = sides(count)
    assert order[0] == (count, 1) and order[1] == (2, count - 1) and order[-1] == (count // 2, count // 2 + 1)
    return order


def test_offset_printer_gets_bleed_all_round_crop_marks_and_a_slug_line(tmp_path):
    book, results = with_printer(FIXTURES / 'small-book', tmp_path / 'book', 'offset')
    assert book.crop_marks
    assert errors(pdf_findings(results['print'][0], book, 'print')) == []
    with pikepdf.open(results['print'][0]) as pdf:
        boxes = [([float(v) for v in page.obj.TrimBox], [float(v) for v in page.obj.BleedBox]) for page in pdf.pages]
    assert all(abs(abs(t - b) - book.bleed) < 0.01 for trim, bleed in boxes for t, b in zip(trim, bleed))
    for number, words in preflight._words(results['print'][0]):
        trim = boxes[number - 1][0]
        slug = [word for word, box in words if box[3] < trim[1]]         # below the trim, by the marks
        assert slug[-3:] == [str(number), 'of', str(len(boxes))] and 'offset' in slug
