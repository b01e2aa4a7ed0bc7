"""A cache for pydyf's page references, which WeasyPrint's PDF tagging reads once per box.

pydyf 0.13 rebuilds the tuple of every page's reference on each read, so tagging costs
time quadratic in the page count: 9 of 37 seconds for a 700-page book. The cache is
dropped whenever a page is added. pydyf is pinned in pyproject.toml for this reason.
"""

import pydyf

_original = pydyf.PDF.page_references


def _page_references(pdf):
    count = len(pdf.pages['Kids'])
    cached = pdf.__dict__.get('_page_references')
    if cached is None or cached[0] != count:
        cached = pdf.__dict__['_page_references'] = (count, _original.fget(pdf))
    return cached[1]


pydyf.PDF.page_references = property(_page_references)
