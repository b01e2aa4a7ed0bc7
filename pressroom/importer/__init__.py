"""`invoke import FILE --book DIR`: a book folder made from a DOCX, ODT, HTML, EPUB or Markdown
file by pandoc, ready to build.

The document is read once into pandoc's tree (reading.py: confined and bounded as a build
is), cleaned of what belongs to its old container (cleaning.py), its pictures taken only
from inside it (resources.py), its title block taken for the metadata and the rest split
into one chapter file at each top-level heading (chapters.py), with its footnotes and its
bracketed text as written. metadata.yaml takes the document's own properties (metadata.py).
The folder is made beside its place and moved there whole, so a failed or interrupted
import leaves nothing behind.
"""

import contextlib
import errno
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

import yaml

from ..errors import BookError, SetupError
from ..transforms.pandoc import pandoc_version
from . import chapters as chapter_files
from .cleaning import clean, without_container
from .metadata import meta_texts, metadata
from .reading import ZIPPED, check_size, declared_language, epub_package, read
from .resources import place_images

READERS = {'.docx': 'docx', '.odt': 'odt', '.html': 'html', '.htm': 'html', '.xhtml': 'html',
           '.epub': 'epub', '.md': 'markdown', '.markdown': 'markdown', '.txt': 'markdown'}


def import_book(source, folder):
    """Write a book folder at `folder` (new or empty) from the document `source`; its
    metadata path."""
    source, folder = Path(source), Path(folder)
    reader = READERS.get(source.suffix.lower())
    if reader is None:
        raise BookError(f'cannot import a {source.suffix or "file without an extension"}; import a '
                        f'{", ".join(sorted(set(READERS)))} file', source)
    if not source.is_file():
        raise BookError('not found, or not a file', source)
    check_size(source, reader)
    if folder.is_symlink() or (folder.exists() and (not folder.is_dir() or any(folder.iterdir()))):
        raise BookError('is not an empty folder: give a new one', folder)
    pandoc_version()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BookError(f'cannot be made ({error.strerror}): give a folder you can write to', folder) from None
    work = Path(tempfile.mkdtemp(prefix=f'.{folder.name[:40]}-', dir=folder.parent)).resolve()
    try:
        work.chmod(0o777 & ~_umask())       # a folder as any other the user makes, not mkdtemp's private one
        with _stopped_as_interrupt(), _told_in_one_line(folder):
            _write_book(source, reader, work)
        if folder.exists():
            folder.rmdir()
        work.rename(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return folder / 'metadata.yaml'


@contextlib.contextmanager
def _told_in_one_line(folder):
    """A file that cannot be read or written: the machine's problem when the disk is full
    or read-only (exit 3), else the user's (exit 1)."""
    try:
        yield
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
            raise SetupError(f'cannot write {folder} ({error.strerror}): free some disk space, or give a folder '
                             'on a disk that can be written') from None
        raise BookError(f'cannot be imported: {error.strerror or error} ({error.filename or folder})') from None


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _stopped_as_interrupt():
    """SIGTERM (a `kill`, a closed terminal's hang-up) ends the import as Ctrl-C does, so its
    half-made folder is removed too."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number, frame):
        raise KeyboardInterrupt
    before = {number: signal.signal(number, interrupt) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _write_book(source, reader, folder):
    (folder / 'chapters').mkdir()
    media = folder / '.media'
    tree = read(source, reader, media)
    blocks = clean(without_container(tree['blocks']) if reader == 'epub' else tree['blocks'])
    place_images(blocks, source, reader in ZIPPED, media, folder)
    shutil.rmtree(media, ignore_errors=True)
    texts = meta_texts({**tree['meta'], **(epub_package(source) if reader == 'epub' else {})})
    blocks, named = chapter_files.title_block(blocks, texts, source)
    texts.update(named)
    blocks = chapter_files.headings_of(blocks, source)
    names = chapter_files.write_chapters(chapter_files.split(blocks, source), folder, tree['pandoc-api-version'],
                                         source)
    if not names:
        raise BookError('has no text to make a book of', source)
    mapping = metadata(texts, source, names, declared_language(source, reader))
    (folder / 'metadata.yaml').write_text(yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False),
                                          encoding='utf-8')
