"""A paragraph's text made into the items the line breaker weighs, and its chosen breaks
as places in that text.

The text comes as plain runs read off the layout (upstream/runs.py): pieces of text, each
with its face, at a byte offset into the paragraph, and fixed widths (an inline image, the
padding of an inline box). Words are measured in their faces as the layout will set them.
Where a line may break follows the book's rules: at a space, unless that would start a
line with a dash or a closing mark or end one with an opening mark; after a hyphen, dash
or slash the author wrote; inside a word where its language's dictionary allows, the word
long enough and the pieces left long enough, never in a capitalised word (unless the book
allows it) or in the paragraph's last word.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

import pyphen

from . import knuthplass
from .knuthplass import BOX, GLUE, PENALTY, Items
from .policy import LINES, NEVER

SPACE, HYPHEN, AFTER, END = 'space', 'hyphen', 'after', 'end'
CHUNK_RE = re.compile(r' |\xa0|[^ \xa0]+')
LETTERS_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
BREAKS_AFTER = {'-': True, '\u2010': True, '\u2013': True, '\u2014': False, '/': False}   # flagged?
# In code whose style lets long words break (overflow-wrap): before a dot, after a comma,
# slash or underscore, between word characters (`Object|.prototype|.toString()`).
CODE_BREAK_RE = re.compile(r'(?<=[\w)\]])(?=\.\w)|(?<=[\w)\]][,/_])(?=\w)')
OPENING = set('([{«‹„‚“‘¿¡')
DASHES = set('—–')
OBJECT = '\ufffc'         # an inline image or box, in a word's text
FILL = 1e6                 # px of stretch: the last line is set at its own width
# Scripts written without spaces between words: the layout's own line breaking knows them.
UNSPACED = ('zh', 'ja', 'ko', 'th', 'lo', 'km', 'my', 'bo')


@dataclass(frozen=True, eq=False)
class Face:
    """What setting a piece of text depends on, read off its style once."""
    style: object = field(repr=False)
    size: float                # px
    hyphens: str               # 'auto', 'manual' or 'none'
    lang: str | None
    limits: tuple              # (shortest word, fewest letters before, after)
    hyphen: str                # drawn at a break inside a word
    wraps: bool                # white-space lets lines break
    code: bool                 # monospaced code whose long words may break (CODE_BREAK_RE)
    key: object                # what its text's widths are cached by


@dataclass(frozen=True)
class Text:
    text: str
    face: Face
    at: int                    # byte offset of its start in the paragraph


@dataclass(frozen=True)
class Fixed:
    width: float


@dataclass(frozen=True)
class Rules:
    """The book's rules for breaking lines (metadata's `hyphenation:`)."""
    capitalised: bool = False
    consecutive: int = 2


class Plan:
    """A paragraph's breaks: line j runs from `starts[j]` to the break `ends[j]`, an
    (offset, kind) in the paragraph's text. Kept with what made it, so a page can ask
    for the paragraph set otherwise (`replan`)."""

    def __init__(self, items, points, widths, rules, solution, tolerance, expansion, size):
        self.items, self.points, self.widths, self.rules = items, points, widths, rules
        self.tolerance, self.expansion, self.size = tolerance, expansion, size
        self.use(solution)

    def use(self, solution):
        self.solution = solution
        self.ends = [self.points[index] for index in solution.breaks]
        self.starts = [0] + [offset + (kind == SPACE) for offset, kind in self.ends[:-1]]

    def line_at(self, offset):
        """The number of the line holding the text at `offset`."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def scale(self, line):
        """How much line `line`'s letters are widened (or narrowed), as a factor: its share of
        the adjustment, never beyond the policy's expansion."""
        ratio = max(-1.0, min(1.0, self.solution.ratios[line]))
        return 1 + ratio * self.expansion

    @property
    def hyphenated(self):
        return [kind == HYPHEN or (kind == AFTER and self.items.flagged[index])
                for (_, kind), index in zip(self.ends, self.solution.breaks)]

    def spaces(self, first, solution):
        """The word space of each justified line of `solution` (from `replan`, setting the
        lines from `first` on) as it would be drawn, in em: the letters take the line's share
        of the adjustment up to the policy's expansion, the spaces the rest."""
        items, found = self.items, []
        start = self.solution.breaks[first - 1] if first else None
        for line, (end, ratio) in enumerate(zip(solution.breaks[:-1], solution.ratios), first):
            begin = knuthplass._after(items.kinds, items.costs, start) if start is not None else 0
            glue = [index for index in range(begin, end) if items.kinds[index] == GLUE]
            if glue and self.expansion:
                text = sum(items.widths[index] for index in range(begin, end) if items.kinds[index] != PENALTY)
                text += items.widths[end] if items.kinds[end] == PENALTY else 0
                scale = 1 + max(-1.0, min(1.0, ratio)) * self.expansion
                target = self.widths[0 if line == 0 else 1]
                natural = sum(items.widths[index] for index in glue)
                found.append(scale * (natural + target / scale - text) / len(glue) / self.size)
            start = end
        return found

    def replan(self, first, unflagged=frozenset(), tolerance=LINES['tolerance']):
        """{line count: Solution} of this paragraph with its lines before line `first` as
        they are and none of the lines numbered in `unflagged` ending in a hyphen."""
        start = self.solution.breaks[first - 1] if first else None
        return knuthplass.solutions(self.items, self.widths, self.rules, max(self.tolerance, tolerance),
                                    start=start, line=first, unflagged=frozenset(unflagged), by_line=True)

    def adopt(self, first, solution):
        """Keep the lines before `first` and set the rest as `solution` (from `replan`)."""
        self.use(knuthplass.Solution(self.solution.breaks[:first] + solution.breaks,
                                     self.solution.ratios[:first] + solution.ratios, solution.demerits))


