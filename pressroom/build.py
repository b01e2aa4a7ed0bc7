"""The pipeline end to end: metadata → manuscript → HTML intermediate → writers.

Each output is rebuilt only when what it is made from has changed. The EPUB is written
in a process of its own while the pages are laid out in parts by others (parts.py), so
every core works.
"""

import hashlib
import json
import logging
import multiprocessing
import os
import re
import sys
import time
from html import unescape
from concurrent.futures import ProcessPoolExecutor

from .assemble import read_chapters
from . import STYLES_DIR
from .intermediate import build_document
from .metadata import load_book
from .output import cache_hit, check_build_folder, code_digest, sha256, write_atomic
from .variants import PDF_INTERIORS, VARIANTS, output_path

ALL = tuple(VARIANTS)
WEB_CSS = ('base.css', 'web.css')   # inlined into the HTML output
IMAGE_SRC_RE = re.compile(r'<img\b[^>]*\bsrc="([^"]+)"')


class Progress(logging.Handler):
    """Stage, step and elapsed time on one stderr line, only when stderr is a terminal.

    Stages come from build(); steps are the messages of the 'pressroom.progress' logger:
    the chapter pandoc converts, the parts of the book laid out.
    """

    LOGGER = 'pressroom.progress'

    def __init__(self, enabled=None):
        super().__init__()
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.monotonic()
        self.stage = ''
        self.pid = os.getpid()
        if self.enabled:
            logging.getLogger(self.LOGGER).addHandler(self)
            logging.getLogger(self.LOGGER).setLevel(logging.INFO)

    def __call__(self, stage):
        self.stage = stage
        self._show('')

    def emit(self, record):
        if os.getpid() == self.pid:          # not from a worker process
            self._show(record.getMessage())

    def _show(self, step):
        if self.enabled:
            line = f'[{time.monotonic() - self.start:6.1f}s] {self.stage}' + (f': {step}' if step else '')
            print(f'\r{line[:100]:<100}', end='', file=sys.stderr, flush=True)

    def done(self):
        if self.enabled:
            logging.getLogger(self.LOGGER).removeHandler(self)
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
    check_build_folder(book)
    chapters = read_chapters(book)
    progress(f'HTML intermediate ({len(chapters)} chapters)')
    html = build_document(book, chapters, book.build_dir / '.cache' / 'html')
    wanted = _expand(targets)
    stamps_path = book.build_dir / '.cache' / 'stamps.json'
    stamps = json.loads(stamps_path.read_text()) if cache_hit(stamps_path) else {}
    key = _key(book, html)
    keys = {name: f'{name} {key}' for name in wanted}
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
        write_atomic(output_path(book, 'html'), _web_page(html).encode('utf-8'))
    stamps.update({name: keys[name] for name in stale})
    write_atomic(stamps_path, json.dumps(stamps, indent=1, sort_keys=True).encode())
    return results


def _expand(targets):
    """The cover needs the print interior's page count, so asking for it builds that too."""
    wanted = set(targets) | {'html'}
    if 'cover' in wanted:
        wanted.add('print')
    return [name for name in VARIANTS if name in wanted]


def _web_page(html):
    """The intermediate as a page to read in a browser, its styles inlined: it depends on
    nothing outside build/, and reads the same wherever it is copied."""
    css = ''.join((STYLES_DIR / name).read_text(encoding='utf-8') for name in WEB_CSS)
    return html.replace('</head>', f'<style media="screen">\n{css}</style>\n</head>', 1)


def _key(book, html):
    """What the outputs are made from: the book, the intermediate, the images it shows,
    every stylesheet, the code. One key for all, so the cover, whose spine follows the
    print interior's page count, never lags behind it."""
    digest = hashlib.sha256(repr(book).encode() + html.encode() + code_digest())
    for src in IMAGE_SRC_RE.findall(html):
        digest.update((book.build_dir / unescape(src)).read_bytes())
    if book.cover:
        digest.update((book.folder / book.cover).read_bytes())
    for style in sorted(STYLES_DIR.glob('*.css')):
        digest.update(style.read_bytes())
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
