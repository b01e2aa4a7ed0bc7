"""The typesetter's proof (checks/proof.py) on the lecture and on a generated book: the
composer's hyphenation and spacing as poppler reads the screen PDF, and `invoke proof`."""

import importlib.util
import re
import subprocess
import sys

import lxml.html
import pytest
from PIL import Image
from weasyprint import CSS, HTML

from pressroom.build import build
from pressroom.checks.proof import HYPHEN_RANGE_RE, proof, proof_book
from pressroom.outputs import output_path
from pressroom.sources.metadata import HYPHENATION, load_book
from pressroom.writers.pdf import composer, layout, upstream

from .conftest import ROOT


def _typeset_well(measured):
    totals = measured.totals()
    assert totals['hyphenated share'] <= 0.08, totals
    assert totals['longest run'] <= HYPHENATION['consecutive'], measured.shortfalls()
    assert totals['capitalised words broken'] == 0, measured.shortfalls()
    assert totals['pages ending on a hyphen'] == 0, measured.shortfalls()
    assert totals['hyphenated lines left short'] == 0, measured.shortfalls()
    assert totals['loose share'] <= 0.01, measured.shortfalls()
    assert totals['words broken in the text layer'] == 0, measured.broken_words
    assert totals['number ranges with a hyphen'] == 0, measured.ranges
    assert totals['contents lines of leaders only'] == 0
    assert totals['facing pages ending apart'] == 0, measured.shortfalls()      # writers/pdf/depth.py
    assert totals['pages with more than a line of space above the notes'] == 0, measured.shortfalls()


def test_the_lecture_is_typeset_as_a_typesetter_signs_off(lecture):
    book, _ = lecture
    measured = proof(output_path(book, 'pdf'))
    _typeset_well(measured)
    assert measured.hyphenated > 0       # hyphenation is on, only kept in bounds
    assert measured.body_size == 10.5 and measured.pitch == 13.5


@pytest.fixture(scope='module')
def generated(tmp_path_factory):
    """A book of generated prose, cited quotations and notes, as the benchmark makes it."""
    spec = importlib.util.spec_from_file_location('bench_run', ROOT / 'bench' / 'run.py')
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder = bench.write_long_book(tmp_path_factory.mktemp('generated'), 12_000)
    build(folder, ('html', 'pdf'))
    return load_book(folder)


def test_a_generated_book_is_typeset_as_well(generated):
    _typeset_well(proof(output_path(generated, 'pdf')))


def test_the_screen_pdf_reads_whole_words_and_is_linearized_and_tagged(lecture):
    book, _ = lecture
    path = output_path(book, 'pdf')
    text = subprocess.run(['pdftotext', str(path), '-'], capture_output=True, text=True, check=True).stdout
    # a break hyphen joined away; a line may end in an author's own hyphen (U+2010)
    assert 'perspective' in text and not re.search(r'\w-\n[a-z]', text)
    info = subprocess.run(['pdfinfo', str(path)], capture_output=True, text=True, check=True).stdout
    assert 'Optimized:       yes' in info and 'Tagged:          yes' in info
    fonts = subprocess.run(['pdffonts', str(path)], capture_output=True, text=True, check=True).stdout
    assert 'EBGaramond-Regular' in fonts and 'Book-Serif' not in fonts


