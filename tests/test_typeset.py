"""The typesetting engine (pressroom/typeset/): where a paragraph may break, and WeasyPrint
setting exactly the lines the breaker chose, in one layout."""

import subprocess

import pikepdf
import pytest

from pressroom.sources.metadata import load_book
from pressroom.typeset import layout, paragraph
from pressroom.typeset.knuthplass import GLUE, PENALTY
from pressroom.typeset.paragraph import AFTER, HYPHEN, SPACE, Face, Rules, Text
from pressroom.typeset.policy import LINES, NEVER
from pressroom.typeset.upstream import document as read
from pressroom.typeset.upstream import lines

from .conftest import FIXTURES, ROOT, copy_book

BOOK = Rules()


def face(hyphens='auto', lang='en-US', limits=(6, 3, 3), code=False):
    return Face(None, 14.0, hyphens, lang, limits, '\u2010', True, code, 'test')


def measure(text, _face):
    return 7.0 * len(text)


def breaks(text, rules=BOOK, hyphenate=True):
    """{(byte offset, kind)} where a paragraph of `text` may break, as items make them."""
    words = paragraph._words([Text(text, face(), 0)])
    items, points = paragraph._items(words, rules, True, measure, paragraph._Offsets(), hyphenate)
    return [point for point, kind, cost in zip(points, items.kinds, items.costs)
            if point is not None and point[1] != 'end' and not (kind == PENALTY and cost >= NEVER)], items, points


def words_broken(text, **rules):
    found, _, _ = breaks(text, Rules(**rules))
    data = text.encode()
    return {data[:offset].decode().split()[-1] + data[offset:].decode().split()[0]
            for offset, kind in found if kind == HYPHEN}


def test_capitalised_words_and_the_last_word_are_never_hyphenated():
    text = 'The Bolshevik revolution and counterrevolutionary bureaucracy'
    assert words_broken(text) == {'revolution', 'counterrevolutionary'}
    assert 'Bolshevik' in words_broken(text, capitalised=True)


def test_a_word_shorter_than_the_book_allows_is_not_hyphenated():
    broken = words_broken('a banal party conference ended')        # the book's shortest: 6 letters
    assert 'conference' in broken and not {'banal', 'party'} & broken


def test_a_contraction_is_not_broken_at_its_apostrophe():
    assert paragraph._hyphenation('en-US', 3, 3, 'doesn’t') == []              # pyphen: does-n't
    assert paragraph._hyphenation('fr', 2, 3, 'l’imprimerie') == [4, 7, 9]     # l'im-pri-me-rie


def test_a_long_name_in_code_may_break_before_a_dot_or_after_a_comma_never_prose():
    code = face(hyphens='manual', code=True)
    assert paragraph._cuts('Object.prototype.toString()', code, BOOK, True) == [(6, AFTER, False), (16, AFTER, False)]
    assert paragraph._cuts('[btn,btnName]', code, BOOK, True) == [(5, AFTER, False)]
    assert paragraph._cuts('e.g.', face(), BOOK, True) == []


def test_no_line_starts_with_a_dash_or_a_closing_mark():
    found, _, _ = breaks('the revolution — Stalinism “represented” a reaction : ever')
    data = 'the revolution — Stalinism “represented” a reaction : ever'.encode()
    starts = {data[offset + 1:].decode().split()[0] for offset, kind in found if kind == SPACE}
    assert '—' not in starts and ':' not in starts and 'Stalinism' in starts


def test_a_line_may_end_after_a_hyphen_or_a_dash_the_author_wrote():
    text = 'the petty-bourgeois revolution—Stalinism'
    found, items, points = breaks(text, hyphenate=False)
    after = {text.encode()[:offset].decode().split()[-1]: items.flagged[points.index((offset, kind))]
             for offset, kind in found if kind == AFTER}
    assert after == {'petty-': True, 'revolution—': False}      # a hyphen counts as one, a dash does not


def test_a_no_break_space_stretches_but_never_breaks():
    found, items, points = breaks('S.\xa0479 and on')
    assert all(kind != SPACE or offset != 2 for offset, kind in found)
    glue = [index for index, kind in enumerate(items.kinds) if kind == GLUE]
    assert items.stretch[glue[0]] > 0 and items.costs[glue[0] - 1] == NEVER


def test_breaks_are_byte_offsets_in_text_that_is_not_ascii():
    text = '“Über die Lohnarbeit” — étude très approfondie'
    found, _, _ = breaks(text)
    data = text.encode()
    for offset, kind in found:
        if kind == SPACE:
            assert data[offset:offset + 1] == b' '


