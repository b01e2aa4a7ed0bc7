"""Remove raw HTML that could run or fetch: scripts, frames, plug-ins, handlers, `javascript:`,
and attributes or CSS that would load something from outside the book."""

import re

from ..css import declarations_fetch
from ..errors import warn

DANGEROUS_ELEMENTS = ('script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet',
                      'form', 'base', 'meta', 'link', 'style')
# Void in HTML5, but lxml's parser may nest the text after them inside them: only the tag goes.
VOID_ELEMENTS = ('embed', 'frame', 'base', 'meta', 'link')
URL_ATTRIBUTES = ('href', 'src', 'xlink:href', 'action', 'formaction', 'poster', 'srcset',
                  'data', 'background')
SCRIPT_SCHEMES = ('javascript:', 'vbscript:')
# A scheme (http:, file:, ...) or a protocol-relative //host; data: is self-contained.
EXTERNAL_RE = re.compile(r'^(//|(?!data:)[a-z][a-z0-9+.-]*:)')


def sanitize(root, source):
    """Strip active content from a parsed chapter in place, warning for each removal."""
    for element in list(root.iter(*DANGEROUS_ELEMENTS)):
        warn(f'raw <{element.tag}> removed: books carry no active or external content', source)
        if element.tag in VOID_ELEMENTS:
            element.drop_tag()
        else:
            element.drop_tree()
    for element in root.iter():
        for name in list(element.attrib):
            problem = _problem(element, name)
            if problem:
                warn(f'{problem} removed from <{element.tag}>', source)
                del element.attrib[name]


def _problem(element, name):
    """Why attribute `name` of `element` must go, or None."""
    raw, lowered = element.attrib[name], name.lower()
    if lowered.startswith('on'):
        return f'event handler {name}='
    if lowered == 'rel' and 'attachment' in raw.lower().split():
        return 'rel="attachment" (it would embed the linked file in the PDF)'
    if lowered in ('ping', 'srcset', 'imagesrcset'):
        return f'{name}= (it makes readers fetch from elsewhere)'
    if lowered == 'style' and declarations_fetch(raw):
        return 'style= that loads a resource (url(), image-set())'
    if lowered not in URL_ATTRIBUTES:
        return None
    # Browsers ignore whitespace and control characters inside a URL's scheme.
    value = re.sub(r'[\x00-\x20]', '', raw).lower()
    if value.startswith(SCRIPT_SCHEMES):
        return f'{value.split(":")[0]}: link'
    if EXTERNAL_RE.match(value) and element.tag != 'a' and (element.tag, name) != ('img', 'src'):
        # An <img src> is checked later, where a bad one stops the build.
        return f'external {name}='
    return None
