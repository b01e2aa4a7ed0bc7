"""The cover writer: the front design as an e-reader image, and the print spread with spine.

The spread is one background under back, spine and front (no seams at the folds). The
spine width, whether it carries text, and the barcode area come from the printer profile.
"""

import html
import io

import lxml.html
from weasyprint import HTML

from .. import languages
from ..assets import color, fonts
from ..errors import warn
from ..outputs import iso_time
from ..paths import stylesheet
from ..printers import INCH, barcode_area, printer, spine_width
from ..transforms.typography import display_text, refine_text
from ..typeset.fetch import book_fetcher
from ..typeset.layout import PDF_OPTIONS, render, weasyprint_errors
from ..units import css_length
from . import barcode
from .pdf import structure, textlayer
from .pdf.pages import fix_ids
from .pdf.variants import save

EREADER_LONG_SIDE = 2400        # pixels; at least 1600 is wanted by e-reader stores
SPINE_TEXT_SIZE = (5, 9)        # points: the spine text's size, as small as legible and at most
BARCODE_CLEAR = 0.125 * INCH    # between the barcode area and the back cover's text


def cover_pdf(book, pages):
    """The print cover spread as PDF bytes: back, spine, front, with bleed all round; front,
    spine, back for a book read right to left, which opens from the other side."""
    width, height = book.trim
    spine, bleed = spine_width(book, pages), book.bleed
    size = (2 * width + spine + 2 * bleed, height + 2 * bleed)
    spine_size = spine_text_size(book, pages)
    outer = {'back': _back(book) + _barcode(book), 'front': _front(book)}
    left, right = ('front', 'back') if _right_to_left(book) else ('back', 'front')
    panels = [
        _panel(left, 0, width + bleed, outer[left]),
        _panel('spine', width + bleed, spine, _spine(book) if spine_size else ''),
        _panel(right, width + bleed + spine, width + bleed, outer[right]),
    ]
    trim_css = (f'@page {{ size: {css_length(size[0])} {css_length(size[1])}; }}'
                f'.front .inner {{ padding-{"left" if left == "front" else "right"}: {css_length(bleed)}; }}'
                f'.spine .text {{ font-size: {css_length(spine_size or 1)}; }}' + _around_barcode(book))
    return _render(book, ''.join(panels), trim_css, boxes=(bleed, size), **PDF_OPTIONS)


def front_png(book):
    """The front cover alone as a PNG for the EPUB, EREADER_LONG_SIDE pixels high."""
    import pypdfium2
    width, height = book.trim
    data = _render(book, _panel('front', 0, width, _front(book)),
                   f'@page {{ size: {css_length(width)} {css_length(height)}; }}')
    document = pypdfium2.PdfDocument(data)
    image = document[0].render(scale=EREADER_LONG_SIDE / height).to_pil().convert('RGB')
    output = io.BytesIO()
    image.save(output, format='PNG', optimize=True)
    document.close()
    return output.getvalue()


def spine_text_size(book, pages):
    """The spine text's size in points, or None for no spine text: from the printer's page
    count on, as large as fits between its clearances (up to 9 pt); a spine too narrow
    for 5 pt there gets none, with a warning."""
    press = printer(book)
    if pages < press.spine_text_pages:
        return None
    # The room between the clearances holds the line's box (ascent to descent), not the size.
    room = (spine_width(book, pages) - 2 * press.spine_clearance * INCH) / _line_box(book)
    if room < SPINE_TEXT_SIZE[0]:
        warn(f'{pages} pages make a {spine_width(book, pages) / INCH:.3f}in spine: {press.label}\'s '
             f'{press.spine_clearance}in clear each side leave no room for legible spine text, so the '
             'spine is left blank', book.folder / 'metadata.yaml', book.line('printer'))
        return None
    return min(SPINE_TEXT_SIZE[1], room)


def _line_box(book):
    """The text face's ascent to descent, in ems (hhea), as PDF readers and the preflight
    measure a line."""
    from fontTools.ttLib import TTFont
    face = TTFont(fonts.static_faces(book.font).files['regular'], lazy=True)
    return (face['hhea'].ascent - face['hhea'].descent) / face['head'].unitsPerEm


def _around_barcode(book):
    """The back cover's text kept clear of the barcode area: the blurb ends above it, the
    publisher's line before it (and wraps rather than run into it)."""
    box = barcode_area(book)
    if box is None:
        return ''
    left, bottom, width, height = box
    side, room = (('left', left + width) if _right_to_left(book) else ('right', book.trim[0] + book.bleed - left))
    return (f'.back .inner {{ bottom: {css_length(bottom + height + BARCODE_CLEAR)}; }}'
            f'.back .publisher {{ {side}: {css_length(room + BARCODE_CLEAR)}; }}')


def _right_to_left(book):
    return languages.direction(book.lang) == 'rtl'


