"""Paragraphs composed as a typesetter would, over WeasyPrint's first-fit line breaking.

WeasyPrint sets a paragraph one line at a time, so it cannot weigh a hyphen against a
loose line further down, and nothing in CSS limits hyphens in a row or at a page foot.
The composer does what a typesetter does by hand:

- before layout, words that must not break are kept whole: capitalised words (unless the
  book allows it) and a paragraph's last word, so no fragment stands alone on its last line;
- after the first layout, each paragraph with a loose line, a broken capital or hyphens is
  set under other settings (a tighter word space, a narrower or wider hyphenation zone,
  from `VARIANTS`) by a model of WeasyPrint's line breaking (linebreak.py), and the one
  that reads best kept; where the model is unsure, its best few are laid out for real in
  a trial first, and a choice that reads worse once laid out goes back to the book's own;
- once the part is laid out with those, a page left more than a line short, which
  depth.py cannot stretch to its foot, has a display (a quotation, verse, a figure...)
  given less space above it: the one opening the next page, or else the short page's last;
- a hyphen on a page's last line, or one more in a row than the book allows, has its word
  kept whole and the part is laid out again.

Only the part at hand is laid out again, at most `ROUNDS` times. The settings come from
`hyphenation:` in metadata.yaml.
"""

import copy
import re
from collections import namedtuple
from functools import lru_cache

import lxml.html
import pyphen
from weasyprint.formatting_structure import boxes

from . import depth, linebreak
from .upstream import KEPT

LOOSE_EM = 0.42            # aimed a little under the proof's 0.45 em: a trial sets calls only nearly
WHOLE = 'pr-whole'         # class of a span not hyphenated (a word and the dash after it)
TEXT_BLOCKS = ('p', 'li', 'dd', 'dt', 'td', 'th', 'figcaption')
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
DASHED_RE = re.compile(r'\S+—')     # a word and the em dash after it: no line starts with the dash
TOGETHER = 'pr-together'    # class of what a line must not break
PHRASING = ('span', 'em', 'strong', 'i', 'b', 'a', 'cite', 'q', 'small', 'abbr', 'code', 'mark', 'dfn', 'time')
SNUG = 'pr-snug'           # class of a display given less space above it
DISPLAYS = ('blockquote', 'figure', 'table', 'pre', 'dl')
TRIAL_CALL = '00'          # a note's call in a trial, as wide as most
ROUNDS = 3                 # layouts after the first, at most
# Other ways to set a paragraph, as a typesetter tries them: word space added (em; the
# face's own is about 0.2 em), the hyphenation zone as a multiple of the book's, and
# tracking (em, within the 1 per cent a reader does not see). The first is the book's own.
VARIANTS = ((0, 1, 0),
            (-0.02, 1, 0), (0, 0, 0), (-0.02, 2, 0), (-0.02, 1, -0.01), (0, 1, 0.01),
            (-0.04, 1, 0), (-0.03, 0, 0), (-0.04, 2, 0), (0, 2, 0), (-0.03, 0, -0.01), (0, 0, 0.01),
            (-0.04, 2, -0.01), (-0.05, 0, -0.015), (0.02, 1, 0.015), (0.03, 0, 0), (-0.05, 1, -0.015),
            (0, 0, 0.02))
LEAST = 2                  # the badness of a block worth setting again: one hyphen will do
DOUBT = 10                 # a loose line, a broken capital, a run: a block the model may misjudge
TRIED = 4                  # variants of such a block laid out in the trial: the model's best
BADNESS = {'loose': 10, 'looser': 20, 'hyphen': 4, 'run': 20, 'capital': 20}

Line = namedtuple('Line', 'block page foot hyphen fragment head space last indent')


