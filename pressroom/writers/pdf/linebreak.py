"""A model of WeasyPrint's line breaking, so the composer can rank its variants cheaply.

WeasyPrint sets a line by adding words while they fit; the word that does not fit is
hyphenated if the room left is wider than the hyphenation zone, which it measures against
the room left for the run of text being broken (a word kept whole or a note call starts a
new run), not the whole line; a justified line shares what is left among its spaces.
Setting a paragraph again under each variant is a layout of its own; this model sets it
from the words of its first layout, each measured once with Pango, in a few hundredths
of that time. It ranks, no more: where it is unsure, the composer lays out its best few
for real, and a choice that reads worse once laid out is undone, so an error of the
model costs a better choice, never a fault.
"""

import re
from functools import lru_cache

import pyphen
from weasyprint.formatting_structure import boxes
from weasyprint.text.line_break import create_layout, line_size

from .upstream import kept_words

BREAKS_AFTER = '-–—/'
WORD_RE = re.compile(r"(\W*)([^\W\d_]+(?:['’][^\W\d_]+)*)(\W*)")
# px: under a variant, a word fits with this much to spare. Measured one by one, words
# add up to the line exactly; but WeasyPrint leaves words out that fit by a fraction of
# a pixel when the word space or tracking is changed, and the variant would be misjudged.
SLACK = -0.6


class Token:
    """What no line breaks: a word, with any punctuation, call or run it is joined to."""

    __slots__ = ('runs', 'width', 'chars', 'fixed', 'space', 'word', 'style', 'kept')

    def __init__(self, runs, space):
        self.runs = runs            # [(run number, width px)]
        self.space = space          # (width px, style) of the space before, or None
        self.width = sum(width for _, width in runs)


def tokens(lines, width):
    """The tokens of a block, read off its line boxes in the first layout; `width` (a
    `Widths`) measures them."""
    stream, run, previous = [], 0, None
    for number, line in enumerate(lines):
        pieces = list(_pieces(line))
        if number and stream:
            kind, text, style, at, kept = stream[-1]
            if kind == 'text' and text.endswith(style['hyphenate_character']):
                stream[-1] = (kind, text[:-len(style['hyphenate_character'])], style, at, kept)
            elif not (kind == 'text' and text.endswith(tuple(BREAKS_AFTER))):
                stream.append(('text', ' ', style, at, kept))
        for index, (kind, value, style, element) in enumerate(pieces):
            if not (index == 0 and number and element is previous):
                run += 1            # a run broken at a line's end goes on at the next's start
            stream.append((kind, value, style, run, kept_words(element) if kind == 'text' else frozenset()))
        previous = pieces[-1][3] if pieces else None
    return _split(stream, width)


def _pieces(box):
    """(kind, text or width, style, element) of a line's content, in order."""
    if isinstance(box, boxes.TextBox):
        if box.text:
            yield 'text', box.text, box.style, box.element
    elif isinstance(box, (boxes.AtomicInlineLevelBox, boxes.InlineFlexBox, boxes.InlineGridBox)):
        yield 'atom', box.margin_width(), box.style, box
    elif isinstance(box, (boxes.InlineBox, boxes.LineBox)):
        inline = isinstance(box, boxes.InlineBox)
        if inline and box.margin_left + box.padding_left + box.border_left_width:
            yield 'atom', box.margin_left + box.padding_left + box.border_left_width, box.style, box
        for child in box.children:
            yield from _pieces(child)
        if inline and box.margin_right + box.padding_right + box.border_right_width:
            yield 'atom', box.margin_right + box.padding_right + box.border_right_width, box.style, box


def _split(stream, width):
    """The stream of texts and atoms cut into tokens at its spaces and after dashes."""
    found, parts, space = [], [], None

    def close():
        nonlocal parts
        if parts:
            found.append(_token(parts, space, width))
            parts = []
    for kind, value, style, run, kept in stream:
        if kind == 'atom':
            parts.append((kind, value, style, run, kept))
            continue
        wraps = style['white_space'] == 'normal'
        for piece in re.split(r'( )', value) if wraps else [value]:
            if piece == ' ':
                close()
                space = (width(' ', style), style)
            elif piece:
                for chunk in re.split(f'(?<=[{BREAKS_AFTER}])', piece):
                    if chunk:
                        parts.append((kind, chunk, style, run, kept))
                        if chunk[-1] in BREAKS_AFTER:
                            close()
                            space = None
    close()
    return found


def _token(parts, space, width):
    merged = []
    for kind, value, style, run, kept in parts:
        if kind == 'text' and merged and merged[-1][0] == 'text' and merged[-1][3] == run:
            merged[-1] = (kind, merged[-1][1] + value, style, run, kept)
        else:
            merged.append((kind, value, style, run, kept))
    token = Token([(run, width(value, style) if kind == 'text' else value) for kind, value, style, run, _ in merged],
                  space)
    texts = [part for part in merged if part[0] == 'text']
    token.chars = sum(len(part[1]) for part in texts)
    token.fixed = sum(part[1].count('\xa0') for part in texts)   # no-break spaces: justified too
    token.word = merged[0][1] if len(merged) == 1 and texts else None
    token.style, token.kept = merged[0][2], merged[0][4]
    return token


