"""One part of the book laid out by WeasyPrint, once: with the stylesheets of styles/ and
the rules metadata.yaml sets, every paragraph broken into lines as a whole (paragraph.py),
each page mended as it is made (pagefix.py) and stretched to its foot (upstream/stretch.py),
and what the layout tells (page kinds, anchors, note placement) read off it."""

import gc
import logging
import os
import re
from collections import namedtuple
from functools import lru_cache

from weasyprint import CSS, HTML

from .. import languages
from ..assets import color, fonts
from ..errors import BookError, SetupError
from ..paths import stylesheet
from ..transforms.typography import smart_quotes
from ..units import css_length
from . import upstream
from .fetch import ResourceRefused, book_fetcher
from .paragraph import Rules
from .upstream import document as read
from .upstream import stretch
from .upstream.fonts import font_configuration

STYLESHEETS = ('base.css', 'pdf.css')
PDF_OPTIONS = {'pdf_variant': 'pdf/x-4', 'pdf_tags': True}
CSS_STRING_BREAKS_RE = re.compile(r'[\x00-\x1f\x7f]')    # they would end a CSS string


Laid = namedtuple('Laid', 'pdf kinds anchors notes inside starts')


def lay_out_part(book, html_text, css='', stylesheets=STYLESHEETS, options=PDF_OPTIONS):
    """One part of the book laid out and written: its PDF, each page's kind for the
    folios ('folio', 'opening' or 'bare'), the page index of each anchor, and of each
    note's call and text, the inside margin of its first page (a recto), in points, and
    where each page begins (`page_starts`)."""
    with weasyprint_errors():
        document = renderer(book, css, stylesheets, options)(html_text)
        stretch.fill(document)
        data = document.write_pdf(**options)
    return Laid(data, read.kinds(document), read.anchors(document), read.note_pages(document),
                read.inside_margin(document), read.page_starts(document))


def renderer(book, css='', stylesheets=STYLESHEETS, options=PDF_OPTIONS):
    """A function laying out an HTML text of the book's as its pages are, with `css` added."""
    upstream.apply()
    files = [stylesheet(name, book) for name in stylesheets]
    css = _generated_css(book) + '\n' + css
    faces = fonts.font_face_css(fonts.book_faces(book), lambda path: path.as_uri())
    rules = Rules(book.hyphenation['capitalised'], book.hyphenation['consecutive'])

    def lay_out(text):
        document = HTML(string=text, base_url=str(book.build_dir) + '/', url_fetcher=book_fetcher(book))
        with upstream.book_rules(rules):
            return render(document, files, css, book, faces, **options)
    return lay_out


def render(document, files, css, book, faces, **options):
    """Lay out `document` with stylesheet files, generated CSS and the @font-face rules
    `faces`, whose fonts and colour profile its stylesheets share."""
    fetcher = book_fetcher(book)
    shared = {'font_config': _font_config(faces, os.getpid()), 'color_profiles': {}}
    stylesheets = [CSS(filename=str(path), url_fetcher=fetcher, **shared) for path in files]
    stylesheets.append(CSS(string=faces + '\n' + css, url_fetcher=fetcher, **shared))
    # The collector paused: a layout makes millions of objects and keeps nearly all of
    # them, so collecting as it goes costs a tenth of its time and frees little.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return document.render(stylesheets=stylesheets, **shared, **options)
    finally:
        if collecting:
            gc.enable()


@lru_cache(maxsize=4)
def _font_config(faces, process):
    """One font configuration for each set of faces in a process, kept for every layout
    that uses them: a new one reads all of the system's fonts and the book's again, in
    time and in memory that is not handed back (a worker lays out many parts). A face
    already loaded is not loaded twice (WeasyPrint keeps it by its rule). Never one a
    forked worker inherits (`process`): WeasyPrint takes a font file already in the
    configuration's folder as loaded, and a sibling forked from the same parent may have
    put it there, loaded into its own configuration alone."""
    return font_configuration()


def _generated_css(book):
    """The rules that come from metadata.yaml: geometry, note numbering, colour, and the
    shortest word and fragments the book hyphenates (and its zone, where WeasyPrint breaks
    lines itself)."""
    width, height = book.trim
    settings = book.hyphenation
    rules = [
        color.profile_css(),
        f'@page {{ size: {css_length(width)} {css_length(height)}; bleed: {css_length(book.bleed)}; }}',
        f'html {{ hyphenate-limit-chars: {settings["word"]} {settings["before"]} {settings["after"]}; '
        f'hyphenate-limit-zone: {settings["zone"]}%; }}',
    ]
    if book.note_numbering == 'chapter':
        rules.append('section.chapter { counter-reset: footnote; }')
    rules.append(f'html {{ string-set: book-title {css_string(smart_quotes(book.title, book.lang))}; }}')
    rules += [fonts.fallback_css(book), languages.page_css(book)]   # faces for other scripts; right to left
    return '\n'.join(rules)


def css_string(text):
    return '"' + CSS_STRING_BREAKS_RE.sub(' ', text.replace('\\', '\\\\').replace('"', '\\"')) + '"'


class weasyprint_errors:
    """WeasyPrint's failures sorted: a refused resource or a book too deep to lay out is the
    author's to fix, a file that cannot be read or written the machine's; anything else is
    a bug and stays one. Its warnings are shown."""

    def __enter__(self):
        logger = logging.getLogger('weasyprint')
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter('warning: weasyprint: %(message)s'))
            logger.addHandler(handler)
            logger.setLevel(logging.WARNING)
        return self

    def __exit__(self, kind, error, traceback):
        if isinstance(error, ResourceRefused):
            raise BookError(f'resource refused: {error}') from None
        if isinstance(error, RecursionError):
            raise BookError('WeasyPrint could not lay out the book: it is nested too deeply; look for '
                            'deeply nested quotations or lists, or raw HTML, in the chapters') from error
        if isinstance(error, OSError):
            raise SetupError(f'WeasyPrint could not read or write a file ({error}); check the disk '
                             'space and the permissions of the build folder and the user cache') from error
        return False
