"""The line-breaking model the composer ranks its variants with (writers/pdf/linebreak.py),
held to WeasyPrint's own layout of the lecture."""

import lxml.html
import pytest

from pressroom.assets import fonts
from pressroom.writers.pdf import composer, layout, linebreak
from pressroom.writers.pdf.paged import paged
from pressroom.writers.pdf.parts import split

SPACING = 0.02        # em: a justified line's word space, modelled and laid out


@pytest.fixture(scope='module')
def first_part(lecture):
    """The lecture's first run of chapters laid out as the composer first lays it out:
    (the renderer, the prepared HTML, its document, its blocks' lines, the face's space)."""
    book, results = lecture
    _, groups = split(paged(results['html'][0].read_text(encoding='utf-8'), book.build_dir))
    render = layout.renderer(book, groups[0].css)
    html = composer.prepare(groups[0].html(), book.hyphenation)
    document = render(html)
    space = fonts.word_space(fonts.static_faces(book.font))
    return book, render, html, document, space


def _modelled(book, boxes, variant, space):
    width = linebreak.Widths()
    tokens = linebreak.tokens(boxes, width)
    indent = boxes[0].children[0].position_x - boxes[0].position_x
    lines = linebreak.set_lines(tokens, boxes[0].width - indent, boxes[0].width, variant,
                                book.hyphenation['zone'], width)
    added = tokens[0].style['word_spacing'] / tokens[0].style['font_size'] if variant[0] is None else variant[0]
    return [(bool(line.hyphen), line.spacing(space, added)) for line in lines]


def _agrees(modelled, laid):
    """Same lines, hyphenated at the same ones, justified alike (the last line is not)."""
    return len(modelled) == len(laid) and all(
        hyphen == line.hyphen and (last or abs(spacing - line.space) < SPACING)
        for (hyphen, spacing), line, last in zip(modelled, laid, [False] * (len(laid) - 1) + [True]))


def test_the_model_sets_the_lecture_s_paragraphs_as_weasyprint_does(first_part):
    book, _, _, document, space = first_part
    laid = composer._by_block(composer.read_lines(document, space))
    blocks = {number: boxes for number, boxes in composer._block_boxes(document).items() if len(boxes) > 1}
    agreed = [number for number, boxes in blocks.items()
              if _agrees(_modelled(book, boxes, (None, 1, None), space), laid[number])]
    assert len(blocks) > 50
    assert len(agreed) >= 0.9 * len(blocks), sorted(set(blocks) - set(agreed), key=int)


def test_the_variant_the_model_ranks_first_reads_best_when_laid_out(first_part):
    """Five variants of each poor paragraph, ranked by the model, then laid out for real
    in the composer's trial document: for nearly every paragraph the model's first is
    (or reads as well as) the best of the five."""
    book, render, html, document, space = first_part
    settings = book.hyphenation
    own = composer._by_block(composer.read_lines(document, space))
    boxes = composer._block_boxes(document)
    poor = [number for number, its in own.items() if composer.badness(its, settings) >= composer.LEAST
            and len(boxes[number]) > 1]
    variants = [1, 2, 4, 6, 14]
    trial = composer._trial(lxml.html.document_fromstring(html), {number: variants for number in poor},
                            {number: its[0].indent for number, its in own.items()})
    tried = composer._by_block(composer.read_lines(render(trial), space))
    modelled = composer._modelled(document, set(poor), settings, space)
    right = []
    for number in poor:
        laid = {index: composer.badness(tried[f'{number}:{index}'], settings) for index in variants}
        first = min(variants, key=modelled[number].get)
        right += [laid[first] <= min(laid.values()) + 1]
    assert len(right) > 30
    assert sum(right) >= 0.8 * len(right), f"{sum(right)} of {len(right)}"


def test_a_word_broken_at_a_line_end_is_one_token_again(first_part):
    book, _, _, document, space = first_part
    own = composer._by_block(composer.read_lines(document, space))
    number, line = next((number, line) for number, its in own.items() for line in its[:-1] if line.hyphen)
    tokens = linebreak.tokens(composer._block_boxes(document)[number], linebreak.Widths())
    words = [token for token in tokens if token.word and line.fragment in token.word
             and token.word.startswith(line.fragment) and token.word != line.fragment]
    assert words, line.fragment
    assert any(line.fragment in start for start in linebreak.hyphenations(words[0]))


def test_the_composer_keeps_no_variant_that_reads_worse_than_the_book_s_own(first_part):
    book, _, _, document, space = first_part
    own = composer._by_block(composer.read_lines(document, space))
    lines = [line._replace(space=line.space + 0.3) for line in composer.read_lines(document, space)]
    chosen = {number: 1 for number in own}
    worse = composer._worse(lines, own, chosen, book.hyphenation)
    assert worse and worse == {number for number, its in own.items()
                               if len(its) > 1 and any(line.space + 0.3 > composer.LOOSE_EM for line in its[:-1])}
