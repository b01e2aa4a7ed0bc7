"""The screen PDF and the print interior cut from the print master with pikepdf, as the
VARIANTS table (outputs.py) and the book's printer profile (printers.py) describe them:
padding, page boxes and bleed edges, what print leaves out, PDF/X, PDF/UA."""

import io
from collections import namedtuple

import pikepdf

from ...assets.color import output_intent
from ...outputs import VARIANTS
from ...printers import printer, spine_edge
from ...workers import release
from .inks import press_colours
from .join import draw_overlays
from .pages import add_blank_page, fix_ids, make_inert, padded_count, resource_dictionaries
from .slug import slug_overlay
from .x1a import SAVE_OPTIONS as X1A_SAVE_OPTIONS
from .x1a import make_x1a

CropMarks = namedtuple('CropMarks', 'offset length width')
CROP_MARKS = CropMarks(offset=6, length=18, width=0.25)   # points, outside the bleed


def derive(master, book, name):
    """One PDF variant cut from the master, as bytes."""
    variant = VARIANTS[name]
    press = printer(book)
    with pikepdf.open(io.BytesIO(master)) as pdf:
        if variant.pad_pages:
            _pad(pdf, book.page_multiple)
        if variant.crop_to_trim:
            for page in pdf.pages:
                page.obj.MediaBox = page.obj.TrimBox
                page.obj.BleedBox = page.obj.TrimBox
        else:
            _strip(pdf, press.strip)
            marks = CROP_MARKS if book.crop_marks else None
            _place_on_sheets(pdf, book, press.bleed_edges, marks)
            if marks:
                sheet = [float(v) for v in pdf.pages[0].obj.MediaBox][2:]
                draw_overlays(pdf, [slug_overlay(book, len(pdf.pages), sheet, marks.offset + marks.length)], 'Slug')
        if not variant.for_printer:
            _drop_pdfx(pdf)
        if variant.pdfua:
            with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                meta['pdfuaid:part'] = '1'
        fix_ids(pdf, f'{book.identifier} {name}')
        data = save(pdf, press if variant.for_printer else None)
    # qpdf cannot make object streams and linearize in one pass: it keeps those of the
    # first. The master is let go before the second, whose peak would add to its own.
    release()
    return _linearized(data) if variant.linearize else data


def save(pdf, press):
    """The file as bytes; for the printer `press` (None for a screen), in its inks and its
    output intent, and PDF/X-1a if it asks for it."""
    make_inert(pdf)
    options = {'object_stream_mode': pikepdf.ObjectStreamMode.generate}
    if press is not None:
        intent = output_intent(press.condition, press.ink_limit)
        press_colours(pdf, intent)
        if press.pdfx == 'pdf/x-1a':
            make_x1a(pdf, intent.profile)
            options = X1A_SAVE_OPTIONS
    output = io.BytesIO()
    pdf.save(output, deterministic_id=True, compress_streams=True, **options)
    return output.getvalue()


def _linearized(data):
    with pikepdf.open(io.BytesIO(data)) as packed:
        _outline_anew(packed)
        linear = io.BytesIO()
        packed.save(linear, deterministic_id=True, linearize=True)
        return linear.getvalue()


def _outline_anew(pdf):
    """The bookmarks made again as objects of their own. qpdf 12.4 writes a wrong outline
    hint table when the outline's objects sit in object streams; new objects are kept out."""
    if '/Outlines' not in pdf.Root:
        return
    with pdf.open_outline() as outline:
        items = list(outline.root)
    pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    with pdf.open_outline() as outline:
        outline.root[:] = items


def _pad(pdf, multiple):
    """Blank pages at the end up to a multiple of `multiple`, as binding needs."""
    for _ in range(padded_count(len(pdf.pages), multiple) - len(pdf.pages)):
        add_blank_page(pdf)


def _strip(pdf, what):
    """What a printer asks to leave out of a print file: bookmarks, links, the structure tree."""
    if 'outline' in what:
        for key in ('/Outlines', '/PageMode'):
            if key in pdf.Root:
                del pdf.Root[key]
    if 'links' in what:
        for page in pdf.pages:
            if '/Annots' in page.obj:
                del page.obj['/Annots']
        if '/Names' in pdf.Root:
            del pdf.Root['/Names']
    if 'tags' in what:
        for key in ('/StructTreeRoot', '/MarkInfo'):
            if key in pdf.Root:
                del pdf.Root[key]
        for page in pdf.pages:
            if '/StructParents' in page.obj:
                del page.obj['/StructParents']


def _place_on_sheets(pdf, book, bleed_edges, marks):
    """Put each page on a sheet whose MediaBox starts at 0,0 (WeasyPrint puts the bleed at
    negative coordinates, which some preflight and imposition tools mishandle), with the
    bleed only on the edges the printer wants ('outside': none at the spine, which is left
    of a recto and right of a verso, or the other way in a right-to-left book), and room
    for crop marks outside the bleed if `marks` (WeasyPrint would draw them inside it)."""
    slug = marks.offset + marks.length if marks else 0
    shifts = {}
    for index, page in enumerate(pdf.pages):
        trim, bleed = _floats(page.obj.TrimBox), _floats(page.obj.BleedBox)
        if bleed_edges == 'outside':
            spine = spine_edge(book, index + 1)
            bleed[spine] = trim[spine]
        page.obj.BleedBox = pikepdf.Array(bleed)
        x, y = bleed[0] - slug, bleed[1] - slug
        shifts[page.obj.objgen] = x, y
        page.obj.MediaBox = pikepdf.Array([x, y, bleed[2] + slug, bleed[3] + slug])
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
            x, y = shifts.get(destination[0].objgen, (0, 0))
            destination[2], destination[3] = float(destination[2]) - x, float(destination[3]) - y


def _floats(box):
    return [float(value) for value in box]


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
    """A screen PDF is not a PDF/X file: remove the output intent and the claim. Without
    them the press's CMYK profile, most of the file's bytes, has nothing to do: the black
    of the text is DeviceCMYK black on any screen."""
    if '/OutputIntents' in pdf.Root:
        del pdf.Root['/OutputIntents']
    for resources in resource_dictionaries(pdf.pages):
        spaces = resources.get('/ColorSpace', {})
        for name, space in list(spaces.items()):
            if isinstance(space, pikepdf.Array) and space[0] == pikepdf.Name.ICCBased and space[1].get('/N') == 4:
                spaces[name] = pikepdf.Name.DeviceCMYK
    for key in ('/GTS_PDFXVersion', '/GTS_PDFXConformance'):
        if key in pdf.docinfo:
            del pdf.docinfo[key]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in list(meta):
            if 'pdfx' in key.lower():
                del meta[key]
