"""The PDF writer: the intermediate laid out once by WeasyPrint, then cut into variants.

One render makes a print master (bleed, CMYK output intent, tags); the screen PDF and
the print interior are derived from it by pikepdf, so both have the very same pages.
"""

import io
import logging

import lxml.html
import pikepdf
from lxml.html import builder as E
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from . import color, fonts
from .errors import BookError
from .fetch import ConfinedFetcher
from .intermediate import STYLES_DIR
from .units import css_length
from .variants import VARIANTS

STYLESHEETS = ('base.css', 'pdf.css')
PDF_OPTIONS = {'pdf_variant': 'pdf/x-4', 'pdf_tags': True}


def render_master(book, html_text):
    """Lay out the intermediate once; returns the print master PDF as bytes."""
    with _weasyprint_errors():
        return _layout(book, html_text).write_pdf(**PDF_OPTIONS)


def _layout(book, html_text):
    document = HTML(string=_paged(html_text, book.build_dir), base_url=str(book.build_dir) + '/',
                    url_fetcher=ConfinedFetcher([book.folder, STYLES_DIR]))
    return render(document, [STYLES_DIR / name for name in STYLESHEETS],
                  _generated_css(book), book, **PDF_OPTIONS)


def render(document, files, css, book, **options):
    """Lay out `document` with stylesheet files plus generated CSS, fonts and colour profile shared."""
    fetcher = ConfinedFetcher([book.folder, STYLES_DIR])
    shared = {'font_config': FontConfiguration(), 'color_profiles': {}}
    stylesheets = [CSS(filename=str(path), url_fetcher=fetcher, **shared) for path in files]
    stylesheets.append(CSS(string=css, url_fetcher=fetcher, **shared))
    return document.render(stylesheets=stylesheets, **shared, **options)


def note_pages(book, html_text):
    """{note id: (page of its call, page of its text)}, 1-based, read off the layout."""
    calls, texts = {}, {}
    with _weasyprint_errors():
        document = _layout(book, html_text)
    for number, page in enumerate(document.pages, 1):
        for box in _descendants(page._page_box):
            tag = getattr(box, 'element_tag', None) or ''
            if tag.endswith('::footnote-call'):
                calls.setdefault(box.element.get('id'), number)
            elif type(box).__name__ == 'FootnoteAreaBox':
                for inner in _descendants(box):
                    if getattr(inner, 'element_tag', None) == 'span' and inner.element.get('id'):
                        texts.setdefault(inner.element.get('id'), number)
    return {note: (calls[note], texts.get(note)) for note in calls}


def _descendants(box):
    yield box
    for child in getattr(box, 'children', None) or ():
        yield from _descendants(child)


def _generated_css(book):
    """The rules that come from metadata.yaml: geometry, fonts, note numbering, colour."""
    width, height = book.trim
    faces = fonts.static_faces(book.font)
    rules = [
        fonts.font_face_css(faces, lambda path: path.as_uri()),
        color.profile_css(),
        f'@page {{ size: {css_length(width)} {css_length(height)}; bleed: {css_length(book.bleed)}; '
        f'marks: {"crop" if book.crop_marks else "none"}; }}',
    ]
    if book.note_numbering == 'chapter':
        rules.append('section.chapter { counter-reset: footnote; }')
    return '\n'.join(rules)


def _data_url(path):
    """Images inline as data: URLs, so the PDF does not depend on where the book folder is."""
    import base64
    import mimetypes
    data = base64.b64encode(path.read_bytes()).decode()
    return f'data:{mimetypes.guess_type(path.name)[0]};base64,{data}'


def _paged(html_text, build_dir):
    """The intermediate rearranged for pages: a half-title, and notes moved to their calls."""
    root = lxml.html.document_fromstring(html_text)
    body = root.find('body')
    title = root.findtext('head/title')
    body.insert(0, E.SECTION(E.P(title), **{'class': 'half-title'}))
    for image in root.iter('img'):
        image.set('src', _data_url(build_dir / image.get('src')))
    notes = {aside.get('id'): aside for aside in root.iterfind('.//aside')}
    for call in root.xpath('//a[@class="noteref"]'):
        aside = notes.pop(call.get('href', '')[1:], None)
        if aside is not None:
            _float_note(call, aside)
    for block in root.xpath('//div[@class="notes"]'):
        block.drop_tree()
    return lxml.html.tostring(root, encoding='unicode', doctype='<!DOCTYPE html>')


