"""The allowlist sanitiser: raw HTML in a chapter keeps only the elements, attributes and URLs
a book uses (the tables below), and everything else goes, with a warning naming it.

Two passes over the one list: the parsed tree is walked first, to say what goes and why;
then nh3 (the Rust ammonia sanitiser) cleans the serialised chapter against the same list,
so what the walk and lxml's parser might miss (odd nesting, re-parsing tricks) cannot pass.
"""

import re

import lxml.html
import nh3

from ..css import declarations_fetch
from ..errors import warn

HTML = set('''a abbr address article aside b bdi bdo blockquote br caption cite code col colgroup dd del
    details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr i img ins kbd li
    main mark nav ol p pre q rp rt ruby s samp section small span strong sub summary sup table tbody td
    tfoot th thead time tr u ul var wbr'''.split())
# SVG names as SVG spells them (nh3 sees them so); the walk compares them lowercased, as lxml reads them.
SVG = set('''svg g path rect circle ellipse line polyline polygon text tspan textPath defs use symbol title
    desc linearGradient radialGradient stop clipPath mask pattern marker image'''.split())
MATHML = set('''math mi mn mo ms mtext mspace mrow mfrac msqrt mroot mstyle merror mpadded mphantom mfenced
    menclose msub msup msubsup munder mover munderover mmultiscripts mprescripts none mtable mtr mtd
    mlabeledtr semantics annotation'''.split())
TAGS = HTML | SVG | MATHML
LOWER_SVG = {tag.lower() for tag in SVG}
LOWER_TAGS = HTML | LOWER_SVG | MATHML
# Removed with everything inside them: they run, fetch, embed or hold no text of the book.
ACTIVE = set('''script style iframe object embed frame frameset applet form base meta link noscript
    template video audio source track canvas input button select textarea option portal'''.split())

# Void in HTML5, but lxml's parser may nest the text after them inside them: only the tag goes.
VOID = {'embed', 'frame', 'base', 'meta', 'link', 'source', 'track', 'input'}
GLOBAL = {'id', 'class', 'lang', 'dir', 'title', 'role', 'style', 'hidden', 'translate'}
PER_TAG = {
    'a': {'href', 'rel', 'hreflang', 'tabindex'},
    'img': {'src', 'alt', 'width', 'height'},
    'td': {'colspan', 'rowspan', 'headers'}, 'th': {'colspan', 'rowspan', 'headers', 'scope', 'abbr'},
    'col': {'span'}, 'colgroup': {'span'},
    'ol': {'start', 'reversed', 'type'}, 'li': {'value'},
    'time': {'datetime'}, 'del': {'datetime'}, 'ins': {'datetime'}, 'details': {'open'},
    'math': {'display', 'xmlns', 'alttext'},
    'annotation': {'encoding'},
}
SVG_ATTRIBUTES = set('''viewBox width height x y x1 y1 x2 y2 cx cy r rx ry d points transform fill stroke
    stroke-width stroke-linecap stroke-linejoin stroke-dasharray stroke-dashoffset opacity fill-opacity
    fill-rule clip-rule stroke-opacity font-size font-family font-weight font-style text-anchor
    dominant-baseline offset stop-color stop-opacity gradientUnits gradientTransform patternUnits
    clip-path mask marker-start marker-mid marker-end preserveAspectRatio xmlns href xlink:href
    version dx dy rotate textLength refX refY markerWidth markerHeight orient'''.split())
LOWER_SVG_ATTRIBUTES = {name.lower() for name in SVG_ATTRIBUTES}
MATHML_ATTRIBUTES = set('''mathvariant mathsize displaystyle scriptlevel stretchy fence separator lspace rspace
    linethickness columnalign rowalign accent accentunder movablelimits open close separators width
    height depth notation form largeop maxsize minsize symmetric columnspacing rowspacing columnlines
    rowlines frame equalrows equalcolumns align side voffset bevelled numalign denomalign
    scriptminsize scriptsizemultiplier'''.split())
PREFIXES = {'data-', 'aria-'}
LINK_SCHEMES = ('http:', 'https:', 'mailto:')
# An image inside the page must be an inert raster one; an SVG link only a #fragment.
INERT_DATA_RE = re.compile(r'^data:image/(png|jpeg|gif)[;,]', re.I)
SCHEME_RE = re.compile(r'^([a-z][a-z0-9+.-]*):')
FETCHING = {'srcset', 'imagesrcset', 'ping', 'poster', 'background', 'action', 'formaction', 'data',
            'codebase', 'manifest', 'longdesc', 'lowsrc', 'dynsrc', 'cite'}


