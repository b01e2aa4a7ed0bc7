"""Writing outputs safely and reproducibly."""

import functools
import hashlib
import os
import tempfile
import re
import time
from pathlib import Path

CACHES = ('.cache', '.cache/html', '.cache/parts')   # under build/
CACHE_ENTRY_RE = re.compile(r'[0-9a-f]{64}\.(html|pdf|json)')


def write_atomic(path, data):
    """Write bytes to a temporary file beside `path`, then rename it into place.

    A build that fails or is killed midway leaves the previous file untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f'.{path.name}.', suffix='.part')
    try:
        with os.fdopen(handle, 'wb') as file:
            file.write(data)
            # On disk before the rename, so a crash of the machine cannot leave an empty
            # file under the final name.
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def build_time(book):
    """The moment stamped into outputs: SOURCE_DATE_EPOCH, else the book's date (never 'now')."""
    epoch = os.environ.get('SOURCE_DATE_EPOCH')
    if epoch and epoch.isdigit():
        return time.gmtime(int(epoch))
    return time.strptime(book.date, '%Y-%m-%d')


def iso_time(book):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', build_time(book))


@functools.cache
def code_digest():
    """A digest of the pipeline's own code: a change to it makes every output stale."""
    package = Path(__file__).parent
    return hashlib.sha256(b''.join(path.read_bytes() for path in sorted(package.glob('*.py')))).digest()


def check_build_folder(book):
    """build/ and its caches must be real folders inside the book: a build writes, and
    prunes its caches, there only, whatever links a book folder arrives with."""
    from .errors import BookError
    for path in (book.build_dir, *(book.build_dir / cache for cache in CACHES)):
        inside = path.resolve().is_relative_to(book.folder.resolve())
        if path.is_symlink() or (path.exists() and not (path.is_dir() and inside)):
            raise BookError(f'{path.relative_to(book.folder)} must be a plain folder inside the book, '
                            'not a link or a file; delete it and build again')


def cache_hit(path):
    """Whether a cache entry is there to read: a plain file, as a link is never followed."""
    return path.is_file() and not path.is_symlink()


def prune(folder, used):
    """Delete the entries of a cache folder that `used` (their names) does not hold."""
    for path in folder.glob('*'):
        if CACHE_ENTRY_RE.fullmatch(path.name) and path.name not in used:
            path.unlink()
