"""A face for every script: the faces styles/scripts.yaml names for the scripts the book's
face lacks, and the check that every character of a book has a face.

The faces come from Debian's fonts-noto-core (installed by ./book) and are copied into the
user cache with their licence, like the colour profile. Each is given the characters it
sets as a unicode-range: those of its script, and of no script, that no face before it has.
So WeasyPrint and e-readers take every character from the face meant for it, and never
from whatever the machine has (DejaVu, or nothing: a box). A book in a script its face
lacks altogether (Arabic, Tamil in EB Garamond) is led by that script's face, which then
sets its spaces, digits and punctuation too, as the script's own typography has them.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from ..errors import BookError, SetupError
from ..outputs import write_atomic
from ..paths import stylesheet, user_cache

DEBIAN_FONTS = Path('/usr/share/fonts/truetype/noto')
DEBIAN_COPYRIGHT = Path('/usr/share/doc/fonts-noto-core/copyright')
CHOICES = 'scripts.yaml'
NO_SCRIPT = ('Zyyy', 'Zinh')      # punctuation, digits, marks shared by every script
# Files of a family for each face, in the order looked for; a script without italics is
# set upright (Tamil has a slanted family of its own).
FILES = {
    'regular': ('{stem}-Regular.ttf',),
    'italic': ('{stem}-Italic.ttf', '{stem}Slanted-Regular.ttf', '{stem}-Regular.ttf'),
    'bold': ('{stem}-Bold.ttf', '{stem}-Regular.ttf'),
    'bold-italic': ('{stem}-BoldItalic.ttf', '{stem}Slanted-Bold.ttf', '{stem}-Bold.ttf', '{stem}-Regular.ttf'),
}


@dataclass(frozen=True)
class ScriptFace:
    family: str
    slug: str
    files: dict          # face name (fonts.FACES) -> Path in the user cache
    license: Path
    script: str          # ISO 15924


def choices(path):
    """[(script, family)] as the theme's scripts.yaml (at `path`) lists them."""
    try:
        listed = yaml.safe_load(path.read_text(encoding='utf-8')) or {}
    except (OSError, yaml.YAMLError) as error:
        raise SetupError(f'{path} cannot be read as a list of faces by script ({error})') from None
    return [(script, family) for script, families in listed.items()
            for family in ([families] if isinstance(families, str) else families)]


def script_face(script, family):
    """The family's faces in the user cache, copied from Debian's on first use (looked for
    each time: the user cache may be another by now)."""
    stem = family.replace(' ', '')
    regular = DEBIAN_FONTS / f'{stem}-Regular.ttf'
    if not regular.exists():
        raise SetupError(f'the face {family!r} ({regular}) that styles/{CHOICES} names for {script} is not '
                         'installed: rerun ./book (it installs Debian\'s fonts-noto-core)')
    from fontTools.ttLib import TTFont
    version = f'{TTFont(regular, lazy=True)["head"].fontRevision:.3f}'
    folder = user_cache() / 'fonts' / f'{stem.lower()}-{version}'
    files = {}
    for face, names in FILES.items():
        source = next(path for name in names if (path := DEBIAN_FONTS / name.format(stem=stem)).exists())
        files[face] = folder / source.name
        if not files[face].exists():
            write_atomic(files[face], source.read_bytes())
    license = folder / 'COPYRIGHT'
    if not license.exists():
        write_atomic(license, DEBIAN_COPYRIGHT.read_bytes())
    return ScriptFace(family, stem.lower(), files, license, script)


def chosen(book):
    """The book's scripts.yaml: its theme's, or the default."""
    return stylesheet(CHOICES, book)


def lead(primary, script, listed):
    """The face `listed` (a scripts.yaml) gives `script` if the face at `primary` has not one
    letter of it (an Arabic book set in EB Garamond), else None."""
    from fontTools import unicodedata as ucd
    if any(ucd.script(chr(point)) == script for point in _cmap(primary)):
        return None
    return next((script_face(name, family) for name, family in choices(listed) if name == script), None)


@lru_cache(maxsize=8)
def fallbacks(primaries, listed):
    """[(ScriptFace, the code points it sets)] after the faces at `primaries` (files), in the
    order of `listed` (a scripts.yaml): each the characters of its script, or of none, that
    it has and no face before it has."""
    taken = set().union(*map(_cmap, primaries))
    found = []
    for script, family in choices(listed):
        face = script_face(script, family)
        if face.files['regular'] in primaries:
            continue
        points = frozenset(point for point in _cmap(face.files['regular']) - taken
                           if _in_script(point, script) and not _ignored(point))
        if points:
            taken |= points
            found.append((face, points))
    return tuple(found)


