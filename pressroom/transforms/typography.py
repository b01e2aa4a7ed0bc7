"""Typographic refinements pandoc's `smart` extension leaves undone, as each language sets them.

pandoc curls apostrophes and makes dashes and ellipses; its quotations arrive as spans
(`q-double`, `q-single`: transforms/quotes.lua) and get the marks of their language at
their nesting level here. Then the no-break spaces and en dashes book typography wants:
the rules common to all languages, and those of the text's own language (languages/).
"""

import re
from functools import cache

from .. import languages

NBSP = '\u00a0'
HAIR = '\u200a'
QUOTE_SPANS = ('q-double', 'q-single')
AS_TYPED = {'q-double': ('“', '”'), 'q-single': ('‘', '’')}    # pandoc's own marks
QUOTE_MARKS = '“”‘’„‚«»‹›'
SKIP = ('code', 'pre', 'kbd', 'samp', 'script', 'style')


def _range(match):
    """An en dash where the second number can end a range that the first begins."""
    first, second = match.group(1), match.group(2)
    end = int(first[:len(first) - len(second)] + second) if len(second) < len(first) else int(second)
    return f'{first}–{second}' if end > int(first) else match.group()


def _initial(match):
    """J. V. Stalin, В. И. Ленин: a capital's initial stays with the name after it."""
    return match[1] + '.' + (NBSP if match[1].isupper() and match[2].isupper() else ' ')


COMMON = (
    # Initials stay with the name, in any cased script.
    (re.compile(r'(?<![\w.])([^\W\d_])\. (?=([^\W\d_]))'), _initial),
    # A range of numbers takes an en dash: pp. 30–31, 1923–25, August 2–9. Numbers joined
    # by more than one hyphen (ISBNs, phone numbers, dates written 2025-08-24), joined to
    # letters (COVID-19) or written 555-1234 are left alone.
    (re.compile(r'(?<![\w‐–.-])(?!\d{3}-\d{4}(?![\w‐–-]))(\d{1,4})-(\d{1,4})(?![\w‐–-]|\.\d)'), _range),
    # Quotation marks side by side get a hair space between them: ‘Autonomization.’ ”
    (re.compile(f'([{QUOTE_MARKS}])(?=[{QUOTE_MARKS}])'), lambda m: m.group() + HAIR),
)


@cache
def rules(tag):
    """The rules for text in the language of `tag`: its own, then COMMON."""
    language = languages.profile(tag)
    found = []

    def words(names):
        names = set(names) | {name[0].upper() + name[1:] for name in names}
        return '|'.join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    if language.numbered:        # p. 62, S. 479, с. 45, Vol. IV: the number never starts a line
        found.append((re.compile(rf'(?<![\w.])({words(language.numbered)})\. (?=[0-9IVXLC])'), r'\1.' + NBSP))
    if language.titled:          # Mr. Smith, Dr. Müller, vgl. Bd.: the next word follows on the line
        found.append((re.compile(rf'(?<![\w.])({words(language.titled)})\. (?=\w)'), r'\1.' + NBSP))
    if language.bound:           # в Москве, w domu: a one-letter word does not end a line
        found.append((re.compile(rf'(?<!\w)({words(language.bound)}) (?=\w)'), r'\1' + NBSP))
    if language.units:           # 1917 г., 45 s.: the abbreviation stays with its number
        found.append((re.compile(rf'(\d) ({words(language.units)})\.'), r'\1' + NBSP + r'\2.'))
    months = words(language.months + language.short_months)
    # A date is not broken between month and day: October 1, 1 October 1923, 1. Oktober.
    found.append((re.compile(rf'(?<!\w)({months})\.? (?=\d)'), lambda m: m.group().replace(' ', NBSP)))
    found.append((re.compile(rf'(?<![\w.])(\d{{1,2}}\.?|1er) (?=({months})(?!\w))'), r'\1' + NBSP))
    if language.quote_space:     # French « mot », ‹ mot ›: a narrow no-break space inside
        space = language.quote_space
        found.append((re.compile(r'([«‹])[ \u00a0\u202f]*(?=\S|$)'), r'\1' + space))
        found.append((re.compile(r'(?:(?<=\S)|^)[ \u00a0\u202f]*([»›])'), space + r'\1'))
    for mark, space in language.punctuation_space.items():    # French ; ! ? :
        found.append((re.compile(rf'(?<=[\w»”)\]…’])[ \u00a0\u202f]?{re.escape(mark)}(?=\s|$|[»”)\]!?;:])'),
                      space + mark))
        found.append((re.compile(rf'^[ \u00a0\u202f]+{re.escape(mark)}(?=\s|$)'), space + mark))
    return tuple(found) + COMMON


