"""Two fixes to the pinned WeasyPrint 70 and pydyf 0.13, applied when the PDF writer loads.

Both are tied to those versions (pinned in pyproject.toml); the one that rewrites
WeasyPrint's code checks it is the code it was written for, and fails loudly otherwise.
"""

import inspect

import pydyf
from weasyprint.layout import block

_page_references = pydyf.PDF.page_references
_NOTE_THEFT = 'report = not context.in_column and can_break_now and not could_break_before'


def cache_page_references():
    """pydyf rebuilds the tuple of every page's reference on each read, and WeasyPrint's
    tagging reads it once per box: time quadratic in the page count, which long books
    feel. The cached tuple is dropped whenever a page is added."""
    def cached(pdf):
        count = len(pdf.pages['Kids'])
        entry = pdf.__dict__.get('_page_references')
        if entry is None or entry[0] != count:
            entry = pdf.__dict__['_page_references'] = (count, _page_references.fget(pdf))
        return entry[1]
    pydyf.PDF.page_references = property(cached)


def keep_notes_on_their_page():
    """To fit the first lines of a paragraph at a page foot, WeasyPrint moves notes called
    earlier on the page to the next one (layout/block.py, "first try to report footnotes").
    A book keeps each note on its call's page; with that branch off, WeasyPrint moves the
    paragraph to the next page instead, as orphans and widows ask."""
    source = inspect.getsource(block._linebox_layout)
    if source.count(_NOTE_THEFT) != 1:
        raise RuntimeError('WeasyPrint changed: review pressroom/patches.py')
    exec(compile(source.replace(_NOTE_THEFT, 'report = False'), block.__file__, 'exec'), block.__dict__)


cache_page_references()
keep_notes_on_their_page()
