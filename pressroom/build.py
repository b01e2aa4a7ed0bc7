"""The pipeline end to end: metadata → manuscript → HTML intermediate → writers.

Each output is rebuilt only when what it is made from has changed; the EPUB is written
in a second process while the PDFs are laid out, so both cores work.
"""

import hashlib
import json
import logging
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from .assemble import read_chapters
from .intermediate import STYLES_DIR, build_document
from .metadata import load_book
from .output import code_digest, sha256, write_atomic
from .variants import PDF_INTERIORS, VARIANTS, output_path

ALL = tuple(VARIANTS)
STYLE_INPUTS = {                      # the stylesheets each output is made with
    'html': ('web.css',),
    'epub': ('base.css', 'epub.css', 'cover.css'),
    'pdf': ('base.css', 'pdf.css'),
    'print': ('base.css', 'pdf.css'),
    'cover': ('cover.css',),
}


class Progress(logging.Handler):
    """Stage, step and elapsed time on one stderr line, only when stderr is a terminal.

    Stages come from build(); steps are the messages of the progress loggers: the chapter
    pandoc converts, the page WeasyPrint lays out.
    """

    LOGGERS = ('pressroom.progress', 'weasyprint.progress')

    def __init__(self, enabled=None):
        super().__init__()
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.monotonic()
        self.stage = ''
        self.pid = os.getpid()
        for name in self.LOGGERS if self.enabled else ():
            logging.getLogger(name).addHandler(self)
            logging.getLogger(name).setLevel(logging.INFO)

    def __call__(self, stage):
        self.stage = stage
        self._show('')

    def emit(self, record):
        if os.getpid() == self.pid:          # not from the EPUB's worker process
            self._show(record.getMessage().removeprefix('Step ').lstrip('0123456789 -'))

    def _show(self, step):
        if self.enabled:
            line = f'[{time.monotonic() - self.start:6.1f}s] {self.stage}' + (f': {step}' if step else '')
            print(f'\r{line[:100]:<100}', end='', file=sys.stderr, flush=True)

    def done(self):
        if self.enabled:
            for name in self.LOGGERS:
                logging.getLogger(name).removeHandler(self)
            print(file=sys.stderr)


def build(folder, targets=ALL, progress=None):
    """Build `targets` for the book in `folder`; returns {name: (path, rebuilt)}."""
    progress = progress or Progress(False)
    try:
        return _build(folder, targets, progress)
    finally:
        progress.done()


def _build(folder, targets, progress):
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
    epub_job = master = None
    with _workers(1) as pool:
        if 'epub' in stale:
            progress('EPUB (in parallel)')
            epub_job = pool.submit(_write_epub, book, html)
        if any(name in stale for name in (*PDF_INTERIORS, 'cover')):
            master = _lay_out(book, html, progress)
        if epub_job:
            write_atomic(output_path(book, 'epub'), epub_job.result())
    if master is not None:
        _cut(book, master, stale, progress)
    # Written last, so a build that fails in a writer leaves the previous HTML too.
    if 'html' in stale:
        write_atomic(output_path(book, 'html'), html.encode('utf-8'))
    stamps.update({name: keys[name] for name in stale})
    write_atomic(stamps_path, json.dumps(stamps, indent=1, sort_keys=True).encode())
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
    digest.update(code_digest())
    return digest.hexdigest()


def _write_epub(book, html):
    from .epub import write_epub
    return write_epub(book, html)


def _lay_out(book, html, progress):
    from . import parts
    progress('laying out pages (WeasyPrint)')
    return parts.render_master(book, html)


def _cut(book, master, stale, progress):
    """The two interiors and the cover made from the master side by side, by fresh workers
    (those that laid out the pages, and the EPUB's, have ended and let their memory go)."""
    from . import cover, pdf
    progress('screen PDF, print interior and cover')
    pages = pdf.padded_count(pdf.page_count(master), book.page_multiple)
    with _workers(2) as pool:
        jobs = {name: pool.submit(pdf.derive, master, book, name) for name in PDF_INTERIORS if name in stale}
        if 'cover' in stale:
            jobs['cover'] = pool.submit(cover.cover_pdf, book, pages)
        for name, job in jobs.items():
            write_atomic(output_path(book, name), job.result())


def _workers(count):
    """Worker processes forked from this one, so they start with everything it has loaded."""
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context('fork'))


def report(results):
    """One line per output: name, SHA-256, and whether it was rebuilt."""
    lines = []
    for name, (path, rebuilt) in results.items():
        state = 'built' if rebuilt else 'up to date'
        lines.append(f'{sha256(path)}  {path}  ({state})')
    return '\n'.join(lines)
