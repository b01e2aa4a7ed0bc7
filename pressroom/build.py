"""The pipeline end to end: sources → transforms → the HTML intermediate → writers.

Each output is rebuilt only when what it is made from has changed. The EPUB is written
in a process of its own while the pages are laid out in parts by others
(typeset/parts.py), so every core works.
"""

import contextlib
import hashlib
import importlib
import json
import logging
import os
import re
import sys
import threading
import time
from html import unescape

from . import cache
from .assets.scripts import CHOICES, check_book
from .checks import manuscript
from .document.intermediate import build_document
from .errors import recorded_warnings, warn, warn_again
from .outputs import (
    PDF_INTERIORS,
    VARIANTS,
    build_time,
    check_build_folder,
    output_path,
    remove_other_titles,
    sha256,
    write_atomic,
)
from .paths import stylesheet, stylesheets
from .sources import bibliography
from .sources.chapters import read_chapters
from .sources.metadata import load_book
from .workers import workers
from .writers.html import web_page

ALL = tuple(name for name, variant in VARIANTS.items() if variant.default)
LAYOUT_MODULE = 'pressroom.typeset.parts'
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


def build(folder, targets=ALL, progress=None, strict=False):
    """Build `targets` for the book in `folder`; returns {name: (path, rebuilt)}. `strict`
    refuses a book that still holds placeholders."""
    progress = progress or Progress(False)
    try:
        return _build(folder, targets, progress, strict)
    finally:
        progress.done()


def _build(folder, targets, progress, strict):
    progress('reading metadata and chapters')
    book = load_book(folder)
    check_build_folder(book)
    manuscript.report(manuscript.placeholders(book, strict))
    chapters = read_chapters(book)
    progress(f'HTML intermediate ({len(chapters)} chapters)')
    html = cached_intermediate(book, chapters)
    check_book(book, chapters, html)       # a face for every character, before any layout
    wanted = _expand(targets)
    stamps_path = book.build_dir / '.cache' / 'stamps.json'
    stamps = cache.read_json(stamps_path) or {}
    key = _key(book, html)
    keys = {name: f'{name} {key}' for name in wanted}
    stale = [name for name in wanted
             if stamps.get(name) != keys[name] or not output_path(book, name).exists()]
    results = {name: (output_path(book, name), name in stale) for name in wanted}
    # The EPUB carries the print pages' numbers, so it too waits for the layout.
    printed = any(name in stale for name in (*PDF_INTERIORS, 'cover', 'booklet'))
    if printed or 'epub' in stale or 'kepub' in stale:
        _write_from_layout(book, html, _lay_out(book, html, printed, progress), stale, progress)
    # Written last, so a build that fails in a writer leaves the previous HTML too.
    if 'html' in stale:
        write_atomic(output_path(book, 'html'), web_page(html, book).encode('utf-8'))
    stamps.update({name: keys[name] for name in stale})
    stamps['titles'] = remove_other_titles(book, stamps.get('titles', []))
    cache.write(stamps_path, json.dumps(stamps, indent=1, sort_keys=True).encode())
    return results


def cached_intermediate(book, chapters):
    """The intermediate, kept in build/.cache/document/ by what it is made from (the book,
    its chapters' text, pandoc, the code) with the warnings it gave, which are given again;
    the images it shows are checked to be the files it was made with."""
    from .transforms.pandoc import PANDOC_ARGS, pandoc_version
    folder = book.build_dir / '.cache' / 'document'
    citing = bibliography.citing(book, chapters)
    name = cache.key(book, [(chapter.source, chapter.text) for chapter in chapters], pandoc_version(),
                     PANDOC_ARGS, citing and citing.digest,
                     stylesheet(CHOICES, book).read_bytes()) + '.json'     # the imprint names the faces
    entry = cache.read_json(folder / name)
    if entry and all(_digest(book.build_dir / src) == digest for src, digest in entry['images'].items()):
        warn_again(entry['warnings'])
        return entry['html']
    loading = _load_in_background(LAYOUT_MODULE)
    try:
        with recorded_warnings() as warnings:
            html = build_document(book, chapters, book.build_dir / '.cache' / 'html')
    except BaseException:
        # A process that exits while the thread imports a native module (uharfbuzz) can
        # crash in that module's teardown and print a second line after the error.
        loading.join()
        raise
    images = {src: _digest(book.build_dir / src) for src in map(unescape, IMAGE_SRC_RE.findall(html))}
    folder.mkdir(parents=True, exist_ok=True)
    cache.write(folder / name, json.dumps({'html': html, 'images': images, 'warnings': warnings}).encode())
    cache.prune(folder, {name})
    return html


