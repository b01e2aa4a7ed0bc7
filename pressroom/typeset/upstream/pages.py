"""Each page made as WeasyPrint makes it, then mended if a paragraph on it can be set
otherwise (pagefix.py decides from the page's facts, read here as plain data) and made
again, once: TeX's way of mending a page, and only that page is laid out twice. The
pages after it are not made yet, so they simply follow from the mended one.
"""

import statistics

from weasyprint.formatting_structure import boxes
from weasyprint.layout import page as pages

from .. import pagefix
from ..paragraph import AFTER, HYPHEN
from . import stretch
from .document import line_boxes
from .lines import RULES

_upstream = pages.remake_page
HEADINGS = ('h1', 'h2', 'h3', 'h4', 'h5', 'h6')


def install():
    pages.remake_page = remake_page


def uninstall():
    pages.remake_page = _upstream


def remake_page(index, context, root_box, html):
    """WeasyPrint's remake_page, mending the page once (pagefix.mend) where the book's rules
    are set. It also tells the layout whether this page follows a forced break: WeasyPrint's
    own flag (`context.forced_break`) is set for every page of a named page group, so that
    margins at the top of a page were never dropped (margins.py)."""
    context.pr_forced = context.page_maker[index][1]['break'] != 'any'
    mended = context.__dict__.setdefault('pr_mended', set())
    if RULES.get() is None or index in mended:
        return _upstream(index, context, root_box, html)
    mended.add(index)
    state = _state(context, index)
    page, resume_at = _upstream(index, context, root_box, html)
    facts = context.__dict__.setdefault('pr_facts', {})
    facts[index] = _facts(context, index, page, resume_at)
    changes = pagefix.mend(facts[index], lambda: _needed(context, index, root_box, html, state))
    if not changes:
        # The pages before are made already: WeasyPrint makes them again, and this one, in
        # the round it runs when a page's content changed (layout_document).
        made = [facts[number] for number in range(index + 1) if number in facts]
        for at, (plan, first, solution) in pagefix.mend_before(made):
            plan.adopt(first, solution)
            context.page_maker[index - (len(made) - 1 - at)][-1]['content_changed'] = True
    if not changes:
        return page, resume_at
    for plan, first, solution in changes:
        plan.adopt(first, solution)
    _restore(context, index, state)
    return _upstream(index, context, root_box, html)


def _needed(context, index, root_box, html, state):
    """The height the next page's text needs at the foot of this one, up to the second line
    of its first paragraph (a heading goes with two lines of its text), with the space above
    it: the next page is made ahead to measure it, then forgotten."""
    after = _state(context, index + 1)
    context.pr_forced = False
    page, _ = _upstream(index + 1, context, root_box, html)
    _restore(context, index + 1, after)
    del context.page_maker[index + 2:]
    context.pr_forced = context.page_maker[index][1]['break'] != 'any'
    root = page.children[0]
    lines = [box for box, foot in line_boxes(root) if not foot and box.children]
    body = [box for box in lines if box.element_tag not in HEADINGS]
    if not body:
        return None
    end = body[min(1, len(body) - 1)]
    first = next(_blocks(root), None)
    above = first.style['margin_top'].value if first is not None and first.style['margin_top'].unit == 'px' else 0
    return _bottom(end) - root.content_box_y() + above


def _blocks(box):
    """The first block of the page's text and the blocks that open with it."""
    for child in getattr(box, 'children', None) or ():
        if isinstance(child, boxes.BlockBox):
            yield from _blocks(child)
            yield child
            return


def _state(context, index):
    """What making a page changes in the layout context, to make it again as if anew."""
    remake = context.page_maker[index][-1]
    return (list(context.footnotes), list(context.reported_footnotes), dict(context.broken_out_of_flow),
            {key: value for key, value in remake.items() if not isinstance(value, list)})


def _restore(context, index, state):
    footnotes, reported, broken, flags = state
    context.footnotes[:] = footnotes
    context.reported_footnotes = reported
    context.broken_out_of_flow = broken
    remake = context.page_maker[index][-1]
    remake.update(flags, anchors=[], content_lookups=[])


def _facts(context, index, page, resume_at):
    """The page as pagefix.Page: its main text's lines, whether it is full, the space left."""
    root, footnotes = page.children[0], page.children[1]
    lines = [box for box, foot in line_boxes(root) if not foot and box.children]
    if not lines:
        return pagefix.Page([], False, 0.0, 0.0, 0.0)
    foot = footnotes.position_y if footnotes.children else page.content_box_y() + page.height
    bottom = max(_bottom(box) for box in _flow(root))
    forced = context.page_maker[index + 1][1]['break'] != 'any' if index + 1 < len(context.page_maker) else True
    kind = page.page_type
    full = resume_at is not None and not forced and not kind.blank and kind.name != 'front'
    # A code block's blank lines are line boxes of no height: they set no pitch.
    pitch = statistics.median([box.height for box in lines if box.height > 0] or [0])
    return pagefix.Page([_line(box) for box in lines], full, foot - bottom, pitch, stretch.room(page))


def _line(box):
    plan = getattr(box, '_pr_plan', None)
    if plan is None:
        return pagefix.Line(None, 0, False, box.height)
    number = box._pr_line
    kind = plan.ends[number][1]
    flagged = kind == HYPHEN or (kind == AFTER and plan.hyphenated[number])
    return pagefix.Line(plan, number, flagged, box.height, box.style['orphans'], box.style['widows'])


def _flow(box):
    """The line boxes and block replaced boxes (images) of the main text."""
    for child in getattr(box, 'children', None) or ():
        if isinstance(child, (boxes.LineBox, boxes.BlockReplacedBox)):
            yield child
        elif not isinstance(child, boxes.FootnoteAreaBox):
            yield from _flow(child)


def _bottom(box):
    return box.position_y + box.margin_height()