def plan(runs, widths, rules, justified, measure):
    """The Plan of a paragraph of `runs` set in lines `widths` (first, the rest) px wide,
    justified or ragged, or None where the layout's own line breaking should set it (text
    that keeps its white space, scripts without spaces, a paragraph nothing fits).

    As TeX does: without hyphens if every line can be good enough, else with them, else
    with whatever spacing it takes short of a line too long, else with one."""
    if not runs or any(isinstance(run, Text) and (not run.face.wraps or _unspaced(run.face.lang)) for run in runs):
        return None
    words = _words(runs)
    if not words:
        return None
    breaker = knuthplass.Rules(LINES['line_penalty'], LINES['double_hyphen'], LINES['final_hyphen'],
                               LINES['adjacent'], LINES['short_last'], LINES['last_line'] * _size(runs),
                               rules.consecutive, LINES['evenness'])
    # Made with the places a word may be hyphenated, used only if need be: a page may ask
    # for the paragraph set otherwise later (Plan.replan), with them.
    items, points = _items(words, rules, justified, measure, _Offsets(), hyphenate=True)
    tolerance = LINES['pretolerance']
    found = knuthplass.solutions(items, widths, breaker, tolerance, hyphenate=False)
    if not found:
        tolerance = LINES['tolerance']
        found = knuthplass.solutions(items, widths, breaker, tolerance)
    if not found:
        tolerance = LINES['emergency']
        found = knuthplass.solutions(items, widths, breaker, tolerance, overfull=True)
    if not found:
        return None
    return Plan(items, points, widths, breaker, min(found.values(), key=lambda found: found.demerits), tolerance,
                LINES['expansion'] if justified else 0.0, _size(runs))


def _unspaced(lang):
    return bool(lang) and lang.split('-')[0].lower() in UNSPACED


def _size(runs):
    return next((run.face.size for run in runs if isinstance(run, Text)), 16.0)


class _Offsets:
    """Byte offsets of places in the runs' text (the layout counts in UTF-8 bytes), each
    run's table made once."""

    def __init__(self):
        self.tables = {}

    def __call__(self, run, index):
        if run.text.isascii():
            return run.at + index
        table = self.tables.get(id(run))
        if table is None:
            table = self.tables[id(run)] = [0, *accumulate(len(character.encode()) for character in run.text)]
        return run.at + table[index]


class _Word:
    """What lies between two spaces: (run, start, end) slices of text and fixed widths, with
    the space before it ((run, index) or None) and whether that space is a no-break one."""
    __slots__ = ('parts', 'space', 'joined')

    def __init__(self, space, joined):
        self.parts, self.space, self.joined = [], space, joined

    def text(self):
        return ''.join(run.text[start:end] if isinstance(run, Text) else OBJECT for run, start, end in self.parts)


def _words(runs):
    words, current, space, joined = [], None, None, False
    for run in runs:
        if isinstance(run, Fixed):
            if current is None:
                current = _Word(space, joined)
                words.append(current)
            current.parts.append((run, 0, 0))
            continue
        for match in CHUNK_RE.finditer(run.text):
            chunk = match.group()
            if chunk in (' ', '\xa0'):
                current, space, joined = None, (run, match.start()), chunk == '\xa0'
                continue
            if current is None:
                current = _Word(space, joined)
                words.append(current)
            current.parts.append((run, match.start(), match.end()))
    return words


def _items(words, rules, justified, measure, offsets, hyphenate):
    """Items for the breaker, and for each item the place in the text a break there is
    ((byte offset, kind), or None)."""
    items, points = Items(), []
    last = len(words) - 1
    previous = None
    for number, word in enumerate(words):
        text = word.text()
        if word.space is not None and number:
            run, index = word.space
            breakable = not word.joined and _may_break_before(text) and _may_break_after(previous)
            _space(items, points, run, offsets(run, index), breakable, justified, measure)
        for run, start, end in word.parts:
            if isinstance(run, Text):
                _piece(items, points, run, start, end, rules, justified, measure, offsets,
                       hyphenate and number != last)
            else:
                items.add(BOX, run.width)
                points.append(None)
        previous = text
    items.add(PENALTY, cost=NEVER)
    items.add(GLUE, stretch=FILL)
    items.add(PENALTY, cost=-NEVER)
    points += [None, None, (None, END)]
    return items, points


