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
from ..printers import INCH, printer, spine_width
from ..transforms.typography import display_text
from ..units import css_length
from . import barcode
from .pdf import textlayer
from .pdf.fetch import book_fetcher
from .pdf.layout import PDF_OPTIONS, render, weasyprint_errors
from .pdf.pages import fix_ids
from .pdf.variants import save

EREADER_LONG_SIDE = 2400        # pixels; at least 1600 is wanted by e-reader stores
SPINE_TEXT_SIZE = 9             # points: the spine text's height (styles/cover.css sets it)


def cover_pdf(book, pages):
    """The print cover spread as PDF bytes: back, spine, front, with bleed all round; front,
    spine, back for a book read right to left, which opens from the other side."""
    width, height = book.trim
    spine, bleed = spine_width(book, pages), book.bleed
    size = (2 * width + spine + 2 * bleed, height + 2 * bleed)
    outer = {'back': _back(book) + _barcode(book), 'front': _front(book)}
    left, right = ('front', 'back') if _right_to_left(book) else ('back', 'front')
    panels = [
        _panel(left, 0, width + bleed, outer[left]),
        _panel('spine', width + bleed, spine, _spine(book) if spine_has_text(book, pages) else ''),
        _panel(right, width + bleed + spine, width + bleed, outer[right]),
    ]
    trim_css = (f'@page {{ size: {css_length(size[0])} {css_length(size[1])}; }}'
                f'.front .inner {{ padding-{"left" if left == "front" else "right"}: {css_length(bleed)}; }}')
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


def spine_has_text(book, pages):
    """Whether the spine is wide enough for text, as the printer rules it."""
    press = printer(book)
    room = spine_width(book, pages) - 2 * press.spine_clearance * INCH
    return pages >= press.spine_text_pages and room >= SPINE_TEXT_SIZE


def barcode_box(book):
    """(left, bottom, width, height) of the barcode area in the back panel, in points from
    the panel's left and the sheet's bottom, or None if the printer wants none."""
    area = printer(book).barcode
    if area is None:
        return None
    width, height, from_spine, from_bottom = (value * INCH for value in area)
    panel = book.trim[0] + book.bleed
    left = from_spine if _right_to_left(book) else panel - from_spine - width    # the spine at its left
    return left, book.bleed + from_bottom, width, height


def _right_to_left(book):
    return languages.direction(book.lang) == 'rtl'


def _barcode(book):
    """The ISBN's EAN-13 in the printer's barcode area, on white; the white area alone for a
    book without an ISBN, where the printer adds its own."""
    box, isbn = barcode_box(book), barcode.isbn13(book.identifier)
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
    languages.small_caps(root, book.lang, ('cover.css',))
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
    return html.escape(display_text(value, book.lang))


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
        data = render(document, [stylesheet('cover.css')], css, book, faces, **options).write_pdf(**options)
    return _set_boxes(data, book, *boxes) if boxes else data


def _set_boxes(data, book, bleed, size):
    """TrimBox inside the bleed, BleedBox the whole sheet, as print shops check them."""
    import pikepdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.obj.BleedBox = pikepdf.Array([0, 0, *size])
            page.obj.TrimBox = pikepdf.Array([bleed, bleed, size[0] - bleed, size[1] - bleed])
        textlayer.mend(pdf, textlayer.face_names(fonts.static_faces(book.font).files.values()))
        fix_ids(pdf, f'{book.identifier} cover')
        return save(pdf, printer(book).pdfx)


def _cmyk(hex_color):
    """An RGB hex colour as device-cmyk(), so print files carry no device RGB."""
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    k = 1 - max(r, g, b)
    if k >= 1:
        return 'device-cmyk(0 0 0 1)'
    c, m, y = ((1 - x - k) / (1 - k) for x in (r, g, b))
    return f'device-cmyk({c:.3f} {m:.3f} {y:.3f} {k:.3f})'