def unicode_range(points):
    """A CSS unicode-range listing `points` as runs: U+0B82-0B83, U+0B85."""
    runs, start, previous = [], None, None
    for point in sorted(points):
        if start is None:
            start = previous = point
        elif point == previous + 1:
            previous = point
        else:
            runs.append((start, previous))
            start = previous = point
    if start is not None:
        runs.append((start, previous))
    return ', '.join(f'U+{a:04X}' if a == b else f'U+{a:04X}-{b:04X}' for a, b in runs)


def covered(primaries, listed, others=()):
    """The code points the faces at `primaries`, the faces at `others` (a code face's stack)
    and the script faces `listed` (a scripts.yaml) after them have between them."""
    return set().union(*map(_cmap, primaries), *map(_cmap, others),
                       *(points for _, points in fallbacks(primaries, listed)))


def missing(have, text):
    """The characters of `text` not in `have` (code points), in order of appearance;
    characters a layout never draws (spaces that break, joiners, direction marks) are not
    asked for."""
    seen, found = set(), []
    for char in text:
        if char not in seen and ord(char) not in have and not _ignored(ord(char)):
            found.append(char)
        seen.add(char)
    return found


def check(have, texts, sources, family):
    """BookError for the first character of `texts` not in `have`, found in `sources` ((path,
    its text) pairs: the chapters, metadata.yaml) to name its file and line."""
    for char in missing(have, texts):
        path, line = next(((path, text.count('\n', 0, text.index(char)) + 1) for path, text in sources
                           if char in text), (None, None))
        name = unicodedata.name(char, 'unnamed')
        raise BookError(f'the character {char!r} (U+{ord(char):04X} {name}) is in no face the book has: '
                        f'{family} lacks it, and so does every face of styles/{CHOICES}; name a face that '
                        'has it there, or write it otherwise', path, line)


@cache
def _cmap(path):
    from fontTools.ttLib import TTFont
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def _in_script(point, script):
    from fontTools import unicodedata as ucd
    extensions = ucd.script_extension(chr(point))
    return script in extensions or bool(extensions & set(NO_SCRIPT))


def _ignored(point):
    """Characters no face needs to draw: controls, spaces a line breaks at, and format
    characters (joiners, direction marks, soft hyphens), which shapers handle."""
    category = unicodedata.category(chr(point))
    return category in ('Cc', 'Cf', 'Zl', 'Zp') or chr(point) in ' \t\n\r'


def needed(primaries, characters, listed):
    """The script faces `listed` (a scripts.yaml) after the faces at `primaries` that set some
    of `characters` (a set of code points), as (face, the code points it sets)."""
    return [(face, points) for face, points in fallbacks(primaries, listed) if characters & points]


def book_characters(book):
    """Every character the book may show, as code points: its chapters as written, its
    metadata and the labels of its language. More than a layout draws (markup, comments),
    so that a face is never missing; the chapters are read again only when they change."""
    from .. import languages
    from ..sources.chapters import read_chapter
    characters = set()
    for number in range(1, len(book.chapters) + 1):
        path = book.folder / book.chapters[number - 1]
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _CHAPTERS:
            if len(_CHAPTERS) > 4096:        # a long preview session: forget old versions
                _CHAPTERS.clear()
            _CHAPTERS[key] = frozenset(map(ord, read_chapter(book, number).text))
        characters |= _CHAPTERS[key]
    metadata = [book.title, book.subtitle or '', *book.authors, book.publisher, book.rights, book.description,
                *(name for name, _ in book.contributors), *book.labels.values(),
                *languages.profile(book.lang).labels.values(), *languages.profile(book.lang).months]
    characters.update(map(ord, ''.join(metadata)))
    return characters


_CHAPTERS = {}


def check_book(book, chapters, html_text):
    """Before layout: every character the book shows has a face, or BookError names the
    first that has none, with its file and line. Code is set in the code face, then as the
    text; math is ziamath's (writers/pdf/math.py)."""
    import lxml.html

    from . import fonts
    root = lxml.html.document_fromstring(html_text)
    code = 'ancestor::code or ancestor::pre or ancestor::kbd or ancestor::samp'
    text = ''.join(root.xpath(f'//body//text()[not({code} or ancestor::math)]'))
    text += book.description + ''.join(root.xpath('//head/title/text()'))
    primaries = fonts.primaries(book)
    sources = [(book.folder / chapter.source, chapter.text) for chapter in chapters]
    sources.append((book.folder / 'metadata.yaml', (book.folder / 'metadata.yaml').read_text(encoding='utf-8')))
    check(covered(primaries, chosen(book)), text, sources, book.font)
    code_text = ''.join(root.xpath(f'//body//text()[({code}) and not(ancestor::math)]'))
    if code_text:
        check(covered(primaries, chosen(book), [fonts.static_faces(book.code_font).files['regular']]), code_text,
              sources,
              book.code_font)
