"""Language profiles: what a book in each language needs the pipeline to know, as data.

One module a language (`en.py`, `de.py`, ...), each holding a `LANGUAGE`: the labels the
pipeline writes into a book (contents, imprint, cover text, navigation, accessibility
summary), its quotation marks at each nesting level, the no-break spaces its typography
wants, hyphenation defaults, how small capitals are set, its writing direction, and how
its letters are written in file names. Every stage asks here, by the book's `lang` tag;
a book overrides any label with `labels:` in metadata.yaml.
"""

import importlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache

# The profiles there are. A language without one gets English labels (and a warning from
# the metadata check), but its direction, hyphenation and quotation marks stay neutral.
CODES = ('en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'ru', 'uk', 'tr', 'el', 'ar', 'fa', 'he', 'hi',
         'ta', 'si')
# Languages written right to left, whether or not they have a profile.
RIGHT_TO_LEFT = frozenset('ar arc ckb dv fa he ku ps sd syr ug ur yi'.split())


@dataclass(frozen=True)
class Language:
    code: str
    name: str                      # in English, for messages
    labels: dict                   # every key of en.LANGUAGE.labels, in this language
    months: tuple                  # as a date is written: '7 December 2026', '7 декабря 2026'
    quotes: tuple | None           # (open, close) at each nesting level; None: as the author typed them
    short_months: tuple = ()       # abbreviated, as text may write them: Oct. 1
    quote_space: str = ''          # set inside quotation marks (French: a narrow no-break space)
    punctuation_space: dict = field(default_factory=dict)    # mark: the no-break space before it
    numbered: tuple = ()           # abbreviations a number follows on the same line: S. 45, с. 12
    titled: tuple = ()             # abbreviations the next word follows on the same line: Dr. Müller
    units: tuple = ()              # abbreviations after a number, kept with it: 1917 г.
    bound: tuple = ()              # short words that never end a line: в, с, w, z
    hyphenation: dict = field(default_factory=dict)          # defaults for metadata `hyphenation`
    direction: str = 'ltr'
    script: str = 'Latn'           # ISO 15924: the script it is written in (assets/scripts.py)
    small_caps: str = 'keep'       # 'no-accents': small capitals drop their accents (Greek)
    transliteration: dict = field(default_factory=dict)      # letters in file names and ids
    comma: str = ', '              # between the names of a list
    first_day: str = ''            # the first day of a month, if written otherwise: 1er
    regions: dict = field(default_factory=dict)              # region subtag: fields it changes


@cache
def language(tag):
    """The profile for a BCP 47 tag (`de-AT` is `de`, with Austria's changes if any), or
    None for a language without one."""
    code, *rest = tag.split('-') if tag else ('',)
    if code not in CODES:
        return None
    found = importlib.import_module(f'{__name__}.{code}').LANGUAGE
    region = next((part for part in rest if part.isupper() or part.isdigit()), None)
    return replace(found, **found.regions[region]) if region in found.regions else found


def profile(tag):
    """The profile for `tag`, or English's labels and neutral rules for a language without one."""
    found = language(tag)
    if found is not None:
        return found
    english = language('en')
    code = (tag or 'und').split('-')[0]
    return replace(english, code=code, name=code, quotes=None, numbered=(), titled=(), units=(),
                   direction='rtl' if code in RIGHT_TO_LEFT else 'ltr', transliteration={}, script='Zyyy')


def label(tag, key, overrides=None, **fields):
    """The label `key` in the language of `tag`, its `{fields}` filled in; `overrides` are
    the book's own labels (metadata `labels:`). The one reading of a label, for every stage."""
    text = (overrides or {}).get(key) or profile(tag).labels[key]
    return text.format(**fields) if fields else text


def book_label(book, key, **fields):
    """label() for a Book, with its own labels first."""
    return label(book.lang, key, book.labels, **fields)


def names(book, people):
    """A list of names as the book's language writes it: 'A and B', 'A, B, C'."""
    people = list(people)
    if len(people) == 2:
        return book_label(book, 'and', first=people[0], second=people[1])
    return profile(book.lang).comma.join(people)


