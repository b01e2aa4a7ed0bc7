"""Read the manuscript: the chapters metadata.yaml lists, checked and confined to the book."""

from dataclasses import dataclass
from pathlib import Path

from .errors import BookError, warn


@dataclass(frozen=True)
class Chapter:
    number: int      # 1-based position in the book
    path: Path       # absolute
    source: str      # path as written in metadata.yaml, for messages
    text: str


def read_text(path, shown=None):
    """The file's text, or a BookError naming the line with the first byte that is not UTF-8."""
    data = Path(path).read_bytes()
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as error:
        line = data.count(b'\n', 0, error.start) + 1
        raise BookError('not UTF-8 text; save the file as UTF-8', shown or path, line) from None
    return text.removeprefix('\ufeff').replace('\r\n', '\n')


def inside(folder, relative, what, source):
    """Resolve `relative` under `folder`, refusing anything that leaves it."""
    if Path(relative).is_absolute() or '://' in str(relative):
        raise BookError(f'{what} {relative!r} must be a path inside the book folder', source)
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder):
        raise BookError(f'{what} {relative!r} points outside the book folder', source)
    return path


def read_chapters(book):
    """The chapters in reading order; a missing, empty or unreadable chapter is a BookError."""
    metadata = book.folder / 'metadata.yaml'
    chapters = []
    for number, source in enumerate(book.chapters, 1):
        path = inside(book.folder, source, 'chapter', metadata)
        if not path.is_file():
            raise BookError(f'chapter {source!r} is listed but does not exist', metadata)
        text = read_text(path, source)
        if not text.strip():
            raise BookError('chapter is empty', source, 1)
        chapters.append(Chapter(number, path, source, text))
    _warn_unlisted(book, {chapter.path for chapter in chapters})
    return chapters


def _warn_unlisted(book, listed):
    folders = {path.parent for path in listed}
    for folder in sorted(folders):
        for path in sorted(folder.glob('*.md')):
            if path not in listed and path.name.lower() != 'readme.md':
                warn('chapter file is not listed in metadata.yaml and is left out',
                     path.relative_to(book.folder))
