"""Markdown to HTML fragments with pandoc, one chapter at a time, cached by content."""

import functools
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor

import pypandoc

from . import citations
from .errors import BookError
from .output import cache_hit, code_digest, prune, write_atomic

PROGRESS = logging.getLogger('pressroom.progress')

# --sandbox: pandoc reads nothing but its input and touches no network.
PANDOC_ARGS = ['--section-divs', '--wrap=none', '--sandbox']
PANDOC_FORMAT = 'markdown'


def to_html(chapters, cache_dir):
    """HTML fragments for [(source, Markdown text)]: citations footnoted and converted by
    pandoc, in parallel, and cached by text, pandoc and our code."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda item: _cached(*item, cache_dir), chapters))
    prune(cache_dir, {name for name, _ in results})
    return [html for _, html in results]


def _cached(source, text, cache_dir):
    version = _pandoc(source, _pandoc_version)
    key = hashlib.sha256('\0'.join([version, PANDOC_FORMAT, *PANDOC_ARGS, text]).encode()
                         + code_digest()).hexdigest()
    name = f'{key}.html'
    if cache_hit(cache_dir / name):
        return name, (cache_dir / name).read_text(encoding='utf-8')
    PROGRESS.info('pandoc: %s', source)
    markdown = citations.footnote_citations(text, source)
    html = _pandoc(source, pypandoc.convert_text, markdown, 'html5', format=PANDOC_FORMAT,
                   extra_args=PANDOC_ARGS)
    write_atomic(cache_dir / name, html.encode('utf-8'))
    return name, html


def _pandoc(source, call, *args, **kwargs):
    """A pypandoc call; pandoc failing, or missing, becomes a BookError quoting its message."""
    try:
        return call(*args, **kwargs)
    except (RuntimeError, OSError) as error:
        raise BookError(f'pandoc could not convert this chapter ({str(error).strip()}); '
                        'if the chapter looks right, report this with the chapter attached',
                        source) from error


@functools.cache
def _pandoc_version():
    return pypandoc.get_pandoc_version()
