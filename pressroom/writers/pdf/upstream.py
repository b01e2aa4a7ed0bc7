"""Fixes and one addition to the pinned WeasyPrint and pydyf, applied by the PDF writer
(layout.py) through `apply()`, which refuses any other version (a change written for one
release could silently undo one in the next), and the font configuration layouts share
(`font_configuration`). Each says which upstream behaviour it corrects or extends.

`_linebox_layout_keeping_notes` is a maintained copy of WeasyPrint 70.0's
`weasyprint.layout.block._linebox_layout` (BSD 3-Clause; Copyright (c) 2011-2021, Simon
Sapin and contributors; the licence travels with the installed package), with one branch
changed, marked "pressroom:". When the pin moves, copy the new function and redo that change.
"""

import contextvars
import os
import shutil
import tempfile
from pathlib import Path

import pydyf
import weasyprint
from weasyprint.layout import block, inline, preferred
from weasyprint.layout.block import _break_line, collapse_margin, iter_line_boxes, remove_placeholders
from weasyprint.text import line_break
from weasyprint.text.fonts import FontConfiguration

from ...errors import SetupError
from ...paths import user_cache

PINNED = {'weasyprint': (weasyprint, '70.0'), 'pydyf': (pydyf, '0.13.0')}
_upstream = {'linebox': block._linebox_layout, 'page_references': pydyf.PDF.page_references,
             'split_text_box': inline.split_text_box, 'line_widths': preferred.inline_line_widths,
             'word_boundaries': line_break.get_next_word_boundaries}
# The attribute naming the words of an element's own text that are not to be hyphenated,
# space-separated (the composer sets it). Kept whole in a span instead, each word would be
# boxes of its own: the lecture's layouts took some 40 % longer.
KEPT = 'data-pr-whole'
_kept = contextvars.ContextVar('kept', default=frozenset())     # of the text being set


def apply():
    """Install the changes (once; later calls do nothing)."""
    for name, (module, version) in PINNED.items():
        if module.__version__ != version:
            raise SetupError(f'{name} {module.__version__} is installed, but pressroom is written for '
                             f'{version}: rerun ./book to install the pinned versions')
    block._linebox_layout = _linebox_layout_keeping_notes
    pydyf.PDF.page_references = property(_cached_page_references)
    inline.split_text_box = _split_text_box_keeping_words
    preferred.inline_line_widths = _line_widths_keeping_words
    line_break.get_next_word_boundaries = _word_boundaries_keeping_words


def remove():
    """WeasyPrint and pydyf as released (for tests that show what each change does)."""
    block._linebox_layout = _upstream['linebox']
    pydyf.PDF.page_references = _upstream['page_references']
    inline.split_text_box = _upstream['split_text_box']
    preferred.inline_line_widths = _upstream['line_widths']
    line_break.get_next_word_boundaries = _upstream['word_boundaries']


def _split_text_box_keeping_words(context, box, *arguments, **options):
    """WeasyPrint's split_text_box, with the words its element names in KEPT known to
    `_word_boundaries_keeping_words` while it sets them. Upstream, a word is kept from
    hyphenation only by an element of its own."""
    token = _kept.set(kept_words(box.element))
    try:
        return _upstream['split_text_box'](context, box, *arguments, **options)
    finally:
        _kept.reset(token)


def _line_widths_keeping_words(context, box, *arguments, **options):
    """WeasyPrint's inline_line_widths (a generator), with the words `box`'s element names
    in KEPT known while it measures its own text: a table's columns are made as wide as
    the words kept whole in them need."""
    widths, words = _upstream['line_widths'](context, box, *arguments, **options), kept_words(box.element)
    while True:
        token = _kept.set(words)
        try:
            width = next(widths)
        except StopIteration:
            return
        finally:
            _kept.reset(token)
        yield width


def kept_words(element):
    """The words `element` (or None) names in KEPT."""
    words = element.get(KEPT) if element is not None else None
    return frozenset(words.split()) if words else frozenset()


def _word_boundaries_keeping_words(text, lang):
    """The next word WeasyPrint would hyphenate; a word kept whole is given as empty, and
    WeasyPrint, finding it too short, tries the next."""
    found = _upstream['word_boundaries'](text, lang)
    if found and text[found[0]:found[1]] in _kept.get():
        return found[1], found[1]
    return found


def font_configuration():
    """A WeasyPrint font configuration that copies the fonts it loads into a folder of the
    user cache, not a temporary one. WeasyPrint removes its folder only when the
    configuration is collected, which never happens in a worker process (it ends with
    os._exit) or in one that is killed: every build left copies of the book's fonts in
    /tmp. The folder is named by the process, and those of ended processes are removed."""
    root = user_cache() / 'layout-fonts'
    root.mkdir(parents=True, exist_ok=True)
    for folder in root.iterdir():
        if not _running(folder.name.split('-', 1)[0]):
            shutil.rmtree(folder, ignore_errors=True)
    config = FontConfiguration()
    config._folder = Path(tempfile.mkdtemp(prefix=f'{os.getpid()}-', dir=root))
    return config


