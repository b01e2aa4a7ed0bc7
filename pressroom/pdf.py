"""The PDF writer's WeasyPrint side: pages laid out, and variants cut from the master.

The pages are laid out once, in parts (parts.py), into a print master (bleed, CMYK output
intent, tags); the screen PDF and the print interior are derived from it by pikepdf, so
both have the very same pages.
"""

import io
import logging
from collections import namedtuple

import lxml.html
import pikepdf
from lxml.html import builder as E
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from . import STYLES_DIR, color, fonts, patches  # noqa: F401  (patches: fixes to the pinned WeasyPrint)
from .errors import BookError
from .fetch import ConfinedFetcher
from .typography import smart_quotes
from .units import css_length
from .variants import VARIANTS

STYLESHEETS = ('base.css', 'pdf.css')
PDF_OPTIONS = {'pdf_variant': 'pdf/x-4', 'pdf_tags': True}
CropMarks = namedtuple('CropMarks', 'offset length width')
CROP_MARKS = CropMarks(offset=6, length=18, width=0.25)   # points, outside the bleed


Laid = namedtuple('Laid', 'pdf kinds anchors notes')


def lay_out_part(book, html_text, css='', stylesheets=STYLESHEETS, options=PDF_OPTIONS):
    """One part of the book laid out and written: its PDF, each page's kind for the
    folios ('folio', 'opening' or 'bare'), the page index of each anchor, and of each
    note's call and text."""
    document = HTML(string=html_text, base_url=str(book.build_dir) + '/',
                    url_fetcher=ConfinedFetcher([book.folder, STYLES_DIR]))
    with weasyprint_errors():
        document = render(document, [STYLES_DIR / name for name in stylesheets],
                          _generated_css(book) + '\n' + css, book, **options)
        data = document.write_pdf(**options)
    anchors = {}
    for index, page in enumerate(document.pages):      # a section's anchor is on each of its pages
        for name in page.anchors:
            anchors.setdefault(name, index)
    return Laid(data, [_kind(page._page_box.page_type) for page in document.pages], anchors,
                _note_pages(document))


def _kind(page_type):
    """Front matter and blank pages carry no folio; a chapter's first page has it at the foot.
    (`front` and `chapter` are the page names pdf.css gives them.)"""
    if page_type.blank or page_type.name == 'front':
        return 'bare'
    return 'opening' if ('chapter', 0) in page_type.groups else 'folio'


def render(document, files, css, book, **options):
    """Lay out `document` with stylesheet files plus generated CSS, fonts and colour profile shared."""
    fetcher = ConfinedFetcher([book.folder, STYLES_DIR])
    shared = {'font_config': FontConfiguration(), 'color_profiles': {}}
    stylesheets = [CSS(filename=str(path), url_fetcher=fetcher, **shared) for path in files]
    stylesheets.append(CSS(string=css, url_fetcher=fetcher, **shared))
    return document.render(stylesheets=stylesheets, **shared, **options)


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
        f'@page {{ size: {css_length(width)} {css_length(height)}; bleed: {css_length(book.bleed)}; }}',
    ]
    if book.note_numbering == 'chapter':
        rules.append('section.chapter { counter-reset: footnote; }')
    rules.append(f'html {{ string-set: book-title {css_string(smart_quotes(book.title))}; }}')
    return '\n'.join(rules)


def css_string(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', ' ') + '"'


def _data_url(path):
    """Images inline as data: URLs, so the PDF does not depend on where the book folder is."""
    import base64
    import mimetypes
    data = base64.b64encode(path.read_bytes()).decode()
    return f'data:{mimetypes.guess_type(path.name)[0]};base64,{data}'


def paged(html_text, build_dir):
    """The intermediate rearranged for pages: a half-title, bookmarks without note numbers,
    and notes moved to their calls."""
    from .intermediate import heading_text
    root = lxml.html.document_fromstring(html_text)
    body = root.find('body')
    title = root.findtext('head/title')
    body.insert(0, E.SECTION(E.P(title), **{'class': 'half-title'}))
    for image in root.iter('img'):
        image.set('src', _data_url(build_dir / image.get('src')))
    # Read before the notes move into the headings that call them (pdf.css: bookmark-label).
    for heading in root.iter('h1', 'h2', 'h3', 'h4', 'h5', 'h6'):
        heading.set('data-bookmark', heading_text(heading))
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
    call.getparent().replace(call, note)


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
        if not variant.crop_to_trim:
            _place_on_sheet(pdf, CROP_MARKS if book.crop_marks else None)
        if not variant.pdfx:
            _drop_pdfx(pdf)
        if variant.pdfua:
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                meta['pdfuaid:part'] = '1'
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
    for _ in range(padded_count(len(pdf.pages), multiple) - len(pdf.pages)):
        add_blank_page(pdf)


def add_blank_page(pdf):
    """A blank page at the end, with the page boxes of the last one."""
    last = pdf.pages[-1].obj
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=last.MediaBox, TrimBox=last.TrimBox, BleedBox=last.BleedBox,
        Resources=pikepdf.Dictionary(), Contents=pdf.make_stream(b''))))


