"""The tagged PDF's structure tree without the Spans that say nothing.

WeasyPrint makes a Span of every inline element; most carry no language, alternative or
actual text. A Span like that tells a screen reader nothing its paragraph does not, so
its content is handed to the paragraph: a smaller file, and the same text in the same order.
"""

import pikepdf

PLAIN_SPAN = {'/Type', '/S', '/K', '/Pg', '/P'}


def flatten_spans(pdf):
    """Hand the content of each plain Span to its parent, in place."""
    if '/StructTreeRoot' not in pdf.Root:
        return
    moved = {}
    stack = [pdf.Root.StructTreeRoot]
    order = []
    while stack:                      # parents before children; flattened children first
        element = stack.pop()
        order.append(element)
        stack.extend(kid for kid in _kids(element) if _is_element(kid))
    for element in reversed(order):
        kids = []
        for kid in _kids(element):
            if _is_element(kid) and kid.get('/S') == pikepdf.Name.Span and set(kid.keys()) <= PLAIN_SPAN:
                kids += [_rehomed(inner, kid, element) for inner in _kids(kid)]
                moved[kid.objgen] = element
            else:
                kids.append(kid)
        if '/K' in element:
            element.K = pikepdf.Array(kids)
    _repoint_parent_tree(pdf, moved)


def _kids(element):
    kids = element.get('/K')
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(kid):
    return isinstance(kid, pikepdf.Dictionary) and '/S' in kid


def _rehomed(kid, span, parent):
    """A Span's kid as its parent's: marked content on another page is named with its page."""
    if _is_element(kid):
        kid.P = parent
        return kid
    if isinstance(kid, int) and span.get('/Pg') is not None and (
            parent.get('/Pg') is None or span.Pg.objgen != parent.Pg.objgen):
        return pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=span.Pg, MCID=kid)
    return kid


def _repoint_parent_tree(pdf, moved):
    """The parent tree names, for each marked content, the element that now holds it."""
    def owner(element):
        while isinstance(element, pikepdf.Dictionary) and element.objgen in moved:
            element = moved[element.objgen]
        return element
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    for index in range(1, len(nums), 2):
        value = nums[index]
        if isinstance(value, pikepdf.Array):
            nums[index] = pikepdf.Array([owner(element) for element in value])
        else:
            nums[index] = owner(value)
