"""metadata.yaml for an imported document: its own properties, cleaned so the folder
builds (one line each, no control characters, within sensible lengths), and placeholders,
which `invoke lint` points out, where it has none."""

import hashlib
import re
import uuid
from datetime import date

from ..errors import warn
from ..sources.files import INVALID_CHARS_RE
from ..sources.formats import LANG_RE, LINE_BREAK_RE, NUMBER_RE, URI_RE, UUID_RE, isbn_problem
from ..sources.languages import LANGUAGES, REGIONS
from ..starter import PLACEHOLDER
from .cleaning import plain_text

LONGEST = {'description': 5000}     # characters; any other value at most DEFAULT_LONGEST
DEFAULT_LONGEST = 1000
MOST_VALUES = 50                    # authors or subjects
DEFAULT_LANG = 'en-US'


def meta_texts(meta):
    """pandoc's metadata as {key: [plain strings]}, each cleaned to one line."""
    return {key: [text for text in map(one_line, _texts(value)) if text] for key, value in meta.items()}


def metadata(texts, source, chapters, declared):
    """metadata.yaml's mapping from the document's properties (`texts`, as meta_texts gives
    them) and `declared`, the language its file declares; placeholders where it has none."""
    def text(*keys):
        for key in keys:
            if texts.get(key):
                return _cut(key, texts[key][0])
        return None
    authors = [_cut('author', name) for name in (texts.get('author') or texts.get('creator') or [PLACEHOLDER])]
    authors = authors[:MOST_VALUES]
    subjects = texts.get('subject') or texts.get('keywords') or [PLACEHOLDER]
    return {
        'title': text('title') or PLACEHOLDER,
        **({'subtitle': text('subtitle')} if text('subtitle') else {}),
        'author': authors[0] if len(authors) == 1 else authors,
        'date': _date(text('date')),
        'lang': _lang(text('lang', 'language') or declared, source),
        'publisher': text('publisher') or PLACEHOLDER,
        'rights': text('rights', 'copyright') or PLACEHOLDER,
        'identifier': _identifier(text('identifier', 'isbn'), source),
        'description': text('description', 'abstract', 'subject') or PLACEHOLDER,
        'subjects': [_cut('subjects', subject) for subject in subjects[:MOST_VALUES]],
        'chapters': chapters,
    }


def _texts(value):
    """A metadata value as a list of plain strings."""
    if value is None:
        return []
    kind, content = value['t'], value.get('c')
    if kind == 'MetaList':
        return [text for item in content for text in _texts(item)]
    if kind == 'MetaMap':
        return _texts(content.get('text') or content.get('name'))
    if kind == 'MetaString':
        return [content]
    if kind == 'MetaInlines':
        return [plain_text(content)]
    if kind == 'MetaBlocks':
        return [' '.join(plain_text(block['c']) for block in content if block['t'] in ('Para', 'Plain'))]
    return []


def one_line(text):
    """One line: control characters and line breaks become spaces, runs of space one."""
    return ' '.join(LINE_BREAK_RE.sub(' ', INVALID_CHARS_RE.sub(' ', text)).split())


def _cut(key, text):
    longest = LONGEST.get(key, DEFAULT_LONGEST)
    return text if len(text) <= longest else text[:longest - 1].rstrip() + '…'


def _date(value):
    """The document's date as YYYY-MM-DD (a year alone becomes 1 January), else today's."""
    match = re.match(r'^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?', value or '')
    if match and int(match[1]) >= 1000:
        try:
            return date(int(match[1]), int(match[2] or 1), int(match[3] or 1)).isoformat()
        except ValueError:
            pass
    return date.today().isoformat()


def _lang(value, source):
    """The document's language as a tag a book may have; en-US, with a warning, where it
    declares none or one the build cannot use."""
    original = value
    value = (value or '').replace('_', '-').strip()
    if '-' in value:
        head, tail = value.split('-', 1)
        value = f'{head.lower()}-{tail.upper() if len(tail) == 2 else tail}'
    else:
        value = value.lower()
    subtags = value.split('-')
    region = subtags[-1] if len(subtags) > 1 and not subtags[-1].istitle() else None
    if LANG_RE.match(value) and subtags[0] in LANGUAGES and (region is None or region in REGIONS):
        return value
    if original:
        warn(f'its language {original[:40]!r} is not a tag a book can have; lang is {DEFAULT_LANG}: '
             'set it in metadata.yaml', source)
    else:
        warn(f'declares no language; lang is {DEFAULT_LANG}: set it in metadata.yaml', source)
    return DEFAULT_LANG


def _identifier(value, source):
    """The document's identifier if it is one a book may have, else a urn:uuid: made from
    the document's bytes, so that importing the same file again gives the same book."""
    value, lowered = (value or '').strip(), (value or '').strip().lower()
    if lowered.startswith('urn:uuid:'):
        kept = UUID_RE.match(value)
    elif NUMBER_RE.match(value) or lowered.startswith('urn:isbn:'):
        kept = isbn_problem(value) is None
    else:
        kept = URI_RE.match(value)
    if kept:
        return value
    digest = hashlib.sha256(source.read_bytes()).digest()
    return f'urn:uuid:{uuid.UUID(bytes=digest[:16], version=4)}'
