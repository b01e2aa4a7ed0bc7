"""`pressroom new DIR`: a starter book folder that builds at once. What the author has still
to write is marked as a placeholder, which lint points out and `build --strict` refuses."""

import uuid
from datetime import date
from pathlib import Path

import yaml

from .errors import BookError
from .sources.schema import PLACEHOLDER  # lint warns of every metadata value that still holds it

CHAPTER = '''# The First Chapter

Write the book here, one Markdown file a chapter, in the order `metadata.yaml` lists them.
A note goes in square brackets after a caret,^[A note at the foot of the page.] and a
quotation's source in square brackets after it is made a note too:

> The text of the quotation. [Author, *Title*, Vol. 1, p. 10]

## A section

Headings of a chapter's sections have two hashes.
'''


def new_book(folder, title=None, author=None, lang='en-US'):
    """Write the starter into `folder`, which must not exist or be empty; its metadata path."""
    folder = Path(folder)
    if folder.is_symlink() or (folder.exists() and (not folder.is_dir() or any(folder.iterdir()))):
        raise BookError('is not an empty folder: give a new one', folder)
    try:
        (folder / 'chapters').mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BookError(f'cannot be made ({error.strerror}): give a folder you can write to', folder) from None
    (folder / 'chapters' / '01-first-chapter.md').write_text(CHAPTER, encoding='utf-8')
    metadata = {
        'title': title or PLACEHOLDER,
        'author': author or PLACEHOLDER,
        'date': date.today().isoformat(),
        'lang': lang,
        'publisher': PLACEHOLDER,
        'rights': f'© {date.today().year} {author or PLACEHOLDER}. All rights reserved.',
        # A new book's own identifier, kept for good: an ISBN replaces it when there is one.
        'identifier': f'urn:uuid:{uuid.uuid4()}',
        'description': PLACEHOLDER,
        'subjects': [PLACEHOLDER],
        'chapters': ['chapters/01-first-chapter.md'],
    }
    path = folder / 'metadata.yaml'
    path.write_text(yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False), encoding='utf-8')
    return path
