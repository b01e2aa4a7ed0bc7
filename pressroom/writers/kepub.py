"""The Kobo edition: our EPUB with the `koboSpan` spans Kobo's readers key their reading
features on (highlights, reading position, page turns), as kepubify makes them.

Each text block gets a number and each sentence in it a span `kobo.<block>.<sentence>`;
images and formulas get one too; the body is wrapped in `div#book-columns > div#book-inner`. Nothing
else changes: notes stay `aside epub:type="footnote"` after their call in the same file,
which is what Kobo pops up.
"""

import io
import re
import zipfile

from lxml import etree

from .epub import reproducible_zip

XHTML = '{http://www.w3.org/1999/xhtml}'
BLOCKS = {XHTML + tag for tag in ('p', 'li', 'dt', 'dd', 'td', 'th', 'figcaption', 'pre', 'blockquote', 'div',
                                  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'aside', 'section', 'header', 'nav')}
# Pictures and formulas get one span each, around them: nothing is put inside them.
WHOLE = {XHTML + 'img', '{http://www.w3.org/1998/Math/MathML}math', '{http://www.w3.org/2000/svg}svg'}
SENTENCE_RE = re.compile(r'\S.*?(?:[.!?…]+[”’"\')\]]*(?=\s|$)|$)\s*', re.S)


def kepub(data, moment):
    """The KEPUB made from the EPUB `data` (bytes); `moment` dates the zip's entries."""
    replacements = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith('EPUB/text/') and name.endswith('.xhtml'):
                replacements[name] = _kobo_spans(archive.read(name))
    return reproducible_zip(data, moment, replacements)


def _kobo_spans(document):
    root = etree.fromstring(document)
    body = root.find(XHTML + 'body')
    counter = _Counter()
    for child in list(body):
        _visit(child, counter)
    columns = etree.Element(XHTML + 'div', id='book-columns')
    inner = etree.SubElement(columns, XHTML + 'div', id='book-inner')
    inner.text, body.text = body.text, None
    inner.extend(list(body))
    body.append(columns)
    return etree.tostring(root, encoding='utf-8', xml_declaration=True)


class _Counter:
    def __init__(self):
        self.block, self.sentence = 0, 0

    def next_block(self):
        self.block, self.sentence = self.block + 1, 0

    def span(self):
        self.sentence += 1
        return etree.Element(XHTML + 'span', {'class': 'koboSpan', 'id': f'kobo.{self.block}.{self.sentence}'})


def _visit(element, counter):
    """Number `element` if it is a block holding text, and wrap its sentences."""
    if element.tag in BLOCKS:
        counter.next_block()
    if element.tag in WHOLE:
        span = counter.span()
        element.addprevious(span)
        span.append(element)          # moves the image, and its tail with it
        span.tail, element.tail = element.tail, None
        return
    children = list(element)          # before the text's own spans join them
    _wrap_text(element, 'text', counter)
    for child in children:
        if isinstance(child.tag, str):
            _visit(child, counter)
            if child.tag in BLOCKS:
                counter.next_block()
        _wrap_text(child, 'tail', counter)


def _wrap_text(element, which, counter):
    text = getattr(element, which)
    if not text or not text.strip():
        return
    spans = []
    for sentence in SENTENCE_RE.findall(text):
        span = counter.span()
        span.text = sentence
        spans.append(span)
    lead = text[:len(text) - len(text.lstrip())]
    setattr(element, which, lead or None)
    if which == 'text':
        for index, span in enumerate(spans):
            element.insert(index, span)
    else:
        anchor = element
        for span in spans:
            anchor.addnext(span)
            anchor = span
