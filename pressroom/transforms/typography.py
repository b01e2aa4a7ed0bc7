"""Typographic refinements pandoc's `smart` extension leaves undone.

pandoc already makes curly quotes, apostrophes, dashes and ellipses; this adds the
non-breaking spaces and en dashes that book typography wants.
"""

import re

NBSP = '\u00a0'
HAIR = '\u200a'
MONTHS = ('January|February|March|April|May|June|July|August|September|October|November|December|'
          'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec')
def _range(match):
    """An en dash where the second number can end a range that the first begins."""
    first, second = match.group(1), match.group(2)
    end = int(first[:len(first) - len(second)] + second) if len(second) < len(first) else int(second)
    return f'{first}–{second}' if end > int(first) else match.group()


RULES = (
    # p. 62, pp. 204, Vol. 33, No. 5, ch. 3: the number never starts a line.
    (re.compile(r'\b(pp?|pg|[Vv]ols?|[Nn]os?|[Cc]hs?|[Cc]hap|[Aa]rt|[Ff]ig|[Ss]ec)\. (?=[0-9IVXLC])'),
     r'\1.' + NBSP),
    # Initials and titles stay with the name: J. V. Stalin, Mr. Smith.
    (re.compile(r'\b([A-Z]|Mr|Mrs|Ms|Dr|St)\. (?=[A-Z])'), r'\1.' + NBSP),
    # A date is not broken between month and day: October 1, 1 October 1923.
    (re.compile(rf'\b({MONTHS})\.? (?=\d)'), lambda m: m.group().replace(' ', NBSP)),
    (re.compile(rf'\b(\d{{1,2}}) (?=({MONTHS})\b)'), r'\1' + NBSP),
    # A range of numbers takes an en dash: pp. 30–31, 1923–25, August 2–9. Numbers joined
    # by more than one hyphen (ISBNs, phone numbers, dates written 2025-08-24), joined to
    # letters (COVID-19) or written 555-1234 are left alone.
    (re.compile(r'(?<![\w‐–.-])(?!\d{3}-\d{4}(?![\w‐–-]))(\d{1,4})-(\d{1,4})(?![\w‐–-]|\.\d)'),
     _range),
    # Nested quotation marks get a hair space between them: ‘Autonomization.’ ”
    (re.compile('([’”])(?=[’”])|([“‘])(?=[“‘])'), lambda m: m.group() + HAIR),
)
SKIP = ('code', 'pre', 'kbd', 'samp', 'script', 'style')


def refine_text(text):
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


def refine(root):
    """Apply the rules to every text node outside code, in place."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and not _in_code(element):
            element.text = refine_text(element.text)
        if element.tail and not _in_code(element.getparent()):
            element.tail = refine_text(element.tail)


def _in_code(element):
    while element is not None:
        if element.tag in SKIP:
            return True
        element = element.getparent()
    return False


def smart_quotes(text):
    """Curly quotes and dashes for metadata strings, which pandoc never sees."""
    text = re.sub(r'(^|[\s(\[—–])"', '\\1“', text).replace('"', '”')
    text = re.sub(r"(^|[\s(\[—–])'", '\\1‘', text).replace("'", '’')
    return text.replace('---', '—').replace('--', '–')


SHORT_QUOTE_RE = re.compile(r'([“‘])([^“”‘’\s]+(?: [^“”‘’\s]+){1,3})([’”])')


def display_text(text):
    """A metadata string as a title page or cover sets it: curly quotes, and a short
    quoted phrase (up to four words) kept on one line: “Socialism in One Country”."""
    return SHORT_QUOTE_RE.sub(lambda m: m.group(1) + m.group(2).replace(' ', NBSP) + m.group(3),
                              smart_quotes(text))