def sanitize(root, source, text=''):
    """Keep only what the allowlist holds in a parsed chapter (in place), warning for each
    removal with the line of `text` (the chapter's Markdown) where it stands."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if element is root:
            continue
        if tag == 'image' and not any(str(above.tag).lower() == 'svg' for above in element.iterancestors()):
            # outside an SVG, an HTML parser reads <image> as <img>: one no check has seen
            warn('raw <image> outside an SVG removed: write ![description](file) for a picture', source,
                 line_of(text, f'<{tag}'))
            element.drop_tree()
        elif tag in ACTIVE:
            warn(f'raw <{tag}> removed: books carry no active or external content', source, line_of(text, f'<{tag}'))
            element.drop_tag() if tag in VOID else element.drop_tree()
        elif tag not in LOWER_TAGS:
            warn(f'raw <{tag}> removed, its text kept: it is not an element books use', source,
                 line_of(text, f'<{tag}'))
            element.drop_tag()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in list(element.attrib):
            problem = _problem(element.tag.lower(), name, element.attrib[name])
            if problem:
                where = line_of(text, element.attrib[name][:40]) or line_of(text, f'{name}=')
                warn(f'{problem} removed from <{element.tag}>', source, where)
                del element.attrib[name]
    _enforce(root)


def line_of(text, needle):
    """The line of `needle`'s first appearance in `text`, ignoring case, or None."""
    index = text.lower().find(needle.lower()) if needle.strip() else -1
    return text.count('\n', 0, index) + 1 if index >= 0 else None


def _problem(tag, name, raw):
    """Why attribute `name` of a `tag` element must go, or None."""
    lowered = name.lower()
    if lowered.startswith('on'):
        return f'event handler {name}='
    if lowered in FETCHING:
        return f'{name}= (it makes readers fetch from elsewhere)'
    if not _allowed(tag, lowered):
        return f'{name}= (not an attribute books use)'
    if lowered == 'rel' and 'attachment' in raw.lower().split():
        return 'rel="attachment" (it would embed the linked file in the PDF)'
    if lowered == 'style' and declarations_fetch(raw):
        return 'style= that loads a resource (url(), image-set())'
    if lowered in ('href', 'src', 'xlink:href'):
        return _url_problem(tag, name, raw)
    return None


def _allowed(tag, name):
    if name in GLOBAL or name in PER_TAG.get(tag, ()) or any(name.startswith(p) for p in PREFIXES):
        return True
    return (tag in LOWER_SVG and name in LOWER_SVG_ATTRIBUTES) or (tag in MATHML and name in MATHML_ATTRIBUTES)


def _url_problem(tag, name, raw):
    # Browsers ignore whitespace and control characters inside a URL's scheme.
    value = re.sub(r'[\x00-\x20]', '', raw).lower()
    scheme = SCHEME_RE.match(value)
    if scheme and scheme[1] in ('javascript', 'vbscript'):
        return f'{scheme[1]}: link'
    if tag in LOWER_SVG:
        return None if value.startswith('#') or INERT_DATA_RE.match(value) else f'external {name}='
    if tag == 'img':
        # A file of the book or a remote one is checked later, where a bad one stops the build.
        return 'a data: image that is not a plain picture' if value.startswith('data:') and \
            not INERT_DATA_RE.match(value) else None
    if value.startswith('//') or (scheme and not value.startswith(LINK_SCHEMES)):
        return f'link to a {scheme[1] if scheme else "remote"}: URL'
    return None


def _attribute_filter(tag, name, value):
    """nh3's last word on each attribute it keeps, with the same rules as the walk."""
    return None if _problem(tag.lower(), name, value) else value


def _enforce(root):
    """nh3 over the chapter as serialised, its result parsed back into `root`; a picture the
    re-parse made that the walk never saw (or whose file it did not check) is dropped."""
    checked = {image.get('src') for image in root.iter('img')}
    inner = (root.text or '') + ''.join(lxml.html.tostring(child, encoding='unicode') for child in root)
    svg = SVG_ATTRIBUTES | LOWER_SVG_ATTRIBUTES
    attributes = {'*': GLOBAL, **PER_TAG, **{tag: svg for tag in SVG | LOWER_SVG},
                  **{tag: MATHML_ATTRIBUTES | PER_TAG.get(tag, set()) for tag in MATHML}}
    cleaned = nh3.clean(inner, tags=TAGS | LOWER_SVG, attributes=attributes,
                        generic_attribute_prefixes=PREFIXES, url_schemes={'http', 'https', 'mailto', 'data'},
                        clean_content_tags=ACTIVE, strip_comments=True, link_rel=None,
                        attribute_filter=_attribute_filter)
    fresh = lxml.html.fragment_fromstring(cleaned, create_parent='div')
    for image in list(fresh.iter('img')):
        if image.get('src') not in checked:
            image.drop_tree()
    root.text = fresh.text
    root[:] = list(fresh)
