"""Load and check `metadata.yaml`: the book's description and its output settings."""

import re
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from pathlib import Path

import yaml

from ..errors import BookError
from ..printers import PRINTERS
from ..units import parse_length, parse_trim
from .files import INVALID_CHARS_RE, read_text
from .languages import LANGUAGES, REGIONS

REQUIRED = ('title', 'author', 'date', 'lang', 'publisher', 'rights', 'identifier',
            'description', 'subjects', 'chapters')
OPTIONAL = ('subtitle', 'cover', 'contributors')
# A contributor's role: its MARC relator code (in the OPF) and its credit (title page, imprint).
ROLES = {
    'translator': ('trl', 'Translated by'),
    'editor': ('edt', 'Edited by'),
    'illustrator': ('ill', 'Illustrated by'),
    'introduction': ('aui', 'With an introduction by'),
    'foreword': ('aui', 'With a foreword by'),
    'afterword': ('aft', 'With an afterword by'),
}

# Output settings and their defaults; every key may be set in metadata.yaml.
SETTINGS = {
    'trim_size': '5.5in x 8.5in',
    'bleed': '0.125in',
    'printer': 'kdp',
    'crop_marks': None,              # None: as the printer wants
    'font': 'EB Garamond',
    'code_font': 'Source Code Pro',  # the monospace face of code
    'note_numbering': 'book',
    'chapter_start': 'right',        # where chapters open: right (a recto), any (the next page), continuous
    'page_multiple': None,           # None: as the printer wants
    'paper': 'white',
    'spine_per_page': None,          # None: the printer's figure for the paper
    'limits': {},                    # raises LIMITS for a book that needs more
    'hyphenation': {},               # changes HYPHENATION
    'cover_color': '#7a1712',
    'accessibility_summary': None,   # None: the EPUB writer describes what the book holds
}

