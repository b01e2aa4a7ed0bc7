"""The chapters metadata.yaml lists, read in reading order, and the files the book names
checked before anything is built."""

import difflib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..assets.color import cmyk_profile, output_intent
from ..assets.fonts import static_faces
from ..css import stylesheet_fetches
from ..errors import BookError, warn
from ..paths import BOOK_STYLES, STYLES_DIR, default_names, theme_folders
from ..printers import printer
from ..urls import SCHEME_RE
from . import bibliography
from .files import inside, read_text, regular_file
from .images import check_image

UNLISTED = 'chapter file is not listed in metadata.yaml and is left out; add it to chapters to include it'


@dataclass(frozen=True)
class Chapter:
    number: int      # 1-based position in the book
    path: Path       # absolute
    source: str      # path as written in metadata.yaml, for messages
    text: str


def read_chapters(book):
    """The chapters in reading order, once every file the book names is checked to be there,
    and the bibliography's if no chapter sets it.

    A missing, empty or unreadable chapter, cover or font is a BookError; a chapter file
    the book does not list is a warning.
    """
    if len(book.chapters) > book.limits['chapters']:
        raise BookError(f'lists {len(book.chapters):,} chapters, more than the {book.limits["chapters"]:,} a build '
                        'lays out in reasonable time (its time grows faster than the count): join short ones, '
                        'or raise limits: chapters', book.folder / 'metadata.yaml', book.line('chapters'))
    check_resources(book)
    chapters = [read_chapter(book, number) for number in range(1, len(book.chapters) + 1)]
    for path in unlisted_chapters(book, chapters):
        warn(UNLISTED, path)
    works_cited = bibliography.chapter_text(book, chapters)
    if works_cited:         # the bibliography, where no chapter sets it, after the last
        chapters.append(Chapter(len(chapters) + 1, book.folder / book.bibliography[0], book.bibliography[0],
                                works_cited))
    return chapters


def read_chapter(book, number):
    """Chapter `number` (1-based) as metadata.yaml lists it."""
    source = book.chapters[number - 1]
    metadata, line = book.folder / 'metadata.yaml', book.line('chapters', number - 1)
    path = inside(book.folder, source, 'chapter', metadata, line)
    if not path.exists():
        raise BookError(f'chapter {source!r} is listed but does not exist; create it '
                        'or correct its path under chapters', metadata, line)
    regular_file(path, f'chapter {source!r}', metadata, line)
    if path.stat().st_size > book.limits['chapter_mb'] * 1_000_000:
        raise BookError(f'is over {book.limits["chapter_mb"]} MB; split it into chapters, or raise '
                        'limits: chapter_mb in metadata.yaml', source)
    text = read_text(path, source)
    long_word = re.search(rf'\S{{{book.limits["word_length"] + 1},}}', text)
    if long_word:
        raise BookError(f'a word of {len(long_word[0]):,} characters, more than a page can set; break it '
                        'up, or raise limits: word_length in metadata.yaml', source,
                        text.count('\n', 0, long_word.start()) + 1)
    if not text.strip():
        raise BookError('chapter is empty; write it, or remove it from chapters in metadata.yaml',
                        source, 1)
    return Chapter(number, path, source, text)


def check_resources(book):
    """The cover and the typeface metadata.yaml names must exist before anything is built.

    The font instances and the colour profiles (the layout's, and the printer's condition's)
    are made here too, in this process: the writers' worker processes are forked from it and
    find them ready.
    """
    metadata = book.folder / 'metadata.yaml'
    if book.cover:
        path = inside(book.folder, book.cover, 'cover', metadata, book.line('cover'))
        if not path.exists():
            raise BookError(f'cover {book.cover!r} not found; correct the path or remove the key',
                            metadata, book.line('cover'))
        regular_file(path, f'cover {book.cover!r}', metadata, book.line('cover'))
        check_image(path, 'cover', book.cover, metadata, book.line('cover'))
    check_theme(book)
    for key in ('font', 'code_font'):
        try:
            static_faces(getattr(book, key))
        except BookError as error:
            raise BookError(error.message, metadata, book.line(key)) from None
    cmyk_profile()
    output_intent(printer(book).condition, printer(book).ink_limit)


def check_theme(book):
    """The book's own styles/ and its shared theme replace default stylesheets by name; a
    stylesheet of another name is never read (a warning), and one that loads a file (an
    EPUB reader would fetch it) is refused."""
    names = [name for name in default_names() if name.endswith('.css')]
    for folder in theme_folders(book):
        if folder == STYLES_DIR:
            continue
        for path in sorted(folder.glob('*.css')):
            shown = path if folder == book.theme else Path(BOOK_STYLES) / path.name
            if path.name not in names:
                close = difflib.get_close_matches(path.name, names, n=1)
                warn(f'is not a stylesheet pressroom reads ({", ".join(names)})' +
                     (f'; did you mean {close[0]}?' if close else ''), shown)
            elif stylesheet_fetches(read_text(path, shown)):
                raise BookError('loads a file (url() or @import); a theme\'s stylesheets may not, as e-readers '
                                'would fetch it: set fonts with font: in metadata.yaml', shown)


def unlisted_chapters(book, chapters):
    """Markdown files beside the listed chapters that the book leaves out, relative to its folder."""
    listed = {chapter.path for chapter in chapters}
    for folder in sorted({path.parent for path in listed}):
        for path in sorted(folder.glob('*.md')):
            if path not in listed and path.name.lower() != 'readme.md':
                yield path.relative_to(book.folder)


def linked_chapter(source, href):
    """(the chapter file, as metadata.yaml would list it, and the fragment or None) that
    `href`, a link in chapter `source`, names as a relative path; None for any other link.
    The build and lint both read links to other chapters so."""
    path, _, fragment = href.partition('#')
    if not path or SCHEME_RE.match(path) or path.startswith('/'):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path))), unquote(fragment) or None
