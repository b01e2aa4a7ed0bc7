"""Lines broken where the paragraph's Plan says, in WeasyPrint's one layout.

WeasyPrint fills each line first-fit in `split_inline_box`, one line at a time. Here, at
a paragraph's first line its content is read (runs.py) and its breaks chosen all at once
(paragraph.plan, Knuth and Plass), and kept on its LineBox for every later line, on this
page or the next. Each line is then split with no width limit, every text box cut exactly
at the chosen break (`split_text_box`), so WeasyPrint's own measuring never moves a word.
A line set tighter than its natural width is justified with negative spacing
(`text_align`), which WeasyPrint never does.
"""

import contextvars
from math import inf

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.layout.percent import percentage
from weasyprint.text import line_break

from .. import paragraph
from ..paragraph import AFTER, HYPHEN, SPACE
from .runs import measure, read

RULES = contextvars.ContextVar('rules', default=None)     # the book's paragraph.Rules while it is laid out
_current = contextvars.ContextVar('plan', default=None)    # the Plan of the line being split
_upstream = {'split_inline_box': inline.split_inline_box, 'split_text_box': inline.split_text_box,
             'text_align': inline.text_align, 'word_boundaries': line_break.get_next_word_boundaries}


def install():
    inline.split_inline_box = split_inline_box
    inline.split_text_box = split_text_box
    inline.text_align = text_align
    line_break.get_next_word_boundaries = word_boundaries


def uninstall():
    inline.split_inline_box = _upstream['split_inline_box']
    inline.split_text_box = _upstream['split_text_box']
    inline.text_align = _upstream['text_align']
    line_break.get_next_word_boundaries = _upstream['word_boundaries']


def split_inline_box(context, box, position_x, max_x, bottom_space, skip_stack, containing_block, *rest):
    """WeasyPrint's split_inline_box; a line of a planned paragraph is given all the width
    it asks for, and split where the plan breaks it (`split_text_box`)."""
    if not isinstance(box, boxes.LineBox):
        return _upstream['split_inline_box'](context, box, position_x, max_x, bottom_space, skip_stack,
                                             containing_block, *rest)
    plan = plan_of(context, box, containing_block)
    token = _current.set(plan)
    try:
        result = _upstream['split_inline_box'](context, box, position_x, max_x if plan is None else inf,
                                               bottom_space, skip_stack, containing_block, *rest)
    finally:
        _current.reset(token)
    if plan is not None:
        line = result[0]
        line._pr_plan, line._pr_line = plan, plan.line_at(_offset(box, skip_stack))
    return result


def plan_of(context, linebox, containing_block):
    """The Plan of the paragraph `linebox` holds, made at its first line and kept for the
    measure it is set to; None where WeasyPrint breaks its lines itself. A paragraph laid
    out again as a copy of itself (a note, each time the notes of a page are set) finds
    its plan by its element and text."""
    rules = RULES.get()
    style = linebox.style
    justified = style['text_align_all'] == 'justify'
    if rules is None or context.excluded_shapes or not (justified or style['hyphens'] == 'auto'):
        return None
    width = containing_block.width
    indent = percentage(style['text_indent'], style, width)
    plans = linebox.__dict__.setdefault('_pr_plans', {})
    if (width, indent) not in plans:
        runs = read(context, linebox, containing_block)
        shared = context.__dict__.setdefault('_pr_plans', {})
        key = (id(linebox.element), width, indent, ''.join(run.text for run in runs if hasattr(run, 'text')))
        if key not in shared:
            shared[key] = paragraph.plan(runs, (width - indent, width), rules, justified, measure) if runs else None
        plans[(width, indent)] = shared[key]
    return plans[(width, indent)]


def _offset(box, skip_stack):
    """The byte offset in the paragraph where `skip_stack` resumes inside `box`."""
    while skip_stack:
        (index, skip_stack), = skip_stack.items()
        if isinstance(box, boxes.TextBox):
            return box._pr_at + index
        box = box.children[index]
    return next(_texts(box), 0)


def _texts(box):
    if isinstance(box, boxes.TextBox):
        if hasattr(box, '_pr_at'):
            yield box._pr_at
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _texts(child)


def split_text_box(context, box, available_width, skip, is_line_start=True):
    """WeasyPrint's split_text_box; in a planned line, the text is cut where the plan ends
    the line (after a space, or inside a word with the hyphen added), or kept whole."""
    plan, at = _current.get(), getattr(box, '_pr_at', None)
    if plan is None or at is None or available_width is None:
        return _upstream['split_text_box'](context, box, available_width, skip, is_line_start)
    data, skip = box.text.encode(), skip or 0
    offset, kind = plan.ends[plan.line_at(at + skip)]
    end = at + len(data)
    if kind == SPACE and offset < end:
        cut, resume = offset - at, offset - at + 1
    elif kind == HYPHEN and offset < end or kind == AFTER and offset <= end:
        cut = resume = offset - at
    else:
        return _upstream['split_text_box'](context, box, inf, skip, is_line_start)
    if cut <= skip:
        return None, resume, False
    text = data[:cut].decode() + (box.style['hyphenate_character'] if kind == HYPHEN else '')
    new_box, _, _ = _upstream['split_text_box'](context, box.copy_with_text(text), inf, skip, is_line_start)
    return new_box, resume, False


def text_align(context, line, available_width, last):
    """WeasyPrint's text_align; a planned line is set as its plan says: its letters widened
    or narrowed by the line's share of the adjustment (drawn scaled, draw.py), its spaces
    taking the rest, shrunk below their natural width where the plan set it tighter."""
    plan = getattr(line, '_pr_plan', None)
    if plan is None or line.style['text_align_all'] != 'justify' or (last and line.width <= available_width):
        return _upstream['text_align'](context, line, available_width, last)
    scale = plan.scale(line._pr_line)
    text = sum(box.width for box in _text_boxes(line))
    spaces = inline.count_expandable_spaces(line)
    if spaces:
        # Spaces are drawn scaled with their letters: what they need before scaling.
        wanted = (available_width - (line.width - text)) / scale - text
        inline.justify_line(context, line, wanted)
    if scale != 1:
        _expand(line, scale, 0.0)
    return 0


def _text_boxes(box):
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _expand(box, scale, shift):
    """Widen every text box under `box` by `scale` (draw.py draws its glyphs so), moving
    what follows along; returns how far the end of `box` moved."""
    if isinstance(box, boxes.TextBox):
        box.position_x += shift
        grown = box.width * (scale - 1)
        box.width += grown
        box._pr_scale = scale
        return shift + grown
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += shift
        before = shift
        # Right-to-left children stand in reverse order (as in WeasyPrint's add_word_spacing).
        children = box.children[::-1] if box.style['direction'] == 'rtl' else box.children
        for child in children:
            if child.is_in_normal_flow():
                shift = _expand(child, scale, shift)
        box.width += shift - before
        return shift
    box.translate(shift, 0)
    return shift


def word_boundaries(text, lang):
    """WeasyPrint's get_next_word_boundaries, passing over a capitalised word where the book
    keeps them whole: where WeasyPrint still breaks lines itself (a table's column widths,
    a paragraph it sets), it hyphenates by the book's rules too."""
    found = _upstream['word_boundaries'](text, lang)
    rules = RULES.get()
    if found and rules is not None and not rules.capitalised and text[found[0]:found[0] + 1].isupper():
        return found[1], found[1]
    return found