def _load_in_background(module):
    """Import `module` in a thread. A new intermediate means outputs to lay out, and
    WeasyPrint takes half a second to import: it loads while pandoc converts. The import
    is done again where the module is used (it then waits for this one, or reports what
    failed here); the thread has ended by then, before any worker is forked."""
    def load():
        with contextlib.suppress(Exception):
            importlib.import_module(module)
    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    return thread


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if cache.cache_hit(path) else None


def _expand(targets):
    """The cover needs the print interior's page count, and the Kobo edition is made from the
    EPUB, so asking for either builds the other too."""
    wanted = set(targets) | {'html'}
    if 'cover' in wanted:
        wanted.add('print')
    if 'kepub' in wanted:
        wanted.add('epub')
    return [name for name in VARIANTS if name in wanted]


def _key(book, html):
    """What the outputs are made from: the book, the intermediate, the images it shows,
    every stylesheet, the code. One key for all, so the cover, whose spine follows the
    print interior's page count, never lags behind it."""
    images = [(book.build_dir / unescape(src)).read_bytes() for src in IMAGE_SRC_RE.findall(html)]
    cover = [(book.folder / book.cover).read_bytes()] if book.cover else []
    styles = [style.read_bytes() for style in stylesheets(book)]
    return cache.key(book, html, *images, *cover, *styles)


def _write_epub(book, html, page_starts):
    from .writers.epub import write_epub
    return write_epub(book, html, page_starts)


def _lay_out(book, html, printed, progress):
    from .typeset.parts import render_master
    progress('laying out pages (WeasyPrint)')
    laid = render_master(book, html, pdf=printed)
    strays = sorted({call for call, text in laid[1].values() if call != text})
    if strays:
        warn(f'{len(strays)} footnotes are not on the page of their call (pages '
             f'{", ".join(map(str, strays))}): shorten them or move their calls')
    return laid


def _write_from_layout(book, html, laid, stale, progress):
    """The EPUB, the two interiors and the cover made from the layout side by side, by
    fresh workers (those that laid out the pages have ended and let their memory go)."""
    from .writers import cover
    from .writers.pdf.pages import padded_count, page_count
    master, _, page_starts = laid
    progress('EPUB, screen PDF, print interior and cover')
    # The interiors take the most memory (qpdf holds every object of the book): one worker
    # makes them one after the other while the other makes the rest.
    with workers(2) as pool:
        interiors = [name for name in PDF_INTERIORS if name in stale]
        jobs = [pool.submit(_interiors, master, book, interiors)] if interiors else []
        if 'epub' in stale or 'kepub' in stale:
            jobs.append(pool.submit(_one, 'epub', _write_epub, book, html, page_starts))
        if 'cover' in stale:
            jobs.append(pool.submit(_one, 'cover', cover.cover_pdf, book,
                                    padded_count(page_count(master), book.page_multiple)))
        if 'booklet' in stale:
            jobs.append(pool.submit(_one, 'booklet', _booklet, master, book))
        for job in jobs:
            for name, data in job.result().items():
                if name == 'epub' and 'kepub' in stale:
                    from .writers.kepub import kepub
                    write_atomic(output_path(book, 'kepub'), kepub(data, build_time(book)))
                if name in stale:
                    write_atomic(output_path(book, name), data)


def _interiors(master, book, names):
    from .writers.pdf.variants import derive
    return {name: derive(master, book, name) for name in names}


def _one(name, make, *arguments):
    return {name: make(*arguments)}


def _booklet(master, book):
    from .writers.pdf.booklet import impose
    from .writers.pdf.variants import derive
    return impose(derive(master, book, 'pdf'))


def report(results):
    """One line per output: name, SHA-256, and whether it was rebuilt."""
    lines = []
    for path, rebuilt in results.values():
        state = 'built' if rebuilt else 'up to date'
        lines.append(f'{sha256(path)}  {path}  ({state})')
    return '\n'.join(lines)
