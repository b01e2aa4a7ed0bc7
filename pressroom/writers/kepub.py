"""The Kobo edition: our EPUB made a KEPUB as kepubify (pgaskin/kepubify, kepub/transform.go),
the reference maker, makes one, rule for rule, so Kobo's reading features (highlights,
reading position, statistics) find what they key on.

In every content document of the package (cover and navigation included):
- the style hack Kobo's own KEPUBs carry, `style.kobostylehacks` at the end of the head;
- the body's content wrapped in `div#book-columns > div#book-inner`;
- each sentence of text in `span.koboSpan#kobo.<block>.<sentence>`. The block number goes up
  at the first text after a p, ol, ul, table or h1-h6 begins, and at each img, which gets a
  span of its own around it; nothing inside script, style, pre, audio, video, svg or math
  is touched; text of white space alone stays as it is unless it is a paragraph's own.
  A sentence ends after `.`, `!` or `?`, one closing quote or ellipsis, and ASCII white
  space (a no-break space does not end one), and keeps that white space.

Ids the author gave that Kobo's would take (`book-columns`, `book-inner`, `kobo.N.M`) are
renamed, links to them with them, with a warning. Notes stay `aside epub:type="footnote"`
after their call in the same file, which is what Kobo pops up.
"""

import io
import posixpath
import re
import zipfile

from lxml import etree

from ..errors import warn
from .epub import reproducible_zip

