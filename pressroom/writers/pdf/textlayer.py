"""What readers' tools read from the pages rather than see on them: the fonts under their
own names, and words broken at a line end read whole.

WeasyPrint draws the hyphen of a word it breaks as U+2010, from a glyph of its own
(assets/fonts.py), and maps it to U+2010 in the text layer, which no extractor joins, so
copy and search met "per‐ spective". Mapped to the hyphen-minus, the form poppler,
pdf.js's search, PDFium and mupdf join at a line end, the word reads whole. A hyphen the
author wrote is mapped the other way, to U+2010 (HYPHEN), which they keep: at a line end
"petty-|bourgeois" reads "petty‐bourgeois", not "pettybourgeois". What is printed does not
change; in a monospaced face (code, never hyphenated) a hyphen-minus stays one.
"""

import re

import pikepdf

from .pages import resource_dictionaries

HYPHEN_MAPPING_RE = re.compile(rb'(<[0-9a-fA-F]{4}> )<(2010|002[dD])>')
SWAPPED = {b'2010': b'002d', b'002d': b'2010', b'002D': b'2010'}
FIXED_PITCH = 1            # FontDescriptor flag


def mend(book, faces):
    """Fonts of `book` renamed after the faces they embed (`faces`: {full name: PostScript
    name}) and their break hyphens mapped to the hyphen-minus."""
    seen = set()
    for resources in resource_dictionaries(book.pages):
        for font in resources.get('/Font', {}).values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            _rename(font, faces)
            if '/ToUnicode' in font:
                font.ToUnicode.write(HYPHEN_MAPPING_RE.sub(_hyphen_swapper(font), font.ToUnicode.read_bytes()))


def _hyphen_swapper(font):
    """Break hyphens read as the hyphen-minus; in a proportional face, the author's hyphens
    as U+2010."""
    monospaced = any(int(descendant.FontDescriptor.get('/Flags', 0)) & FIXED_PITCH
                     for descendant in font.get('/DescendantFonts', ()))

    def swap(match):
        if match.group(2) != b'2010' and monospaced:
            return match.group()
        return match.group(1) + b'<' + SWAPPED[match.group(2)] + b'>'
    return swap


def _rename(font, faces):
    """WeasyPrint names a font after its CSS family (`ABCDEF+Book-Serif-Italic`); PDF wants
    the PostScript name, under the same subset tag."""
    for descendant in font.get('/DescendantFonts', ()):
        program = descendant.FontDescriptor.get('/FontFile2')
        name = faces.get(full_name(program.read_bytes())) if program is not None else None
        if name is None:
            continue
        tagged = pikepdf.Name('/' + str(descendant.BaseFont)[1:].split('+', 1)[0] + '+' + name)
        descendant.BaseFont = descendant.FontDescriptor.FontName = font.BaseFont = tagged


def face_names(paths):
    """{full name: PostScript name} of the font files at `paths`, as `mend` wants them."""
    return {full_name(data): postscript_name(data) for data in (path.read_bytes() for path in paths)}


def full_name(program):
    import uharfbuzz as harfbuzz
    return harfbuzz.Face(harfbuzz.Blob(program)).get_name(harfbuzz.OTNameIdPredefined.FULL_NAME)


def postscript_name(program):
    import uharfbuzz as harfbuzz
    return harfbuzz.Face(harfbuzz.Blob(program)).get_name(harfbuzz.OTNameIdPredefined.POSTSCRIPT_NAME)
