"""Every use of WeasyPrint's and pydyf's internals, in one corner (README.md here records
each change: the upstream function, why, the upstream issue, the test that fails without
it). The rest of the engine sees plain data: the runs of a paragraph, the facts of a page.

`apply()` installs the changes once, and refuses any version but the pinned ones: a change
written for one release could silently undo itself in the next.
"""

import contextlib

import pydyf
import weasyprint

from ...errors import SetupError
from . import draw, lines, margins, notes, pages, pdf, tagging

PINNED = {'weasyprint': (weasyprint, '70.0'), 'pydyf': (pydyf, '0.13.0')}
CHANGES = (draw, lines, margins, notes, pages, pdf, tagging)


def apply():
    """Install the changes (once; later calls do nothing)."""
    for name, (module, version) in PINNED.items():
        if module.__version__ != version:
            raise SetupError(f'{name} {module.__version__} is installed, but pressroom is written for '
                             f'{version}: rerun ./book to install the pinned versions')
    for change in CHANGES:
        change.install()


def remove():
    """WeasyPrint and pydyf as released (for tests that show what each change does)."""
    for change in CHANGES:
        change.uninstall()


@contextlib.contextmanager
def book_rules(rules):
    """Lay out with the book's rules for breaking lines and mending pages (paragraph.Rules):
    the engine plans paragraphs only inside this."""
    token = lines.RULES.set(rules)
    try:
        yield
    finally:
        lines.RULES.reset(token)
