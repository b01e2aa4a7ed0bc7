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
from ..urls import url_problem

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
    'td': {'colspan', 'rowspan', 'headers'}, 'th': {'colspan', 'rowspan', 'headers', 'scope'},
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
FETCHING = {'srcset', 'imagesrcset', 'ping', 'poster', 'background', 'action', 'formaction', 'data',
            'codebase', 'manifest', 'longdesc', 'lowsrc', 'dynsrc', 'cite'}
# The values an attribute may take, by (element, attribute) or ('*', attribute): what the
# HTML, SVG and MathML rules (and EPUBCheck, and the PDF's SVG reader) accept. A value
# outside them is removed with the attribute, with a warning.
NUMBER = r'[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?'
LENGTH = rf'{NUMBER}(?:px|pt|pc|mm|cm|in|em|ex|%)?'
NUMBERS = rf'(?:{NUMBER}(?:[\s,]+{NUMBER})*)?'
LENGTHS = rf'(?:{LENGTH}(?:[\s,]+{LENGTH})*)?'
TRUE_FALSE = 'true|false'
SVG_LENGTHS = ('width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'dx', 'dy',
               'stroke-width', 'stroke-dashoffset', 'font-size', 'refx', 'refy', 'markerwidth', 'markerheight',
               'textlength', 'offset')
VALUES = {
    ('td', 'colspan'): range(1, 1001), ('th', 'colspan'): range(1, 1001),
    ('td', 'rowspan'): range(0, 65535), ('th', 'rowspan'): range(0, 65535),
    ('col', 'span'): range(1, 1001), ('colgroup', 'span'): range(1, 1001),
    ('ol', 'start'): range(-2**31, 2**31), ('li', 'value'): range(-2**31, 2**31),
    ('img', 'width'): range(0, 100_001), ('img', 'height'): range(0, 100_001),
    ('a', 'tabindex'): range(-1, 32768),
    ('ol', 'type'): '1|a|A|i|I', ('th', 'scope'): 'row|col|rowgroup|colgroup',
    ('*', 'dir'): 'ltr|rtl|auto', ('*', 'translate'): 'yes|no|',
    ('*', 'lang'): '[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|', ('a', 'hreflang'): '[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*',
    ('*', 'id'): r'[^\s]+', ('*', 'hidden'): 'hidden|until-found|', ('details', 'open'): 'open|',
    ('ol', 'reversed'): 'reversed|',
    ('time', 'datetime'): r'[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?'
                          r'(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?)?)?|[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?',
    ('math', 'display'): 'block|inline',
    ('*', 'mathvariant'): 'normal|bold|italic|bold-italic|double-struck|bold-fraktur|script|bold-script|fraktur|'
                          'sans-serif|bold-sans-serif|sans-serif-italic|sans-serif-bold-italic|monospace|initial|'
                          'tailed|looped|stretched',
    **{('*', name): TRUE_FALSE for name in ('displaystyle', 'stretchy', 'fence', 'separator', 'largeop',
                                             'movablelimits', 'symmetric', 'accent', 'accentunder', 'bevelled',
                                             'equalrows', 'equalcolumns')},
    ('*', 'form'): 'prefix|infix|postfix', ('*', 'scriptlevel'): r'[+-]?[0-9]{1,2}',
    ('*', 'linethickness'): rf'{LENGTH}|thin|medium|thick',
    ('*', 'viewbox'): rf'{NUMBER}(?:[\s,]+{NUMBER}){{3}}', ('*', 'points'): NUMBERS, ('*', 'rotate'): NUMBERS,
    ('*', 'stroke-dasharray'): rf'none|{LENGTHS}',
    **{('*', name): rf'{NUMBER}%?' for name in ('opacity', 'fill-opacity', 'stroke-opacity', 'stop-opacity')},
    ('*', 'd'): r'[MmZzLlHhVvCcSsQqTtAa0-9eE.,+\-\s]*',
    ('*', 'transform'): r'(?:\s*(?:matrix|translate|scale|rotate|skewX|skewY)\s*\([-+0-9eE.,\s]*\)\s*,?)*\s*',
    ('*', 'preserveaspectratio'): r'none|x(?:Min|Mid|Max)Y(?:Min|Mid|Max)(?:\s+(?:meet|slice))?',
    **{('*', name): 'userSpaceOnUse|objectBoundingBox' for name in ('gradientunits', 'patternunits')},
}
# Roles pressroom gives elements itself (the print page markers): not an author's to give.
RESERVED_ROLES = {'doc-pagebreak'}
# WAI-ARIA 1.2 and DPUB-ARIA 1.1 roles: the values role= takes.
ROLES = set('''alert alertdialog application article banner blockquote button caption cell checkbox code
    columnheader combobox complementary contentinfo definition deletion dialog directory document emphasis
    feed figure form generic grid gridcell group heading img insertion link list listbox listitem log main
    marquee math menu menubar menuitem menuitemcheckbox menuitemradio meter navigation none note option
    paragraph presentation progressbar radio radiogroup region row rowgroup rowheader scrollbar search
    searchbox separator slider spinbutton status strong subscript superscript switch tab table tablist
    tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem doc-abstract doc-acknowledgments
    doc-afterword doc-appendix doc-backlink doc-biblioentry doc-bibliography doc-biblioref doc-chapter
    doc-colophon doc-conclusion doc-cover doc-credit doc-credits doc-dedication doc-endnote doc-endnotes
    doc-epigraph doc-epilogue doc-errata doc-example doc-footnote doc-foreword doc-glossary doc-glossref
    doc-index doc-introduction doc-noteref doc-notice doc-pagebreak doc-pagefooter doc-pageheader doc-pagelist
    doc-part doc-preface doc-prologue doc-pullquote doc-qna doc-subtitle doc-tip doc-toc'''.split())