def _may_break_before(text):
    """No line starts with a dash, or with marks alone (a closing quote, a colon)."""
    return text[:1] not in DASHES and any(character.isalnum() or character == OBJECT for character in text)


def _may_break_after(text):
    """No line ends with an opening mark alone."""
    return not all(character in OPENING for character in text)


def _space(items, points, run, offset, breakable, justified, measure):
    face = run.face
    width = measure(' ', face)
    point = (offset, SPACE) if breakable else None
    if justified:
        if not breakable:
            items.add(PENALTY, cost=NEVER)
            points.append(None)
        items.add(GLUE, width, LINES['stretch'] * face.size, LINES['shrink'] * face.size)
        points.append(point)
    else:
        _ragged(items, points, face, 0.0, 0 if breakable else NEVER, False, False, point)
        items.add(GLUE, width, -LINES['ragged'] * face.size)
        points.append(None)


def _piece(items, points, run, start, end, rules, justified, measure, offsets, hyphenate):
    """Boxes for a slice of a run's text, with a penalty at each place it may break."""
    face, piece = run.face, run.text[start:end]
    expansion = LINES['expansion'] if justified else 0.0
    done = 0.0
    for cut, kind, flagged in _cuts(piece, face, rules, hyphenate):
        width = measure(piece[:cut], face)
        items.add(BOX, width - done, expansion * (width - done), expansion * (width - done))
        points.append(None)
        done = width
        point = (offsets(run, start + cut), kind)
        if kind == HYPHEN:
            extra, cost = measure(face.hyphen, face), LINES['hyphen_penalty']
        else:
            extra, cost = 0.0, LINES['code_penalty' if face.code else
                                     'slash_penalty' if piece[cut - 1] == '/' else 'explicit_penalty']
        if justified:
            items.add(PENALTY, extra, cost=cost, flagged=flagged, hyphenation=kind == HYPHEN)
            points.append(point)
        else:
            _ragged(items, points, face, extra, cost, flagged, kind == HYPHEN, point)
            items.add(GLUE, 0.0, -LINES['ragged'] * face.size)
            points.append(None)
    rest = measure(piece, face) - done
    items.add(BOX, rest, expansion * rest, expansion * rest)
    points.append(None)


def _ragged(items, points, face, width, cost, flagged, hyphenation, point):
    """A break in ragged text: the space left at a line's end stretches (the glue after the
    break, which the caller adds, takes that stretch back where the line does not break)."""
    items.add(PENALTY, cost=NEVER)
    items.add(GLUE, 0.0, LINES['ragged'] * face.size)
    items.add(PENALTY, width, cost=cost, flagged=flagged, hyphenation=hyphenation)
    points += [None, None, point]


def _cuts(piece, face, rules, hyphenate):
    """(index in `piece`, kind, flagged) of the places a line may break inside it, in order."""
    cuts = []
    for index, character in enumerate(piece[:-1], 1):
        flagged = BREAKS_AFTER.get(character)
        if flagged is not None and index > 1 and piece[index].isalpha():
            cuts.append((index, AFTER, flagged))
        elif character == '\xad' and face.hyphens != 'none':
            cuts.append((index, HYPHEN, True))
    if face.code and not cuts:
        return [(match.start(), AFTER, False) for match in CODE_BREAK_RE.finditer(piece)
                if 0 < match.start() < len(piece)]
    # A word the author hyphenated, or marked with soft hyphens, breaks only there.
    if hyphenate and face.hyphens == 'auto' and not cuts:
        total, before, after = face.limits
        for match in LETTERS_RE.finditer(piece):
            letters = match.group()
            if len(letters) >= total and (rules.capitalised or not letters[0].isupper()):
                cuts += [(match.start() + cut, HYPHEN, True) for cut in _hyphenation(face.lang, before, after, letters)]
    return cuts


def _hyphenation(lang, before, after, word):
    """The dictionary's breaks of `word`, each with `before` and `after` letters beside it,
    an apostrophe counting as none and never beside a break (not does-n't)."""
    dictionary = _dictionary(lang, before, after)
    if dictionary is None:
        return ()
    return [cut for cut in dictionary.positions(word)
            if word[cut - 1].isalpha() and word[cut].isalpha()
            and sum(map(str.isalpha, word[:cut])) >= before and sum(map(str.isalpha, word[cut:])) >= after]


@lru_cache(maxsize=64)
def _dictionary(lang, before, after):
    found = pyphen.language_fallback(lang.replace('-', '_')) if lang else None
    return pyphen.Pyphen(lang=found, left=before, right=after) if found else None
