"""Load and check `metadata.yaml`: the book's description and its output settings.

The file is read as YAML (a fault named at the line where it begins), pandoc's key names
are taken as ours, and the whole is checked against SCHEMA (sources/schema.py) by
jsonschema, so every mistake is reported at once: one line each, with its line and key.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

import jsonschema
import yaml

from ..errors import BookError, raise_all
from ..printers import PRINTERS
from ..units import parse_length, parse_trim
from .files import INVALID_CHARS_RE, read_text
from .languages import LANGUAGES, REGIONS
from .schema import ALIASES, CHAPTER_STARTS, HYPHENATION, LIMITS, PLACEHOLDER, ROLES, SCHEMA, SETTINGS

__all__ = ['Book', 'load_book', 'slugify', 'isbn_digits', 'isbn_problem', 'CHAPTER_STARTS', 'HYPHENATION',
           'LIMITS', 'ROLES', 'SETTINGS', 'PLACEHOLDER']

LANG_RE = re.compile(r'^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$')
NUMBER_RE = re.compile(r'^(urn:isbn:)?[0-9][0-9 -]*[0-9Xx]$')      # an ISBN, as written
UUID_RE = re.compile(r'^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
# Other identifiers a book may have: a URL (Standard Ebooks' books), a DOI, any URN.
URI_RE = re.compile(r'^(https?://[^\s/]+\.[^\s]+|doi:10\.[0-9]{4,}/\S+|urn:[a-z0-9][a-z0-9-]{0,31}:\S+)$', re.I)
DATE_RE = re.compile(r'^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
LINE_BREAK_RE = re.compile('[\r\n\t\x85\u2028\u2029]')
MAX_METADATA = 100_000     # characters
MIN_TRIM_SIDE = 3 * 72      # points; smaller pages leave no room for text inside pdf.css's margins
MAX_TRIM_RATIO = 3          # a page taller (or wider) than this many times its other side is no book
UNKNOWN = '; see the README for the keys a book may set'
PLACEHOLDER_KEYS = ('title', 'subtitle', 'author', 'publisher', 'rights', 'description', 'subjects')


@dataclass(frozen=True)
class Book:
    """Everything the later stages need to know about a book, as plain values."""
    folder: Path
    title: str               # a placeholder title is replaced by the folder's name
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
    theme: Path | None = None            # the shared theme folder, resolved
    bibliography: tuple = ()             # bibliography files, relative to the folder
    csl: str | None = None               # the citation style file, relative to the folder
    bibliography_title: str | None = None
    # (key, line) of each value still holding the starter's placeholder, for lint and --strict
    placeholders: tuple = field(default=(), compare=False)
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


def slugify(text):
    slug = re.sub(r'[^a-z0-9]+', '-', text.lower()).strip('-')
    return slug or 'book'


def load_book(folder):
    """Read `folder/metadata.yaml` into a Book, or raise BookError (BookErrors for several),
    each naming its line."""
    folder = Path(folder).resolve()
    path = folder / 'metadata.yaml'
    if not path.is_file():
        raise BookError('no metadata.yaml here; a book folder needs one (give another with --book)', folder)
    if not path.resolve().is_relative_to(folder):
        raise BookError('links to a file outside the book folder; copy the file in instead', path)
    mapping, lines, problems = _parse(path)
    problems += _normalised(mapping, lines)
    problems += _schema_problems(mapping, lines)
    theme = _theme(folder, mapping, lines, problems)
    raise_all([BookError(message, path, line) for line, message in
               sorted(problems, key=lambda problem: problem[0] or float('inf'))])
    settings = {**SETTINGS, **{key: value for key, value in mapping.items() if key in SETTINGS}}
    press = settings['printer']
    found = _placeholders(mapping, lines)
    text = {key: _text(mapping[key]) if mapping.get(key) is not None else None
            for key in ('title', 'subtitle', 'publisher', 'rights', 'description', 'cover', 'font', 'code_font',
                        'accessibility_summary', 'csl', 'bibliography_title')}
    text.update({key: settings[key] for key in ('font', 'code_font') if key not in mapping})
    placeholder_keys = {key for key, _ in found}
    return Book(
        folder=folder,
        title=folder.name if 'title' in placeholder_keys else text['title'],
        subtitle=None if 'subtitle' in placeholder_keys else text['subtitle'],
        authors=tuple(_text(name) for name in mapping['author'] if PLACEHOLDER not in str(name)),
        contributors=tuple((_text(entry['name']), entry['role']) for entry in mapping.get('contributors') or ()),
        date=mapping['date'],
        lang=mapping['lang'],
        publisher=text['publisher'],
        rights=text['rights'],
        identifier=mapping['identifier'].strip(),
        description=text['description'],
        subjects=tuple(map(_text, mapping['subjects'])),
        chapters=tuple(map(_text, mapping['chapters'])),
        cover=text['cover'],
        trim=parse_trim(settings['trim_size']),
        bleed=parse_length(settings['bleed']),
        printer=press,
        crop_marks=_default(settings['crop_marks'], PRINTERS[press].crop_marks),
        font=text['font'],
        code_font=text['code_font'],
        note_numbering=settings['note_numbering'],
        chapter_start=settings['chapter_start'],
        page_multiple=_default(settings['page_multiple'], PRINTERS[press].page_multiple),
        paper=settings['paper'],
        spine_per_page=None if settings['spine_per_page'] is None else float(settings['spine_per_page']),
        limits={**LIMITS, **settings['limits']},
        hyphenation={**HYPHENATION, **settings['hyphenation']},
        cover_color=settings['cover_color'],
        accessibility_summary=text['accessibility_summary'],
        theme=theme,
        bibliography=tuple(map(_text, settings['bibliography'])),
        csl=text['csl'],
        bibliography_title=text['bibliography_title'],
        placeholders=found,
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


def _text(value):
    return str(value).strip()


# --- reading the YAML ----------------------------------------------------------------

class _Loader(yaml.SafeLoader):
    """YAML as metadata.yaml is written: dates stay text, for the schema to check with
    their line (PyYAML would fail on `2025-02-30` before any check could name it)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != 'tag:yaml.org,2002:timestamp']
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _parse(path):
    """(mapping, lines, problems): the top-level mapping, the line of every key and item
    (see _lines), and the keys given twice."""
    text = read_text(path)
    if len(text) > MAX_METADATA:
        raise BookError(f'is {len(text):,} characters long; metadata.yaml holds a few keys, under '
                        f'{MAX_METADATA:,} characters: move long texts into the chapters', path)
    _refuse_aliases(text, path)
    try:
        root = yaml.compose(text, Loader=_Loader)
        mapping = yaml.load(text, Loader=_Loader)      # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        line, message = _yaml_fault(error, text)
        raise BookError(f'malformed YAML: {message}', path, line) from None
    except RecursionError:
        raise BookError('malformed YAML: nested too deeply', path) from None
    except ValueError as error:      # a YAML-typed value it cannot make, such as !!int x
        raise BookError(f'malformed value: {error}', path, _failing_line(root)) from None
    if not isinstance(mapping, dict):
        raise BookError('metadata.yaml must be a mapping of keys to values', path, 1)
    problems, seen = [], {}
    for key, _ in root.value:
        line = key.start_mark.line + 1
        if key.tag != 'tag:yaml.org,2002:str':      # 1:, true:, null: or a merge
            raise BookError(f'{key.value!r} is not a key name such as title', path, line)
        if key.value in seen:
            problems.append((line, f'{key.value}: given twice (first at line {seen[key.value]}); keep one'))
        seen.setdefault(key.value, line)
    return mapping, _lines(root), problems


