"""Parts laid out apart joined into one tagged PDF, with the folios drawn on its pages.

What WeasyPrint made per part is carried over whole: pages, structure tree, bookmarks,
named destinations. Links between parts were written as GOTO URIs (parts.py) and become
jumps to the named destination here. What every part repeats (colour profile, font
subsets) is shared, and RGB images get a colour profile, as PDF/X-4 wants.
"""

import hashlib
import io
import warnings
from pathlib import Path

import pikepdf
import weasyprint

from . import structure, textlayer
from .pages import add_blank_page, resource_dictionaries

GOTO = 'pressroom-goto:'
# The tables WeasyPrint drops from the fonts it embeds (pdf/fonts.py).
DROPPED_TABLES = (b'BASE', b'DSIG', b'EBDT', b'EBLC', b'EBSC', b'GPOS', b'GSUB', b'JSTF', b'LTSH', b'PCLT',
                  b'SVG ')


def join(parts, starts, overlays, faces):
    """The PDF of `parts` (PDF bytes, in reading order, each beginning at its page index in
    `starts`, blank pages filling the gaps) with the pages of `overlays` drawn over its
    pages in turn, as bytes. `faces` are the font files the parts were set in."""
    with pikepdf.open(io.BytesIO(parts[0])) as book:
        structure.mend(book)
        document = book.Root.StructTreeRoot.K[0]
        destinations = dict(_destinations(book))
        for data, start in zip(parts[1:], starts[1:]):
            while len(book.pages) < start:
                add_blank_page(book)
            with pikepdf.open(io.BytesIO(data)) as part:
                structure.mend(part)
                _append(book, part, document, destinations)
        _set_destinations(book, destinations)
        _resolve_links(book)
        structure.flatten_spans(book)
        draw_overlays(book, overlays)
        _share_resources(book, faces)
        textlayer.mend(book, textlayer.face_names(faces))
        _profile_rgb_images(book)
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()


def _append(book, part, document, destinations):
    """The part's pages, structure, bookmarks and destinations added to `book`'s."""
    offset = _next_key(book)
    first = len(book.pages)
    with warnings.catch_warnings():      # named destinations are carried over below
        warnings.simplefilter('ignore', pikepdf.PageCopyWarning)
        book.pages.extend(part.pages)
    for page in book.pages[first:]:
        if '/StructParents' in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get('/Annots', ()):
            if '/StructParent' in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    numbers = part.Root.StructTreeRoot.ParentTree.Nums
    nums = book.Root.StructTreeRoot.ParentTree.Nums
    for index in range(0, len(numbers), 2):
        nums.append(int(numbers[index]) + offset)
        nums.append(_copy(book, numbers[index + 1]))
    book.Root.StructTreeRoot.ParentTreeNextKey = _next_key(book)
    for element in part.Root.StructTreeRoot.K[0].K:
        copied = _copy(book, element)
        copied.P = document
        document.K.append(copied)
    if '/Outlines' in part.Root:
        _append_outline(book, _copy(book, part.Root.Outlines))
    for name, destination in _destinations(part):
        destinations[name] = _copy(book, destination)


def _copy(book, obj):
    """A copy of another PDF's object in `book`; pikepdf copies only indirect objects, so
    direct arrays and dictionaries are copied item by item."""
    if not isinstance(obj, pikepdf.Object):
        return obj
    if obj.is_indirect:
        return book.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(book, item) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(book, value) for key, value in obj.items()})
    return obj


def _next_key(book):
    nums = book.Root.StructTreeRoot.ParentTree.Nums
    return max((int(nums[index]) for index in range(0, len(nums), 2)), default=-1) + 1


def _append_outline(book, outline):
    """Splice a copied outline's top-level items after `book`'s own."""
    if '/First' not in outline:
        return
    if '/Outlines' not in book.Root or '/First' not in book.Root.Outlines:
        book.Root.Outlines = book.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines, Count=0))
    root = book.Root.Outlines
    item = outline.First
    while True:
        item.Parent = root
        if '/First' in root:
            item.Prev = root.Last
            root.Last.Next = item
        else:
            root.First = item
        root.Last = item
        root.Count = int(root.Count) + 1
        if '/Next' not in item:
            break
        following = item.Next
        del item['/Next']
        item = following


def _destinations(pdf):
    if '/Names' in pdf.Root and '/Dests' in pdf.Root.Names:
        yield from pikepdf.NameTree(pdf.Root.Names.Dests).items()


def _set_destinations(book, destinations):
    if '/Names' not in book.Root:
        book.Root.Names = pikepdf.Dictionary()
    tree = pikepdf.NameTree.new(book)
    for name in sorted(destinations):
        tree[name] = destinations[name]
    book.Root.Names.Dests = tree.obj


def _resolve_links(book):
    """Links to another part, written as GOTO URIs, become jumps to the named destination."""
    for page in book.pages:
        for annotation in page.obj.get('/Annots', ()):
            action = annotation.get('/A')
            if action is not None and str(action.get('/URI', '')).startswith(GOTO):
                name = str(action.URI).removeprefix(GOTO)
                annotation.A = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.String(name))
                annotation.Contents = pikepdf.String(f'#{name}')     # the link as written


