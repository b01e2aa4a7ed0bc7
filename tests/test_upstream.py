"""Every change to the pinned WeasyPrint and pydyf (typeset/upstream/, recorded in its
README.md): each test fails without its change."""

import importlib.util
import io
from pathlib import Path

import pikepdf
import pydyf
import pytest
from weasyprint import HTML

from pressroom.errors import SetupError
from pressroom.sources.metadata import load_book
from pressroom.typeset import layout, upstream
from pressroom.typeset.paged import paged
from pressroom.typeset.parts import split
from pressroom.typeset.upstream import document as read
from pressroom.typeset.upstream import draw, lines, margins, notes, pages, tagging

from .conftest import ROOT


@pytest.fixture
def released():
    """WeasyPrint and pydyf as released for the test, the changes back afterwards."""
    upstream.remove()
    yield
    upstream.apply()


@pytest.fixture(scope='module')
def lecture_parts(lecture):
    book, results = lecture
    _, groups = split(paged(results['html'][0].read_text(encoding='utf-8'), book))
    return book, groups


def _lay_out(book, group, without=None):
    """The part laid out by the engine, with one change taken out if `without`."""
    render = layout.renderer(book, group.css)
    if without is not None:
        without.uninstall()
    try:
        return render(group.html())
    finally:
        upstream.apply()


def test_page_references_are_read_from_a_cache_until_a_page_is_added():
    upstream.apply()
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({'Type': '/Page'}))
    first = pdf.page_references
    assert pdf.page_references is first and len(first) == 3
    pdf.add_page(pydyf.Dictionary({'Type': '/Page'}))
    assert len(pdf.page_references) == 4


def test_released_pydyf_rebuilds_the_page_references_on_every_read(released):
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({'Type': '/Page'}))
    assert pdf.page_references == pdf.page_references and pdf.page_references is not pdf.page_references


# A small page: a first paragraph calls a note; single lines fill the page down to where a
# two-line paragraph (orphans and widows 2) meets the page foot.
PAGE = '''<!DOCTYPE html><html lang="en"><style>
@page { size: 200pt 160pt; margin: 10pt; }
html { font: 10pt/12pt serif; }
p { margin: 0; orphans: 2; widows: 2; }
.fn { float: footnote; }
</style><body>
<p>Called here<span class="fn" id="n1">The note of the first paragraph.</span> and on.</p>
{filler}
<p>A paragraph of four lines that meets the foot of the page here. It runs on, and on,
and on to a fourth line and more words still to fill it out.</p>
</body></html>'''


def _stray_notes(fillers):
    """For each filler count, whether the note is set on another page than its call."""
    found = []
    for count in fillers:
        html = PAGE.replace('{filler}', '<p>x</p>' * count)
        document = HTML(string=html).render()
        found.append(any(call != text for call, text in read.note_pages(document).values()))
    return found


def test_notes_stay_on_the_page_of_their_call(released):
    fillers = range(14)
    assert any(_stray_notes(fillers)), 'released WeasyPrint moves no note here: the test shows nothing'
    notes.install()
    assert not any(_stray_notes(fillers))


def _breaks(document):
    """Each line's last word, page by page: where the lines break."""
    return [''.join(box.text for box in read.text_boxes(line)).split()[-1:]
            for page in document.pages for line, _ in read.line_boxes(page._page_box)]


def test_lines_break_where_the_paragraph_breaker_chose_not_first_fit(lecture_parts):
    """Without the change to split_inline_box and split_text_box, WeasyPrint fills each line
    first-fit: other breaks (test_typeset.py shows the chosen ones are set exactly)."""
    book, groups = lecture_parts
    chosen = _breaks(_lay_out(book, groups[0]))
    first_fit = _breaks(_lay_out(book, groups[0], without=lines))
    assert sum(a != b for a, b in zip(chosen, first_fit)) > 50


def _scales(document, without=None):
    """The horizontal scales of the text matrices of a laid-out document's PDF, drawn with
    one change taken out if `without`."""
    if without is not None:
        without.uninstall()
    try:
        data = document.write_pdf()
    finally:
        upstream.apply()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return {round(float(operands[0]), 3) for page in pdf.pages
                for operands, operator in pikepdf.parse_content_stream(page) if str(operator) == 'Tm'}