def _barcode(book):
    """The ISBN's EAN-13 in the printer's barcode area, on white; the white area alone for a
    book without an ISBN, where the printer adds its own."""
    box, isbn = barcode_area(book), barcode.isbn13(book.identifier)
    if box is None:
        return ''
    if isbn is None and printer(book).barcode_required:
        warn(f'{printer(book).label} needs the ISBN barcode on the cover: give the book an ISBN '
             'identifier', book.folder / 'metadata.yaml', book.line('identifier'))
    left, bottom, width, height = box
    content = ''
    if isbn:
        offset = (width - barcode.width()) / 2
        strokes = ''.join(
            f'<div class="bar{" guard" if long else ""}" style="left: {css_length(offset + x)}; '
            f'width: {css_length(w)}; height: {css_length(barcode.BAR_HEIGHT + (4 if long else 0))}"></div>'
            for x, w, long in barcode.bars(isbn))
        written = book.identifier.removeprefix('urn:isbn:')
        label = written if ''.join(filter(str.isdigit, written)) == isbn else isbn
        content = (f'<p class="isbn">ISBN {html.escape(label)}</p>{strokes}'
                   f'<p class="digits">{isbn[0]}\u2002{isbn[1:7]}\u2002{isbn[7:]}</p>')
    return (f'<div class="barcode" style="left: {css_length(left)}; bottom: {css_length(bottom)}; '
            f'width: {css_length(width)}; height: {css_length(height)}">{content}</div>')


def _small_caps(book, html_text):
    """The cover's text with its small capitals as the book's language sets them."""
    root = lxml.html.fragment_fromstring(html_text, create_parent='div')
    languages.small_caps(root, book.lang, ('cover.css',), book)
    return ''.join(lxml.html.tostring(child, encoding='unicode') for child in root)


def _panel(kind, left, width, content):
    return (f'<div class="panel {kind}" style="left: {css_length(left)}; width: {css_length(width)}">'
            f'{content}</div>')


def _front(book):
    subtitle = f'<p class="subtitle">{_text(book, book.subtitle)}</p>' if book.subtitle else ''
    return (f'<div class="inner"><p class="title">{_text(book, book.title)}</p><div class="rule"></div>'
            f'{subtitle}<p class="author">{_text(book, book.author_line)}</p></div>')


def _back(book):
    return (f'<div class="inner"><p>{_text(book, book.description)}</p></div>'
            f'<p class="publisher">{_text(book, book.publisher)}</p>')


def _spine(book):
    return f'<p class="text">{_text(book, book.title)}<span class="by">{_text(book, book.author_line)}</span></p>'


def _text(book, value):
    """A metadata string set as the interior sets text in the book's language: its quotation
    marks, en dashes in ranges, no-break spaces where a line must not break."""
    return html.escape(refine_text(display_text(value, book.lang), book.lang))


def _render(book, body, extra_css, boxes=None, **options):
    faces = fonts.font_face_css(fonts.text_faces(book), lambda path: path.as_uri())
    css = (color.profile_css() + f':root {{ --cover-color: {_cmyk(book.cover_color)}; }}' + extra_css
           + fonts.fallback_css(book))
    document = HTML(string=f'<!DOCTYPE html><html lang="{book.lang}" dir="{languages.direction(book.lang)}">'
                           f'<head><title>{_text(book, book.title)}</title>'
                           f'<meta name="author" content="{_text(book, book.author_line)}">'
                           f'<meta name="dcterms.created" content="{iso_time(book)}">'
                           f'<meta name="dcterms.modified" content="{iso_time(book)}">'
                           f'</head><body><div class="sheet"></div>{_small_caps(book, body)}</body></html>',
                    url_fetcher=book_fetcher(book))
    with weasyprint_errors():
        data = render(document, [stylesheet('cover.css', book)], css, book, faces, **options).write_pdf(**options)
    return _set_boxes(data, book, *boxes) if boxes else data


def _set_boxes(data, book, bleed, size):
    """TrimBox inside the bleed, BleedBox the whole sheet, as print shops check them."""
    import pikepdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.obj.BleedBox = pikepdf.Array([0, 0, *size])
            page.obj.TrimBox = pikepdf.Array([bleed, bleed, size[0] - bleed, size[1] - bleed])
        textlayer.mend(pdf, textlayer.face_names(fonts.static_faces(book.font).files.values()))
        structure.mend(pdf)
        fix_ids(pdf, f'{book.identifier} cover')
        return save(pdf, printer(book))


def _cmyk(hex_color):
    """An RGB hex colour as device-cmyk(), so print files carry no device RGB."""
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    k = 1 - max(r, g, b)
    if k >= 1:
        return 'device-cmyk(0 0 0 1)'
    c, m, y = ((1 - x - k) / (1 - k) for x in (r, g, b))
    return f'device-cmyk({c:.3f} {m:.3f} {y:.3f} {k:.3f})'