def css(settings):
    """The rules `hyphenation:` sets, with one class for each variant."""
    chars = f"{settings['word']} {settings['before']} {settings['after']}"
    zone = settings['zone']
    rules = [f'{", ".join(TEXT_BLOCKS)}, .fn {{ hyphenate-limit-chars: {chars}; '
             f'hyphenate-limit-zone: {zone}%; }}',
             '.fn { word-spacing: 0; }',
             'div.fn { float: none; display: block; }',      # in a trial: a note,
             '.pr-call { font-size: 0.62em; line-height: 0; }',  # and its call
             f'.{WHOLE} {{ hyphens: manual; }}',
             f'.{TOGETHER} {{ white-space: nowrap; }}',
             f'.{SNUG} {{ margin-top: 0.25em !important; }}']
    for index, (space, zone_factor, tracking) in enumerate(VARIANTS[1:], 1):
        rules.append(f'.pr-v{index} {{ word-spacing: {space}em; hyphenate-limit-zone: {zone * zone_factor}%; '
                     f'letter-spacing: {tracking}em; }}')
    return '\n'.join(rules)


def prepare(html_text, settings):
    """The part's HTML with its text blocks numbered (`data-pr`) and the words that must
    not break kept whole."""
    root = lxml.html.document_fromstring(html_text)
    blocks = list(_blocks(root))
    for number, block in enumerate(blocks):     # all numbered first: a block's words stop at the next
        block.set('data-pr', str(number))
        for part in block.iterfind('.//span[@class="fn-p"]'):
            part.set('data-pr', str(number))
    for block in blocks:
        _keep_whole(block, [(node, match) for node, match in _words(block, DASHED_RE)], f'{WHOLE} {TOGETHER}')
        breakable = _breakable(block, settings)
        words = list(_words(block))
        _protect([(node, match) for index, (node, match) in enumerate(words)
                  if breakable(match.group()) and (index == len(words) - 1 or (
                      not settings['capitalised'] and match.group()[0].isupper()))])
        _tie_inward(block)
    return _serialise(root)


def _tie_inward(block):
    """A no-break space ending the text before an element of `block` moved into it. Pango
    lets a space hang past a line's end and WeasyPrint measures it: when the line must
    break earlier to make room for the element, WeasyPrint finds that text too wide to
    break and sets its first word, hyphenated, alone on the line (a line of "govern‐")."""
    for element in block.iterdescendants(*PHRASING):
        if element.get('data-pr') is not None or 'fn' in element.get('class', '').split():
            continue
        before = element.getprevious()
        owner, which = (before, 'tail') if before is not None else (element.getparent(), 'text')
        text = getattr(owner, which) or ''
        if text.endswith('\xa0'):
            setattr(owner, which, text[:-1])
            element.text = '\xa0' + (element.text or '')


def _breakable(block, settings):
    """Whether WeasyPrint could hyphenate a word of `block`: only those need keeping whole."""
    lang = block.get('lang') or next((e.get('lang') for e in block.iterancestors() if e.get('lang')), None)
    dictionary = _dictionary(pyphen.language_fallback(lang.replace('-', '_')) if lang else None,
                             settings['before'], settings['after'])
    return lambda word: (dictionary is not None and len(word) >= settings['word']
                         and bool(dictionary.positions(word)))


@lru_cache(maxsize=32)
def _dictionary(lang, before, after):
    return pyphen.Pyphen(lang=lang, left=before, right=after) if lang else None


def _blocks(root):
    for element in root.iter(*TEXT_BLOCKS, 'span'):
        if element.tag != 'span' or element.get('class', '').split()[:1] == ['fn']:
            yield element


def _words(block, pattern=WORD_RE):
    """(text node, match) for each word (`pattern`) of the block's own text, notes and
    words kept whole left out. A text node is (element, 'text' or 'tail')."""
    def visit(element, inside):
        if element is not block and (element.get('data-pr') is not None and element.tag != 'span'
                                     or 'fn' in element.get('class', '').split()):
            yield from _node_words(element, 'tail', pattern) if inside else ()
            return
        yield from _node_words(element, 'text', pattern)
        for child in element:
            yield from visit(child, True)
        if element is not block:
            yield from _node_words(element, 'tail', pattern)
    yield from visit(block, False)


def _node_words(element, which, pattern):
    if WHOLE in element.get('class', '').split() and which == 'text':
        return
    for match in pattern.finditer(getattr(element, which) or ''):
        yield (element, which), match