def _yaml_fault(error, text):
    """(line, message) for a YAML error, at the line where the fault begins: the quote or
    bracket left open, not the end of the file where PyYAML noticed."""
    problem = getattr(error, 'problem', None) or 'not valid YAML'
    context = getattr(error, 'context', None) or ''
    mark, opened = getattr(error, 'problem_mark', None), getattr(error, 'context_mark', None)
    last = text.count('\n') or 1
    at = min(mark.line + 1, last) if mark else None
    began = opened.line + 1 if opened else at
    if "'\\t'" in problem:
        return at, 'a tab; YAML indents with spaces only: replace the tab with spaces'
    if 'quoted scalar' in context and 'end of stream' in problem:
        return began, 'the quotation mark opened here is never closed; close it on this line'
    if 'flow sequence' in context or 'flow mapping' in context:
        bracket = '[' if 'sequence' in context else '{'
        return began, f'the "{bracket}" opened here is not closed where the value ends; close it'
    if 'simple key' in context:
        return began, 'a line that is not `key: value`; add the colon, or join it to the line above'
    if problem == 'mapping values are not allowed here':
        return at, 'a colon and a space inside a value; put the value in quotes, as in title: "A: B"'
    if 'block end' in problem:
        return at, 'indented differently from the lines before it; indent items of one list alike'
    return at, f'{problem}; check the quotes, brackets and indentation'


