"""The document's tree cleaned of what belongs to its old container: an EPUB's cover, title
page, contents, imprint and page markers; raw HTML; empty anchors; links other than web,
mail and in-book ones; the backlinks of notes."""

import re
from pathlib import Path

# Parts of an EPUB that the build makes itself: left out, by file name or section id/class.
CONTAINER_PARTS = {'cover', 'titlepage', 'title-page', 'halftitle', 'halftitlepage', 'imprint', 'colophon',
                   'copyright', 'copyright-page', 'uncopyright', 'toc', 'nav', 'contents', 'landmarks'}
BACKLINK_RE = re.compile(r'^\s*[\[(]?[0-9a-z*†‡§]{0,4}[\])]?\.?\s*$|^\s*[↩↑^]\s*$', re.I)
KEPT_SPAN_CLASSES = {'smallcaps', 'underline', 'mark'}
INLINE_KINDS = {'Str', 'Space', 'SoftBreak', 'LineBreak', 'Emph', 'Strong', 'Span', 'Link', 'Image', 'Note',
                'Code', 'Math', 'RawInline', 'Quoted', 'Cite', 'SmallCaps', 'Strikeout', 'Superscript',
                'Subscript', 'Underline'}


def without_container(blocks):
    """An EPUB's blocks without the files the build makes itself (cover, title page, contents,
    imprint). pandoc marks where each file begins with an empty anchor named after it."""
    kept, skipping = [], True       # pandoc puts the cover picture before the first file
    for block in blocks:
        name = _file_anchor(block)
        if name is not None:
            skipping = Path(name).stem.lower() in CONTAINER_PARTS
            continue
        if skipping or _names_container(block):
            continue
        kept.append(block)
    return kept


def _file_anchor(block):
    """The file name of `[]{#chapter-01.xhtml}`, pandoc's mark for an EPUB file's start."""
    if block['t'] == 'Para' and len(block['c']) == 1 and block['c'][0]['t'] == 'Span':
        (ident, _, _), content = block['c'][0]['c']
        if not content and re.search(r'\.x?html?$', ident):
            return ident
    return None


def _names_container(block):
    if block['t'] != 'Div':
        return False
    ident, classes, _ = block['c'][0]
    return bool({ident.rsplit('_', 1)[-1].lower(), *classes} & CONTAINER_PARTS)


def clean(blocks):
    """Blocks without raw HTML (a <nav> with all it holds), empty anchors, page markers and
    the wrappers of sections; ids of the EPUB's files made plain again."""
    out, in_nav = [], 0
    for block in blocks:
        kind = block['t']
        if kind == 'RawBlock':
            text = block['c'][1]
            in_nav += text.count('<nav') - text.count('</nav')
            continue
        if in_nav > 0:
            continue
        if kind == 'Div':       # a section's wrapper: its id goes to its heading, as in Markdown
            content = clean(block['c'][1])
            if content and content[0]['t'] == 'Header' and block['c'][0][0]:
                content[0]['c'][1][0] = _plain_id(block['c'][0][0])
            out += content
            continue
        if kind == 'Header':
            level, (ident, classes, attributes), inlines = block['c']
            block = {'t': 'Header', 'c': [level, [_plain_id(ident), [], []], _inlines(inlines)]}
        else:
            block = _verse(_walk(block))
        if block['t'] == 'Para' and not block['c']:
            continue
        out.append(block)
    return out


def _walk(node):
    """`node` with every list of blocks or inlines in it cleaned."""
    if isinstance(node, list):
        if node and all(isinstance(item, dict) and 't' in item for item in node):
            return _inlines(node) if any(item['t'] in INLINE_KINDS for item in node) else clean(node)
        return [_walk(item) for item in node]
    if isinstance(node, dict) and 'c' in node:
        return {**node, 'c': _walk(node['c'])}
    return node


def _inlines(inlines):
    out = []
    for inline in inlines:
        kind = inline['t']
        if kind == 'RawInline':
            continue
        if kind == 'Span':
            (ident, classes, attributes), content = inline['c']
            content = _inlines(content)
            lang = [pair for pair in attributes if pair[0] == 'lang']
            if lang or set(classes) & KEPT_SPAN_CLASSES:
                out.append({'t': 'Span', 'c': [['', [c for c in classes if c in KEPT_SPAN_CLASSES], lang], content]})
            else:
                out += content
            continue
        if kind == 'Link':
            (ident, classes, attributes), content, (url, title) = inline['c']
            if url.startswith('#') or re.match(r'^[^:/?#]+\.x?html?(#|$)', url):
                url = '#' + _plain_id(url.rsplit('#', 1)[-1] if '#' in url else url)
            if url.startswith('#') or url.lower().startswith(('http://', 'https://', 'mailto:')):
                out.append({'t': 'Link', 'c': [['', [], []], _inlines(content), [url, title]]})
            else:           # a link to a file or a script: its text is kept
                out += _inlines(content)
            continue
        if kind == 'Note':
            out.append({'t': 'Note', 'c': _without_backlink(clean(inline['c']))})
            continue
        if kind == 'Image':
            _, alt, target = inline['c']
            out.append({'t': 'Image', 'c': [['', [], []], _inlines(alt), target]})
            continue
        out.append(_walk(inline) if 'c' in inline else inline)
    return out


def _verse(block):
    """A paragraph broken into lines (a poem, an address) as a line block, which the build
    sets as verse."""
    if block['t'] != 'Para' or not any(inline['t'] == 'LineBreak' for inline in block['c']):
        return block
    lines = [[]]
    for inline in block['c']:
        if inline['t'] == 'LineBreak':
            lines.append([])
        else:
            lines[-1].append(inline)
    for line in lines:
        while line and line[0]['t'] in ('Space', 'SoftBreak'):
            line.pop(0)
        while line and line[-1]['t'] in ('Space', 'SoftBreak'):
            line.pop()
    return {'t': 'LineBlock', 'c': [line for line in lines if line]}


def _without_backlink(blocks):
    """A note's blocks without the link back to its call that an EPUB note opens with
    (`1`, `↩`, `[1]`): the build makes its own."""
    if blocks and blocks[0]['t'] in ('Para', 'Plain') and blocks[0]['c'] and blocks[0]['c'][0]['t'] == 'Link':
        link = blocks[0]['c'][0]
        if link['c'][2][0].startswith('#') and BACKLINK_RE.match(plain_text(link['c'][1])):
            rest = blocks[0]['c'][1:]
            while rest and rest[0]['t'] in ('Space', 'SoftBreak'):
                rest = rest[1:]
            blocks = [{**blocks[0], 'c': rest}, *blocks[1:]]
    return blocks


def _plain_id(ident):
    """`chapter-03.xhtml_a-section` (pandoc's EPUB id) as `a-section`."""
    return re.sub(r'^.*?\.x?html?_', '', ident)


def plain_text(inlines):
    parts = []
    for inline in inlines:
        if inline['t'] == 'Str':
            parts.append(inline['c'])
        elif inline['t'] in ('Space', 'SoftBreak', 'LineBreak'):
            parts.append(' ')
        elif inline['t'] in ('Emph', 'Strong', 'SmallCaps', 'Strikeout', 'Underline', 'Superscript', 'Subscript'):
            parts.append(plain_text(inline['c']))
        elif inline['t'] in ('Span', 'Quoted') or inline['t'] == 'Link':
            parts.append(plain_text(inline['c'][1]))
    return ''.join(parts)