def test_letters_are_drawn_scaled_as_their_line_is_set(lecture_parts):
    book, groups = lecture_parts
    document = _lay_out(book, groups[0])
    assert len(_scales(document)) > 10
    assert _scales(document, without=draw) == {1.0}


def _named(document, without=None):
    """How many structure elements of the written PDF name the element they came from."""
    if without is not None:
        without.uninstall()
    try:
        data = document.write_pdf(**layout.PDF_OPTIONS)
    finally:
        upstream.apply()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return sum(tagging.IDENTITY in obj for obj in pdf.objects
                   if isinstance(obj, pikepdf.Dictionary) and obj.get('/Type') == '/StructElem')


def test_structure_elements_name_the_element_they_came_from(lecture_parts):
    """writers/pdf/structure.py rebuilds the tag tree from these names (one P for a paragraph
    a page splits, notes as Notes): without the change WeasyPrint writes none."""
    book, groups = lecture_parts
    document = _lay_out(book, groups[0])
    assert _named(document) > 100
    assert _named(document, without=tagging) == 0


def _page_tops(document):
    """How far below the top of its text area each page that opens with a heading sets it."""
    found = []
    for page in document.pages:
        box = page._page_box
        first = next((line for line, foot in read.line_boxes(box.children[0]) if line.children), None)
        if first is not None and first.element_tag == 'h2':
            found.append(round(first.position_y - box.content_box_y(), 1))
    return found


def test_a_heading_at_the_top_of_a_page_keeps_no_space_above_it(lecture_parts):
    book, groups = lecture_parts
    tops = [top for group in groups for top in _page_tops(_lay_out(book, group))]
    assert tops and max(tops) < 2           # lifted to the body's baseline, a point or so
    kept = [top for group in groups for top in _page_tops(_lay_out(book, group, without=margins))]
    assert kept and min(kept) > 20          # h2's 1.6em above it


def _foot_hyphens(document):
    """Pages whose last line of main text ends with the hyphen of a broken word."""
    found = 0
    for page in document.pages:
        main = [line for line, foot in read.line_boxes(page._page_box) if not foot and line.children]
        if main and ''.join(box.text for box in read.text_boxes(main[-1])).endswith('\u2010'):
            found += 1
    return found


def test_pages_are_mended_as_they_are_made():
    """Without remake_page's change no page is mended: generated prose set on a narrow page
    then has a page that ends on a hyphen."""
    spec = importlib.util.spec_from_file_location('bench_run', ROOT / 'bench' / 'run.py')
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    prose = bench.Prose(7)
    body = ''.join(f'<p>{prose.paragraph(90)}</p>' for _ in range(120))
    html = f'<html lang="en-US"><body><section class="chapter"><h1>A</h1>{body}</section></body></html>'
    render = layout.renderer(load_book(ROOT), '@page { size: 3.6in 5.6in; margin: 0.5in }')
    assert _foot_hyphens(render(html)) == 0
    pages.uninstall()
    try:
        assert _foot_hyphens(render(html)) > 0
    finally:
        upstream.apply()


def test_changes_refuse_other_versions(monkeypatch):
    monkeypatch.setitem(upstream.PINNED, 'weasyprint', (type('W', (), {'__version__': '71.0'}), '70.0'))
    with pytest.raises(SetupError, match='weasyprint 71.0 is installed, but pressroom is written for 70.0'):
        upstream.apply()


@pytest.mark.parametrize('module, name', [(notes, 'linebox_layout'), (margins, 'block_level_layout')])
def test_a_maintained_copy_shows_its_own_lines_in_tracebacks(module, name):
    code = getattr(module, name).__code__
    assert code.co_filename == module.__file__
    source = Path(module.__file__).read_text(encoding='utf-8').splitlines()
    assert source[code.co_firstlineno - 1].startswith(f'def {name}(')


def test_every_change_is_recorded():
    record = (Path(upstream.__file__).parent / 'README.md').read_text(encoding='utf-8')
    for change in upstream.CHANGES:
        assert f'| `{Path(change.__file__).name}` |' in record
