"""The screen PDF's tags read as a screen reader follows them (PDF/UA-1, ISO 14289-1): what
`invoke check` asks of the structure tree beyond its being there.

- each note a Note with a unique ID, its number a Lbl, and a Reference to it holding a
  link whose annotation leads to it;
- no link inside a link, none empty, one annotation each, and every annotation printable;
- the headings opening with an H1 and never skipping a level on the way down;
- each figure described, and a formula in words, not in TeX.
"""

import re
from collections import namedtuple

import pikepdf
from pikepdf import Name

from ..writers.pdf.structure import elements_under, is_element, kids_of

Finding = namedtuple('Finding', 'level page message')
HEADING_RE = re.compile(r'/H([1-6])$')
TEX_RE = re.compile(r'\\[A-Za-z]+|[_^]\{')
PRINT_FLAG = 4


def findings(path):
    """Findings (level, page, message) for the tagged PDF at `path`."""
    with pikepdf.open(path) as pdf:
        if '/StructTreeRoot' not in pdf.Root:
            return [Finding('error', None, 'the PDF is not tagged')]
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        elements = list(elements_under(pdf.Root.StructTreeRoot))
        found = _notes(elements, pages) + _links(elements, pages) + _headings(elements, pages)
        found += _figures(elements, pages)
        for number, page in enumerate(pdf.pages, 1):
            for annotation in page.obj.get('/Annots', ()):
                if not int(annotation.get('/F', 0)) & PRINT_FLAG:
                    found.append(Finding('error', number, 'a link annotation without the Print flag (PDF/UA 7.18.1)'))
                    break
        return found


def is_a(element, kind):
    """Whether a structure element is of type `kind` ('Note', 'Link', ...)."""
    return str(element.get('/S')) == '/' + kind


def _page(element, pages):
    return pages.get(element.Pg.objgen) if '/Pg' in element else None


def _annotations(element):
    return [kid.Obj for kid in kids_of(element)
            if isinstance(kid, pikepdf.Dictionary) and kid.get('/Type') == Name.OBJR]


def _notes(elements, pages):
    found, ids = [], {}
    for note in (element for element in elements if is_a(element, 'Note')):
        ident = str(note.get('/ID', ''))
        labels = [kid for kid in kids_of(note) if is_element(kid) and is_a(kid, 'Lbl')]
        if not ident or ident in ids:
            found.append(Finding('error', _page(note, pages), 'a Note without an ID of its own (PDF/UA 7.9)'))
        if not labels:
            found.append(Finding('error', _page(note, pages), f'Note {ident} has no Lbl for its number'))
        ids[ident] = note
    targets = set()
    for reference in (element for element in elements if is_a(element, 'Reference')):
        for link in (kid for kid in kids_of(reference) if is_element(kid) and is_a(kid, 'Link')):
            targets.update(str(annotation.get('/Dest', '')) for annotation in _annotations(link))
    for ident, note in ids.items():
        if ident not in targets:
            found.append(Finding('error', _page(note, pages), f'Note {ident} has no Reference linking to it'))
    return found


def _links(elements, pages):
    found = []
    for link in (element for element in elements if is_a(element, 'Link')):
        page = _page(link, pages)
        if any(is_element(kid) and is_a(kid, 'Link') for kid in kids_of(link)):
            found.append(Finding('error', page, 'a Link inside a Link'))
        elif not kids_of(link):
            found.append(Finding('error', page, 'an empty Link'))
        elif len(_annotations(link)) != 1:
            found.append(Finding('error', page, f'a Link with {len(_annotations(link))} annotations'))
    return found


def _headings(elements, pages):
    levels = [(int(HEADING_RE.match(str(element.S))[1]), element) for element in elements
              if HEADING_RE.match(str(element.S))]
    if not levels:
        return []
    found = []
    if levels[0][0] != 1:
        found.append(Finding('error', _page(levels[0][1], pages), f'the first heading is an H{levels[0][0]}, not H1'))
    for (before, _), (level, element) in zip(levels, levels[1:]):
        if level > before + 1:
            found.append(Finding('error', _page(element, pages), f'an H{level} after an H{before} skips a level'))
    return found


def _figures(elements, pages):
    found = []
    for figure in (element for element in elements if is_a(element, 'Figure')):
        alt = str(figure.get('/Alt', ''))
        if not alt.strip():
            found.append(Finding('error', _page(figure, pages), 'a Figure without a description (Alt)'))
        elif TEX_RE.search(alt):
            found.append(Finding('error', _page(figure, pages), f'a figure described in TeX ("{alt[:40]}"): '
                                 'a screen reader reads it as noise'))
    return found
