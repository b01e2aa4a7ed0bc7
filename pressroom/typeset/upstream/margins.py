"""Space above a block dropped at the top of a page, so every page's first line stands on
the same baseline.

CSS truncates the margins that adjoin an unforced page break; WeasyPrint does so only for
a child of the root (its TODO: "this condition is wrong"), so a heading or a quotation
inside a chapter's section opened a page with its space above it. `block_level_layout` is a
maintained copy of WeasyPrint 70.0's `weasyprint.layout.block.block_level_layout`
(BSD 3-Clause; Copyright (c) 2011-2021, Simon Sapin and contributors), with the one
condition changed, marked "pressroom:". When the pin moves, copy the new function and
redo that change.
"""

from weasyprint.formatting_structure import boxes
from weasyprint.layout import block
from weasyprint.layout.block import block_level_layout_switch, collapse_margin
from weasyprint.layout.float import get_clearance
from weasyprint.layout.percent import resolve_percentages

_upstream = block.block_level_layout


def install():
    block.block_level_layout = block_level_layout


def uninstall():
    block.block_level_layout = _upstream


def block_level_layout(context, box, bottom_space, skip_stack, containing_block,
                       page_is_empty=True, absolute_boxes=None, fixed_boxes=None,
                       adjoining_margins=None, first_letter_style=None,
                       first_line_style=None, discard=False, max_lines=None):
    """Lay out the block-level ``box``."""
    absolute_boxes = [] if absolute_boxes is None else absolute_boxes
    fixed_boxes = [] if fixed_boxes is None else fixed_boxes
    adjoining_margins = [] if adjoining_margins is None else adjoining_margins

    if not isinstance(box, boxes.TableBox):
        resolve_percentages(box, containing_block)

        if box.margin_top == 'auto':
            box.margin_top = 0
        if box.margin_bottom == 'auto':
            box.margin_bottom = 0

        # pressroom: upstream truncates only when the containing block is the root's or
        # margins adjoin, and takes every page of a named page group for one after a forced
        # break; a block at the top of a page after an unforced break (pages.py tells) has
        # nothing above it on the page, however deep it is nested.
        if context.current_page > 1 and page_is_empty:
            if box.style['margin_break'] == 'discard':
                box.margin_top = 0
            elif box.style['margin_break'] == 'auto':
                if not getattr(context, 'pr_forced', context.forced_break):
                    box.margin_top = 0

        collapsed_margin = collapse_margin([*adjoining_margins, box.margin_top])
        direction = containing_block.style['direction']
        box.clearance = get_clearance(context, box, direction, collapsed_margin)
        if box.clearance is not None:
            top_border_edge = box.position_y + collapsed_margin + box.clearance
            box.position_y = top_border_edge - box.margin_top
            adjoining_margins = []

    return block_level_layout_switch(
        context, box, bottom_space, skip_stack, containing_block, page_is_empty,
        absolute_boxes, fixed_boxes, adjoining_margins, first_letter_style,
        first_line_style, discard, max_lines)
