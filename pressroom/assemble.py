"""Read the manuscript: the chapters metadata.yaml lists, checked and confined to the book."""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from PIL import Image

from .errors import BookError, warn
from .fonts import static_faces

# Characters no HTML, EPUB or PDF text may hold; lxml refuses them, so they are
# reported here with their line rather than failing deep inside a writer.
INVALID_CHARS_RE = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
UNLISTED = 'chapter file is not listed in metadata.yaml and is left out; add it to chapters to include it'


@dataclass(frozen=True)
class Chapter:
    number: int      # 1-based position in the book
    path: Path       # absolute
    source: str      # path as written in metadata.yaml, for messages
    text: str


def read_text(path, shown=None):
    """The file's text, or a BookError naming the line with the first byte that is not UTF-8
    or the first control character."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise BookError(f'cannot be read ({error.strerror}); check the file and its permissions',
                        shown or path) from None
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as error:
        line = data.count(b'\n', 0, error.start) + 1
        raise BookError('not UTF-8 text; save the file as UTF-8', shown or path, line) from None
    text = text.removeprefix('\ufeff').replace('\r\n', '\n')
    invalid = INVALID_CHARS_RE.search(text)
    if invalid:
        raise BookError(f'control character U+{ord(invalid[0]):04X} in the text; delete it',
                        shown or path, text.count('\n', 0, invalid.start()) + 1)
    return text


def inside(folder, relative, what, source, line=None):
    """Resolve `relative` under `folder`, refusing anything that leaves it."""
    shown = str(relative)
    if Path(relative).is_absolute() or '://' in shown or '\0' in shown:
        raise BookError(f'{what} {shown!r} must be a path inside the book folder', source, line)
    try:
        path = (folder / relative).resolve()
    except RuntimeError:
        raise BookError(f'{what} {shown!r} is a loop of symbolic links', source, line) from None
    if not path.is_relative_to(folder):
        raise BookError(f'{what} {shown!r} points outside the book folder; '
                        'copy the file into the book folder', source, line)
    return path


def read_chapters(book):
    """The chapters in reading order, once every file the book names is checked to be there.

    A missing, empty or unreadable chapter, cover or font is a BookError; a chapter file
    the book does not list is a warning.
    """
    check_resources(book)
    chapters = [read_chapter(book, number) for number in range(1, len(book.chapters) + 1)]
    for path in unlisted_chapters(book, chapters):
        warn(UNLISTED, path)
    return chapters


def read_chapter(book, number):
    """Chapter `number` (1-based) as metadata.yaml lists it."""
    source = book.chapters[number - 1]
    metadata, line = book.folder / 'metadata.yaml', book.line('chapters', number - 1)
    path = inside(book.folder, source, 'chapter', metadata, line)
    if not path.is_file():
        raise BookError(f'chapter {source!r} is listed but does not exist; create it '
                        'or correct its path under chapters', metadata, line)
    text = read_text(path, source)
    if not text.strip():
        raise BookError('chapter is empty; write it, or remove it from chapters in metadata.yaml',
                        source, 1)
    return Chapter(number, path, source, text)


def check_resources(book):
    """The cover and the typeface metadata.yaml names must exist before anything is built."""
    metadata = book.folder / 'metadata.yaml'
    if book.cover:
        path = inside(book.folder, book.cover, 'cover', metadata, book.line('cover'))
        if not path.is_file():
            raise BookError(f'cover {book.cover!r} not found; correct the path or remove the key',
                            metadata, book.line('cover'))
    try:
        static_faces(book.font)
    except BookError as error:
        raise BookError(error.message, metadata, book.line('font')) from None


def unlisted_chapters(book, chapters):
    """Markdown files beside the listed chapters that the book leaves out, relative to its folder."""
    listed = {chapter.path for chapter in chapters}
    for folder in sorted({path.parent for path in listed}):
        for path in sorted(folder.glob('*.md')):
            if path not in listed and path.name.lower() != 'readme.md':
                yield path.relative_to(book.folder)


URL_SCHEME_RE = re.compile(r'^[a-zA-Z][a-zA-Z0-9+.-]*:')


def image_file(book, chapter, src, line):
    """The image file a chapter's `src` names: inside the book, relative to the chapter, and
    readable as an image; BookError otherwise."""
    if URL_SCHEME_RE.match(src):
        raise BookError(f'image {src!r}: only files inside the book folder can be used', chapter.source, line)
    folder = chapter.path.parent.relative_to(book.folder)
    path = inside(book.folder, folder / unquote(src), 'image', chapter.source, line)
    if not path.is_file():
        raise BookError(f'image {src!r} not found', chapter.source, line)
    if path.suffix.lower() != '.svg':
        try:
            with Image.open(path) as image:
                image.verify()
        except (OSError, SyntaxError, ValueError) as error:
            raise BookError(f'image {src!r} cannot be read as an image ({error}); export it again as '
                            'PNG or JPEG', chapter.source, line) from None
    return path