def refine_text(text, tag='en'):
    for pattern, replacement in rules(tag):
        text = pattern.sub(replacement, text)
    return text


def refine(root, tag='en'):
    """Quotation marks and the rules of each text's language (its nearest `lang`, else the
    book's `tag`) on every text node outside code, in place."""
    set_quotes(root, tag)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and not _in_code(element):
            element.text = refine_text(element.text, language_of(element, tag))
        if element.tail and not _in_code(element.getparent()):
            element.tail = refine_text(element.tail, language_of(element.getparent(), tag))


def set_quotes(root, tag):
    """Each quotation pandoc found gets the marks of its language at its nesting level; in
    a language whose profile keeps them as typed (English), the marks the author chose."""
    spans = [span for span in root.iter('span') if span.get('class') in QUOTE_SPANS]
    marked = []
    for span in spans:
        level = sum(1 for above in span.iterancestors('span') if above.get('class') in QUOTE_SPANS)
        language = languages.profile(language_of(span, tag))
        marks = (language.quotes[level % len(language.quotes)] if language.quotes
                 else AS_TYPED[span.get('class')])
        marked.append((span, marks, language.quote_space if marks[0] in '«‹»›' else ''))
    for span, (opening, closing), space in marked:
        span.text = opening + space + (span.text or '')
        if len(span):
            span[-1].tail = (span[-1].tail or '') + space + closing
        else:
            span.text += space + closing
    for span, _, _ in marked:
        span.drop_tag()


def language_of(element, tag):
    """The language of an element's text: its nearest `lang`, else the book's `tag`."""
    while element is not None:
        if element.get('lang'):
            return element.get('lang')
        element = element.getparent()
    return tag


def _in_code(element):
    while element is not None:
        if element.tag in SKIP:
            return True
        element = element.getparent()
    return False


def smart_quotes(text, tag=None):
    """Curly quotes and dashes for metadata strings, which pandoc never sees: a straight
    double quote opens and closes the language's first level, a single one its second."""
    language = languages.profile(tag) if tag else None
    outer, inner = (language.quotes * 2)[:2] if language and language.quotes else (AS_TYPED['q-double'],
                                                                                  AS_TYPED['q-single'])
    text = re.sub(r'(^|[\s(\[—–])"', '\\1' + outer[0].replace('\\', r'\\'), text).replace('"', outer[1])
    text = re.sub(r"(^|[\s(\[—–])'", '\\1' + inner[0].replace('\\', r'\\'), text)
    text = re.sub(r"'(?=\w)", '’', text)          # an apostrophe inside a word
    text = text.replace("'", inner[1])
    return text.replace('---', '—').replace('--', '–')


SHORT_QUOTE_RE = re.compile(f'([{QUOTE_MARKS}])([^{QUOTE_MARKS}\\s]+(?: [^{QUOTE_MARKS}\\s]+){{1,3}})'
                            f'([{QUOTE_MARKS}])')


def display_text(text, tag=None):
    """A metadata string as a title page or cover sets it: curly quotes, and a short
    quoted phrase (up to four words) kept on one line: “Socialism in One Country”."""
    return SHORT_QUOTE_RE.sub(lambda m: m.group(1) + m.group(2).replace(' ', NBSP) + m.group(3),
                              smart_quotes(text, tag))
