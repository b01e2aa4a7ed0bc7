"""The pages laid out by WeasyPrint: one part of the book at a time (parts.py runs them),
with the stylesheets of styles/ and the rules metadata.yaml sets, and what the layout tells
(page kinds, anchors, note placement) read off it."""

import gc
import logging
import os
import re
from collections import namedtuple
from functools import lru_cache

from weasyprint import CSS, HTML

from ... import languages
from ...assets import color, fonts
from ...document import pagination
from ...errors import BookError, SetupError
from ...paths import stylesheet
from ...transforms.typography import smart_quotes
from ...units import css_length
from . import composer, depth, upstream
from .fetch import ResourceRefused, book_fetcher

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
        document = composer.compose(renderer(book, css, stylesheets, options),
                                    composer.prepare(html_text, book.hyphenation), book.hyphenation,
                                    fonts.word_space(fonts.static_faces(book.font)))
        depth.fill(document)
        data = document.write_pdf(**options)
    anchors = {}
    for index, page in enumerate(document.pages):      # a section's anchor is on each of its pages
        for name in page.anchors:
            anchors.setdefault(name, index)
    return Laid(data, [_kind(page._page_box.page_type) for page in document.pages], anchors,
                _note_pages(document), document.pages[0]._page_box.margin_left, page_starts(document))


def renderer(book, css='', stylesheets=STYLESHEETS, options=PDF_OPTIONS):
    """A function laying out an HTML text of the book's as its pages are, with `css` added:
    the composer lays out each part with it several times, and what it marks to keep
    whole only upstream.py's WeasyPrint keeps."""
    upstream.apply()
    files = [stylesheet(name) for name in stylesheets]
    css = _generated_css(book) + '\n' + composer.css(book.hyphenation) + '\n' + css
    faces = fonts.font_face_css(fonts.book_faces(book), lambda path: path.as_uri())

    def lay_out(text):
        document = HTML(string=text, base_url=str(book.build_dir) + '/', url_fetcher=book_fetcher(book))
        return render(document, files, css, book, faces, **options)
    return lay_out


def _kind(page_type):
    """Front matter and blank pages carry no folio; a chapter's first page has it at the foot.
    (`front` and `chapter` are the page names pdf.css gives them.)"""
    if page_type.blank or page_type.name == 'front':
        return 'bare'
    return 'opening' if ('chapter', 0) in page_type.groups else 'folio'


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
    return upstream.font_configuration()


def _note_pages(document):
    calls, texts = {}, {}
    for number, page in enumerate(document.pages):
        for box in _descendants(page._page_box):
            tag = getattr(box, 'element_tag', None) or ''
            if tag.endswith('::footnote-call'):
                calls.setdefault(box.element.get('id'), number)
            elif type(box).__name__ == 'FootnoteAreaBox':
                for inner in _descendants(box):
                    if getattr(inner, 'element_tag', None) == 'span' and inner.element.get('id'):
                        texts.setdefault(inner.element.get('id'), number)
    return {note: (calls[note], texts.get(note)) for note in calls}


def page_starts(document):
    """For each page, [block number, word] of the intermediate its text begins with, or
    None (document/pagination.py counts the same words in the EPUB)."""
    starts, words, runs_on = [], {}, {}
    for page in document.pages:
        first = None
        for line, foot in composer.line_boxes(page._page_box, False):
            key = line.element.get(pagination.KEY) if line.element is not None else None
            if foot or key is None:
                continue
            texts = [box for box in composer.text_boxes(line) if '::' not in (box.element_tag or '')]
            text = ''.join(box.text for box in texts)
            hyphen = texts[-1].style['hyphenate_character'] if texts else ''
            broken = bool(hyphen) and text.endswith(hyphen)
            count = len(text.split())
            if first is None and count:
                first = [int(key), words.get(key, 0) - runs_on.get(key, 0)]
            words[key] = words.get(key, 0) + count - (1 if runs_on.get(key) and count else 0)
            runs_on[key] = int(broken or text.rstrip()[-1:] in pagination.JOINS) if count else runs_on.get(key, 0)
        starts.append(first)
    return starts


def _descendants(box):
    yield box
    for child in getattr(box, 'children', None) or ():
        yield from _descendants(child)


def _generated_css(book):
    """The rules that come from metadata.yaml: geometry, note numbering, colour."""
    width, height = book.trim
    rules = [
        color.profile_css(),
        f'@page {{ size: {css_length(width)} {css_length(height)}; bleed: {css_length(book.bleed)}; }}',
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
