"""Where pressroom finds its look and keeps what it makes for itself.

The project's files are only read: a build writes under BOOK/build/ and into the per-user
cache, never into the source tree (which may be read-only, or an installed package).
"""

import os
from pathlib import Path

STYLES_DIR = Path(__file__).resolve().parent.parent / 'styles'   # the look; read only
CACHE_VARIABLE = 'PRESSROOM_CACHE'


def user_cache():
    """The per-user cache (font instances, colour profiles): $PRESSROOM_CACHE, else
    $XDG_CACHE_HOME/pressroom, else ~/.cache/pressroom."""
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE]).resolve()
    base = os.environ.get('XDG_CACHE_HOME') or Path.home() / '.cache'
    return (Path(base) / 'pressroom').resolve()


def readable_roots(book):
    """The only folders a build may read from: the book, styles/ and the user cache."""
    return [book.folder, STYLES_DIR, user_cache()]


def stylesheet(name):
    """A file of styles/ by name."""
    return STYLES_DIR / name


def stylesheets():
    """Every file of styles/ (its stylesheets, and the faces it chooses for each script), in a fixed order."""
    return sorted([*STYLES_DIR.glob('*.css'), *STYLES_DIR.glob('*.yaml')])
