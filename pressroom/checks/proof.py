"""The typesetter's proof: the built PDF measured as poppler reads it, page by page.

Hyphenated line ends and their runs, broken capitalised words, a page ending on a hyphen,
the word space of justified lines (its spread, loose and tight lines), pages whose first
line is off the common top, the space left above the notes, facing pages that end at
different depths, contents lines that are only leaders, number ranges with a hyphen, words
that copy broken; and a contact sheet of every spread, for the eye (contact.py). The thresholds are the
typesetting policy's (typeset/policy.py, PROOF).
"""

import re
import statistics
import xml.etree.ElementTree as ET
from collections import namedtuple
from dataclasses import dataclass, field

import pikepdf

from ..errors import BookError
from ..typeset.policy import PROOF
from . import tools
from .contact import contact_sheet

XHTML = '{http://www.w3.org/1999/xhtml}'
HYPHENS = '-‐\xad'
NOTE_STEP = 1.5           # pt: notes are at least this much smaller than the body
LOOSE_EM, TIGHT_EM = PROOF['loose_em'], PROOF['tight_em']   # a justified line's mean word space, em
HAIR = 0.5                 # pt: a gap narrower than this between two of poppler's words is none
COLUMN = 3                 # a gap this many times a line's middling space parts columns, not words
# A range of numbers set with a hyphen: 2-9, 1923-25; not ISBNs, phone numbers or dates,
# which have more than one hyphen.
HYPHEN_RANGE_RE = re.compile(r'(?<![\w‐-])\d{1,4}-\d{1,4}(?![\w‐-])')
# poppler joins a hyphen-minus at a line end; U+2010 is an author's hyphen (textlayer.py), kept there
BROKEN_WORD_RE = re.compile(r'\w\xad\s+\w|\w-\n[a-z]')
LEADER_RE = re.compile(r'^(\.\s*)+$')

Line = namedtuple('Line', 'words top bottom left right size base')    # words: [(left, right, text)]


@dataclass
class Page:
    number: int              # 1-based
    width: float
    height: float
    body: list               # [[Line]]: the blocks of main text
    notes: list              # [[Line]]: the blocks of the notes at the foot
    hyphenated: int = 0
    runs: list = field(default_factory=list)          # lengths of runs of three or more
    longest: int = 0         # the longest run of hyphenated lines
    capitals: list = field(default_factory=list)      # broken capitalised words
    loose: list = field(default_factory=list)         # mean word space of each loose line, em
    tight: list = field(default_factory=list)         # and of each tight one
    spaces: list = field(default_factory=list)        # of each justified line of the body, em
    turn: bool = False       # the page's last line of text ends on a hyphen
    short: list = field(default_factory=list)         # hyphenated lines ending short of the measure
    leaders: int = 0         # contents lines that are only leaders and a number
    depth: float = None      # the foot of its last line, from the top, pt
    note_gap: float = None   # space between the text and the notes, pt
    full: bool = False       # text runs on from the page before and to the page after

    @property
    def lines(self):
        return sum(len(block) for block in self.body)