def _running(pid):
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:         # another user's: alive
        pass
    return True


def _cached_page_references(pdf):
    """Corrects pydyf rebuilding the tuple of every page's reference on each read: WeasyPrint's
    tagging reads it once per box, so time grew with the square of the page count. The
    cached tuple is dropped whenever a page is added."""
    count = len(pdf.pages['Kids'])
    entry = pdf.__dict__.get('_page_references')
    if entry is None or entry[0] != count:
        entry = pdf.__dict__['_page_references'] = (count, _upstream['page_references'].fget(pdf))
    return entry[1]


def _linebox_layout_keeping_notes(context, box, index, child, new_children, page_is_empty,
                    absolute_boxes, fixed_boxes, adjoining_margins,
                    bottom_space, position_y, skip_stack, first_letter_style,
                    first_line_style, draw_bottom_decoration, max_lines):
    """Corrects WeasyPrint moving notes called earlier on a page to the next page so that
    the first lines of a paragraph fit at its foot (upstream: "first try to report
    footnotes"). A book keeps each note on its call's page; the paragraph moves instead,
    as orphans and widows ask."""
    abort = stop = False
    resume_at = None
    new_footnotes = []

    assert len(box.children) == 1, 'line box with siblings before layout'

    if adjoining_margins:
        position_y += collapse_margin(adjoining_margins)
    new_containing_block = box
    lines_iterator = iter_line_boxes(
        context, child, position_y, bottom_space, skip_stack, new_containing_block,
        absolute_boxes, fixed_boxes, first_letter_style, first_line_style)
    for i, (line, resume_at) in enumerate(lines_iterator):
        # Break box if we reached max-lines
        if max_lines is not None:
            if max_lines == 0:
                new_children[-1].block_ellipsis = box.style['block_ellipsis']
                break
            max_lines -= 1

        # Update line resume_at and position_y
        line.resume_at = resume_at
        new_position_y = line.position_y + line.height

        # Add bottom padding and border to the bottom position of the
        # box if needed
        draw_bottom_decoration |= resume_at is None
        if draw_bottom_decoration:
            offset_y = box.border_bottom_width + box.padding_bottom
        else:
            offset_y = 0

        # Allow overflow if the first line of the page is higher than the page itself so
        # that we put *something* on this page and can advance in the context.
        overflow = (
            (new_children or not page_is_empty) and
            context.overflows_page(bottom_space, new_position_y + offset_y))
        if overflow:
            # pressroom: upstream first tries to report footnotes here (moving notes called
            # earlier on the page to the next one); a book keeps them, and breaks the line.
            needed = box.style['widows'] - 1
            for next_line, _ in lines_iterator:
                needed -= 1
                remove_placeholders(
                    context, next_line.children, absolute_boxes, fixed_boxes)
                # Don’t iterate over all lines as it can be long.
                if needed == -1:
                    break
            needed = max(0, needed)
            abort, stop, resume_at = _break_line(
                context, box, line, new_children, needed, page_is_empty, index,
                skip_stack, resume_at, absolute_boxes, fixed_boxes)
            break

        # TODO: this is incomplete.
        # See https://drafts.csswg.org/css-page-3/#allowed-pg-brk
        # "When an unforced page break occurs here, both the adjoining
        #  ‘margin-top’ and ‘margin-bottom’ are set to zero."
        # See issue #115.
        elif page_is_empty and context.overflows_page(bottom_space, new_position_y):
            # Remove the top border when a page is empty and the box is
            # too high to be drawn in one page
            new_position_y -= box.margin_top
            line.translate(0, -box.margin_top)
            box.margin_top = 0

        if context.footnotes:
            break_linebox = False
            footnotes = (
                descendant.footnote for descendant in line.descendants()
                if descendant.footnote in context.footnotes)
            for footnote in footnotes:
                overflow = context.layout_footnote(footnote)
                new_footnotes.append(footnote)
                overflow = (
                    overflow or
                    context.reported_footnotes or
                    context.overflows_page(bottom_space, new_position_y + offset_y))
                if overflow:
                    context.report_footnote(footnote)
                    # If we've put other content on this page, then we may want
                    # to push this line or block to the next page. Otherwise,
                    # we can't (and would loop forever if we tried), so don't
                    # even try.
                    if new_children or not page_is_empty:
                        if footnote.style['footnote_policy'] == 'line':
                            if needed := box.style['widows'] - 1:
                                for _ in lines_iterator:
                                    needed -= 1
                                    # Don’t iterate over all lines as it can be long.
                                    if needed == 0:
                                        break
                            abort, stop, resume_at = _break_line(
                                context, box, line, new_children, needed, page_is_empty,
                                index, skip_stack, resume_at, absolute_boxes,
                                fixed_boxes)
                            break_linebox = True
                            break
                        elif footnote.style['footnote_policy'] == 'block':
                            abort = break_linebox = True
                            break
            if break_linebox:
                break

        new_children.append(line)
        position_y = new_position_y
        skip_stack = resume_at

    if new_children:
        resume_at = {index: new_children[-1].resume_at}

    return abort, stop, resume_at, position_y, new_footnotes, max_lines