class Widths:
    """The advance of a text in a style, in px, as WeasyPrint measures a line; each text
    measured once per face, size and spacing. Lives no longer than the layout whose
    styles it is given (it knows them by identity)."""

    FONT = ('font_family', 'font_style', 'font_stretch', 'font_weight', 'font_size', 'font_kerning',
            'font_variant_ligatures', 'font_variant_position', 'font_variant_caps', 'font_variant_numeric',
            'font_variant_alternates', 'font_variant_east_asian', 'font_feature_settings',
            'font_variation_settings', 'font_language_override', 'lang', 'letter_spacing', 'word_spacing')

    def __init__(self):
        self.faces, self.known = {}, {}

    def __call__(self, text, style):
        face = self.faces.get(id(style))
        if face is None:
            face = self.faces[id(style)] = (repr([style[name] for name in self.FONT]), style)
        key = (text, face[0])
        if key not in self.known:
            layout = create_layout(text, style, None, None, 0)     # held: it owns the line
            line, _ = layout.get_first_line()
            self.known[key] = line_size(line, style)[0]
        return self.known[key]


def hyphenations(token):
    """The ways to hyphenate a token's word, longest first, as WeasyPrint tries them."""
    style = token.style
    if token.word is None or style['hyphens'] != 'auto' or not style['lang']:
        return ()
    total, left, right = style['hyphenate_limit_chars']
    match = WORD_RE.fullmatch(token.word)
    if not match or len(match.group(2)) < total or match.group(2) in token.kept:
        return ()
    lang = pyphen.language_fallback(style['lang'])
    if lang is None:                    # no dictionary: WeasyPrint does not hyphenate either
        return ()
    dictionary = _dictionary(lang, left, right)
    return tuple(match.group(1) + start for start, _ in dictionary.iterate(match.group(2)))


@lru_cache(maxsize=32)
def _dictionary(lang, left, right):
    return pyphen.Pyphen(lang=lang, left=left, right=right)


def set_lines(found, first_width, measure, variant, zone, width):
    """The lines (`_Line`) the tokens `found` are set in, the first `first_width` wide and
    the rest `measure`, under a variant: (word space, zone factor, tracking), the spacings
    in em or None for the block's own, and the book's zone in per cent; `width` measures."""
    word_space, zone_factor, tracking = variant
    slack = 0 if word_space is None and tracking is None else SLACK
    lines, index, rest, available = [], 0, None, first_width
    while index < len(found) or rest:
        line = _Line(available, found[min(index, len(found) - 1)].style['font_size'])
        if rest:
            text, style, run = rest
            line.add(width(text, style) + _tracked(style, tracking) * len(text), 0, [(run, 0)], 0)
            rest = None
        while index < len(found):
            token = found[index]
            extent = token.width + _tracked(token.style, tracking) * token.chars \
                + token.fixed * _spaced(token.style, word_space)
            space = 0 if token.space is None or not line.runs else _space(token.space, word_space, tracking)
            spaces = token.fixed + (space > 0)
            if not line.runs or line.width + space + extent <= available + slack:
                line.add(extent, space, token.runs, spaces)
                index += 1
                continue
            starts = line.run_x if token.runs[0][0] == line.run else line.width + space
            if token.space is not None and (available - line.width) > zone * zone_factor / 100 * (available - starts):
                for start in hyphenations(token):
                    hyphen = start + token.style['hyphenate_character']
                    extent = width(hyphen, token.style) + _tracked(token.style, tracking) * len(hyphen)
                    if line.width + space + extent <= available + slack:
                        line.add(extent, space, token.runs[:1], 1)
                        line.hyphen = start
                        rest = (token.word[len(start):], token.style, token.runs[0][0])
                        index += 1
                        break
            break
        lines.append(line)
        available = measure
    return lines


def _space(space, word_space, tracking):
    advance, style = space
    return advance + _spaced(style, word_space) + _tracked(style, tracking)


def _spaced(style, word_space):
    """What a variant's word space adds to each space, in px (the measure has the style's)."""
    return 0 if word_space is None else word_space * style['font_size'] - style['word_spacing']


def _tracked(style, tracking):
    """What a variant's tracking adds to each character, in px (the measure has the style's)."""
    own = 0 if style['letter_spacing'] == 'normal' else style['letter_spacing']
    return 0 if tracking is None else tracking * style['font_size'] - own


class _Line:
    __slots__ = ('available', 'size', 'width', 'spaces', 'runs', 'run', 'run_x', 'hyphen')

    def __init__(self, available, size):
        self.available, self.size = available, size
        self.width, self.spaces, self.runs = 0.0, 0, False
        self.run, self.run_x, self.hyphen = None, 0.0, None

    def add(self, extent, space, runs, spaces):
        x = self.width + space
        for run, advance in runs:
            if run != self.run:
                self.run, self.run_x = run, x
            x += advance
        self.width += space + extent
        self.spaces += spaces
        self.runs = True

    def spacing(self, face_space, word_space):
        """The word space of the line when justified, in em (`word_space`: what the
        variant or the style adds, in em)."""
        extra = (self.available - self.width) / self.spaces if self.spaces else 0
        return face_space + word_space + extra / self.size