def test_the_proof_prints_its_measures_and_writes_a_contact_sheet(lecture):
    book, _ = lecture
    lines = proof_book(book.folder)
    assert 'hyphenated share: ' + str(proof(output_path(book, 'pdf')).totals()['hyphenated share']) in lines
    sheet = book.build_dir / f'{book.slug}-proof.png'
    assert lines[-1] == f'contact sheet: {sheet}'
    pages = int(subprocess.run(['pdfinfo', str(output_path(book, 'pdf'))], capture_output=True, text=True,
                               check=True).stdout.split('Pages:')[1].split()[0])
    spreads = 1 + pages // 2                        # the first page alone, then pairs
    with Image.open(sheet) as image:
        width, height = image.size
    assert width > height / (-(-spreads // 4)) * 4   # four spreads a row, each wider than tall


def test_invoke_proof_needs_a_built_book(tmp_path):
    (tmp_path / 'metadata.yaml').write_text((ROOT / 'metadata.yaml').read_text())
    run = subprocess.run([sys.executable, '-m', 'invoke', 'proof', '--book', str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and 'is not built yet' in run.stderr and 'Traceback' not in run.stderr


def test_proof_counts_number_ranges_but_not_identifiers():
    text = 'pp. 2-9 and 1923-25; ISBN 978-0-306-40615-7, dated 2025-08-24'
    assert HYPHEN_RANGE_RE.findall(text) == ['2-9', '1923-25']


def _prepared(body, **settings):
    html = composer.prepare(f'<html lang="en-US"><body>{body}</body></html>', {**HYPHENATION, **settings})
    return lxml.html.document_fromstring(html)


def _kept(element):
    return [word for inner in element.iter() for word in inner.get(upstream.KEPT, '').split()]


def test_capitalised_words_and_a_paragraph_s_last_word_are_kept_whole():
    root = _prepared('<p>The Bolshevik revolution and the <em>Opposition</em> counterrevolutionary bureaucracy.</p>')
    assert _kept(root) == ['Bolshevik', 'bureaucracy', 'Opposition']       # the <p>'s own text, then the <em>'s
    assert root.find('.//p').text_content() == ('The Bolshevik revolution and the Opposition counterrevolutionary '
                                                 'bureaucracy.')
    assert root.find('.//span') is None


def test_a_book_may_allow_capitalised_words_to_break():
    root = _prepared('<p>The Bolshevik revolution and the counterrevolutionary bureaucracy.</p>', capitalised=True)
    assert _kept(root) == ['bureaucracy']


def test_weasyprint_does_not_hyphenate_a_word_kept_whole():
    upstream.apply()
    css = CSS(string='p { width: 8em; text-align: justify; hyphens: auto; font: 10pt serif; }')

    def line_ends(kept):
        html = (f'<html lang="en-US"><p {upstream.KEPT}="{kept}">An extraordinarily long '
                'counterrevolutionary bureaucratisation</p></html>')
        page = HTML(string=html).render(stylesheets=[css]).pages[0]
        return [''.join(box.text for box in composer.text_boxes(line))[-1:]
                for line, _ in composer.line_boxes(page._page_box, False)]
    assert '‐' in line_ends('')
    assert '‐' not in line_ends('extraordinarily counterrevolutionary bureaucratisation')


def test_a_table_column_is_as_wide_as_a_word_kept_whole_in_it():
    upstream.apply()
    html = (f'<html lang="en-US"><table style="width: 1pt"><tr><td {upstream.KEPT}="Extraordinarily">'
            'Extraordinarily</td><td>x</td></tr></table></html>')
    page = HTML(string=html).render(stylesheets=[CSS(string='td { hyphens: auto; font: 10pt serif; }')]).pages[0]
    cell = next(box for box in _descendants(page._page_box) if type(box).__name__ == 'TableCellBox')
    word = next(composer.text_boxes(cell))
    assert word.text == 'Extraordinarily' and cell.width >= word.width


def _descendants(box):
    yield box
    for child in getattr(box, 'children', None) or ():
        yield from _descendants(child)


NEP = ('The years following the initial revolutionary wave, particularly between 1921 and 1924, marked a '
       'decisive turning point. After seven years of war and civil war, Russia was economically devastated and '
       'socially exhausted. The failure of the working class to seize power in Europe left the Soviet Union '
       'isolated. In response to the dire economic conditions, the Soviet government introduced the New Economic '
       'Policy (NEP) in March\xa01921—a temporary and necessary retreat that reintroduced certain market mechanisms.')


def test_a_no_break_space_before_an_element_leaves_no_broken_word_alone_on_a_line(monkeypatch):
    """The lecture's paragraph as its book sets it: without composer._tie_inward, WeasyPrint
    sets the line before "March 1921—" (a span no line breaks) as "govern‐" alone."""
    book = load_book(ROOT)
    render = layout.renderer(book)

    def short_lines():
        html = composer.prepare(f'<html lang="en-US"><body><section class="chapter"><h1>T</h1><p>x</p><p>{NEP}</p>'
                                '</section></body></html>', book.hyphenation)
        lines = [line for line, _ in composer.line_boxes(render(html).pages[-1]._page_box, False)][2:]
        measure = max(line.width for line in lines)
        return [''.join(box.text for box in composer.text_boxes(line)) for line in lines[:-1]
                if line.width < measure / 2]
    assert short_lines() == []
    monkeypatch.setattr(composer, '_tie_inward', lambda block: None)
    assert short_lines() == ['govern‐']


def test_an_em_dash_never_starts_a_line():
    root = _prepared('<p>the revolution—Stalinism represented a reaction</p>')
    together = [span.text for span in root.iter('span') if composer.TOGETHER in span.get('class')]
    assert together == ['revolution—']


def test_a_note_is_its_own_block_and_its_words_are_not_the_paragraph_s():
    root = _prepared('<p>Text with a call<span class="fn"><span class="fn-p">Lenin, Collected Works.</span></span>'
                     ' and an ending sentence.</p>')
    paragraph, note = root.find('.//p'), root.find('.//span[@class="fn"]')
    assert paragraph.get('data-pr') != note.get('data-pr')
    assert _kept(note) == ['Collected'] and paragraph.get(upstream.KEPT) == 'sentence'


def _line(block, page, hyphen, fragment='', head=''):
    return composer.Line(block, page, False, hyphen, fragment, head, 0.3, False, '0px')


def test_the_composer_finds_a_third_hyphen_in_a_row_and_a_hyphen_at_the_page_foot():
    lines = [_line('1', 0, True, 'inter', 'national'), _line('1', 0, True, 'revolu', 'tionary'),
             _line('1', 0, True, 'bureau', 'cracy'), _line('1', 0, False, 'x', 'cracy'),
             _line('2', 0, True, 'perspec', 'x'), _line('2', 1, False, 'y', 'tive')]
    assert composer._faults(lines, HYPHENATION) == {'1': {'bureaucracy'}, '2': {'perspective'}}


def test_badness_weighs_loose_lines_above_hyphens():
    tight = [_line('1', 0, True), _line('1', 0, False)]
    loose = [composer.Line('1', 0, False, False, '', '', 0.6, False, '0px'), _line('1', 0, False)]
    assert composer.badness(loose, HYPHENATION) > composer.badness(tight, HYPHENATION) > 0


def test_a_full_page_short_of_its_foot_is_stretched_where_a_book_lets_space_stretch():
    """A page that WeasyPrint ends short (the quotation after it will not split) is
    brought down to its foot by space above its heading, its paragraphs' lines unmoved
    against each other; the book's last page is left as it is."""
    from weasyprint import HTML

    from pressroom.writers.pdf import depth

    def lines(count):
        return '<p>' + '<br>'.join(['A line of text'] * count) + '</p>'
    html = ('<style>@page { size: 300px 420px; margin: 30px } body { font-size: 10px; line-height: 14px }'
            'p { margin: 0 } h2 { margin: 10px 0; font-size: 10px } blockquote { margin: 0; break-inside: avoid }'
            f'</style>{lines(5)}<h2>A heading</h2>{lines(17)}<blockquote>{lines(8)}</blockquote>{lines(3)}')

    def line_boxes(page):
        return [box for box in depth._descendants(page._page_box) if type(box).__name__ == 'LineBox']

    plain, filled = HTML(string=html).render(), HTML(string=html).render()
    depth.fill(filled)
    page = filled.pages[0]._page_box
    foot = page.content_box_y() + page.height
    bottom = [max(b.position_y + b.margin_height() for b in line_boxes(d.pages[0])) for d in (plain, filled)]
    spare = foot - bottom[0]
    assert spare > 5 and foot - bottom[1] == pytest.approx(0, abs=0.05)
    tops = [[round(b.position_y, 3) for b in line_boxes(d.pages[0])] for d in (plain, filled)]
    moved = [after - before for before, after in zip(*tops)]
    assert moved[:5] == [0] * 5 and all(m == pytest.approx(spare) for m in moved[6:])   # below the heading, alike
    assert [b.position_y for b in line_boxes(filled.pages[-1])] == [b.position_y for b in line_boxes(plain.pages[-1])]
