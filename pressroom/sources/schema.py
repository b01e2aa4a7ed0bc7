"""What metadata.yaml may hold, as data: every key, its type, its bounds and its default,
written as a JSON Schema that jsonschema checks as a whole, so that every mistake is found
at once. `x-what` says, for a message, what a right value looks like."""

from ..printers import PRINTERS

PLACEHOLDER = '[to be written]'    # what a starter or an import leaves for the author to write

# A contributor's role: its MARC relator code (in the OPF); its credit on the title page and
# in the imprint is the label of the same name in the book's language (languages/).
ROLES = {
    'translator': ('trl',),
    'editor': ('edt',),
    'illustrator': ('ill',),
    'introduction': ('aui',),
    'foreword': ('aui',),
    'afterword': ('aft',),
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
    'theme': None,                   # a shared theme folder; the book's own styles/ comes first
    'bibliography': [],              # BibTeX, CSL JSON or CSL YAML files that [@key] citations cite
    'csl': None,                     # None: the Chicago notes style shipped in pressroom/csl/
    'bibliography_title': None,      # None: the CSL locale's word for the book's language
    'labels': {},                    # the book's own wording of labels the pipeline writes (languages/)
}

PAPERS = ('white', 'cream')
NOTE_NUMBERING = ('book', 'chapter')
CHAPTER_STARTS = ('right', 'any', 'continuous')
PAGE_MULTIPLES = (1, 2, 4, 8, 16)
# Bounds on the work one book can ask for, so that no input runs for ever; `limits:` in
# metadata.yaml raises them for a book that needs more (the README gives each).
LIMITS = {'chapter_mb': 5, 'word_length': 1000, 'notes': 5000, 'nesting': 60, 'chapters': 1000}
# How the PDFs hyphenate (typeset/paragraph.py): the shortest word broken, the fewest
# letters before and after the break, the most hyphenated lines in a row, whether
# capitalised words may be broken, and the hyphenation zone (per cent of the measure)
# where WeasyPrint still breaks lines itself (text in a script written without spaces).
HYPHENATION = {'word': 6, 'before': 3, 'after': 3, 'consecutive': 2, 'zone': 12, 'capitalised': False}
HYPHENATION_BOUNDS = {'word': (2, 40), 'before': (1, 20), 'after': (1, 20), 'consecutive': (1, 10),
                      'zone': (0, 50), 'capitalised': (False, True)}
COLOR_PATTERN = '^#[0-9a-fA-F]{6}$'

# pandoc's names for keys pressroom names otherwise: a book written for pandoc loads as it is.
ALIASES = {'subject': 'subjects', 'cover-image': 'cover', 'reference-section-title': 'bibliography_title'}


def _text(what='a non-empty string', one_line=True):
    return {'type': ['string', 'number'], 'format': 'line' if one_line else 'text', 'x-what': what}


def _names(what):
    # A single string is made a list of one before the check (metadata._normalised).
    return {'type': 'array', 'minItems': 1, 'items': _text(), 'x-what': what}


def _choice(choices, kind='string'):
    return {'type': kind, 'enum': list(choices), 'x-what': f'one of {", ".join(map(str, choices))}'}


def _whole(low, high):
    return {'type': 'integer', 'minimum': low, 'maximum': high, 'x-what': f'a whole number from {low} to {high}'}


NAMES_WHAT = 'a string or a non-empty list of strings'
CONTRIBUTOR = 'an entry such as {name: "A. Name", role: translator}'

SCHEMA = {
    '$schema': 'https://json-schema.org/draft/2020-12/schema',
    'type': 'object',
    'required': ['title', 'author', 'date', 'lang', 'publisher', 'rights', 'identifier', 'description',
                 'subjects', 'chapters'],
    'additionalProperties': False,
    'properties': {
        'title': _text(),
        'subtitle': _text(),
        'author': _names(NAMES_WHAT),
        'contributors': {
            'type': 'array', 'x-what': 'a list of entries such as {name: "A. Name", role: translator}',
            'items': {'type': 'object', 'required': ['name', 'role'], 'additionalProperties': False,
                      'x-what': CONTRIBUTOR,
                      'properties': {'name': _text(), 'role': _choice(ROLES)}}},
        'date': {'type': 'string', 'format': 'book-date', 'x-what': 'a date in the form YYYY-MM-DD'},
        'lang': {'type': 'string', 'format': 'bcp47', 'x-what': 'a BCP 47 language tag such as en-US'},
        'publisher': _text(),
        'rights': _text(one_line=False),
        'identifier': {'type': 'string', 'format': 'identifier',
                       'x-what': 'an ISBN or a URI (urn:uuid:…, https://…, doi:…, urn:…)'},
        'description': _text(one_line=False),
        'subjects': _names(NAMES_WHAT),
        'chapters': _names('a chapter file or a non-empty list of them, relative to the book folder'),
        'cover': _text('an image file, relative to the book folder'),
        'trim_size': {'type': 'string', 'format': 'trim-size', 'x-what': 'a trim size such as 5.5in x 8.5in or A5'},
        'bleed': {'type': 'string', 'format': 'bleed', 'x-what': 'a length such as 0.125in or 3mm'},
        'printer': _choice(PRINTERS),
        'crop_marks': {'type': 'boolean', 'x-what': 'true or false'},
        'font': _text(),
        'code_font': _text(),
        'note_numbering': _choice(NOTE_NUMBERING),
        'chapter_start': _choice(CHAPTER_STARTS),
        'page_multiple': _choice(PAGE_MULTIPLES, 'integer'),
        'paper': _choice(PAPERS),
        'spine_per_page': {'type': 'number', 'minimum': 0.001, 'maximum': 0.01,
                           'x-what': "a paper thickness in inches a page, such as 0.0025 (the printer's "
                                     'cover calculator gives it)'},
        'limits': {'type': 'object', 'additionalProperties': False,
                   'x-what': f'a mapping of some of {", ".join(LIMITS)} to numbers',
                   'properties': {key: _whole(1, 1000 * value) for key, value in LIMITS.items()}},
        'hyphenation': {'type': 'object', 'additionalProperties': False,
                        'x-what': f'a mapping of some of {", ".join(HYPHENATION)}',
                        'properties': {key: {'type': 'boolean', 'x-what': 'true or false'} if isinstance(high, bool)
                                       else _whole(low, high) for key, (low, high) in HYPHENATION_BOUNDS.items()}},
        'cover_color': {'type': 'string', 'pattern': COLOR_PATTERN, 'x-what': 'a colour such as #7a1712'},
        'accessibility_summary': _text(one_line=False),
        'theme': _text('a folder of stylesheets, relative to the book folder'),
        'labels': {'type': 'object', 'additionalProperties': _text(),
                   'x-what': 'a mapping of labels (the README lists them) to text'},
        'bibliography': _names('a bibliography file (.bib, .json, .yaml) or a list of them'),
        'csl': _text('a CSL style file (.csl), relative to the book folder'),
        'bibliography_title': _text(),
    },
}

KEYS = tuple(SCHEMA['properties'])
MULTI_LINE = tuple(key for key, node in SCHEMA['properties'].items() if node.get('format') == 'text')
