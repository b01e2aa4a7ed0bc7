"""The formats of values SCHEMA (sources/schema.py) names, checked for jsonschema: text on
one line, dates, language tags, identifiers (an ISBN's check digit among them), trim sizes
and bleeds. Each failure says what is wrong in the words a message shows."""

import re
from datetime import date as Date

import jsonschema

from ..units import parse_length, parse_trim
from .files import INVALID_CHARS_RE
from .languages import LANGUAGES, REGIONS

LANG_RE = re.compile(r'^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$')
NUMBER_RE = re.compile(r'^(urn:isbn:)?[0-9][0-9 -]*[0-9Xx]$')      # an ISBN, as written
UUID_RE = re.compile(r'^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
# Other identifiers a book may have: a URL (Standard Ebooks' books), a DOI, any URN.
URI_RE = re.compile(r'^(https?://[^\s/]+\.[^\s]+|doi:10\.[0-9]{4,}/\S+|urn:[a-z0-9][a-z0-9-]{0,31}:\S+)$', re.I)
DATE_RE = re.compile(r'^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
LINE_BREAK_RE = re.compile('[\r\n\t\x85\u2028\u2029]')
MIN_TRIM_SIDE = 3 * 72      # points; smaller pages leave no room for text inside pdf.css's margins
MAX_TRIM_RATIO = 3          # a page taller (or wider) than this many times its other side is no book


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