def draw_overlays(book, overlays, kind='Folio'):
    """Each overlay page drawn over the book's page of the same number, as an artifact:
    folios and slug lines are furniture, not content, for the structure tree. `kind` names
    the drawings in the pages' resources."""
    number = 0
    for data in overlays:
        with pikepdf.open(io.BytesIO(data)) as overlay:
            for sheet in overlay.pages:
                page = book.pages[number]
                # Named by page: WeasyPrint's pages share one resource dictionary.
                name = page.add_resource(_copy(book, sheet.as_form_xobject()), pikepdf.Name.XObject,
                                         pikepdf.Name(f'/{kind}{number + 1}'))
                # The page's own drawing may leave its coordinates changed: isolate it.
                page.contents_add(book.make_stream(b'q '), prepend=True)
                page.contents_add(book.make_stream(f' Q /Artifact BMC q {name} Do Q EMC'.encode()))
                number += 1


def _share_resources(book, faces):
    """Each part embeds its own colour profile and font subsets: one profile serves all,
    and each face is subset once for the glyphs of every part (WeasyPrint keeps glyph ids
    in its subsets, so the text needs no change)."""
    profiles, fonts = {}, {}
    for resources in resource_dictionaries(book.pages):
        for space in resources.get('/ColorSpace', {}).values():
            if isinstance(space, pikepdf.Array) and space[0] == pikepdf.Name.ICCBased:
                digest = hashlib.sha256(space[1].read_raw_bytes()).digest()
                space[1] = profiles.setdefault(digest, space[1])
        for font in resources.get('/Font', {}).values():
            for descendant in font.get('/DescendantFonts', ()):
                if '/FontFile2' in descendant.FontDescriptor:
                    fonts.setdefault(str(descendant.BaseFont).split('+', 1)[-1], []).append(descendant)
    for intent in book.Root.get('/OutputIntents', ()):
        digest = hashlib.sha256(intent.DestOutputProfile.read_raw_bytes()).digest()
        intent.DestOutputProfile = profiles.setdefault(digest, intent.DestOutputProfile)
    files = {textlayer.full_name(path.read_bytes()): path for path in faces}
    for descendants in fonts.values():
        program = descendants[0].FontDescriptor.FontFile2
        source = files.get(textlayer.full_name(program.read_bytes()))
        if source is None or len(descendants) < 2:
            continue
        glyphs = set().union(*(_glyphs(descendant.W) for descendant in descendants))
        shared = book.make_stream(_subset_keeping_ids(source, glyphs))
        for descendant in descendants:
            descendant.FontDescriptor.FontFile2 = shared


def _glyphs(widths):
    """The glyph ids a CID font's /W array gives widths for."""
    glyphs, index = set(), 0
    while index < len(widths):
        if isinstance(widths[index + 1], pikepdf.Array):
            first = int(widths[index])
            glyphs.update(range(first, first + len(widths[index + 1])))
            index += 2
        else:
            glyphs.update(range(int(widths[index]), int(widths[index + 1]) + 1))
            index += 3
    return glyphs


def _subset_keeping_ids(path, glyphs):
    """The font at `path` cut to `glyphs`, glyph ids kept, with the tables a PDF needs:
    as WeasyPrint subsets."""
    import uharfbuzz as harfbuzz
    wanted = harfbuzz.SubsetInput()
    wanted.glyph_set.update(glyphs | {0})
    wanted.unicode_set.clear()
    wanted.flags = (harfbuzz.SubsetFlags.RETAIN_GIDS | harfbuzz.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
                    | harfbuzz.SubsetFlags.DESUBROUTINIZE | harfbuzz.SubsetFlags.NOTDEF_OUTLINE)
    wanted.drop_table_tag_set.update(int.from_bytes(tag, 'big') for tag in DROPPED_TABLES)
    face = harfbuzz.Face(harfbuzz.Blob.from_file_path(str(path)))
    return harfbuzz.subset(face, wanted).blob.data


def _profile_rgb_images(book):
    """RGB images, which WeasyPrint writes as DeviceRGB (not allowed in PDF/X-4), tagged
    with the sRGB profile WeasyPrint ships, so a RIP converts them to the output intent."""
    profile = None
    for resources in resource_dictionaries(book.pages):
        for image in resources.get('/XObject', {}).values():
            if image.get('/Subtype') == pikepdf.Name.Image and image.get('/ColorSpace') == pikepdf.Name.DeviceRGB:
                if profile is None:
                    data = (Path(weasyprint.__file__).parent / 'pdf' / 'sRGB2014.icc').read_bytes()
                    profile = book.make_stream(data, N=3, Alternate=pikepdf.Name.DeviceRGB)
                image.ColorSpace = pikepdf.Array([pikepdf.Name.ICCBased, profile])