@dataclass
class Proof:
    pages: list
    body_size: float
    pitch: float             # the body's line spacing, pt
    ranges: list             # number ranges set with a hyphen
    broken_words: list       # hyphenated words as pdftotext gives them
    spreads: list            # (verso, recto, difference in pt) of full facing pages
    ligatures: tuple = (0, 0)    # fi and fl set as one glyph, of all

    @property
    def lines(self):
        return sum(page.lines for page in self.pages)

    @property
    def hyphenated(self):
        return sum(page.hyphenated for page in self.pages)

    def justified(self):
        return sum(_justified_count(page) for page in self.pages)

    def spaces(self):
        return [space for page in self.pages for space in page.spaces]

    def tops_off(self):
        """Pages whose first line of text stands off the common top baseline (a page that opens
        a chapter, or is the last of one, aside)."""
        tops = [page for page in self.pages if page.full]
        usual = statistics.mode(round(page.body[0][0].base) for page in tops) if tops else 0
        return [page.number for page in tops if abs(page.body[0][0].base - usual) > 1]

    def gaps(self):
        """The space above the notes on full pages (a chapter's last page may end short)."""
        return [page.note_gap for page in self.pages if page.note_gap is not None and page.full]

    def totals(self):
        gaps = self.gaps()
        least = min(gaps, default=0)
        spaces = self.spaces()
        return {
            'pages': len(self.pages),
            'body lines': self.lines,
            'hyphenated': self.hyphenated,
            'hyphenated share': round(self.hyphenated / max(self.lines, 1), 4),
            'longest run': max((page.longest for page in self.pages), default=0),
            'pages with a run of three or more': sum(bool(page.runs) for page in self.pages),
            'pages with more than 3 hyphens': sum(page.hyphenated > 3 for page in self.pages),
            'capitalised words broken': sum(len(page.capitals) for page in self.pages),
            'pages ending on a hyphen': sum(page.turn for page in self.pages),
            'hyphenated lines left short': sum(len(page.short) for page in self.pages),
            'justified lines': self.justified(),
            'loose lines': sum(len(page.loose) for page in self.pages),
            'loose share': round(sum(len(page.loose) for page in self.pages) / max(self.justified(), 1), 4),
            'tight lines': sum(len(page.tight) for page in self.pages),
            'word space of justified lines, em (median, spread, least, most)':
                [round(statistics.median(spaces), 3), round(statistics.pstdev(spaces), 3),
                 round(min(spaces), 3), round(max(spaces), 3)] if spaces else [],
            'pages whose first line is off the common top': len(self.tops_off()),
            'space above notes on full pages, pt': [round(least, 1), round(max(gaps, default=0), 1)],
            'pages with more than a line of space above the notes':
                sum(gap - least > self.pitch for gap in gaps),
            'facing pages ending apart': sum(abs(diff) > self.pitch / 2 for _, _, diff in self.spreads),
            'largest facing difference, pt': round(max((abs(d) for *_, d in self.spreads), default=0), 1),
            'contents lines of leaders only': sum(page.leaders for page in self.pages),
            'number ranges with a hyphen': len(self.ranges),
            'fi and fl set as ligatures, of all': list(self.ligatures),
            'words broken in the text layer': len(self.broken_words),
        }

    def shortfalls(self):
        """One line for each page that falls short, as the proof prints them."""
        least = min(self.gaps(), default=0)
        out = []
        for page in self.pages:
            said = []
            if page.hyphenated > 3:
                said.append(f'{page.hyphenated} hyphenated lines')
            if page.runs:
                said.append('a run of ' + ', '.join(map(str, page.runs)) + ' hyphens')
            if page.capitals:
                said.append('broken ' + ', '.join(page.capitals))
            if page.turn:
                said.append('ends on a hyphen')
            if page.short:
                said.append('hyphenated line(s) left short: ' + ', '.join(page.short))
            if page.loose:
                said.append(f'{len(page.loose)} loose line(s), up to {max(page.loose):.2f} em')
            if page.tight:
                said.append(f'{len(page.tight)} tight line(s), down to {min(page.tight):.2f} em')
            if page.number in self.tops_off():
                said.append('its first line is off the common top')
            if page.full and page.note_gap is not None and page.note_gap - least > self.pitch:
                said.append(f'{page.note_gap - least:.0f} pt more space above the notes than the tightest page')
            if page.leaders:
                said.append(f'{page.leaders} contents line(s) of leaders only')
            if said:
                out.append(f'p{page.number}: ' + '; '.join(said))
        for verso, recto, diff in self.spreads:
            if abs(diff) > self.pitch / 2:
                out.append(f'p{verso}-{recto}: facing pages end {abs(diff):.0f} pt apart')
        out += [f'number range with a hyphen: {text}' for text in self.ranges]
        return out


def proof_book(folder):
    """`invoke proof`: the screen PDF's proof as printed lines, and its contact sheet
    written beside it as build/<slug>-proof.png. The book must be built."""
    from ..outputs import output_path
    from ..sources.metadata import load_book
    book = load_book(folder)
    path = output_path(book, 'pdf')
    if not path.is_file():
        raise BookError(f'{path.name} is not built yet: run invoke pdf first', path)
    measured = proof(path, book.hyphenation['capitalised'])
    lines = [f'{key}: {value}' for key, value in measured.totals().items()]
    sheet = contact_sheet(path, book.build_dir / f'{book.slug}-proof.png')
    return lines + ['', *(measured.shortfalls() or ['no page falls short']), '', f'contact sheet: {sheet}']