def long_date(book, iso):
    """An ISO date written out in the book's language: 7 December 2026, 7. Dezember 2026."""
    year, month, day = (int(part) for part in iso.split('-'))
    found = profile(book.lang)
    written = found.first_day if day == 1 and found.first_day else str(day)
    return book_label(book, 'date', day=written, month=found.months[month - 1], year=year)


def direction(tag):
    """'rtl' or 'ltr': how text in the language of `tag` runs."""
    return profile(tag).direction


def slug(text, tag=None):
    """`text` as a file name or id: lower-case ASCII words joined by hyphens, the letters of
    other scripts transliterated (by the language's table, then anyascii's), or '' if none."""
    from anyascii import anyascii
    table = profile(tag).transliteration if tag else {}
    text = ''.join(table.get(char, table.get(char.lower(), char)) for char in unicodedata.normalize('NFC', text))
    return re.sub(r'[^a-z0-9]+', '-', anyascii(text).lower()).strip('-')


def label_keys():
    """Every label a book may set in metadata.yaml, with the fields each takes."""
    return {key: set(re.findall(r'{(\w+)}', text)) for key, text in language('en').labels.items()}


def page_css(book):
    """What the pages of `book` add to pdf.css, by its language: styles/pdf-rtl.css
    for a language written right to left, else nothing."""
    from ..paths import stylesheet
    return stylesheet('pdf-rtl.css', book).read_text(encoding='utf-8') if direction(book.lang) == 'rtl' else ''


# Marks a capital does not carry in a language whose small capitals drop their accents
# (Greek: tonos, grave, circumflex, breathings and iota subscript; the diaeresis stays).
CAPITAL_DROPS = frozenset('\u0300\u0301\u0313\u0314\u0342\u0345')
SMALL_CAPS_RE = re.compile(r'(^|\s)(all-)?small-caps(\s|$)')


def small_caps(root, tag, names, book):
    """Text that the stylesheets `names` (of styles/) set in small capitals, in a language
    whose small capitals drop their accents (`small_caps: no-accents`), written without
    them in `root`, as a typesetter sets Greek capitals: ΘΟΥΚΥΔΙΔΗ, not ΘΟΥΚΥΔΊΔΗ. A face
    draws the accents of its small capitals, so the letters must go without them."""
    from ..transforms.typography import language_of

    def drops(element):
        return profile(language_of(element, tag)).small_caps == 'no-accents'
    if not any(profile(found).small_caps == 'no-accents' for found in {tag, *root.xpath('//@lang')}):
        return
    for element in _small_caps_elements(root, names, book):
        for node in element.iter():
            if isinstance(node.tag, str) and node.text and drops(node):
                node.text = _without_accents(node.text)
            if isinstance(node.tag, str) and node is not element and node.tail and drops(node.getparent()):
                node.tail = _without_accents(node.tail)


def _without_accents(text):
    return unicodedata.normalize('NFC', ''.join(char for char in unicodedata.normalize('NFD', text)
                                                if char not in CAPITAL_DROPS))


def _small_caps_elements(root, names, book):
    """The elements of `root` that a rule of the book's stylesheets `names` sets in small capitals."""
    import cssselect2
    import tinycss2

    from ..paths import stylesheet
    selectors = []
    for name in names:
        for rule in tinycss2.parse_stylesheet(stylesheet(name, book).read_text(encoding='utf-8'), True, True):
            if rule.type != 'qualified-rule':
                continue
            for item in tinycss2.parse_blocks_contents(rule.content, True, True):
                if (item.type == 'declaration' and item.lower_name in ('font-variant', 'font-variant-caps')
                        and SMALL_CAPS_RE.search(tinycss2.serialize(item.value).strip())):
                    selectors.append(tinycss2.serialize(rule.prelude))
    if not selectors:
        return []
    matcher = cssselect2.Matcher()
    for selector in cssselect2.compile_selector_list(','.join(selectors)):
        matcher.add_selector(selector, None)
    return [wrapper.etree_element for wrapper in cssselect2.ElementWrapper.from_html_root(root).iter_subtree()
            if matcher.match(wrapper)]
