"""The book's typefaces (text and code): static instances of an installed open-licence family, and subsets;
after them, the faces of other scripts (scripts.py) in every font-family list the styles give.

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
from ..paths import stylesheets, user_cache
from . import scripts

FAMILY_ALIAS = 'Book Serif'   # the name styles/*.css use for the text face (metadata `font`)
CODE_ALIAS = 'Book Mono'      # ...and for the code face (metadata `code_font`)
INSTANCES_VERSION = 'v4'      # part of the cache folder's name: change it when _instance changes
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
    _narrow_space(font)
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


def _narrow_space(font):
    """A face without U+202F, the narrow no-break space French sets inside « » and before
    ; ! ?, gets its thin space's glyph for it (EB Garamond has U+2009 but not U+202F)."""
    cmap = font.getBestCmap()
    if 0x202F in cmap or 0x2009 not in cmap:
        return
    for table in font['cmap'].tables:
        if table.isUnicode() and 0x2009 in table.cmap:
            table.cmap[0x202F] = table.cmap[0x2009]


def leading(book):
    """The face of the book's script, if its own face has none of it (scripts.lead), else None."""
    from .. import languages
    return scripts.lead(static_faces(book.font).files['regular'], languages.profile(book.lang).script,
                        scripts.chosen(book))


def primaries(book):
    """The files of the faces every character is looked for in first: the leading face, if
    any, then the book's."""
    led = leading(book)
    return ((led.files['regular'],) if led else ()) + (static_faces(book.font).files['regular'],)


def script_faces(book, characters=None):
    """[(alias, scripts.ScriptFace, the code points it sets, or None for all it has)] for the
    faces of other scripts the book needs: its leading face, and those with a character of
    `characters` (code points), by default every character the book may show
    (scripts.book_characters)."""
    characters = scripts.book_characters(book) if characters is None else characters
    led = leading(book)
    return ([(f'Book {led.family}', led, None)] if led else []) + [
        (f'Book {face.family}', face, points)
        for face, points in scripts.needed(primaries(book), characters, scripts.chosen(book))]


def families_used(book, text):
    """The families `text` is set in, as the imprint names them: the book's face, then each
    script face it needs."""
    used = script_faces(book, set(map(ord, text)))
    return [face.family for _, face, points in used if points is None] + [book.font] + [
        face.family for _, face, points in used if points is not None]


def stacks(book, used, named=False):
    """{alias: the font-family list it stands for}: the text face, then the script faces
    `used` (from script_faces); the code face, then the text face's list. `named`: each
    face called by its own name, as the EPUB calls it."""
    def name(alias, family):
        return '"' + (family if named else alias).replace('"', '') + '"'
    text = ([name(alias, face.family) for alias, face, points in used if points is None]
            + [name(FAMILY_ALIAS, book.font)]
            + [name(alias, face.family) for alias, face, points in used if points is not None])
    return {FAMILY_ALIAS: ', '.join(text), CODE_ALIAS: ', '.join([name(CODE_ALIAS, book.code_font), *text])}


def script_face_css(used, url, named=False):
    """@font-face rules for the script faces `used`, each for the characters it sets."""
    rules = []
    for alias, face, points in used:
        family = face.family if named else alias
        ranges = '' if named or points is None else f' unicode-range: {scripts.unicode_range(points)};'
        for name, (style, weight) in FACES.items():
            rules.append(f'@font-face {{ font-family: "{family}"; font-style: {style}; font-weight: {weight}; '
                         f'src: url("{url(face.files[name])}");{ranges} }}')
    return '\n'.join(rules) + '\n'


def fallback_css(book):
    """For WeasyPrint's layouts (pages, folios, covers): the @font-face rules of the script
    faces the book needs, and every font-family declaration of styles/ that calls a face by
    its alias, again, with the script faces after it. Stated again rather than rewritten, so
    styles/ stays as the designer wrote it; as it comes after styles/, it wins. WeasyPrint
    tells fonts apart by their family (pdf/fonts.py), so each script face has its own."""
    used = script_faces(book)
    if not used:
        return ''
    import tinycss2
    lists = stacks(book, used)
    rules = [_restated(rule, lists) for path in stylesheets(book) if path.suffix == '.css'
             for rule in tinycss2.parse_stylesheet(path.read_text(encoding='utf-8'), True, True)]
    return script_face_css(used, lambda path: path.as_uri()) + ''.join(filter(None, rules))


def _restated(rule, lists):
    """The font-family declarations of `rule` (and of the rules nested in it) that name an
    alias, with the alias given as its list, in a rule of the same selector; '' if none."""
    import tinycss2
    if rule.type not in ('qualified-rule', 'at-rule') or rule.content is None:
        return ''
    prelude = tinycss2.serialize(rule.prelude).strip()
    if rule.type == 'at-rule':
        prelude = f'@{rule.at_keyword} {prelude}'
    inner = []
    for item in tinycss2.parse_blocks_contents(rule.content, True, True):
        if item.type == 'declaration' and item.lower_name == 'font-family':
            value = tinycss2.serialize(item.value).strip()
            if any(f'"{alias}"' in value for alias in lists):
                for alias, listed in lists.items():
                    value = value.replace(f'"{alias}"', listed)
                inner.append(f'font-family: {value}{" !important" if item.important else ""};')
        elif item.type in ('qualified-rule', 'at-rule'):
            inner.append(_restated(item, lists))
    inner = ' '.join(filter(None, inner))
    return f'{prelude} {{ {inner} }}\n' if inner else ''


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


def named(css, lists):
    """Stylesheet text with each alias the styles call a face by given as its list of faces,
    each named as itself (`lists`: stacks(..., named=True)): a reading system shows the
    reader the family it was told, and takes a script the text face lacks from the next."""
    for alias, listed in lists.items():
        css = css.replace(f'"{alias}"', listed)
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