def _protect(chosen):
    """Each chosen word kept whole: named in `KEPT` of the element whose text holds it
    (wherever it occurs in that text)."""
    for (element, which), match in chosen:
        owner = element if which == 'text' else element.getparent()
        words = set(owner.get(KEPT, '').split()) | {match.group()}
        owner.set(KEPT, ' '.join(sorted(words)))


def _keep_whole(block, chosen, kind):
    """Wrap each chosen word in a span of class `kind`, last first so that the offsets of
    the others stay good."""
    for (element, which), match in reversed(chosen):
        text = getattr(element, which)
        span = lxml.html.Element('span', {'class': kind})
        span.text = match.group()
        span.tail = text[match.end():]
        setattr(element, which, text[:match.start()])
        if which == 'text':
            element.insert(0, span)
        else:
            element.addnext(span)


def keep_words_whole(root, wanted):
    """Keep whole, in each block numbered as in `wanted` ({number: {word}}), those words."""
    for block in root.xpath('//*[@data-pr]'):
        words = wanted.get(block.get('data-pr'))
        if words and block.get('class', '') != 'fn-p':
            _protect([(node, match) for node, match in _words(block) if match.group() in words])


def compose(render, html_text, settings, space):
    """The part laid out by `render(html) -> WeasyPrint document`, composed as above;
    `space` is the face's word space in em."""
    root = lxml.html.document_fromstring(html_text)
    document = render(html_text)
    own = _by_block(read_lines(document, space))
    chosen = _choose(render, root, document, own, settings, space)
    _mark(root, chosen, lambda number: f'pr-v{chosen[number]}')
    rounds = 0
    if chosen:
        document, rounds = render(_serialise(root)), 1
    while rounds < ROUNDS:
        lines = read_lines(document, space)
        worse = _worse(lines, own, chosen, settings) if rounds == 1 and chosen else {}
        snug = _snug(document, root) if rounds <= 1 else []
        wanted = _faults(lines, settings)
        if not (worse or snug or wanted):
            break
        _mark(root, worse, lambda number: None)
        for display in snug:
            display.set('class', f"{display.get('class', '')} {SNUG}".strip())
        keep_words_whole(root, wanted)
        document, rounds = render(_serialise(root)), rounds + 1
    return document


def _mark(root, blocks, kind):
    """Each block numbered in `blocks` given the variant class `kind(number)` (None: its own)."""
    for block in root.xpath('//*[@data-pr]'):
        number = block.get('data-pr')
        if number in blocks and block.get('class', '') != 'fn-p':
            classes = [name for name in block.get('class', '').split() if not name.startswith('pr-v')]
            block.set('class', ' '.join(classes + [kind(number)] if kind(number) else classes))


def _worse(lines, own, chosen, settings):
    """The blocks whose chosen variant reads worse in the layout than their own setting did
    (the model misjudged them): they go back to their own."""
    found = _by_block(lines)
    return {number for number in chosen
            if number in found and badness(found[number], settings) > badness(own[number], settings)}


def read_lines(document, space):
    """Every line of text in the pages' main flow and notes, in order; `space` is the
    face's word space in em."""
    found = []
    for number, page in enumerate(document.pages):
        for box, foot in line_boxes(page._page_box, False):
            block = box.element.get('data-pr') if box.element is not None else None
            texts = list(text_boxes(box))
            if block is None or not texts:
                continue
            last, first = texts[-1], texts[0]
            hyphen = last.text.endswith(last.style['hyphenate_character']) and len(last.text) > 1
            fragment = (WORD_RE.findall(last.text) or [''])[-1]
            head = (WORD_RE.findall(first.text) or [''])[0]
            size = first.style['font_size']
            spacing = (space * size + first.style['word_spacing'] + first.justification_spacing) / size
            indent = box.style['text_indent']
            found.append(Line(block, number, foot, hyphen, fragment, head, spacing, False,
                              f'{indent.value}{indent.unit}'))
    last = {line.block: index for index, line in enumerate(found)}
    for index in last.values():
        found[index] = found[index]._replace(last=True)
    return found


