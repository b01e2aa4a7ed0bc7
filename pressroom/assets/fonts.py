"""The book's typefaces (text and code): static instances of an installed open-licence family, and subsets.

Families come from pinned `fontpkg-*` wheels. Many e-readers cannot use variable fonts, so
each family is instanced once into the user cache's `fonts/<family>-<font version>-<instancing
version>/` (regular, italic, bold, bold italic), with its licence; PDF and EPUB both use those files.
A new wheel or a change to the instancing gets a new folder, never stale instances.
"""

import copy
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import BookError, SetupError
from ..outputs import write_atomic
from ..paths import user_cache

FAMILY_ALIAS = 'Book Serif'   # the name styles/*.css use for the text face (metadata `font`)
CODE_ALIAS = 'Book Mono'      # ...and for the code face (metadata `code_font`)
INSTANCES_VERSION = 'v3'      # part of the cache folder's name: change it when _instance changes
EXTRA_CHARACTERS = ' 0123456789.,;:!?–—‘’“”…'   # kept for readers' own text, e.g. page numbers
BREAK_HYPHEN = 'hyphen.break'
FACES = {                     # face name: (CSS font-style, weight)
    'regular': ('normal', 400),
    'italic': ('italic', 400),
    'bold': ('normal', 700),
    'bold-italic': ('italic', 700),
}


@dataclass(frozen=True)
class Faces:
    family: str
    slug: str        # the family's file-name form, e.g. eb-garamond
    files: dict      # face name -> Path of a static TTF
    license: Path


def static_faces(family_name):
    """The four static faces of `family_name`, made on first use; BookError if not installed."""
    try:
        import fontpkg
    except ImportError:
        raise SetupError('the fontpkg package is missing: reinstall pressroom, which depends on it '
                         '(./book does in the repository)') from None
    try:
        family = fontpkg.family(family_name)
    except fontpkg.FontpkgError:
        known = ', '.join(sorted(fontpkg.family(slug).name for slug in fontpkg.families()))
        raise BookError(f'font {family_name!r} is not installed; installed: {known} '
                        f'(add the fontpkg wheel to pyproject.toml to use another)') from None
    folder = user_cache() / 'fonts' / f'{family.slug}-{family.version}-{INSTANCES_VERSION}'
    files = {}
    for face, (style, weight) in FACES.items():
        files[face] = folder / f'{family.slug}-{face}.ttf'
        if not files[face].exists():
            write_atomic(files[face], _instance(family, style, weight))
    license = folder / 'LICENSE.txt'
    if not license.exists():
        write_atomic(license, (Path(family.files[0].path).parent.parent / 'LICENSE').read_bytes())
    return Faces(family.name, family.slug, files, license)


def book_faces(book):
    """{the name styles/ use: Faces} for the book's text and code typefaces."""
    return {FAMILY_ALIAS: static_faces(book.font), CODE_ALIAS: static_faces(book.code_font)}


def text_faces(book):
    """book_faces for pages with no code on them (covers, slugs)."""
    return {FAMILY_ALIAS: static_faces(book.font)}


def word_space(faces):
    """The regular face's word space, in em."""
    from fontTools.ttLib import TTFont
    font = TTFont(faces.files['regular'], lazy=True)
    return font['hmtx'][font.getBestCmap()[0x20]][0] / font['head'].unitsPerEm


def _instance(family, style, weight):
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer
    chosen = next((f for f in family.files if f.style == style), None)
    if chosen is None:
        raise SetupError(f'the installed font {family.name!r} has no {style} face; a book face needs '
                         'regular, italic, bold and bold italic: reinstall its fontpkg wheel')
    font = TTFont(chosen.path, recalcTimestamp=False)
    if 'fvar' in font:
        axes = {axis.axisTag: axis.defaultValue for axis in font['fvar'].axes}
        axes['wght'] = max(min(weight, chosen.wght_max or weight), chosen.wght_min or weight)
        font = instancer.instantiateVariableFont(font, axes, updateFontNames=True)
    _break_hyphen(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _break_hyphen(font):
    """Give U+2010, the hyphen WeasyPrint draws where it breaks a word, a glyph of its own
    (a copy of the hyphen), so the PDF's text layer can tell it from a hyphen the author
    wrote (writers/pdf/textlayer.py)."""
    if 'glyf' not in font:
        return
    cmap = font.getBestCmap()
    hyphen = cmap.get(0x2D)
    if hyphen is None or cmap.get(0x2010) not in (None, hyphen) or BREAK_HYPHEN in font.getGlyphOrder():
        return
    order = font.getGlyphOrder() + [BREAK_HYPHEN]
    font['glyf'][BREAK_HYPHEN] = copy.deepcopy(font['glyf'][hyphen])    # may add it to the order itself
    font['hmtx'][BREAK_HYPHEN] = font['hmtx'][hyphen]
    font.setGlyphOrder(order)
    font['glyf'].glyphOrder = order
    for table in font['cmap'].tables:
        if table.isUnicode():
            table.cmap[0x2010] = BREAK_HYPHEN
    for table in ('hdmx', 'LTSH', 'VDMX'):      # per-glyph tables that would now be short
        if table in font:
            del font[table]


def subset(path, text):
    """The font at `path` cut down to the glyphs `text` needs, as TTF bytes, by HarfBuzz's
    subsetter, fast enough to run on every build."""
    import uharfbuzz as harfbuzz
    wanted = harfbuzz.SubsetInput()
    wanted.keep_everything()            # every table, layout feature and name...
    wanted.glyph_set.clear()            # ...but only the glyphs the characters need
    wanted.unicode_set.clear()
    wanted.unicode_set.update(ord(character) for character in set(text + EXTRA_CHARACTERS))
    wanted.flags = harfbuzz.SubsetFlags.NOTDEF_OUTLINE
    face = harfbuzz.Face(harfbuzz.Blob.from_file_path(str(path)))
    return harfbuzz.subset(face, wanted).blob.data


def named(css, families):
    """Stylesheet text with each face the styles call by an alias (`families`: alias: Faces)
    named as itself: a reading system shows the reader the family it was told."""
    for alias, faces in families.items():
        css = css.replace(f'"{alias}"', '"' + faces.family.replace('"', '') + '"')
    return css


def font_face_css(families, url, named=False):
    """@font-face rules for the four faces of each of `families` (alias: Faces), under its
    alias or, if `named`, its own name; `url(path)` gives each file's URL."""
    rules = []
    for alias, faces in families.items():
        family = faces.family.replace('"', '') if named else alias
        for face, (style, weight) in FACES.items():
            rules.append(f'@font-face {{ font-family: "{family}"; font-style: {style}; '
                         f'font-weight: {weight}; src: url("{url(faces.files[face])}"); }}')
    return '\n'.join(rules) + '\n'
