"""The intermediate reshaped for pages: a half-title, images inline, bookmarks without
note numbers, and each note moved to its call, where WeasyPrint floats it to the page foot."""

import base64

import lxml.html
from lxml.html import builder as E

from .. import languages
from ..document import pagination
from ..document.intermediate import heading_text
from ..sources.images import image_type
from . import math


def _data_url(path):
    """Images inline as data: URLs, so the PDF does not depend on where the book folder is."""
    data = base64.b64encode(path.read_bytes()).decode()
    return f'data:{image_type(path)[0]};base64,{data}'


def paged(html_text, book):
    """The intermediate rearranged for pages: a half-title, bookmarks without note numbers,
    and notes moved to their calls."""
    build_dir = book.build_dir
    root = lxml.html.document_fromstring(html_text)
    pagination.number_blocks(root)       # before anything moves: the EPUB counts the same blocks
    body = root.find('body')
    title = root.findtext('head/title')
    body.insert(0, E.SECTION(E.P(title), **{'class': 'half-title'}))
    for image in root.iter('img'):
        image.set('src', _data_url(build_dir / image.get('src')))
    math.typeset(root)
    languages.small_caps(root, root.get('lang'), ('base.css', 'pdf.css'), book)
    # Read before the notes move into the headings that call them (pdf.css: bookmark-label).
    for heading in root.iter('h1', 'h2', 'h3', 'h4', 'h5', 'h6'):
        heading.set('data-bookmark', heading_text(heading))
    notes = {aside.get('id'): aside for aside in root.iterfind('.//aside')}
    for call in root.xpath('//a[@class="noteref"]'):
        aside = notes.pop(call.get('href', '')[1:], None)
        if aside is not None:
            _float_note(call, aside)
    for block in root.xpath('//div[@class="notes"]'):
        block.drop_tree()
    return lxml.html.tostring(root, encoding='unicode', doctype='<!DOCTYPE html>')


def _float_note(call, aside):
    """Replace the note call by the note itself, as an inline element WeasyPrint floats to the
    foot, inside a link to it: the call WeasyPrint leaves in its place is then a link to the
    note, for readers and for the tagged PDF (structure.py)."""
    for label in aside.xpath('.//a[@class="note-label"]'):
        label.drop_tree()
    note = E.SPAN(**{'class': 'fn' + (' citation' if 'citation' in aside.classes else ''),
                     'id': aside.get('id')})
    for block in aside:
        part = E.SPAN(**{'class': 'fn-p'})
        part.text = (block.text or '').lstrip()
        part.extend(list(block))
        note.append(part)
    link = E.A(note, href=f'#{aside.get("id")}', **{'class': 'fn-call'})
    link.tail = call.tail
    call.getparent().replace(call, link)
