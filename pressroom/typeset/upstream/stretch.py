"""Pages brought to one top and full pages to one depth, as a typesetter does by hand.

Every page's first line stands on the body's first baseline (a chapter's opening aside):
a page that begins with a heading or a quotation, whose lines are spaced otherwise, is
moved up or down the little it takes.

WeasyPrint ends a page where the next line does not fit (with its note, or with the lines
its widow and orphan rules keep together), so a full page may end a line or two short of
its neighbours. Before the pages are drawn, the space left at the foot of a full page is
shared out where a book lets space stretch (policy.STRETCH): above headings and around
quotations, verse, figures, tables, code and breaks, never between the lines of a
paragraph, each place at most its share of policy.STRETCH. A page with no such place, or
more space left than they may take, keeps the rest (pagefix.py has filled what it could
with a looser paragraph, or taken the heading that would not fit back with a tighter one).
"""

import bisect

from weasyprint.text.line_break import strut

from ..policy import STRETCH

PX = 4 / 3            # CSS pixels, WeasyPrint's unit, in a point
ABOVE, AROUND, AROUND_CLASSES = (STRETCH[key] for key in ('above', 'around', 'around_classes'))


def fill(document):
    """Every page of the laid-out `document` (WeasyPrint's) brought to the common top, and
    every full page stretched to its foot, in place."""
    pages = document.pages
    for index, page in enumerate(pages):
        moved = index > 0 and _align(page._page_box)     # a document's first page opens it
        if index + 1 < len(pages) and _full(page, pages[index + 1]) and _stretch(page._page_box) or moved:
            page.__init__(page._page_box)       # links, anchors and bookmarks where the boxes now are


def _align(page_box):
    """Move the page's text so that its first line stands on the body's first baseline;
    whether it moved. Not a chapter's opening or front matter, nor a page that does not
    open with a line of text, nor further than a line's height."""
    kind = page_box.page_type
    if kind.blank or kind.name == 'front' or ('chapter', 0) in kind.groups:
        return False
    root = page_box.children[0]
    first = next((box for box in _descendants(root) if type(box).__name__ == 'LineBox' and box.children), None)
    top = page_box.content_box_y()
    body = next((box for box in root.children if box.element_tag == 'body'), root)
    height, baseline = strut(body.style)
    if first is None or first.position_y - top > height:
        return False
    shift = top + baseline - (first.position_y + first.baseline)
    plan = _plan(page_box)
    if abs(shift) < 0.01 or abs(shift) > height or (shift > 0 and plan and plan[1] < shift):
        return False
    root.translate(dy=shift)
    return True


def _full(page, following):
    """Whether the main text runs on from `page` to the `following` page, as it does within
    a chapter: front matter and the page before a chapter opening or a blank are not full."""
    kind, next_kind = page._page_box.page_type, following._page_box.page_type
    return not (kind.blank or next_kind.blank or kind.name == 'front'
                or ('chapter', 0) in next_kind.groups)


def _plan(page_box):
    """(the main flow's root box, the space left at the page's foot, the places where space
    may stretch, the height of a line), or None for a page without text."""
    root = page_box.children[0]
    notes = next((box for box in page_box.children if type(box).__name__ == 'FootnoteAreaBox'), None)
    foot = notes.position_y if notes is not None else page_box.content_box_y() + page_box.height
    lines = [box for box in _descendants(root) if type(box).__name__ == 'LineBox'
             or (type(box).__name__.endswith('ReplacedBox') and not _inline(box))]
    if not lines:
        return None
    bottom = max(box.position_y + box.margin_height() for box in lines)
    heights = sorted(box.margin_height() for box in lines if type(box).__name__ == 'LineBox') or [0]
    return root, foot - bottom, sorted(_places(root, bottom)), heights[len(heights) // 2]


def room(page_box):
    """How much the space on a page may stretch (px), all its places taken together."""
    plan = _plan(page_box)
    return sum(most for _, most in plan[2]) if plan else 0.0


def _stretch(page_box):
    """Share the page's left-over space among its stretchable places; whether anything moved."""
    plan = _plan(page_box)
    if plan is None:
        return False
    root, spare, places, _ = plan
    room = sum(most for _, most in places)
    if spare < 0.5 or room < 0.5:
        return False
    share = min(1.0, spare / room)
    points, shifts, total = [], [], 0.0
    for y, most in places:
        total += most * share
        points.append(y)
        shifts.append(total)
    _shift(root, lambda y: shifts[bisect.bisect_right(points, y + 0.01) - 1] if y + 0.01 >= points[0] else 0.0)
    return True


def _places(root, bottom):
    """(y, most points) of each place on the page where space may stretch: the top of a
    heading, the top and foot of a display; none at the page's head or after its last line."""
    top = root.content_box_y()
    for box in _descendants(root):
        element = getattr(box, 'element', None)
        if element is None or box.element_tag is None or '::' in box.element_tag or not _block(box) \
                or type(box).__name__ == 'LineBox':      # a line carries its block's tag
            continue
        tag, classes = box.element_tag, set((element.get('class') or '').split())
        most = ABOVE.get(tag)
        if most and box.position_y > top + 1:
            yield box.position_y, most * PX
        around = AROUND.get(tag) or max((AROUND_CLASSES.get(name, 0) for name in classes), default=0)
        if around:
            if box.position_y > top + 1:
                yield box.position_y, around / 2 * PX
            end = box.position_y + box.margin_height()
            if end < bottom - 1:
                yield end, around / 2 * PX


def _shift(box, shift_at):
    """Move each block down by the stretch above it; a block that holds stretch places is
    moved by what is above it and made taller by what is inside, and its children in turn."""
    for child in getattr(box, 'children', None) or ():
        if not _block(child):
            continue
        top = shift_at(child.position_y)
        foot = shift_at(child.position_y + child.margin_height() - 0.02)
        if foot == top:
            if top:
                child.translate(dy=top)
        else:
            child.position_y += top
            child.height += foot - top
            _shift(child, shift_at)       # its children still stand where they were laid out


def _block(box):
    """A box stacked in the page's block flow (a line is one too, for what moves)."""
    name = type(box).__name__
    return name in ('LineBox', 'BlockReplacedBox', 'FlexBox', 'GridBox') or name.endswith(('BlockBox', 'TableBox'))


def _inline(box):
    return type(box).__name__.startswith('Inline')


def _descendants(box):
    yield box
    for child in getattr(box, 'children', None) or ():
        yield from _descendants(child)
