"""What the tagged PDF needs from the layout and WeasyPrint 70.0 does not write: which
element of the page document each structure element was made from.

WeasyPrint tags page by page (`weasyprint.pdf.tags._build_box_tree`): a section or a
paragraph that runs onto another page becomes a second element there, a note's call and
text are NonStruct, and nothing tells the pieces of one element apart from two elements.
`install()` wraps that function so that each element it makes also carries, under keys of
ours, the identity of its HTML element (a number, the same on every page), the element's
tag (with its pseudo-element: `span::footnote-call`), its classes and its id.
structure.py rebuilds the tree from them and removes them. Nothing else changes.

Upstream: weasyprint/pdf/tags.py, `add_tags` and `_build_box_tree` (BSD 3-Clause).
When the pin moves, check that the second still yields, for each box, the element it made
(README.md here records it with the other changes).
"""

import pydyf
from weasyprint.pdf import tags

IDENTITY, TAG, CLASSES, ID = '/PrElement', '/PrTag', '/PrClass', '/PrId'
KEYS = (IDENTITY, TAG, CLASSES, ID)
_upstream = {'build': tags._build_box_tree, 'add': tags.add_tags}
_numbers = {}      # (id() of an HTML element, its tag and pseudo-element) -> its number in the document


def install():
    tags._build_box_tree = _build_box_tree_naming_elements
    tags.add_tags = _add_tags_numbering_afresh


def uninstall():
    tags._build_box_tree = _upstream['build']
    tags.add_tags = _upstream['add']


def _add_tags_numbering_afresh(*arguments, **options):
    _numbers.clear()
    try:
        return _upstream['add'](*arguments, **options)
    finally:
        _numbers.clear()


def _build_box_tree_naming_elements(box, *arguments):
    """Upstream's generator; each element it yields that no deeper call named is this box's."""
    for element in _upstream['build'](box, *arguments):
        if IDENTITY[1:] not in element and getattr(box, 'element', None) is not None:
            source = box.element
            element[IDENTITY[1:]] = _numbers.setdefault((id(source), box.element_tag), len(_numbers) + 1)
            element[TAG[1:]] = pydyf.String(box.element_tag)
            if source.get('class'):
                element[CLASSES[1:]] = pydyf.String(source.get('class'))
            if source.get('id'):
                element[ID[1:]] = pydyf.String(source.get('id'))
        yield element