def proof(path, capitalised=False):
    """The proof of the PDF at `path`; `capitalised`: the book lets capitalised words break
    (German nouns), so a broken one is no fault."""
    pages, size, pitch = _read(path)
    for page in pages:
        _measure(page, size, capitalised)
    _mark_full(pages, pitch)
    text = tools.output(['pdftotext', str(path), '-']).stdout
    return Proof(pages, size, pitch, HYPHEN_RANGE_RE.findall(text), BROKEN_WORD_RE.findall(text),
                 _spreads(pages), _ligatures(path))


def _ligatures(path):
    """(pairs f+i and f+l drawn as one glyph, all such pairs): PDFium gives the two letters
    of a ligature the glyph's box each."""
    import pypdfium2
    joined = pairs = 0
    document = pypdfium2.PdfDocument(str(path))
    try:
        for page in document:
            text = page.get_textpage()
            letters = text.get_text_range()
            for match in re.finditer('f(?=[il])', letters):
                pairs += 1
                joined += text.get_charbox(match.start()) == text.get_charbox(match.start() + 1)
    finally:
        document.close()
    return joined, pairs


def _read(path):
    """Every page's lines as poppler finds them, sorted into main text and notes by size
    (the body's size is the commonest), without running heads and folios."""
    ratio, ascent = _height_ratio(path)
    root = ET.fromstring(tools.output(['pdftotext', '-bbox-layout', str(path), '-']).stdout)
    raw = []
    for number, page in enumerate(root.iter(XHTML + 'page'), 1):
        blocks = []
        for block in page.iter(XHTML + 'block'):
            lines = [_line(line, ratio, ascent) for line in block.iter(XHTML + 'line')]
            blocks.append([line for line in lines if line.words])
        raw.append((number, float(page.get('width')), float(page.get('height')), blocks))
    sizes = [round(line.size, 1) for *_, blocks in raw for block in blocks for line in block for _ in line.words]
    size = statistics.mode(sizes) if sizes else 10.0
    steps = [round(b.top - a.top, 1) for *_, blocks in raw for block in blocks
             for a, b in zip(block, block[1:]) if abs(a.size - size) < 0.3 and abs(b.size - size) < 0.3]
    pitch = statistics.mode(steps) if steps else size * 1.2
    pages = []
    for number, width, height, blocks in raw:
        blocks = [block for block in blocks if block and not _furniture(block, size)]
        # Notes are set smaller than quotations, below all the main text.
        small = [block[0].size < size - NOTE_STEP for block in blocks]
        floor = max((block[-1].bottom for block, is_small in zip(blocks, small) if not is_small), default=0)
        notes = [block for block, is_small in zip(blocks, small) if is_small and block[0].top > floor]
        body = [block for block in blocks if not any(block is note for note in notes)]
        pages.append(Page(number, width, height, body, notes))
    return pages, size, pitch


def _line(element, ratio, ascent):
    """A line as poppler reads it, its type size that of most of its words (a superscript
    stands higher, and would make the line's own box taller)."""
    found = list(element.iter(XHTML + 'word'))
    words = [(float(w.get('xMin')), float(w.get('xMax')), w.text or '') for w in found]
    top, bottom = float(element.get('yMin')), float(element.get('yMax'))
    heights = [float(w.get('yMax')) - float(w.get('yMin')) for w in found] or [bottom - top]
    size = statistics.median(heights) / ratio
    return Line(words, top, bottom, float(element.get('xMin')), float(element.get('xMax')), size,
                bottom - (1 - ascent / ratio) * size * ratio)


def _furniture(block, size):
    """A running head (small, alone, above the text) or a folio (a lone number)."""
    if len(block) != 1:
        return False
    text = ' '.join(word for *_, word in block[0].words)
    return bool(re.fullmatch(r'[0-9ivxlcdm]+', text)) or block[0].size <= size - NOTE_STEP and block[0].top < 60


def _height_ratio(path):
    """Poppler's line height over the font size (the text face's ascent less its descent),
    and where the baseline stands below the line's top, over the font size (its ascent)."""
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in (page.get('/Resources', {}).get('/Font') or {}).values():
                descriptor = font.get('/FontDescriptor') or (font.get('/DescendantFonts') or [{}])[0].get(
                    '/FontDescriptor')
                if descriptor is not None and '/Ascent' in descriptor:
                    ascent = float(descriptor.Ascent) / 1000
                    return ascent - float(descriptor.Descent) / 1000, ascent
    return 1.2, 0.9