# An SVG's references to its own parts: url(#id) in a value, or a #id link.
FRAGMENT_RE = re.compile(r'(?:url\(\s*[\'"]?#|^\s*#)([^\'")\s]+)')


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
    _without_dangling_references(root, source, text)


def _without_dangling_references(root, source, text):
    """A table cell's headers= must name header cells of its own table, and an SVG's url(#id)
    or #id link a part that is there; otherwise the attribute goes (EPUBCheck RSC-005, RSC-012)."""
    ids = set(root.xpath('.//@id'))
    for cell in root.xpath('.//*[@headers]'):
        table = next(cell.iterancestors('table'), None)
        heads = set(table.xpath('.//th/@id')) if table is not None else set()
        if not set(cell.get('headers').split()) <= heads:
            warn(f'headers="{cell.get("headers")[:40]}" (it names no header cell of its table) removed from '
                 f'<{cell.tag}>', source, line_of(text, 'headers='))
            del cell.attrib['headers']
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag.lower() not in LOWER_SVG:
            continue
        for name, value in list(element.attrib.items()):
            if any(ident not in ids for ident in FRAGMENT_RE.findall(value)):
                warn(f'{name}="{value[:40]}" (it refers to a part the SVG does not have) removed from '
                     f'<{element.tag}>', source, line_of(text, value[:40]))
                del element.attrib[name]


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
    if lowered == 'role' and set(raw.split()) & RESERVED_ROLES:
        return f'role="{raw[:40]}" (pressroom marks the print pages itself)'
    if lowered == 'role' and not (raw.split() and set(raw.split()) <= ROLES):
        return f'role="{raw[:40]}" (not an ARIA role)'
    rule = VALUES.get((tag, lowered)) or VALUES.get(('*', lowered)) or \
        (LENGTH if tag in LOWER_SVG and lowered in SVG_LENGTHS else None)
    if rule is not None and not _fits(raw, rule):
        return f'{name}="{raw[:40]}" (not a value {name}= takes)'
    if lowered in ('href', 'src', 'xlink:href'):
        return url_problem(name, raw, 'svg' if tag in LOWER_SVG else 'img' if tag == 'img' else 'link')
    return None


def _fits(value, rule):
    """Whether `value` keeps `rule`: a range of whole numbers or a regular expression."""
    value = value.strip()
    if isinstance(rule, range):
        return bool(re.fullmatch(r'[+-]?[0-9]{1,12}', value)) and int(value) in rule
    return re.fullmatch(rule, value) is not None


def _allowed(tag, name):
    if name in GLOBAL or name in PER_TAG.get(tag, ()) or any(name.startswith(p) for p in PREFIXES):
        return True
    return (tag in LOWER_SVG and name in LOWER_SVG_ATTRIBUTES) or (tag in MATHML and name in MATHML_ATTRIBUTES)


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