def _float_note(call, aside):
    """Replace the note call by the note itself, as an inline element WeasyPrint floats to the foot."""
    for label in aside.xpath('.//a[@class="note-label"]'):
        label.drop_tree()
    note = E.SPAN(**{'class': 'fn' + (' citation' if 'citation' in aside.classes else ''),
                     'id': aside.get('id')})
    for block in aside:
        part = E.SPAN(**{'class': 'fn-p'})
        part.text = (block.text or '').lstrip()
        part.extend(list(block))
        note.append(part)
    note.tail = call.tail
    parent = call.getparent()
    parent.replace(call, note)
    # WeasyPrint can strand a note on the next page when widows/orphans move its call's
    # line (#1564, #2502): the paragraphs that carry notes give them up.
    block = next(parent.iterancestors('p', 'li', 'div', 'blockquote'), None) if parent.tag != 'p' else parent
    if block is not None:
        block.classes.add('has-note')


def derive(master, book, name):
    """One PDF variant cut from the master, as bytes."""
    variant = VARIANTS[name]
    with pikepdf.open(io.BytesIO(master)) as pdf:
        if variant.pad_pages:
            _pad(pdf, book.page_multiple)
        for page in pdf.pages:
            if variant.crop_to_trim:
                page.obj.MediaBox = page.obj.TrimBox
                page.obj.BleedBox = page.obj.TrimBox
            if not variant.links and '/Annots' in page.obj:
                del page.obj['/Annots']
        if not variant.pdfx:
            _drop_pdfx(pdf)
        fix_ids(pdf, f'{book.identifier} {name}')
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 compress_streams=True)
        return output.getvalue()


def fix_ids(pdf, seed):
    """Ids WeasyPrint draws from chance or the folder path, derived from the book instead."""
    import hashlib
    import uuid
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta['xmpMM:DocumentID'] = f'xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}'
    permanent = pikepdf.String(hashlib.md5(seed.encode()).digest())
    pdf.trailer.ID = pikepdf.Array([permanent, permanent])


def page_count(data):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def padded_count(pages, multiple):
    return -(-pages // multiple) * multiple


def _pad(pdf, multiple):
    """Blank pages at the end up to a multiple of `multiple`, as binding needs."""
    last = pdf.pages[-1].obj
    for _ in range(padded_count(len(pdf.pages), multiple) - len(pdf.pages)):
        blank = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=last.MediaBox,
                                   TrimBox=last.TrimBox, BleedBox=last.BleedBox,
                                   Resources=pikepdf.Dictionary(),
                                   Contents=pdf.make_stream(b''))
        pdf.pages.append(pikepdf.Page(blank))


def _drop_pdfx(pdf):
    """A screen PDF is not a PDF/X file: remove the output intent and the claim."""
    if '/OutputIntents' in pdf.Root:
        del pdf.Root['/OutputIntents']
    for key in ('/GTS_PDFXVersion', '/GTS_PDFXConformance'):
        if key in pdf.docinfo:
            del pdf.docinfo[key]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in list(meta):
            if 'pdfx' in key.lower():
                del meta[key]


class _weasyprint_errors:
    """WeasyPrint failures and refused resources become BookErrors; its warnings are shown."""

    def __enter__(self):
        logger = logging.getLogger('weasyprint')
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter('warning: weasyprint: %(message)s'))
            logger.addHandler(handler)
            logger.setLevel(logging.WARNING)
        return self

    def __exit__(self, kind, error, traceback):
        from .fetch import ResourceRefused
        if isinstance(error, ResourceRefused):
            raise BookError(f'resource refused: {error}') from None
        if error is not None and not isinstance(error, (BookError, KeyboardInterrupt)):
            raise BookError(f'WeasyPrint could not lay out the book: {error!r}') from error
        return False
