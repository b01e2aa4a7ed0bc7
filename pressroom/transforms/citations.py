"""Source references in square brackets at the end of a quotation become footnotes.

The author's convention: `"... of Russia." [Lenin, *Collected Works*, Vol. 45]` after an
inline quotation, or `[Source]` closing the last paragraph of a block quote (or any
paragraph, after its final sentence). Editorial insertions inside quotations
(`[T]he`, `[sic]`, `[of the monopoly]`), links, spans and pandoc's own notes stay as written.
The rewrite is textual, so the note keeps the bracket's inline Markdown: `[x]` becomes the
pandoc inline note `^[[x]{.citation}]`, its call standing where the bracket stood.
"""

import bisect
import re
from dataclasses import dataclass

from ..errors import BookError

CLOSING_QUOTES = '"”»“«'
CLOSING_SINGLE = "'’›‘‹"
# These close a quotation only where their partner opened it: German „…“ ‚…‘ and Danish
# »…« ›…‹ (in English “ and ‘ open a quotation, in French « and ‹ do).
OPENED_BY = {'“': '„', '‘': '‚', '«': '»', '‹': '›'}
# French sets a space, often a no-break one, inside « … » and ‹ … ›.
FRENCH_OPENED_BY = {'»': '«', '›': '‹'}
NO_BREAK_SPACES = '\u00a0\u202f'
SENTENCE_END = '.!?…'
TRAILING_PUNCTUATION = '.,;:!?…'
EMPHASIS = '*_'
EDITORIAL_MARKERS = {'sic', 'sic!', '...', '…', '. . .'}
FENCE_RE = re.compile(r'^(`{3,}|~{3,})')
QUOTE_PREFIX_RE = re.compile(r'^( {0,3}> ?)+')
REFERENCE_DEF_RE = re.compile(r'^ {0,3}\[([^\]^][^\]]*)\]:\s', re.M)
FOOTNOTE_DEF_RE = re.compile(r'^ {0,3}\[\^[^\]]+\]:')
HTML_TAG_RE = re.compile(r'<[A-Za-z/!][^>\n]*>')
CITATION_LOOK_RE = re.compile(r'\d|\bvol\b|\bp{1,2}\.|\bibid|\bcollected works\b|\bcw\b', re.I)


@dataclass(frozen=True)
class Bracket:
    start: int       # offset of `[` in the chapter text
    end: int         # offset of the matching `]`
    content: str
    line: int
    kind: str        # citation, insertion, link, note, span or editorial


@dataclass
class _Paragraph:
    text: str            # the paragraph without block-quote markers
    origin: list         # offset in the chapter text of each character of `text`
    depth: int           # block-quote depth


def footnote_citations(text, source):
    """The chapter text with every citation turned into an inline footnote."""
    edits = []
    for bracket in scan(text, source):
        if bracket.kind == 'citation':
            gap_start = _gap_start(text, bracket.start)
            edits.append((gap_start, bracket.start + 1, '^[['))
            edits.append((bracket.end, bracket.end + 1, ']{.citation}]'))
    for start, stop, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[stop:]
    return text


def looks_like_citation(content):
    """True when a bracket's text reads like a source reference (used by lint)."""
    return ',' in content and bool(CITATION_LOOK_RE.search(content))


def scan(text, source):
    """Every top-level bracket pair in the prose, classified; unbalanced ones raise BookError."""
    labels = {label.lower() for label in REFERENCE_DEF_RE.findall(text)}
    for paragraph in _paragraphs(text):
        for start, end in _pairs(paragraph, text, source):
            yield _classify(paragraph, start, end, labels, text)


def prose(text):
    """The paragraphs outside code blocks, as lint reads them.

    Yields (paragraph, masked, lines): the paragraph without block-quote markers, the same
    with code spans, escapes and HTML tags blanked, and the line of each of its characters.
    """
    starts = [0] + [index + 1 for index, char in enumerate(text) if char == '\n']
    for paragraph in _paragraphs(text):
        lines = [bisect.bisect_right(starts, offset) for offset in paragraph.origin]
        yield paragraph.text, _masked(paragraph.text), lines


def _paragraphs(text):
    """Paragraphs outside code blocks, with their block-quote depth."""
    paragraphs, current, fence = [], None, None
    lines, offset = text.split('\n'), 0
    for index, line in enumerate(lines):
        line_start, offset = offset, offset + len(line) + 1
        prefix = QUOTE_PREFIX_RE.match(line)
        depth = prefix.group(0).count('>') if prefix else 0
        body_start = prefix.end() if prefix else 0
        body = line[body_start:]
        if fence:
            fence = None if _closes(line, fence) else fence
            continue
        marker = FENCE_RE.match(body.lstrip())
        # pandoc reads a fence that nothing closes as text, not as the start of code
        if marker and any(_closes(later, marker[1]) for later in lines[index + 1:]):
            fence, current = marker[1], None
            continue
        if current is None and body.startswith(('    ', '\t')):
            continue            # an indented code block
        if not body.strip():
            current = None
            continue
        if current is not None and (depth == current.depth or (depth == 0 and current.depth)):
            current.text += '\n'
            current.origin.append(line_start - 1)
        else:
            current = _Paragraph('', [], depth)
            paragraphs.append(current)
        current.text += body
        current.origin.extend(range(line_start + body_start, line_start + len(line)))
    return paragraphs


