"""Markdown to HTML fragments with pandoc, one chapter at a time, cached by content."""

import functools
import logging
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypandoc

from .. import cache
from ..errors import BookError, SetupError
from . import citations

PROGRESS = logging.getLogger('pressroom.progress')
# pandoc's own warnings name no chapter; what matters of them (math it cannot read, a
# citation key no bibliography holds) the build reports with the file and line.
logging.getLogger('pypandoc').setLevel(logging.ERROR)

# --sandbox: pandoc reads nothing but its input and the files named on its command line
# (the bibliography and the citation style), and touches no network. TeX math becomes
# MathML; code is set plain, as books print it (highlighting adds a link to every line).
PANDOC_ARGS = ['--section-divs', '--wrap=none', '--sandbox', '--mathml', '--syntax-highlighting=none']
PANDOC_FORMAT = 'markdown'
# Quotations as spans, for the marks of their language (typography.py); part of the code's digest.
QUOTES_FILTER = Path(__file__).with_name('quotes.lua')
# Every pandoc run is capped, so that no input (a TeX macro that doubles at each
# expansion, say) can take the machine's memory or run for ever: its heap (GHC's own
# limit, which ends it with "Heap exhausted") and its time, a minute and 30 s a megabyte.
PANDOC_HEAP = '2g'
SECONDS, SECONDS_PER_MB = 60, 30


class PandocFailed(RuntimeError):
    """pandoc refused the input; the message is what it said."""


def to_html(chapters, cache_dir, citing=None):
    """HTML fragments for [(source, Markdown text)]: citations footnoted and converted by
    pandoc (its citeproc setting pandoc's citations where the book has a bibliography,
    `citing`), in parallel, and cached by text, pandoc, the bibliography and our code."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda item: _cached(*item, cache_dir, citing), chapters))
    cache.prune(cache_dir, {name for name, _ in results})
    return [html for _, html in results]


def _cached(source, text, cache_dir, citing):
    args = citing.args(text) if citing else []
    sources = [citing.digest, citing.cited] if args else []
    name = f'{cache.key(pandoc_version(), PANDOC_FORMAT, PANDOC_ARGS, text, args, *sources)}.html'
    cached = cache.read(cache_dir / name)
    if cached is not None:
        return name, cached.decode('utf-8')
    PROGRESS.info('pandoc: %s', source)
    html = convert(source, text, citing)
    cache.write(cache_dir / name, html.encode('utf-8'))
    return name, html


def convert(source, text, citing=None):
    """One chapter's Markdown as an HTML fragment, its citations footnoted; uncached."""
    markdown = citations.footnote_citations(text, source)
    args = citing.args(text) if citing else []
    if args:
        markdown = citing.nocite(markdown)
    try:
        return run([f'--from={PANDOC_FORMAT}', '--to=html5', *PANDOC_ARGS, *args, f'--lua-filter={QUOTES_FILTER}'],
                   markdown, source)
    except PandocFailed as error:
        raise BookError(f'pandoc could not convert this chapter ({str(error).strip()}); '
                        'if the chapter looks right, report this with the chapter attached',
                        source) from error


def run(arguments, text, source, size=None):
    """pandoc's output for `arguments`, given `text` (or nothing) on its input, within its
    heap and time caps (the time by `size` in bytes, else the text's); BookError naming
    `source` when it runs over either, PandocFailed when pandoc refuses the input."""
    data = (text or '').encode('utf-8')
    seconds = SECONDS + SECONDS_PER_MB * (len(data) if size is None else size) // 1_000_000
    command = [pypandoc.get_pandoc_path(), *arguments, '+RTS', f'-M{PANDOC_HEAP}', '-RTS']
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        raise BookError(f'pandoc took over {seconds} s over it and was stopped: look for a TeX macro '
                        'that expands without end, or split the file', source) from None
    except OSError as error:
        raise SetupError(f'pandoc cannot be run ({error}): rerun ./book to install pypandoc-binary') from None
    said = done.stderr.decode('utf-8', 'replace')
    if 'Heap exhausted' in said:
        raise BookError(f'pandoc needs over {PANDOC_HEAP.upper()}B of memory for it and was stopped: look '
                        'for a TeX macro that expands without end, or split the file', source)
    if done.returncode:
        raise PandocFailed(' '.join(said.split())[:300] or f'exit code {done.returncode}')
    return done.stdout.decode('utf-8')


@functools.cache
def pandoc_version():
    try:
        return pypandoc.get_pandoc_version()
    except OSError as error:
        raise SetupError(f'pandoc cannot be run ({error}): reinstall pressroom, whose pypandoc-binary '
                         'dependency brings it') from None
