"""pydyf's page references read once per page count, not rebuilt on every read."""

import pydyf

_upstream = pydyf.PDF.page_references


def install():
    pydyf.PDF.page_references = property(_cached_page_references)


def uninstall():
    pydyf.PDF.page_references = _upstream


def _cached_page_references(pdf):
    """Corrects pydyf rebuilding the tuple of every page's reference on each read: WeasyPrint's
    tagging reads it once per box, so time grew with the square of the page count. The
    cached tuple is dropped whenever a page is added."""
    count = len(pdf.pages['Kids'])
    entry = pdf.__dict__.get('_page_references')
    if entry is None or entry[0] != count:
        entry = pdf.__dict__['_page_references'] = (count, _upstream.fget(pdf))
    return entry[1]
