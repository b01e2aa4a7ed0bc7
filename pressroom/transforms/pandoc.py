"""Markdown to HTML fragments with pandoc, one chapter at a time, cached by content."""

import functools
import logging
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
        return pypandoc.convert_text(markdown, 'html5', format=PANDOC_FORMAT,
                                     extra_args=[*PANDOC_ARGS, *args, f'--lua-filter={QUOTES_FILTER}'])
    except RuntimeError as error:
        raise BookError(f'pandoc could not convert this chapter ({str(error).strip()}); '
                        'if the chapter looks right, report this with the chapter attached',
                        source) from error


@functools.cache
def pandoc_version():
    try:
        return pypandoc.get_pandoc_version()
    except OSError as error:
        raise SetupError(f'pandoc cannot be run ({error}): reinstall pressroom, whose pypandoc-binary '
                         'dependency brings it') from None
