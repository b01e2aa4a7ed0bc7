"""Markdown to HTML fragments with pandoc, one chapter at a time, cached by content."""

import functools
import hashlib
from concurrent.futures import ThreadPoolExecutor

import pypandoc

from .errors import BookError
from .output import write_atomic

# --sandbox: pandoc reads nothing but its input and touches no network.
PANDOC_ARGS = ['--section-divs', '--wrap=none', '--sandbox']
PANDOC_FORMAT = 'markdown'


def to_html(chapters_markdown, cache_dir):
    """HTML fragments for [(source, markdown)], converted in parallel and cached."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda item: _cached(*item, cache_dir), chapters_markdown))


def _cached(source, markdown, cache_dir):
    version = _pandoc(source, _pandoc_version)
    key = hashlib.sha256('\0'.join([version, PANDOC_FORMAT, *PANDOC_ARGS, markdown]).encode()).hexdigest()
    path = cache_dir / f'{key}.html'
    if path.exists():
        return path.read_text(encoding='utf-8')
    html = _pandoc(source, pypandoc.convert_text, markdown, 'html5', format=PANDOC_FORMAT,
                   extra_args=PANDOC_ARGS)
    write_atomic(path, html.encode('utf-8'))
    return html


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
