"""Load and check `metadata.yaml`: the book's description and its output settings.

The file is read as YAML (a fault named at the line where it begins), pandoc's key names
are taken as ours, and the whole is checked against SCHEMA (sources/schema.py) by
jsonschema, so every mistake is reported at once: one line each, with its line and key.
"""

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema

from .. import languages
from ..errors import BookError, raise_all
from ..printers import PRINTERS
from ..units import parse_length, parse_trim
from .formats import FORMATS, LANG_RE, URI_RE, UUID_RE, isbn_digits, isbn_problem
from .schema import ALIASES, CHAPTER_STARTS, HYPHENATION, LIMITS, PLACEHOLDER, ROLES, SCHEMA, SETTINGS
from .yamlfile import read_mapping

__all__ = ['Book', 'load_book', 'slugify', 'isbn_digits', 'isbn_problem', 'LANG_RE', 'URI_RE', 'UUID_RE',
           'CHAPTER_STARTS', 'HYPHENATION', 'LIMITS', 'ROLES', 'SETTINGS', 'PLACEHOLDER']

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
    labels: dict = field(default_factory=dict)   # label key: the book's own text, over its language's
    # (key, line) of each value still holding the starter's placeholder, for lint and --strict
    placeholders: tuple = field(default=(), compare=False)
    # metadata.yaml line of each key, and of each list item as (key, index); for later messages
    lines: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def slug(self):
        return slugify(self.title, self.lang)

    @property
    def build_dir(self):
        return self.folder / 'build'

    @property
    def author_line(self):
        return languages.names(self, self.authors)

    @property
    def credits(self):
        """'Translated by A. Name' and the like in the book's language, one for each role, in the
        order of ROLES."""
        lines = []
        for role in ROLES:
            names = [name for name, given in self.contributors if given == role]
            if names:
                lines.append(languages.book_label(self, role, names=languages.names(self, names)))
        return lines

    def line(self, key, index=None):
        """The line of `key` in metadata.yaml (of its `index`th list item if given), or None."""
        return self.lines.get((key, index)) or self.lines.get(key)


SLUG_MAX = 80       # characters: output names (with their suffixes and the temporary names of writes) stay short


def slugify(text, lang=None):
    """`text` as a file name: ASCII words joined by hyphens, other scripts transliterated,
    cut at a word to SLUG_MAX, as a long title's first words name it."""
    slug = languages.slug(text, lang)
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX + 1].rsplit('-', 1)[0] if '-' in slug[:SLUG_MAX + 1] else slug[:SLUG_MAX]
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
    mapping, lines, problems = read_mapping(path)
    problems += _normalised(mapping, lines)
    problems += _schema_problems(mapping, lines)
    problems += _label_problems(mapping, lines)
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
        # the book's own settings over its language's defaults over HYPHENATION
        hyphenation={**HYPHENATION, **languages.profile(mapping['lang']).hyphenation, **settings['hyphenation']},
        cover_color=settings['cover_color'],
        accessibility_summary=text['accessibility_summary'],
        theme=theme,
        bibliography=tuple(map(_text, settings['bibliography'])),
        csl=text['csl'],
        bibliography_title=text['bibliography_title'],
        labels={key: _text(value) for key, value in settings['labels'].items()},
        placeholders=found,
        lines=lines,
    )


def _default(value, default):
    return default if value is None else value


def _text(value):
    return str(value).strip()


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


def _label_problems(mapping, lines):
    """(line, message) for each label a book sets that no language has, or whose text uses
    other {fields} than the label's."""
    labels = mapping.get('labels')
    if not isinstance(labels, dict):
        return []
    fields, problems = languages.label_keys(), []
    for key, text in labels.items():
        if key not in fields:
            problems.append((_line_of(lines, ('labels', key)), f'labels: unknown label {key!r}'
                             f'{_suggestion(key, list(fields), "; see the README for the labels a book may set")}'))
            continue
        try:
            str(text).format(**dict.fromkeys(fields[key], ''))
        except (KeyError, ValueError, IndexError):
            allowed = ', '.join(f'{{{name}}}' for name in sorted(fields[key])) or 'no {…} fields'
            problems.append((_line_of(lines, ('labels', key)),
                             f'labels: {key}: {str(text)!r} may use only {allowed} (write a brace as {{{{ or }}}})'))
    return problems


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


VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=FORMATS)