def line_boxes(box, foot):
    if isinstance(box, boxes.MarginBox):
        return
    if isinstance(box, boxes.LineBox):
        yield box, foot
        return
    foot = foot or isinstance(box, boxes.FootnoteAreaBox)
    for child in getattr(box, 'children', None) or ():
        yield from line_boxes(child, foot)


def text_boxes(box):
    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, 'children', None) or ():
        yield from text_boxes(child)


def badness(lines, settings):
    """How badly a block's lines read, for the choice between variants."""
    score, run = 0.0, 0
    for line in lines:
        if line.last:
            break
        if line.space > LOOSE_EM:
            score += BADNESS['loose'] + BADNESS['looser'] * (line.space - LOOSE_EM)
        if line.hyphen:
            run += 1
            score += BADNESS['hyphen'] + BADNESS['run'] * (run > settings['consecutive'])
            score += BADNESS['capital'] * (line.fragment[:1].isupper() and not settings['capitalised'])
        else:
            run = 0
    return score


def _by_block(lines):
    blocks = {}
    for line in lines:
        blocks.setdefault(line.block, []).append(line)
    return blocks


def _choose(render, root, document, own, settings, space):
    """{block number: variant index} for the blocks a variant sets better than the book's
    own setting (`own`: their lines as laid out). The line-breaking model sets every
    variant of each poor block; where it is sure, its best is taken, and where it is not
    (it misreads the block's own lines, or finds no variant that reads well), its best
    few are laid out for real in one trial document and the best of those taken."""
    poor = {block: badness(its, settings) for block, its in own.items()}
    poor = {block: score for block, score in poor.items() if score >= LEAST}
    chosen, doubtful = {}, {}
    for number, scores in _modelled(document, poor, settings, space).items():
        ranked = sorted((index for index in scores if index), key=scores.get)
        better = [index for index in ranked if scores[index] < scores[0]]
        if abs(scores[0] - poor[number]) > 1 or min(poor[number], scores[ranked[0]]) >= DOUBT:
            doubtful[number] = ranked[:TRIED]
        elif better:
            chosen[number] = better[0]
    if doubtful:
        indents = {block: its[0].indent for block, its in own.items()}
        tried = _by_block(read_lines(render(_trial(root, doubtful, indents)), space))
        for number, variants in doubtful.items():
            scored = [(badness(tried[f'{number}:{index}'], settings) + 0.01 * index, index)
                      for index in variants if f'{number}:{index}' in tried]
            best = min([(poor[number], 0), *scored])[1]
            if best:
                chosen[number] = best
    return chosen


def _modelled(document, poor, settings, space):
    """{block number: {variant index: badness}} of the `poor` blocks as the model sets them."""
    width, found = linebreak.Widths(), {}
    for number, its in _block_boxes(document).items():
        if number not in poor:
            continue
        tokens = linebreak.tokens(its, width)
        if not tokens:
            continue
        indent = its[0].children[0].position_x - its[0].position_x
        scores = found[number] = {}
        for index, (word_space, zone, tracking) in enumerate(VARIANTS):
            own = not index
            variant = (None if own else word_space, zone, None if own else tracking)
            lines = linebreak.set_lines(tokens, its[0].width - indent, its[0].width, variant, settings['zone'], width)
            added = tokens[0].style['word_spacing'] / tokens[0].style['font_size'] if own else word_space
            scores[index] = badness([Line(number, 0, False, bool(line.hyphen), line.hyphen or '', '',
                                          line.spacing(space, added), at == len(lines) - 1, '')
                                     for at, line in enumerate(lines)], settings) + 0.01 * index
    return found


def _block_boxes(document):
    """{block number: its line boxes in order}, from the main flow and the notes."""
    found = {}
    for page in document.pages:
        for box, _ in line_boxes(page._page_box, False):
            number = box.element.get('data-pr') if box.element is not None else None
            if number is not None and box.children:
                found.setdefault(number, []).append(box)
    return found