def _place_on_sheet(pdf, marks):
    """Put each page on a sheet whose MediaBox starts at 0,0 (WeasyPrint puts the bleed at
    negative coordinates, which some preflight and imposition tools mishandle), with room
    for crop marks outside the bleed if `marks` (WeasyPrint would draw them inside it)."""
    slug = marks.offset + marks.length if marks else 0
    bleed = pdf.pages[0].obj.BleedBox
    x, y = float(bleed[0]) - slug, float(bleed[1]) - slug
    for page in pdf.pages:
        page.obj.MediaBox = pikepdf.Array([x, y, float(bleed[2]) + slug, float(bleed[3]) + slug])
        drawn = _crop_marks(page.obj.TrimBox, page.obj.BleedBox, marks) if marks else ''
        page.contents_add(pdf.make_stream(f'q 1 0 0 1 {-x:g} {-y:g} cm '.encode()), prepend=True)
        page.contents_add(pdf.make_stream(f' Q {drawn}'.encode()))
        for key in ('/MediaBox', '/TrimBox', '/BleedBox', '/CropBox', '/ArtBox'):
            if key in page.obj:
                page.obj[key] = _shifted(page.obj[key], x, y)
        for annotation in page.obj.get('/Annots', ()):
            annotation.Rect = _shifted(annotation.Rect, x, y)
    for destination in _explicit_destinations(pdf):
        if len(destination) >= 4 and destination[1] == pikepdf.Name.XYZ:
            destination[2], destination[3] = float(destination[2]) - x, float(destination[3]) - y


def _crop_marks(trim, bleed, marks):
    """Hairlines in black on the trim lines, outside the bleed, in the sheet's coordinates
    (drawn after the page's own content is moved, so shifted by the same amount)."""
    trim, bleed = [float(v) for v in trim], [float(v) for v in bleed]
    shift = bleed[0] - marks.offset - marks.length, bleed[1] - marks.offset - marks.length
    lines = []
    for x, left in ((trim[0], True), (trim[2], False)):
        for y, low in ((trim[1], True), (trim[3], False)):
            near_x = bleed[0] - marks.offset if left else bleed[2] + marks.offset
            far_x = near_x - marks.length if left else near_x + marks.length
            near_y = bleed[1] - marks.offset if low else bleed[3] + marks.offset
            far_y = near_y - marks.length if low else near_y + marks.length
            lines += [(near_x, y, far_x, y), (x, near_y, x, far_y)]
    strokes = ' '.join(f'{x0 - shift[0]:.3f} {y0 - shift[1]:.3f} m {x1 - shift[0]:.3f} {y1 - shift[1]:.3f} l'
                       for x0, y0, x1, y1 in lines)
    return f'q {marks.width} w 0 0 0 1 K {strokes} S Q'


def _shifted(box, x, y):
    return pikepdf.Array([float(value) - (x, y)[index % 2] for index, value in enumerate(box)])


def _explicit_destinations(pdf):
    """Every explicit destination: the outline's and the named ones."""
    if '/Outlines' in pdf.Root:
        with pdf.open_outline() as outline:
            items = list(outline.root)
            while items:
                item = items.pop()
                items.extend(item.children)
                if isinstance(item.destination, pikepdf.Array):
                    yield item.destination
    if '/Names' in pdf.Root and '/Dests' in pdf.Root.Names:
        for _, value in pikepdf.NameTree(pdf.Root.Names.Dests).items():
            yield value.D if isinstance(value, pikepdf.Dictionary) else value


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


class weasyprint_errors:
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
            raise BookError(f'WeasyPrint could not lay out the book: {error!r}; look for deeply nested '
                           'quotations or lists, or raw HTML, in the chapters') from error
        return False