PAPERS = ('white', 'cream')
NOTE_NUMBERING = ('book', 'chapter')
CHAPTER_STARTS = ('right', 'any', 'continuous')
PAGE_MULTIPLES = (1, 2, 4, 8, 16)
LANG_RE = re.compile(r'^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$')
NUMBER_RE = re.compile(r'^(urn:isbn:)?[0-9][0-9 -]*[0-9Xx]$')      # an ISBN, as written
UUID_RE = re.compile(r'^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
# Other identifiers a book may have: a URL (Standard Ebooks' books), a DOI, any URN.
URI_RE = re.compile(r'^(https?://[^\s/]+\.[^\s]+|doi:10\.[0-9]{4,}/\S+|urn:[a-z0-9][a-z0-9-]{0,31}:\S+)$', re.I)
LINE_BREAK_RE = re.compile('[\r\n\t\x85\u2028\u2029]')
COLOR_RE = re.compile(r'^#[0-9a-fA-F]{6}$')
MAX_METADATA = 100_000     # characters
# Bounds on the work one book can ask for, so that no input runs for ever; `limits:` in
# metadata.yaml raises them for a book that needs more (the README gives each).
LIMITS = {'chapter_mb': 5, 'word_length': 1000, 'notes': 5000, 'nesting': 60, 'chapters': 1000}
# How the PDFs hyphenate (writers/pdf/composer.py): the shortest word broken, the fewest
# letters before and after the break, the most hyphenated lines in a row, the hyphenation
# zone (per cent of the measure) and whether capitalised words may be broken.
HYPHENATION = {'word': 6, 'before': 3, 'after': 3, 'consecutive': 2, 'zone': 12, 'capitalised': False}
HYPHENATION_BOUNDS = {'word': (2, 40), 'before': (1, 20), 'after': (1, 20), 'consecutive': (1, 10),
                      'zone': (0, 50), 'capitalised': (False, True)}
MULTI_LINE = ('description', 'rights', 'accessibility_summary')   # the only keys that may break lines
MIN_TRIM_SIDE = 3 * 72      # points; smaller pages leave no room for text inside pdf.css's margins
MAX_TRIM_RATIO = 3          # a page taller (or wider) than this many times its other side is no book


@dataclass(frozen=True)
class Book:
    """Everything the later stages need to know about a book, as plain values."""
    folder: Path
    title: str
    subtitle: str | None
    authors: tuple
    contributors: tuple      # (name, role) pairs, roles from ROLES
    date: str
    lang: str
    publisher: str
    rights: str
    identifier: str
    description: str
    subjects: tuple
    chapters: tuple          # paths relative to the folder, in reading order
    cover: str | None
    trim: tuple              # (width, height) in points
    bleed: float             # points
    printer: str             # a key of printers.PRINTERS
    crop_marks: bool
    font: str
    code_font: str
    note_numbering: str
    page_multiple: int
    paper: str
    spine_per_page: float | None   # inches
    limits: dict             # LIMITS, as the book sets them
    hyphenation: dict        # HYPHENATION, as the book sets it
    chapter_start: str       # CHAPTER_STARTS: the book's; a chapter's `{start=…}` overrides it
    cover_color: str
    accessibility_summary: str | None
    # metadata.yaml line of each key, and of each list item as (key, index); for later messages
    lines: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def slug(self):
        return slugify(self.title)

    @property
    def build_dir(self):
        return self.folder / 'build'

    @property
    def author_line(self):
        return ' and '.join(self.authors) if len(self.authors) < 3 else ', '.join(self.authors)

    @property
    def credits(self):
        """'Translated by A. Name' and the like, one for each role, in the order of ROLES."""
        lines = []
        for role, (_, credit) in ROLES.items():
            names = [name for name, given in self.contributors if given == role]
            if names:
                lines.append(f'{credit} {" and ".join(names) if len(names) < 3 else ", ".join(names)}')
        return lines

    def line(self, key, index=None):
        """The line of `key` in metadata.yaml (of its `index`th list item if given), or None."""
        return self.lines.get((key, index)) or self.lines.get(key)


SLUG_MAX = 80       # characters: output names (with their suffixes and the temporary names of writes) stay short


def slugify(text):
    slug = re.sub(r'[^a-z0-9]+', '-', text.lower()).strip('-')
    if len(slug) > SLUG_MAX:         # cut at a word, as a long title's first words name it
        slug = slug[:SLUG_MAX + 1].rsplit('-', 1)[0] if '-' in slug[:SLUG_MAX + 1] else slug[:SLUG_MAX]
    return slug or 'book'


def load_book(folder):
    """Read `folder/metadata.yaml` into a Book, or raise BookError naming the line."""
    folder = Path(folder).resolve()
    path = folder / 'metadata.yaml'
    if not path.is_file():
        raise BookError('no metadata.yaml here; a book folder needs one', folder)
    if not path.resolve().is_relative_to(folder):
        raise BookError('links to a file outside the book folder; copy the file in instead', path)
    mapping, lines = _parse(path)
    unknown = sorted(set(mapping) - set(REQUIRED) - set(OPTIONAL) - set(SETTINGS))
    if unknown:
        key = unknown[0]
        raise BookError(f'unknown key {key!r}; see the README for the keys a book may set',
                        path, lines[key])
    for key in REQUIRED:
        if key not in mapping:
            raise BookError(f'missing required key {key!r}; add it (the README lists what each '
                            'key holds)', path)
    check = _Checker(path, lines)
    settings = {**SETTINGS, **{k: v for k, v in mapping.items() if k in SETTINGS}}
    trim = check.trim(settings['trim_size'])
    bleed = check.convert('bleed', parse_length, settings['bleed'])
    if not 0 <= bleed <= 36:
        raise BookError('bleed must be between 0 and 0.5in', path, lines.get('bleed'))
    press = check.choice('printer', settings['printer'], tuple(PRINTERS))
    return Book(
        folder=folder,
        title=check.text('title', mapping['title']),
        subtitle=check.text('subtitle', mapping['subtitle']) if mapping.get('subtitle') else None,
        authors=check.names('author', mapping['author']),
        contributors=check.contributors(mapping.get('contributors') or []),
        date=check.date('date', mapping['date']),
        lang=check.lang(mapping['lang']),
        publisher=check.text('publisher', mapping['publisher']),
        rights=check.text('rights', mapping['rights']),
        identifier=check.identifier(mapping['identifier']),
        description=check.text('description', mapping['description']),
        subjects=check.names('subjects', mapping['subjects']),
        chapters=check.names('chapters', mapping['chapters']),
        cover=check.text('cover', mapping['cover']) if mapping.get('cover') else None,
        trim=trim,
        bleed=bleed,
        printer=press,
        crop_marks=check.boolean('crop_marks', _default(settings['crop_marks'], PRINTERS[press].crop_marks)),
        font=check.text('font', settings['font']),
        code_font=check.text('code_font', settings['code_font']),
        note_numbering=check.choice('note_numbering', settings['note_numbering'], NOTE_NUMBERING),
        chapter_start=check.choice('chapter_start', settings['chapter_start'], CHAPTER_STARTS),
        page_multiple=check.choice('page_multiple', _default(settings['page_multiple'],
                                                             PRINTERS[press].page_multiple), PAGE_MULTIPLES),
        paper=check.choice('paper', settings['paper'], PAPERS),
        spine_per_page=check.spine(settings['spine_per_page']),
        limits=check.limits(settings['limits']),
        hyphenation=check.hyphenation(settings['hyphenation']),
        cover_color=check.match('cover_color', settings['cover_color'], COLOR_RE, 'a colour such as #7a1712'),
        accessibility_summary=(check.text('accessibility_summary', settings['accessibility_summary'])
                               if settings['accessibility_summary'] is not None else None),
        lines=lines,
    )


def isbn_digits(identifier):
    """The ISBN's digits (10 or 13, X for ten) if `identifier` is written as an ISBN, else None."""
    digits = re.sub(r'[ -]', '', identifier.removeprefix('urn:isbn:')).upper()
    return digits if NUMBER_RE.match(identifier) and len(digits) in (10, 13) else None


def isbn_problem(identifier):
    """What is wrong with an ISBN as written, or None: its length, or the check digit."""
    digits = re.sub(r'[ -]', '', identifier.removeprefix('urn:isbn:')).upper()
    if len(digits) not in (10, 13) or not digits[:-1].isdigit() or 'X' in digits[:-1]:
        return f'an ISBN has 10 or 13 digits; this has {len(digits)}'
    if len(digits) == 13:
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
        check = str((10 - total % 10) % 10)
    else:
        total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
        check = 'X' if (11 - total % 11) % 11 == 10 else str((11 - total % 11) % 11)
    if digits[-1] != check:
        return (f'the check digit is {digits[-1]}, but the digits before it give {check}; '
                'a digit is mistyped: compare the ISBN with its agency record')
    return None


def _default(value, default):
    return default if value is None else value


def _parse(path):
    text = read_text(path)
    if len(text) > MAX_METADATA:
        raise BookError(f'is {len(text):,} characters long; metadata.yaml holds a few keys, under '
                        f'{MAX_METADATA:,} characters: move long texts into the chapters', path)
    _refuse_aliases(text, path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        mapping = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, 'problem_mark', None)
        problem = getattr(error, 'problem', None) or 'not valid YAML'
        line = min(mark.line + 1, text.count('\n') or 1) if mark else None
        raise BookError(f'malformed YAML: {problem}; check the quotes, brackets and indentation',
                        path, line) from None
    except RecursionError:
        raise BookError('malformed YAML: nested too deeply', path) from None
    except ValueError as error:      # YAML-typed values such as an impossible date
        raise BookError(f'malformed value: {error}', path, _failing_line(root)) from None
    if not isinstance(mapping, dict):
        raise BookError('metadata.yaml must be a mapping of keys to values', path, 1)
    for key, _ in root.value:
        if key.tag != 'tag:yaml.org,2002:str':      # 1:, true:, null: or a merge
            raise BookError(f'{key.value!r} is not a key name such as title', path,
                            key.start_mark.line + 1)
    return mapping, _lines(root)


def _refuse_aliases(text, path):
    """YAML aliases let a few lines expand into gigabytes; metadata never needs them."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, 'anchor', None):
                raise BookError('uses a YAML anchor or alias (&name, *name); write each value out',
                                path, event.start_mark.line + 1)
    except yaml.YAMLError:
        return          # reported with its line when the file is loaded


def _lines(root):
    """The line of each top-level key, and of each item of a top-level list as (key, index)."""
    lines = {}
    for key, value in root.value:
        lines[key.value] = key.start_mark.line + 1
        if isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                lines[key.value, index] = item.start_mark.line + 1
    return lines


def _failing_line(root):
    """The line of the first top-level value YAML cannot construct."""
    for _, value in getattr(root, 'value', ()):
        try:
            yaml.SafeLoader('').construct_object(value, deep=True)
        except ValueError:
            return value.start_mark.line + 1
    return None


class _Checker:
    """Type checks for metadata values, each failing with the key's line."""

    def __init__(self, path, lines):
        self.path, self.lines = path, lines

    def fail(self, key, message):
        raise BookError(f'{key}: {message}', self.path, self.lines.get(key))

    def text(self, key, value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, 'must be a non-empty string')
        invalid = INVALID_CHARS_RE.search(value)
        if invalid:
            self.fail(key, f'holds the control character U+{ord(invalid[0]):04X}; delete it')
        if key not in MULTI_LINE and LINE_BREAK_RE.search(value.strip()):
            self.fail(key, 'holds a line break or tab; write it on one line')
        return value.strip()

    def contributors(self, value):
        if not isinstance(value, list):
            self.fail('contributors', 'must be a list of entries such as {name: "A. Name", role: translator}')
        found = []
        for entry in value:
            if not isinstance(entry, dict) or set(entry) != {'name', 'role'}:
                self.fail('contributors', f'{entry!r} is not an entry such as {{name: "A. Name", role: translator}}')
            if entry['role'] not in ROLES:
                self.fail('contributors', f'role {entry["role"]!r} is not one of {", ".join(ROLES)}')
            found.append((self.text('contributors', entry['name']), entry['role']))
        return tuple(found)

    def names(self, key, value):
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values:
            self.fail(key, 'must be a string or a non-empty list of strings')
        return tuple(self.text(key, item) for item in values)

    def date(self, key, value):
        if isinstance(value, datetime):
            self.fail(key, 'must be a date in the form YYYY-MM-DD, without a time')
        if not isinstance(value, Date):
            try:
                value = Date.fromisoformat(str(value))
            except ValueError:
                self.fail(key, f'{value!r} is not a date in the form YYYY-MM-DD')
        # EPUB and PDF dates are written with four-digit years.
        if value.year < 1000:
            self.fail(key, f'{value.isoformat()} needs a four-digit year')
        return value.isoformat()

    def match(self, key, value, pattern, what):
        value = self.text(key, value)
        if not pattern.match(value):
            self.fail(key, f'{value!r} is not {what}')
        return value

    def lang(self, value):
        value = self.match('lang', value, LANG_RE, 'a BCP 47 language tag such as en-US')
        subtags = value.split('-')
        if subtags[0] not in LANGUAGES:
            self.fail('lang', f'{subtags[0]!r} is not an ISO 639 language code; use one such as en or de')
        region = subtags[-1] if len(subtags) > 1 and not subtags[-1].istitle() else None
        if region and region not in REGIONS:
            self.fail('lang', f'{region!r} is not an ISO 3166 region code; use one such as US or GB')
        return value

    def trim(self, value):
        width, height = self.convert('trim_size', parse_trim, value)
        if min(width, height) < MIN_TRIM_SIDE:
            self.fail('trim_size', f'{value!r} leaves no room for text inside the page margins; '
                      'make each side at least 3in')
        if max(width, height) > MAX_TRIM_RATIO * min(width, height):
            self.fail('trim_size', f'{value!r} is a strip, not a page; '
                      f'neither side may be over {MAX_TRIM_RATIO} times the other')
        return width, height

    def identifier(self, value):
        value = self.text('identifier', value)
        if value.lower().startswith('urn:uuid:') and not UUID_RE.match(value):
            self.fail('identifier', f'{value!r} is not a UUID URN such as '
                      'urn:uuid:b7d112b3-0da0-4c9c-ab52-0d1ca41ce511')
        if NUMBER_RE.match(value) or value.lower().startswith('urn:isbn:'):
            problem = isbn_problem(value)
            if problem:
                self.fail('identifier', f'{value!r}: {problem}')
        elif not (UUID_RE.match(value) or URI_RE.match(value)):
            self.fail('identifier', f'{value!r} is neither an ISBN nor a URI (urn:uuid:…, https://…, doi:…, urn:…)')
        return value

    def limits(self, value):
        if not isinstance(value, dict) or set(value) - set(LIMITS):
            self.fail('limits', f'must be a mapping of {" and ".join(LIMITS)} to numbers')
        for key, number in value.items():
            if isinstance(number, bool) or not isinstance(number, int) or not 0 < number <= 1000 * LIMITS[key]:
                self.fail('limits', f'{key}: {number!r} is not a whole number from 1 to {1000 * LIMITS[key]}')
        return {**LIMITS, **value}

    def hyphenation(self, value):
        if not isinstance(value, dict) or set(value) - set(HYPHENATION):
            self.fail('hyphenation', f'must be a mapping of some of {", ".join(HYPHENATION)}')
        for key, setting in value.items():
            low, high = HYPHENATION_BOUNDS[key]
            if isinstance(high, bool):
                self.boolean(f'hyphenation: {key}', setting)
            elif isinstance(setting, bool) or not isinstance(setting, int) or not low <= setting <= high:
                self.fail('hyphenation', f'{key}: {setting!r} is not a whole number from {low} to {high}')
        return {**HYPHENATION, **value}

    def spine(self, value):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.001 <= value <= 0.01:
            self.fail('spine_per_page', f'{value!r} is not a paper thickness in inches a page, '
                      'such as 0.0025 (the printer\'s cover calculator gives it)')
        return float(value)

    def boolean(self, key, value):
        if not isinstance(value, bool):
            self.fail(key, 'must be true or false')
        return value

    def choice(self, key, value, choices):
        if isinstance(value, bool) or value not in choices:
            self.fail(key, f'{value!r} is not one of {", ".join(map(str, choices))}')
        return value

    def convert(self, key, parse, value):
        try:
            return parse(value)
        except ValueError as error:
            self.fail(key, str(error))
