"""The ids of the intermediate: unique in the book, and the ones pressroom gives (notes and
their calls, the print page markers, the Kobo edition's) never an author's."""

import re
from urllib.parse import unquote

from .. import languages
from ..errors import warn
from ..transforms.sanitize import FRAGMENT_RE, line_of

# The ids pressroom gives elements itself: notes and their calls, the print page markers
# (document/pagination.py), and the Kobo edition's (writers/kepub.py). An author's id among
# them is renamed, with a warning, so no output holds an id twice.
RESERVED_IDS = {'titlepage', 'imprint', 'contents', 'book-columns', 'book-inner'}
RESERVED_ID_RE = re.compile(r'^(?:(?:note|noteref|page)-[0-9]+(?:-[0-9]+)?|kobo\.[0-9]+\.[0-9]+)$')


def unique_ids(root, seen, chapter, made, lang):
    """Rename ids already used elsewhere in the book, and this chapter's links to them; an id
    of those pressroom gives is renamed with a warning. `made` are the elements whose ids
    pressroom gave (notes and their calls).

    Ids are ASCII: one in another script (pandoc keeps the letters of a heading: `über-die`,
    `от-редакции`) is transliterated (`ueber-die`, `ot-redaktsii`). Every later stage reads
    the intermediate back from text, and lxml writes an href's non-ASCII letters
    percent-encoded while the id keeps them, so a link compared with its id as written
    missed it: the PDF's contents showed no page numbers and its links across parts led
    nowhere, and the EPUB's links across chapters too."""
    renamed = {}
    for element in root.xpath('//*[@id]'):
        old = element.get('id')
        if element in made:
            continue
        base = old if old.isascii() else languages.slug(old, lang) or 'section'
        if RESERVED_ID_RE.match(base) or base in RESERVED_IDS:
            renamed[old] = free_id(f'id-{base}', seen) if f'id-{base}' in seen else f'id-{base}'
            warn(f'id {old!r} is one pressroom gives (to notes, print pages or the Kobo edition); it is '
                 f'{renamed[old]!r} in the book', chapter.source, line_of(chapter.text, old))
            element.set('id', renamed[old])
        elif base in seen or base != old:
            renamed[old] = free_id(base, seen) if base in seen else base
            element.set('id', renamed[old])
        seen.add(element.get('id'))
    for link in root.xpath('//a[starts-with(@href, "#")]'):
        target = unquote(link.get('href')[1:])
        if target in renamed and link not in made:
            link.set('href', '#' + renamed[target])
    for element in root.xpath('//svg//*') if renamed else ():     # an SVG's references to its own parts
        for name, value in element.attrib.items():
            fresh = FRAGMENT_RE.sub(lambda found: found[0].replace(found[1], renamed.get(found[1], found[1])),
                                         value)
            if fresh != value:
                element.set(name, fresh)


def free_id(base, seen):
    """The first of `base-2`, `base-3`... not in `seen`."""
    suffix = 2
    while f'{base}-{suffix}' in seen:
        suffix += 1
    return f'{base}-{suffix}'
