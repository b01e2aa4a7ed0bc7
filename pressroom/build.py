"""The pipeline end to end: metadata → manuscript → HTML intermediate → writers.

Each output is rebuilt only when what it is made from has changed; the EPUB is written
in a second process while the PDFs are laid out, so both cores work.
"""

import functools
import hashlib
import json
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .assemble import read_chapters
from .intermediate import STYLES_DIR, build_document
from .metadata import load_book
from .output import sha256, write_atomic
from .variants import PDF_INTERIORS, VARIANTS, output_path

ALL = tuple(VARIANTS)
STYLE_INPUTS = {                      # the stylesheets each output is made with
    'html': ('web.css',),
    'epub': ('base.css', 'epub.css', 'cover.css'),
    'pdf': ('base.css', 'pdf.css'),
    'print': ('base.css', 'pdf.css'),
    'cover': ('cover.css',),
}


class Progress:
    """Stage and elapsed time on stderr, only when stderr is a terminal."""

    def __init__(self, enabled=None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.monotonic()

    def __call__(self, stage):
        if self.enabled:
            print(f'\r[{time.monotonic() - self.start:6.1f}s] {stage:<60}', end='', file=sys.stderr, flush=True)

    def done(self):
        if self.enabled:
            print(file=sys.stderr)


def build(folder, targets=ALL, progress=None):
    """Build `targets` for the book in `folder`; returns {name: (path, rebuilt)}."""
    progress = progress or Progress(False)
    progress('reading metadata and chapters')
    book = load_book(folder)
    chapters = read_chapters(book)
    progress(f'HTML intermediate ({len(chapters)} chapters)')
    html = build_document(book, chapters, book.build_dir / '.cache' / 'html')
    wanted = _expand(targets)
    stamps_path = book.build_dir / '.cache' / 'stamps.json'
    stamps = json.loads(stamps_path.read_text()) if stamps_path.exists() else {}
    keys = {name: _key(book, html, name) for name in wanted}
    stale = [name for name in wanted
             if stamps.get(name) != keys[name] or not output_path(book, name).exists()]
    results = {name: (output_path(book, name), name in stale) for name in wanted}
    if 'html' in stale:
        write_atomic(output_path(book, 'html'), html.encode('utf-8'))
    epub_job = None
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context('fork')) as pool:
        if 'epub' in stale:
            progress('EPUB (in parallel)')
            epub_job = pool.submit(_write_epub, book, html)
        if any(name in stale for name in (*PDF_INTERIORS, 'cover')):
            _write_pdfs(book, html, stale, progress)
        if epub_job:
            write_atomic(output_path(book, 'epub'), epub_job.result())
    stamps.update({name: keys[name] for name in stale})
    write_atomic(stamps_path, json.dumps(stamps, indent=1, sort_keys=True).encode())
    progress.done()
    return results


def _expand(targets):
    """The cover needs the print interior's page count, so asking for it builds that too."""
    wanted = set(targets) | {'html'}
    if 'cover' in wanted:
        wanted.add('print')
    return [name for name in VARIANTS if name in wanted]


def _key(book, html, name):
    digest = hashlib.sha256(repr(book).encode() + html.encode())
    for style in STYLE_INPUTS[name]:
        digest.update((STYLES_DIR / style).read_bytes())
    digest.update(_code_digest())
    return digest.hexdigest()


@functools.cache
def _code_digest():
    """A change to the pipeline's own code makes every output stale."""
    package = Path(__file__).parent
    return hashlib.sha256(b''.join(path.read_bytes() for path in sorted(package.glob('*.py')))).digest()


def _write_epub(book, html):
    from .epub import write_epub
    return write_epub(book, html)


def _write_pdfs(book, html, stale, progress):
    from . import cover, pdf
    progress('laying out pages (WeasyPrint)')
    master = pdf.render_master(book, html)
    for name in PDF_INTERIORS:
        if name in stale or name == 'print' and 'cover' in stale:
            progress(f'{VARIANTS[name].description}')
            data = pdf.derive(master, book, name)
            if name in stale:
                write_atomic(output_path(book, name), data)
            if name == 'print':
                pages = pdf.page_count(data)
    if 'cover' in stale:
        progress('cover spread')
        write_atomic(output_path(book, 'cover'), cover.cover_pdf(book, pages))


def report(results):
    """One line per output: name, SHA-256, and whether it was rebuilt."""
    lines = []
    for name, (path, rebuilt) in results.items():
        state = 'built' if rebuilt else 'up to date'
        lines.append(f'{sha256(path)}  {path}  ({state})')
    return '\n'.join(lines)
