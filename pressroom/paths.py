"""Where pressroom finds its look and keeps what it makes for itself.

The default look ships inside the package (`pressroom/styles/`, read through
importlib.resources). A book's own `styles/` folder, then the shared theme its `theme:` names,
override it file by file. The package's files are only read: a build writes under BOOK/build/
and into the per-user cache, never into the source tree (which may be read-only, or installed).
"""

import os
from importlib import resources
from pathlib import Path

# The default theme. pip installs packages as plain folders, so this is a real path that
# WeasyPrint can read stylesheets from.
STYLES_DIR = Path(str(resources.files('pressroom') / 'styles'))
BOOK_STYLES = 'styles'             # a book's own theme, inside its folder
CACHE_VARIABLE = 'PRESSROOM_CACHE'


def user_cache():
    """The per-user cache (font instances, colour profiles): $PRESSROOM_CACHE, else
    $XDG_CACHE_HOME/pressroom, else ~/.cache/pressroom."""
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE]).resolve()
    base = os.environ.get('XDG_CACHE_HOME') or Path.home() / '.cache'
    return (Path(base) / 'pressroom').resolve()


def theme_folders(book):
    """Where the book's stylesheets are looked for, first match winning: its own styles/,
    the shared theme metadata.yaml names, the defaults."""
    own = book.folder / BOOK_STYLES
    folders = [own.resolve()] if own.is_dir() else []
    if book.theme:
        folders.append(book.theme)
    return [*folders, STYLES_DIR]


def readable_roots(book):
    """The only folders a build may read from: the book, its theme, the defaults and the user cache."""
    return [book.folder, *theme_folders(book), user_cache()]


def stylesheet(name, book):
    """The stylesheet `name` (base.css, pdf.css ...) as `book` has it: its theme's file, or the default."""
    for folder in theme_folders(book):
        if (folder / name).is_file():
            return folder / name
    return STYLES_DIR / name


def default_names():
    """The files of the default theme, in a fixed order: its stylesheets, and the faces it
    chooses for each script (scripts.yaml); the files a theme may replace."""
    return sorted(path.name for path in [*STYLES_DIR.glob('*.css'), *STYLES_DIR.glob('*.yaml')])


def stylesheets(book):
    """Every file of the book's theme it is made with, in a fixed order."""
    return [stylesheet(name, book) for name in default_names()]