@pytest.fixture(scope='module')
def laid_lecture_part(lecture):
    """The lecture's first run of chapters laid out by the engine, with the text of each
    paragraph it planned."""
    from pressroom.typeset.paged import paged
    from pressroom.typeset.parts import split
    book, results = lecture
    _, groups = split(paged(results['html'][0].read_text(encoding='utf-8'), book))
    texts, planned = {}, paragraph.plan

    def keeping_text(runs, *arguments):
        found = planned(runs, *arguments)
        if found is not None:
            texts[id(found)] = ''.join(run.text for run in runs if isinstance(run, Text)).encode()
        return found
    lines.paragraph.plan = keeping_text
    try:
        document = layout.renderer(book, groups[0].css)(groups[0].html())
    finally:
        lines.paragraph.plan = planned
    return document, texts


def test_weasyprint_sets_exactly_the_lines_the_breaker_chose(laid_lecture_part):
    document, texts = laid_lecture_part
    checked = 0
    for page in document.pages:
        for line, _ in read.line_boxes(page._page_box):
            plan = getattr(line, '_pr_plan', None)
            if plan is None or id(plan) not in texts:
                continue
            number, text = line._pr_line, texts[id(plan)]
            end, kind = plan.ends[number]
            wanted = text[plan.starts[number]:len(text) if end is None else end].decode()
            wanted += '\u2010' if kind == HYPHEN else ''
            laid = ''.join(box.text for box in read.text_boxes(line))
            assert ' '.join(laid.split()) == ' '.join(wanted.split())
            checked += 1
    assert checked > 300


def test_no_line_is_wider_than_the_measure_and_justified_lines_fill_it(laid_lecture_part):
    document, _ = laid_lecture_part
    for page in document.pages:
        for line, _ in read.line_boxes(page._page_box):
            plan = getattr(line, '_pr_plan', None)
            if plan is None or line.style['text_align_all'] != 'justify':
                continue
            measure = plan.widths[1]          # a first line's indent is in its width
            if line._pr_line < plan.solution.lines - 1:
                assert line.width == pytest.approx(measure, abs=0.05)
            else:
                assert line.width <= measure + 0.05


def test_letters_are_scaled_not_spaced_so_ligatures_stay(lecture):
    """Justified lines widen or narrow their glyphs by the text matrix; nothing sets letter
    spacing, which would break every fi and fl apart."""
    book, _ = lecture
    from pressroom.checks.proof import proof
    from pressroom.outputs import output_path
    path = output_path(book, 'pdf')
    scales = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages[8:12]:
            for operands, operator in pikepdf.parse_content_stream(page):
                if operator == pikepdf.Operator('Tm'):
                    scales.add(round(float(operands[0]), 3))
    assert len(scales) > 10 and max(abs(scale - 1) for scale in scales) <= LINES['expansion'] + 1e-3
    joined, pairs = proof(path).ligatures
    assert pairs > 80 and joined == pairs


def test_the_text_layer_copies_whole_lines_in_reading_order(lecture):
    book, _ = lecture
    from pressroom.outputs import output_path
    text = subprocess.run(['pdftotext', str(output_path(book, 'pdf')), '-'], capture_output=True, text=True,
                          check=True).stdout
    assert 'the perspective guiding the revolution' in ' '.join(text.split())


def test_a_book_that_keeps_capitals_whole_keeps_them_whole_where_weasyprint_breaks_lines():
    """A table's cells are sized by WeasyPrint's own line breaking: it passes over a
    capitalised word there too when the book keeps them whole."""
    book = load_book(ROOT)
    html = ('<html lang="en-US"><body><table style="width: 1pt"><tr><td style="hyphens: auto">'
            'Extraordinarily</td><td>x</td></tr></table></body></html>')
    document = layout.renderer(book)(html)
    cell = next(box for box in read.descendants(document.pages[0]._page_box)
                if type(box).__name__ == 'TableCellBox')
    word = next(read.text_boxes(cell))
    assert word.text == 'Extraordinarily' and cell.width >= word.width



def test_a_page_of_code_with_blank_lines_is_laid_out(tmp_path):
    """A code block's blank lines are line boxes of no height: a page mostly of them has
    no pitch of its own, and the page mending passes it by."""
    from pressroom.build import build
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    code = '\n\n'.join(f'step{number}();' for number in range(40))
    chapter = folder / load_book(folder).chapters[0]
    chapter.write_text(f'# Code\n\nSome prose before the code.\n\n```js\n{code}\n```\n\nProse after it.\n')
    build(folder, ('pdf',))
    assert (folder / 'build' / f'{load_book(folder).slug}.pdf').is_file()