def _refuse_aliases(text, path):
    """YAML aliases let a few lines expand into gigabytes; metadata never needs them."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, 'anchor', None):
                raise BookError('uses a YAML anchor or alias (&name, *name); write each value out',
                                path, event.start_mark.line + 1)
    except yaml.YAMLError:
        return          # reported with its line when the file is loaded


def _lines(node, path=()):
    """The line of each key (and of each list item) at any depth: {path: line}, a path
    being the top-level key alone, or a tuple of keys and indexes; a top-level list's
    items are also under (key, index)."""
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, key.value)
            lines.setdefault(here[0] if len(here) == 1 else here, key.start_mark.line + 1)
            lines.update(_lines(value, here))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            lines.update(_lines(item, (*path, index)))
    return lines


def _failing_line(root):
    """The line of the first top-level value YAML cannot construct."""
    for _, value in getattr(root, 'value', ()):
        try:
            _Loader('').construct_object(value, deep=True)
        except ValueError:
            return value.start_mark.line + 1
    return None


# --- checking it as a whole -------------------------------------------------------------

def _normalised(mapping, lines):
    """pandoc's key names made ours, and values written the short way made the long one (a
    name for a list of one); the problems found doing so, as (line, message)."""
    problems = []
    for alias, key in ALIASES.items():
        if alias in mapping and key in mapping:
            problems.append((lines.get(alias), f'{alias}: pandoc\'s name for {key}, which is given too; keep one'))
        elif alias in mapping:
            mapping[key] = mapping.pop(alias)
            for where in [where for where in lines if where == alias or isinstance(where, tuple) and where[0] == alias]:
                lines[key if where == alias else (key, *where[1:])] = lines[where]
    author = mapping.get('author')
    if isinstance(author, dict) or isinstance(author, list) and any(isinstance(item, dict) for item in author):
        # pandoc's `author: [{name: …, affiliation: …}]`
        mapping['author'] = [item.get('name') if isinstance(item, dict) else item
                             for item in (author if isinstance(author, list) else [author])]
    for key, node in SCHEMA['properties'].items():
        if node.get('type') == 'array' and isinstance(mapping.get(key), (str, int, float)) \
                and not isinstance(mapping[key], bool):
            mapping[key] = [mapping[key]]
            lines.setdefault((key, 0), lines.get(key))
    return problems


def _schema_problems(mapping, lines):
    """(line, `key: what is wrong`) for every way `mapping` breaks SCHEMA: a missing or
    unknown key each, and the first fault of each value."""
    problems, seen = [], set()
    for error in VALIDATOR.iter_errors(mapping):
        where = tuple(error.absolute_path)
        if error.validator not in ('required', 'additionalProperties'):
            if where in seen:
                continue
            seen.add(where)
        keys = ': '.join(str(part) for part in where if isinstance(part, str))
        problems.extend((_line_of(lines, where, name), text) for name, text in _messages(error, keys))
    return problems


def _messages(error, keys):
    """[(the key it is about, if not the value's own, and one line)] for a jsonschema error."""
    what, value = _what(error), error.instance
    prefix = f'{keys}: ' if keys else ''
    if error.validator == 'required':
        name = error.message.split("'")[1]
        if any(_closest(key, [name]) for key in value if key not in error.schema.get('properties', ())):
            return []       # misspelt: the unknown key's line says so
        return [(None, f'{prefix}missing required key {name!r}; add it (the README lists what each key holds)')]
    if error.validator == 'additionalProperties':
        known = list(error.schema.get('properties', ())) + (list(ALIASES) if not keys else [])
        return [(key, f'{prefix}unknown key {key!r}{_suggestion(key, known, UNKNOWN)}')
                for key in value if key not in error.schema.get('properties', ())]
    if error.validator == 'format' and error.cause:
        return [(None, f'{prefix}{error.cause}')]
    if error.validator == 'enum':
        choices = [str(choice) for choice in error.validator_value]
        return [(None, f'{prefix}{value!r} is not one of {", ".join(choices)}{_suggestion(str(value), choices)}')]
    if error.validator in ('type', 'minItems'):
        return [(None, f'{prefix}must be {what}')]
    return [(None, f'{prefix}{value!r} is not {what}')]


def _what(error):
    """The schema's word for what a right value looks like, from the node that failed up."""
    for schema in (error.schema, *(getattr(parent, 'schema', {}) for parent in _parents(error))):
        if isinstance(schema, dict) and 'x-what' in schema:
            return schema['x-what']
    return 'a value the README describes'


def _parents(error):
    while error.parent is not None:
        error = error.parent
        yield error


def _suggestion(word, known, otherwise=''):
    close = _closest(word, known)
    return f'; did you mean {close!r}?' if close else otherwise


def _closest(word, known):
    close = difflib.get_close_matches(str(word).lower(), known, n=1, cutoff=0.6)
    return close[0] if close else None


def _line_of(lines, where, name=None):
    """The line of the value at `where` (of its key `name` if given), or of the nearest above it."""
    path = (*where, name) if name else where
    while path:
        line = lines.get(path[0] if len(path) == 1 else tuple(path))
        if line:
            return line
        path = path[:-1]
    return None


def _theme(folder, mapping, lines, problems):
    """The shared theme folder, resolved; a problem if it is not a folder."""
    if not isinstance(mapping.get('theme'), str):
        return None
    theme = (folder / mapping['theme'].strip()).resolve()
    if not theme.is_dir():
        problems.append((lines.get('theme'), f'theme: {mapping["theme"]!r} is not a folder; give the folder '
                                             'of the theme\'s stylesheets, relative to the book folder'))
    return theme


def _placeholders(mapping, lines):
    """(key, line) of each value that still holds the placeholder."""
    found = []
    for key in PLACEHOLDER_KEYS:
        values = mapping.get(key)
        values = values if isinstance(values, list) else [values]
        if any(PLACEHOLDER in str(value) for value in values if value is not None):
            found.append((key, lines.get(key)))
    return tuple(found)


# --- the formats the schema names -----------------------------------------------------------

FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks('line', raises=ValueError)
def _one_line(value):
    return _checked_text(value, one_line=True)


@FORMATS.checks('text', raises=ValueError)
def _any_text(value):
    return _checked_text(value, one_line=False)


def _checked_text(value, one_line):
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return True                 # the type check names it
    value = str(value)
    if not value.strip():
        raise ValueError('must be a non-empty string')
    invalid = INVALID_CHARS_RE.search(value)
    if invalid:
        raise ValueError(f'holds the control character U+{ord(invalid[0]):04X}; delete it')
    if one_line and LINE_BREAK_RE.search(value.strip()):
        raise ValueError('holds a line break or tab; write it on one line')
    return True


@FORMATS.checks('book-date', raises=ValueError)
def _date(value):
    if not DATE_RE.match(value.strip()):
        raise ValueError(f'{value!r} is not a date in the form YYYY-MM-DD')
    try:
        day = Date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f'{value!r} is not a date in the form YYYY-MM-DD') from None
    if day.year < 1000:     # EPUB and PDF dates are written with four-digit years
        raise ValueError(f'{day.isoformat()} needs a four-digit year')
    return True


@FORMATS.checks('bcp47', raises=ValueError)
def _lang(value):
    if not LANG_RE.match(value):
        raise ValueError(f'{value!r} is not a BCP 47 language tag such as en-US')
    subtags = value.split('-')
    if subtags[0] not in LANGUAGES:
        raise ValueError(f'{subtags[0]!r} is not an ISO 639 language code; use one such as en or de')
    region = subtags[-1] if len(subtags) > 1 and not subtags[-1].istitle() else None
    if region and region not in REGIONS:
        raise ValueError(f'{region!r} is not an ISO 3166 region code; use one such as US or GB')
    return True


@FORMATS.checks('identifier', raises=ValueError)
def _identifier(value):
    value = value.strip()
    if value.lower().startswith('urn:uuid:') and not UUID_RE.match(value):
        raise ValueError(f'{value!r} is not a UUID URN such as urn:uuid:b7d112b3-0da0-4c9c-ab52-0d1ca41ce511')
    if NUMBER_RE.match(value) or value.lower().startswith('urn:isbn:'):
        problem = isbn_problem(value)
        if problem:
            raise ValueError(f'{value!r}: {problem}')
    elif not (UUID_RE.match(value) or URI_RE.match(value)):
        raise ValueError(f'{value!r} is neither an ISBN nor a URI (urn:uuid:…, https://…, doi:…, urn:…)')
    return True


@FORMATS.checks('trim-size', raises=ValueError)
def _trim(value):
    width, height = parse_trim(value)
    if min(width, height) < MIN_TRIM_SIDE:
        raise ValueError(f'{value!r} leaves no room for text inside the page margins; make each side at least 3in')
    if max(width, height) > MAX_TRIM_RATIO * min(width, height):
        raise ValueError(f'{value!r} is a strip, not a page; neither side may be over {MAX_TRIM_RATIO} times the other')
    return True


@FORMATS.checks('bleed', raises=ValueError)
def _bleed(value):
    if not 0 <= parse_length(value) <= 36:
        raise ValueError(f'{value!r} must be between 0 and 0.5in')
    return True


VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=FORMATS)
