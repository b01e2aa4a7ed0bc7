"""The one check of what a URL in a book may point at, for raw HTML in a chapter
(transforms/sanitize.py), SVG files (sources/images.py) and imported documents."""

import re

LINK_SCHEMES = ('http:', 'https:', 'mailto:')
# An image inside the page must be an inert raster one; an SVG link only a #fragment.
INERT_DATA_RE = re.compile(r'^data:image/(png|jpeg|gif)[;,]', re.I)
SCHEME_RE = re.compile(r'^([a-z][a-z0-9+.-]*):', re.I)


def url_problem(name, raw, kind):
    """Why URL `raw` in attribute `name` must go, or None. `kind` is where it stands: 'svg'
    (any element of an SVG: only #fragments and plain pictures), 'img' (a picture: a file
    of the book, checked later, or a plain data: picture) or 'link'."""
    # Browsers ignore whitespace and control characters inside a URL's scheme.
    value = re.sub(r'[\x00-\x20]', '', raw).lower()
    scheme = SCHEME_RE.match(value)
    if scheme and scheme[1] in ('javascript', 'vbscript'):
        return f'{scheme[1]}: link'
    if kind == 'svg':
        return None if value.startswith('#') or INERT_DATA_RE.match(value) else f'external {name}='
    if kind == 'img':
        return 'a data: image that is not a plain picture' if value.startswith('data:') and \
            not INERT_DATA_RE.match(value) else None
    if value.startswith('//') or (scheme and not value.startswith(LINK_SCHEMES)):
        return f'link to a {scheme[1] if scheme else "remote"}: URL'
    return None