def _trial(root, ranked, indents):
    """A document holding each block of `ranked` once per variant it names, and nothing
    else. Notes are
    set as plain blocks of their measure, and leave the paragraphs, which a trial needs
    set only line by line: floating them to page feet is most of a layout's time. Each
    block keeps the indent its neighbours gave it (`indents`), as `p + p` rules would not."""
    trial = copy.deepcopy(root)
    body = trial.find('body')
    notes = lxml.html.Element('section')
    for note in trial.xpath('//span[@data-pr]'):
        if note.get('class', '').split()[:1] == ['fn'] and ranked.get(note.get('data-pr')):
            block = lxml.html.Element('div', {'class': note.get('class'), 'data-pr': note.get('data-pr')})
            block.text, block.tail = note.text, None
            block.extend(copy.deepcopy(list(note)))
            notes.append(block)
    for note in trial.xpath('//span[@data-pr]'):
        if note.get('class', '').split()[:1] == ['fn']:
            call = lxml.html.Element('sup', {'class': 'pr-call'})     # as wide as a call
            call.text, call.tail = TRIAL_CALL, note.tail
            note.getparent().replace(note, call)
    body.append(notes)
    for block in trial.xpath('//*[@data-pr]'):
        if block.get('class', '') == 'fn-p':
            continue
        number = block.get('data-pr')
        if not ranked.get(number):
            if not block.xpath('.//*[@data-pr]'):
                block.drop_tree()
            continue
        anchor = block
        for index in ranked[number]:
            twin = copy.deepcopy(block)
            for inner in twin.iter():
                inner.attrib.pop('id', None)
                if inner.get('data-pr') == number:
                    inner.set('data-pr', f'{number}:{index}')
                elif inner.get('data-pr') is not None:
                    del inner.attrib['data-pr']
            twin.set('class', f"{twin.get('class', '')} pr-v{index}".strip())
            twin.set('style', f'text-indent: {indents[number]}')
            twin.tail = None
            anchor.addnext(twin)
            anchor = twin
        block.drop_tree()
    return _serialise(trial)


def _snug(document, root):
    """For each full page left short (depth.short_pages), the display in `root` to give
    less space above it: the one that opens the next page, so that it may begin on the
    short page, or else the last that begins on the short page, so that the lines the
    next page opens with may follow it there."""
    found = []
    for index in depth.short_pages(document):
        page = _numbers(document.pages[index])
        first = next((box for box, foot in line_boxes(document.pages[index + 1]._page_box, False) if not foot), None)
        opens = first.element.get('data-pr') if first is not None and first.element is not None else None
        opening = _display(root, opens)
        if opening is not None and opens not in page:
            found.append(opening)
            continue
        before = _numbers(document.pages[index - 1]) if index else []
        begun = [display for number in page if number not in before
                 for display in [_display(root, number)] if display is not None]
        if begun:
            found.append(begun[-1])
    return found


def _numbers(page):
    """The numbers of the blocks with a line on `page`, in order."""
    return list(dict.fromkeys(box.element.get('data-pr') for box, _ in line_boxes(page._page_box, False)
                              if box.element is not None and box.element.get('data-pr') is not None))


def _display(root, number):
    """The display in `root` that block `number` opens, if it opens one."""
    block = next(iter(root.xpath(f'//*[@data-pr="{number}"][not(@class="fn-p")]')), None) if number else None
    if block is None:
        return None
    display = next((above for above in (block, *block.iterancestors()) if above.tag in DISPLAYS
                    or {'line-block', 'equation'} & set(above.get('class', '').split())), None)
    return display if display is not None and display.xpath('.//*[@data-pr]')[0] is block else None


def _faults(lines, settings):
    """{block number: {word}} to keep whole: a hyphen on a page's last line of text, or
    one more in a row than the book allows."""
    wanted = {}
    for block, its in _by_block(lines).items():
        run = 0
        for line, following in zip(its, its[1:]):
            run = run + 1 if line.hyphen else 0
            page_turn = following.page != line.page and not line.foot
            if line.hyphen and (page_turn or run > settings['consecutive']):
                wanted.setdefault(block, set()).add(line.fragment + following.head)
                run = 0
    return wanted


def _serialise(root):
    return lxml.html.tostring(root, encoding='unicode', doctype='<!DOCTYPE html>')