def _measure(page, size, capitalised):
    runs_in = []
    for block in page.body + page.notes:
        run = 0
        for index, line in enumerate(block):
            last = line.words[-1][2]
            ends = last[-1:] in HYPHENS and len(last) > 1 and (index + 1 < len(block) or block is page.body[-1])
            if ends:
                page.hyphenated += 1
                run += 1
                page.longest = max(page.longest, run)
                if not capitalised and last.lstrip('“‘(').istitle():
                    page.capitals.append(last + (block[index + 1].words[0][2] if index + 1 < len(block) else ''))
            else:
                if run > 2:
                    runs_in.append(run)
                run = 0
        if run > 2:
            runs_in.append(run)
    page.runs = runs_in
    if page.body:
        final = page.body[-1][-1].words[-1][2]
        page.turn = final[-1:] in HYPHENS and len(final) > 1
    for block in page.body + page.notes:
        right = max(line.right for line in block)
        line_em = size if block in page.body and abs(block[0].size - size) < 0.3 else block[0].size
        # A hyphen ends a justified line: one far short of the measure is a fault of layout.
        page.short += [line.words[-1][2] for line in block[:-1]
                       if line.words[-1][2][-1:] in HYPHENS and line.right < right - line_em]
        for number, line in enumerate(block[:-1]):
            # The space after a note's number is set, not justified.
            gaps = _spaces(line, right, number == 0 and block in page.notes and line.words[0][2].isdigit())
            if gaps:
                mean = statistics.fmean(gaps) / line_em
                if mean > LOOSE_EM:
                    page.loose.append(round(mean, 3))
                elif mean < TIGHT_EM:
                    page.tight.append(round(mean, 3))
                if block in page.body and abs(line.size - size) < 0.3:
                    page.spaces.append(mean)
        page.leaders += sum(_only_leaders(line) for line in block)
    texts = page.body + page.notes
    if texts:
        page.depth = max(line.bottom for block in texts for line in block)
    if page.notes and page.body:
        page.note_gap = min(line.top for block in page.notes for line in block) - page.body[-1][-1].bottom


def _is_justified(line, right):
    return abs(line.right - right) < 1.0


def _spaces(line, right, numbered=False):
    """The word spaces of a justified line of text, in pt, or None: for a line short of the
    measure, of three words or fewer, of code, or whose gaps are a table's columns rather
    than spaces. A gap under a hair is no space but a word's own pieces (a superscript)."""
    if not _is_justified(line, right) or len(line.words) <= 3 or _monospaced(line):
        return None
    gaps = [b[0] - a[1] for a, b in zip(line.words, line.words[1:])][int(numbered):]
    gaps = [gap for gap in gaps if gap > HAIR]
    if not gaps or max(gaps) > COLUMN * statistics.median(gaps):
        return None
    return gaps


def _justified_count(page):
    count = 0
    for block in page.body + page.notes:
        right = max(line.right for line in block)
        count += sum(_spaces(line, right) is not None for line in block[:-1])
    return count


def _monospaced(line):
    """Whether a line is code: in a monospaced face every word is as wide per letter (code is
    set ragged, and its spaces are the face's own, never stretched)."""
    widths = [(right - left) / len(text) for left, right, text in line.words if len(text) > 1]
    return len(widths) >= 3 and max(widths) < min(widths) * 1.04


def _only_leaders(line):
    texts = [word for *_, word in line.words]
    return bool(texts) and texts[-1].isdigit() and all(LEADER_RE.match(t) for t in texts[:-1]) and len(texts) > 1


def _mark_full(pages, pitch):
    """A page is full if it and the next begin at the usual top: it neither opens a
    chapter nor ends one (the next would open a chapter or be blank)."""
    tops = [round(page.body[0][0].top) for page in pages if page.body]
    usual_top = statistics.mode(tops) if tops else 0

    def starts_at_top(page):
        return bool(page.body) and abs(page.body[0][0].top - usual_top) < pitch
    for page, following in zip(pages, pages[1:]):
        page.full = starts_at_top(page) and starts_at_top(following)


def _spreads(pages):
    """Facing full pages, and how far apart their last lines end (pt)."""
    return [(verso.number, recto.number, verso.depth - recto.depth)
            for verso, recto in zip(pages[1::2], pages[2::2]) if verso.full and recto.full]
