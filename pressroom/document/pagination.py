"""Print page numbers carried into the EPUB: where each print page begins, as a word of a
block of the intermediate.

Both sides count the same way: the intermediate's text blocks in document order (each
block's own text, without the blocks inside it, note calls or notes), split into words
at white space. The PDF layout tells, for each page, the block and the word its first
line starts with (typeset/upstream/document.py); the EPUB writer puts a page-break marker
before that word in the same block.
"""

from lxml.html import builder as E

BLOCKS = ('p', 'li', 'dt', 'dd', 'td', 'th', 'figcaption', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6')
KEY = 'data-key'           # a block's number, set on the paged HTML the PDFs are laid out from
JOINS = '-‐–—/'            # a line ending in one of these runs on into the next line's word
INSIDE_ONLY = ('li', 'dt', 'dd', 'td', 'th')     # a marker cannot stand between these
# Drawn as pictures in the PDFs, so none of their text starts a page; and no marker may go
# inside them (MathML and SVG allow no HTML span).
PICTURES = ('math', 'svg')


def blocks(root):
    """The text blocks of the intermediate, in document order; notes are not counted."""
    return [element for element in root.iter(*BLOCKS) if not _in_note(element)]


def number_blocks(root):
    for number, block in enumerate(blocks(root)):
        block.set(KEY, str(number))


def _in_note(element):
    return any(node.tag == 'aside' or 'fn' in node.get('class', '').split()
               for node in element.iterancestors())


def _word_starts(block):
    """(element, 'text' or 'tail', index) where each word of the block's own text begins."""
    starts, inside_word = [], False

    def read(element, which):
        nonlocal inside_word
        text = getattr(element, which) or ''
        for index, character in enumerate(text):
            if character.isspace():
                inside_word = False
            elif not inside_word:
                starts.append((element, which, index))
                inside_word = True

    def visit(element):
        read(element, 'text')
        for child in element:
            if not isinstance(child.tag, str):
                read(child, 'tail')
                continue
            skipped = (child.tag in BLOCKS or child.tag in PICTURES or child.tag == 'aside'
                       or 'noteref' in child.get('class', '').split() or 'fn' in child.get('class', '').split())
            if not skipped:
                visit(child)
            read(child, 'tail')
    visit(block)
    return starts


def mark(root, starts, placeable):
    """Put a page-break marker in `root` (the intermediate) before the word each print page
    begins with: `starts[n]` is (block number, word) for page n + 1, or None for a page with
    no text of its own (a blank or the half-title), whose marker goes with the next one's.
    Only blocks for which `placeable(block)` holds are in the EPUB. Returns the page
    numbers marked, in order."""
    found = blocks(root)
    waiting, marked, block = [], [], None
    for number, start in enumerate(starts, 1):
        waiting.append(number)
        if start is None or not 0 <= start[0] < len(found) or not placeable(found[start[0]]):
            continue
        block, word = found[start[0]], start[1]
        words = _word_starts(block)
        for page in waiting:
            _insert(block, words, word, _marker(page))
        marked += waiting
        waiting = []
    if block is not None:          # pages after the last text (blank versos) end the last block
        for page in waiting:
            block.append(_marker(page))
        marked += waiting
    return marked


def _marker(page):
    marker = E.SPAN(**{'id': f'page-{page}', 'role': 'doc-pagebreak', 'aria-label': str(page)})
    marker.set('epub:type', 'pagebreak')
    return marker


def _insert(block, words, word, marker):
    """`marker` placed before the block's word number `word` (at its end if there are fewer);
    a page that begins with a paragraph or heading has it just before the block."""
    if word == 0 and block.tag not in INSIDE_ONLY and block.getparent() is not None:
        block.addprevious(marker)
        return
    if word >= len(words):
        block.append(marker)
        return
    element, which, index = words[word]
    text = getattr(element, which)
    if which == 'text':
        element.text = text[:index]
        element.insert(0, marker)
    else:
        element.tail = text[:index]
        element.addnext(marker)
    marker.tail = text[index:]
    # This word and those after it in the same text node now live in the marker's tail.
    for later in range(word, len(words)):
        other, other_which, other_index = words[later]
        if other is element and other_which == which:
            words[later] = (marker, 'tail', other_index - index)
