"""Reading the book's files: UTF-8 text only, and paths confined to the book folder."""

import os
import re
import stat
from pathlib import Path

from ..errors import BookError

# Characters no HTML, EPUB or PDF text may hold; lxml refuses them, so they are
# reported here with their line rather than failing deep inside a writer.
INVALID_CHARS_RE = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


MAX_TEXT = 20_000_000      # bytes of one chapter: a long novel is under 3 MB
NAME_MAX, PATH_MAX = 255, 4095     # bytes of a file name and of a path, as Linux and macOS file systems allow


def regular_file(path, what, source, line=None):
    """BookError unless `path` is a plain file: a folder, a device, a FIFO or a socket is
    refused by its type before anything reads it (a FIFO would never end)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise BookError(f'{what} not found; create it or correct its path', source, line) from None
    except OSError as error:
        raise BookError(f'{what} cannot be read ({error.strerror})', source, line) from None
    if stat.S_ISDIR(mode):
        raise BookError(f'{what} is a folder, not a file', source, line)
    if not stat.S_ISREG(mode):
        raise BookError(f'{what} is a device, FIFO or socket, not a file', source, line)
    return path


def read_text(path, shown=None):
    """The file's text, or a BookError naming the line with the first byte that is not UTF-8
    or the first control character."""
    regular_file(path, 'the file', shown or path)
    if os.path.getsize(path) > MAX_TEXT:
        raise BookError(f'is over {MAX_TEXT // 1_000_000} MB; split it into chapters', shown or path)
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
    if any(len(part.encode('utf-8', 'surrogateescape')) > NAME_MAX for part in Path(relative).parts) or \
            len(str(folder / relative).encode('utf-8', 'surrogateescape')) > PATH_MAX:
        shown = shown if len(shown) <= 60 else shown[:57] + '...'
        raise BookError(f'{what} {shown!r} has a name longer than file systems allow ({NAME_MAX} bytes a '
                        'name); shorten it', source, line)
    try:
        path = (folder / relative).resolve()
    except RuntimeError:
        raise BookError(f'{what} {shown!r} is a loop of symbolic links', source, line) from None
    if not path.is_relative_to(folder):
        raise BookError(f'{what} {shown!r} points outside the book folder; '
                        'copy the file into the book folder', source, line)
    return path
