"""The outputs a build makes, held as data, and how they are written: atomically,
reproducibly, and only inside the book's build/ folder."""

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import BookError, SetupError

CACHES = ('.cache', '.cache/html', '.cache/refined', '.cache/document', '.cache/parts', '.cache/cover')   # under build/
EPOCH_RANGE = (315_532_800, 253_402_300_799)        # 1980-01-01 to 9999-12-31, UTC


@dataclass(frozen=True)
class Variant:
    suffix: str                 # output file: build/<slug><suffix>
    pad_pages: bool = False     # blank pages up to metadata's page_multiple
    crop_to_trim: bool = False  # page = trim box (no bleed, no marks)
    for_printer: bool = False   # made to the printer profile: PDF/X, its bleed, what it leaves out
    pdfua: bool = False         # declare PDF/UA-1 (the layout is always tagged)
    linearize: bool = False     # "fast web view": a browser shows page 1 before the rest arrives
    default: bool = True        # made by a plain build


VARIANTS = {
    'html': Variant('.html'),                                        # the shared intermediate
    'epub': Variant('.epub'),                                        # EPUB 3 for e-readers
    'kepub': Variant('.kepub.epub'),                                 # the EPUB with Kobo's spans
    'pdf': Variant('.pdf', crop_to_trim=True, pdfua=True, linearize=True),   # screen PDF, PDF/UA-1
    'print': Variant('-print.pdf', pad_pages=True, for_printer=True),   # print interior
    'cover': Variant('-cover.pdf', for_printer=True),                # back, spine and front
    'booklet': Variant('-booklet.pdf', default=False),               # saddle-stitched, 2 up
}
PDF_INTERIORS = ('pdf', 'print')
# Files named for the book's title that other tasks write into build/ (proof's contact sheet).
OTHER_SUFFIXES = ('-proof.png',)


def output_path(book, name):
    return book.build_dir / f'{book.slug}{VARIANTS[name].suffix}'


def remove_other_titles(book, titles):
    """Remove the outputs a build made under the book's earlier titles (`titles`, the slugs it
    built under), so build/ holds the current title's alone; the slugs to remember."""
    for slug in set(titles) - {book.slug}:
        for suffix in (*(variant.suffix for variant in VARIANTS.values()), *OTHER_SUFFIXES):
            path = book.build_dir / f'{slug}{suffix}'
            if path.is_file() and not path.is_symlink():
                path.unlink()
    return [book.slug]


def clean(folder):
    """Remove FOLDER/build/: every output and cache builds made there (a link is left alone)."""
    build_dir = Path(folder) / 'build'
    if build_dir.is_dir() and not build_dir.is_symlink():
        shutil.rmtree(build_dir)


def write_atomic(path, data):
    """Write bytes to a temporary file beside `path`, then rename it into place.

    A build that fails or is killed midway leaves the previous file untouched.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f'.{path.name}.', suffix='.part')
    except OSError as error:
        raise _cannot_write(path, error) from error
    try:
        with os.fdopen(handle, 'wb') as file:
            file.write(data)
            # On disk before the rename, so a crash of the machine cannot leave an empty
            # file under the final name.
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot_write(path, error) from error
        raise


def _cannot_write(path, error):
    """A file that cannot be written is the machine's problem (a full disk, a read-only or
    locked folder), never the book's."""
    return SetupError(f'cannot write {path} ({error.strerror or error}): free some disk space, '
                      f'or make {path.parent} writable')


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def build_time(book):
    """The moment stamped into outputs: SOURCE_DATE_EPOCH, else the book's date (never 'now')."""
    epoch = os.environ.get('SOURCE_DATE_EPOCH')
    if not epoch:
        return time.strptime(book.date, '%Y-%m-%d')
    if not (epoch.isdigit() and EPOCH_RANGE[0] <= int(epoch) <= EPOCH_RANGE[1]):
        raise SetupError(f'SOURCE_DATE_EPOCH={epoch[:40]!r} is not a time in seconds since 1970 between '
                         '1980 and 9999 (zip files and PDF dates need one); set it right or unset it')
    return time.gmtime(int(epoch))


def iso_time(book):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', build_time(book))


def check_build_folder(book):
    """build/ and its caches must be real folders inside the book: a build writes, and
    prunes its caches, there only, whatever links a book folder arrives with."""
    for path in (book.build_dir, *(book.build_dir / cache for cache in CACHES)):
        inside = path.resolve().is_relative_to(book.folder.resolve())
        if path.is_symlink() or (path.exists() and not (path.is_dir() and inside)):
            raise BookError(f'{path.relative_to(book.folder)} must be a plain folder inside the book, '
                            'not a link or a file; delete it and build again')