XHTML = '{http://www.w3.org/1999/xhtml}'
BLOCKS = {'p', 'ol', 'ul', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'}
UNTOUCHED = {'script', 'style', 'pre', 'audio', 'video', 'svg', 'math'}
STYLE_HACKS = 'div#book-inner { margin-top: 0; margin-bottom: 0;}'
KOBO_ID_RE = re.compile(r'book-columns|book-inner|kobo\.\d+\.\d+')
OPF_NS = {'opf': 'http://www.idpf.org/2007/opf'}
PUNCT, EXTRA, SPACE, OTHER = range(4)
DEFAULT, AFTER_PUNCT, AFTER_EXTRA, AFTER_SPACE = range(4)
KINDS = {**dict.fromkeys('.!?', PUNCT), **dict.fromkeys('\'"”’“…', EXTRA), **dict.fromkeys('\t\n\f\r ', SPACE)}
# kepubify's state machine: (state, input) -> next state; from AFTER_SPACE any input but
# more white space starts the next sentence.
NEXT = {
    DEFAULT: {PUNCT: AFTER_PUNCT, EXTRA: DEFAULT, SPACE: DEFAULT, OTHER: DEFAULT},
    AFTER_PUNCT: {PUNCT: AFTER_PUNCT, EXTRA: AFTER_EXTRA, SPACE: AFTER_SPACE, OTHER: DEFAULT},
    AFTER_EXTRA: {PUNCT: AFTER_PUNCT, EXTRA: DEFAULT, SPACE: AFTER_SPACE, OTHER: DEFAULT},
    AFTER_SPACE: {PUNCT: AFTER_PUNCT, EXTRA: DEFAULT, SPACE: AFTER_SPACE, OTHER: DEFAULT},
}


def kepub(data, moment):
    """The KEPUB made from the EPUB `data` (bytes); `moment` dates the zip's entries."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        documents = {name: etree.fromstring(archive.read(name)) for name in _content_documents(archive)}
    _rename_kobo_ids(documents)
    replacements = {}
    for name, root in documents.items():
        transform(root)
        replacements[name] = etree.tostring(root, encoding='utf-8', xml_declaration=True)
    return reproducible_zip(data, moment, replacements)


def _content_documents(archive):
    """The package's XHTML documents, as kepubify picks them: by media type, in the manifest."""
    container = etree.fromstring(archive.read('META-INF/container.xml'))
    package = container.find('.//{*}rootfile').get('full-path')
    manifest = etree.fromstring(archive.read(package))
    folder = posixpath.dirname(package)
    return [posixpath.join(folder, item.get('href'))
            for item in manifest.iterfind('.//opf:manifest/opf:item', OPF_NS)
            if item.get('media-type') == 'application/xhtml+xml']


def transform(root):
    """One XHTML document (lxml root) made as kepubify makes it, in place."""
    head, body = root.find(XHTML + 'head'), root.find(XHTML + 'body')
    style = etree.SubElement(head, XHTML + 'style', {'type': 'text/css', 'class': 'kobostylehacks'})
    style.text = STYLE_HACKS
    columns = etree.Element(XHTML + 'div', id='book-columns')
    inner = etree.SubElement(columns, XHTML + 'div', id='book-inner')
    inner.text, body.text = body.text, None
    inner.extend(list(body))
    body.append(columns)
    _Spans().visit(body)


class _Spans:
    """kepubify's walk: the block and sentence counters, and a block counted only once text
    in it gets a span."""

    def __init__(self):
        self.block = self.sentence = 0
        self.pending = False

    def visit(self, element):
        name = etree.QName(element).localname
        if name == 'img':
            self.block, self.sentence, self.pending = self.block + 1, 0, False
            span = self._span()
            element.addprevious(span)
            span.tail, element.tail = element.tail, None
            span.append(element)
            return span
        if name in UNTOUCHED:
            return element
        if name in BLOCKS:
            self.pending = True
        children = list(element)          # before the text's own spans join them
        self._wrap(element, 'text', element)
        for child in children:
            if isinstance(child.tag, str):
                child = self.visit(child)
            self._wrap(child, 'tail', element)
        return element

    def _wrap(self, node, which, parent):
        """The text `which` ('text' or 'tail') of `node`, whose parent is `parent`, made
        spans, one a sentence."""
        text = getattr(node, which)
        if not text:
            return
        setattr(node, which, None)
        anchor = node
        for sentence in sentences(text):
            if not sentence.strip(' \t\n\f\r') and etree.QName(parent).localname != 'p':
                _append_text(node, which, anchor, sentence)
                continue
            span = self._span()
            span.text = sentence
            if which == 'text' and anchor is node:
                node.insert(0, span)
            else:
                anchor.addnext(span)
            anchor = span

    def _span(self):
        if self.pending:
            self.block, self.sentence, self.pending = self.block + 1, 0, False
        self.sentence += 1
        return etree.Element(XHTML + 'span', {'class': 'koboSpan', 'id': f'kobo.{self.block}.{self.sentence}'})


def _append_text(node, which, anchor, text):
    """Plain text put back after `anchor` (the last span made), or where it was."""
    if anchor is node:
        setattr(node, which, (getattr(node, which) or '') + text)
    else:
        anchor.tail = (anchor.tail or '') + text


def sentences(text):
    """`text` cut into sentences as kepubify cuts it (splitSentences), in one pass."""
    found, start, state = [], 0, DEFAULT
    for index, character in enumerate(text):
        kind = KINDS.get(character, OTHER)
        if state == AFTER_SPACE and kind != SPACE:
            found.append(text[start:index])
            start = index
        state = NEXT[state][kind]
    if start < len(text) or not found:
        found.append(text[start:])
    return found


def _rename_kobo_ids(documents):
    """An author's id that Kobo's would take renamed in every document, and links to it."""
    taken = {ident for root in documents.values() for ident in root.xpath('//@id')}
    renamed = {}
    for name, root in documents.items():
        for element in root.xpath('//*[@id]'):
            ident = element.get('id')
            if KOBO_ID_RE.fullmatch(ident):
                number = 1
                while f'{ident}-{number}' in taken:
                    number += 1
                new = f'{ident}-{number}'
                taken.add(new)
                element.set('id', new)
                renamed[(name, ident)] = new
                warn(f'the id "{ident}" is one Kobo\'s readers use: it is "{new}" in the Kobo edition')
    if not renamed:
        return
    for name, root in documents.items():
        for link in root.xpath('//*[@href]'):
            path, _, fragment = link.get('href').partition('#')
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
            if (target, fragment) in renamed:
                link.set('href', f'{path}#{renamed[(target, fragment)]}')
