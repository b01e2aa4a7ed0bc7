"""What a laid-out WeasyPrint document tells, read off its boxes as plain data: each page's
kind, where anchors and notes fell, and the word each page begins with."""

from weasyprint.formatting_structure import boxes

from ...document import pagination


def kinds(document):
    """Each page's kind for the folios: front matter and blank pages carry none ('bare'), a
    chapter's first page has it at the foot ('opening'), the rest at the head ('folio').
    (`front` and `chapter` are the page names pdf.css gives them.)"""
    found = []
    for page in document.pages:
        page_type = page._page_box.page_type
        if page_type.blank or page_type.name == 'front':
            found.append('bare')
        else:
            found.append('opening' if ('chapter', 0) in page_type.groups else 'folio')
    return found


def anchors(document):
    """{anchor: index of the first page it is on} (a section's anchor is on each of its pages)."""
    found = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            found.setdefault(name, index)
    return found


def inside_margin(document):
    """The inside margin of the first page (a recto), in CSS px."""
    return document.pages[0]._page_box.margin_left


def note_pages(document):
    """{note id: (index of the page of its call, of the page of its text or None)}."""
    calls, texts = {}, {}
    for number, page in enumerate(document.pages):
        for box in descendants(page._page_box):
            tag = getattr(box, 'element_tag', None) or ''
            if tag.endswith('::footnote-call'):
                calls.setdefault(box.element.get('id'), number)
            elif isinstance(box, boxes.FootnoteAreaBox):
                for inner in descendants(box):
                    if getattr(inner, 'element_tag', None) == 'span' and inner.element.get('id'):
                        texts.setdefault(inner.element.get('id'), number)
    return {note: (calls[note], texts.get(note)) for note in calls}


def page_starts(document):
    """For each page, [block number, word] of the intermediate its text begins with, or
    None (document/pagination.py counts the same words in the EPUB)."""
    starts, words, runs_on = [], {}, {}
    for page in document.pages:
        first = None
        for line, foot in line_boxes(page._page_box):
            key = line.element.get(pagination.KEY) if line.element is not None else None
            if foot or key is None:
                continue
            texts = [box for box in text_boxes(line) if '::' not in (box.element_tag or '')]
            text = ''.join(box.text for box in texts)
            hyphen = texts[-1].style['hyphenate_character'] if texts else ''
            broken = bool(hyphen) and text.endswith(hyphen)
            count = len(text.split())
            if first is None and count:
                first = [int(key), words.get(key, 0) - runs_on.get(key, 0)]
            words[key] = words.get(key, 0) + count - (1 if runs_on.get(key) and count else 0)
            runs_on[key] = int(broken or text.rstrip()[-1:] in pagination.JOINS) if count else runs_on.get(key, 0)
        starts.append(first)
    return starts


def line_boxes(box, foot=False):
    """(line box, whether it is in the notes) for every line of text under `box`, in order."""
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


def descendants(box):
    yield box
    for child in getattr(box, 'children', None) or ():
        yield from descendants(child)
