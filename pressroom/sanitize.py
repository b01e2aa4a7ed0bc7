"""Remove raw HTML that could run or fetch: scripts, frames, plug-ins, handlers, `javascript:`."""

from .errors import warn

DANGEROUS_ELEMENTS = ('script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet',
                      'form', 'base', 'meta', 'link', 'style')
URL_ATTRIBUTES = ('href', 'src', 'xlink:href', 'action', 'formaction', 'poster', 'srcset')


def sanitize(root, source):
    """Strip active content from a parsed chapter in place, warning for each removal."""
    for element in list(root.iter(*DANGEROUS_ELEMENTS)):
        warn(f'raw <{element.tag}> removed: books carry no active or external content', source)
        element.drop_tree()
    for element in root.iter():
        for name in list(element.attrib):
            value = element.attrib[name].strip().lower()
            if name.lower().startswith('on'):
                warn(f'event handler {name}= removed from <{element.tag}>', source)
                del element.attrib[name]
            elif name in URL_ATTRIBUTES and value.replace(' ', '').startswith(('javascript:', 'vbscript:')):
                warn(f'{value.split(":")[0]}: link removed from <{element.tag}>', source)
                del element.attrib[name]