def _closes(line, fence):
    """True when `line` is a fence that closes one opened by `fence`: the same mark, as long or longer."""
    body = QUOTE_PREFIX_RE.sub('', line, count=1).strip()
    return len(body) >= len(fence) and body == fence[0] * len(body)


def _masked(text):
    """The paragraph with code spans, escapes and HTML tags blanked out."""
    chars = list(text)
    for match in re.finditer(r'(`+)(.+?)(?<!`)\1(?!`)', text, re.S):
        chars[match.start():match.end()] = ' ' * (match.end() - match.start())
    for match in HTML_TAG_RE.finditer(text):
        chars[match.start():match.end()] = ' ' * (match.end() - match.start())
    for match in re.finditer(r'\\.', text):
        chars[match.start():match.end()] = '  '
    return ''.join(chars)


def _pairs(paragraph, text, source):
    """(start, end) of each top-level bracket pair, as indexes into the paragraph."""
    masked, stack = _masked(paragraph.text), []
    for index, char in enumerate(masked):
        if char == '[':
            stack.append(index)
        elif char == ']':
            if not stack:
                raise BookError('unbalanced "]": no "[" opens it in this paragraph',
                                source, _line(text, paragraph.origin[index]))
            start = stack.pop()
            if not stack:
                yield start, index
    if stack:
        raise BookError('unbalanced "[": it is never closed in this paragraph '
                        '(a citation bracket missing its "]"?)',
                        source, _line(text, paragraph.origin[stack[0]]))


def _classify(paragraph, start, end, labels, text):
    para = paragraph.text
    content = para[start + 1:end]
    before, after = para[:start], para[end + 1:]
    absolute = paragraph.origin[start], paragraph.origin[end]
    line = _line(text, absolute[0])

    def bracket(kind):
        return Bracket(absolute[0], absolute[1], content, line, kind)

    if content.startswith('^') or before.endswith('^'):
        return bracket('note')
    if before.endswith('!') or after[:1] in ('(', '[') or content.lower() in labels:
        return bracket('link')
    if after[:1] == '{':
        return bracket('span')
    if after[:1] == ':' and not before.strip():
        return bracket('link')
    if content.lstrip('-').startswith('@') or FOOTNOTE_DEF_RE.match(para):
        return bracket('note')
    if content.strip().lower() in EDITORIAL_MARKERS or (after[:1].isalnum()):
        return bracket('editorial' if not after[:1].isalnum() else 'insertion')
    if _ends_quotation(before) or _ends_paragraph(before, after):
        return bracket('citation')
    return bracket('insertion')


def _ends_quotation(before):
    """True when `before` ends with a closing quotation mark (and maybe punctuation)."""
    stripped = before.rstrip().rstrip(TRAILING_PUNCTUATION)
    if len(stripped) < 2:
        return False
    mark, quoted = stripped[-1], stripped[:-1]
    previous = quoted[-1]
    if mark in OPENED_BY and not _still_open(quoted, OPENED_BY[mark], mark):
        return False
    if mark in FRENCH_OPENED_BY and previous in ' ' + NO_BREAK_SPACES:
        return _still_open(quoted, FRENCH_OPENED_BY[mark], mark)
    if mark in CLOSING_QUOTES:
        return not (previous.isspace() or previous in '—–([')
    if mark in CLOSING_SINGLE:
        return previous in TRAILING_PUNCTUATION + EMPHASIS
    return False


def _still_open(text, opening, closing):
    """True when a quotation `opening` began in `text` has not been closed by `closing`."""
    start = text.rfind(opening)
    return start > text.rfind(closing) and _opens(text, start)


def _opens(text, index):
    """Whether the mark at `index` opens a quotation. Guillemets point both ways: a Danish »
    or › leans on the word after it, a French « or ‹ follows a space; when they close, the
    Danish « follows a word, the French » a space."""
    if text[index] in '»›':
        after = text[index + 1:index + 2]
        return bool(after) and not after.isspace() and after not in TRAILING_PUNCTUATION
    if text[index] in '«‹':
        return index == 0 or text[index - 1].isspace() or text[index - 1] in '(—–' + EMPHASIS
    return True


def _ends_paragraph(before, after):
    """True for a bracket standing after the final sentence of a paragraph or block quote."""
    if after.strip() not in ('', '.'):
        return False
    tail = before.rstrip().rstrip(EMPHASIS + CLOSING_QUOTES + CLOSING_SINGLE + NO_BREAK_SPACES)
    return tail[-1:] in SENTENCE_END + ',;:)'


def _gap_start(text, start):
    """Where the whitespace before a citation begins, across a line break and its `>` markers."""
    index = start
    while True:
        while index > 0 and text[index - 1] in ' \t' + NO_BREAK_SPACES:
            index -= 1
        line_start = text.rfind('\n', 0, index) + 1
        if QUOTE_PREFIX_RE.fullmatch(text[line_start:index] + ' ') or line_start == index:
            if line_start == 0:
                return index
            index = line_start - 1
            continue
        return index


def _line(text, offset):
    return text.count('\n', 0, offset) + 1
