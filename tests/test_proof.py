"""The typesetter's proof (checks/proof.py) on the lecture and on a generated book: the
engine's hyphenation, spacing and pages as poppler reads the screen PDF, held to the
typesetting policy's thresholds, and `invoke proof`."""

import re
import subprocess
import sys

import pytest
from PIL import Image

from pressroom.checks.proof import HYPHEN_RANGE_RE, proof, proof_book
from pressroom.outputs import output_path
from pressroom.sources.metadata import HYPHENATION
from pressroom.typeset.policy import PROOF

from .conftest import ROOT


def _typeset_well(measured):
    totals = measured.totals()
    median, spread, least, most = totals['word space of justified lines, em (median, spread, least, most)']
    assert spread <= PROOF['space_sd_em'] and least >= PROOF['tight_em'] and most <= PROOF['loose_em'], totals
    assert totals['loose lines'] == totals['tight lines'] == 0, measured.shortfalls()
    joined, pairs = totals['fi and fl set as ligatures, of all']
    assert joined == pairs, totals
    assert totals['hyphenated share'] <= PROOF['hyphenated_share'], totals
    assert totals['longest run'] <= HYPHENATION['consecutive'], measured.shortfalls()
    assert totals['capitalised words broken'] == 0, measured.shortfalls()
    assert totals['pages ending on a hyphen'] == 0, measured.shortfalls()
    assert totals['hyphenated lines left short'] == 0, measured.shortfalls()
    assert totals['pages whose first line is off the common top'] == 0, measured.shortfalls()
    assert totals['words broken in the text layer'] == 0, measured.broken_words
    assert totals['number ranges with a hyphen'] == 0, measured.ranges
    assert totals['contents lines of leaders only'] == 0
    assert totals['facing pages ending apart'] == 0, measured.shortfalls()      # typeset/upstream/stretch.py
    assert totals['pages with more than a line of space above the notes'] == 0, measured.shortfalls()


def test_the_lecture_is_typeset_as_a_typesetter_signs_off(lecture):
    book, _ = lecture
    measured = proof(output_path(book, 'pdf'))
    _typeset_well(measured)
    assert measured.hyphenated > 0       # hyphenation is on, only kept in bounds
    assert measured.body_size == 10.5 and measured.pitch == 13.5


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


def test_a_full_page_short_of_its_foot_is_stretched_where_a_book_lets_space_stretch():
    """A page that WeasyPrint ends short (the quotation after it will not split) is
    brought down to its foot by space above its heading, its paragraphs' lines unmoved
    against each other; the book's last page is left as it is."""
    from weasyprint import HTML

    from pressroom.typeset.upstream import stretch as depth

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
