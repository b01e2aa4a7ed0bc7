"""The ids of the intermediate: unique in the book, and the ones pressroom gives (notes and
their calls, the print page markers, the Kobo edition's) never an author's."""

import re

from ..errors import warn
from ..transforms.sanitize import FRAGMENT_RE, line_of

# The ids pressroom gives elements itself: notes and their calls, the print page markers
# (document/pagination.py), and the Kobo edition's (writers/kepub.py). An author's id among
# them is renamed, with a warning, so no output holds an id twice.
RESERVED_IDS = {'titlepage', 'imprint', 'contents', 'book-columns', 'book-inner'}
RESERVED_ID_RE = re.compile(r'^(?:(?:note|noteref|page)-[0-9]+(?:-[0-9]+)?|kobo\.[0-9]+\.[0-9]+)$')


def unique_ids(root, seen, chapter, made):
    """Rename ids already used elsewhere in the book, and this chapter's links to them; an id
    of those pressroom gives is renamed with a warning. `made` are the elements whose ids
    pressroom gave (notes and their calls)."""
    renamed = {}
    for element in root.xpath('//*[@id]'):
        old = element.get('id')
        if element in made:
            continue
        if RESERVED_ID_RE.match(old) or old in RESERVED_IDS:
            renamed[old] = free_id(f'id-{old}', seen) if f'id-{old}' in seen else f'id-{old}'
            warn(f'id {old!r} is one pressroom gives (to notes, print pages or the Kobo edition); it is '
                 f'{renamed[old]!r} in the book', chapter.source, line_of(chapter.text, old))
            element.set('id', renamed[old])
        elif old in seen:
            renamed[old] = free_id(old, seen)
            element.set('id', renamed[old])
        seen.add(element.get('id'))
    for link in root.xpath('//a[starts-with(@href, "#")]'):
        if link.get('href')[1:] in renamed and link not in made:
            link.set('href', '#' + renamed[link.get('href')[1:]])
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
