"""The cover writer: the front design as an e-reader image, and the print spread with spine.

The spine width is the interior's final page count times the paper's thickness per page.
"""

import html
import io

from weasyprint import HTML

from ..assets import color, fonts
from ..outputs import iso_time
from ..paths import stylesheet
from ..sources.metadata import PAPER_THICKNESS_IN
from ..transforms.typography import smart_quotes
from ..units import css_length
from .pdf.fetch import book_fetcher
from .pdf.layout import PDF_OPTIONS, render, weasyprint_errors
from .pdf.pages import fix_ids

EREADER_LONG_SIDE = 2400        # pixels; at least 1600 is wanted by e-reader stores
SPINE_TEXT_MIN = 0.25 * 72      # points: narrower spines carry no text (KDP wants >= 0.0625in margins)


def spine_width(pages, paper):
    """Spine width in points for `pages` interior pages on `paper` (white or cream)."""
    return pages * PAPER_THICKNESS_IN[paper] * 72


def cover_pdf(book, pages):
    """The print cover spread as PDF bytes: back, spine, front, with bleed all round."""
    width, height = book.trim
    spine, bleed = spine_width(pages, book.paper), book.bleed
    size = (2 * width + spine + 2 * bleed, height + 2 * bleed)
    panels = [
        _panel('back', 0, width + bleed, _back(book)),
        _panel('spine', width + bleed, spine, _spine(book) if spine >= SPINE_TEXT_MIN else ''),
        _panel('front', width + bleed + spine, width + bleed, _front(book)),
    ]
    trim_css = (f'@page {{ size: {css_length(size[0])} {css_length(size[1])}; }}'
                f'.front .inner {{ padding-right: {css_length(bleed)}; }}')
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


def _panel(kind, left, width, content):
    return (f'<div class="panel {kind}" style="left: {css_length(left)}; width: {css_length(width)}">'
            f'{content}</div>')


def _front(book):
    subtitle = f'<p class="subtitle">{_text(book.subtitle)}</p>' if book.subtitle else ''
    return (f'<div class="inner"><p class="title">{_text(book.title)}</p><div class="rule"></div>'
            f'{subtitle}<p class="author">{_text(book.author_line)}</p></div>')


def _back(book):
    return (f'<div class="inner"><p>{_text(book.description)}</p></div>'
            f'<p class="publisher">{_text(book.publisher)}</p><div class="barcode"></div>')


def _spine(book):
    return (f'<p class="text">{_text(book.title)}<span class="by">{_text(book.author_line)}</span></p>')


def _text(value):
    return html.escape(smart_quotes(value))


def _render(book, body, extra_css, boxes=None, **options):
    faces = fonts.static_faces(book.font)
    css = (fonts.font_face_css(faces, lambda path: path.as_uri()) + color.profile_css()
           + f':root {{ --cover-color: {_cmyk(book.cover_color)}; }}' + extra_css)
    document = HTML(string=f'<!DOCTYPE html><html lang="{book.lang}"><head><title>{_text(book.title)}'
                           f'</title><meta name="author" content="{_text(book.author_line)}">'
                           f'<meta name="dcterms.created" content="{iso_time(book)}">'
                           f'<meta name="dcterms.modified" content="{iso_time(book)}">'
                           f'</head><body>{body}</body></html>',
                    url_fetcher=book_fetcher(book))
    with weasyprint_errors():
        data = render(document, [stylesheet('cover.css')], css, book, **options).write_pdf(**options)
    return _set_boxes(data, book, *boxes) if boxes else data


def _set_boxes(data, book, bleed, size):
    """TrimBox inside the bleed, BleedBox the whole sheet, as print shops check them."""
    import pikepdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.obj.BleedBox = pikepdf.Array([0, 0, *size])
            page.obj.TrimBox = pikepdf.Array([bleed, bleed, size[0] - bleed, size[1] - bleed])
        fix_ids(pdf, f'{book.identifier} cover')
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True)
        return output.getvalue()


def _cmyk(hex_color):
    """An RGB hex colour as device-cmyk(), so print files carry no device RGB."""
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    k = 1 - max(r, g, b)
    if k >= 1:
        return 'device-cmyk(0 0 0 1)'
    c, m, y = ((1 - x - k) / (1 - k) for x in (r, g, b))
    return f'device-cmyk({c:.3f} {m:.3f} {y:.3f} {k:.3f})'
