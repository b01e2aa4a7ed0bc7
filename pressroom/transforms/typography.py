"""Typographic refinements pandoc's `smart` extension leaves undone.

pandoc already makes curly quotes, apostrophes, dashes and ellipses; this adds the
non-breaking spaces and en dashes that book typography wants.
"""

import re

NBSP = '\u00a0'
RULES = (
    # p. 62, pp. 204, Vol. 33, No. 5, ch. 3: the number never starts a line.
    (re.compile(r'\b(pp?|pg|[Vv]ols?|[Nn]os?|[Cc]hs?|[Cc]hap|[Aa]rt|[Ff]ig|[Ss]ec)\. (?=[0-9IVXLC])'),
     r'\1.' + NBSP),
    # Initials and titles stay with the name: J. V. Stalin, Mr. Smith.
    (re.compile(r'\b([A-Z]|Mr|Mrs|Ms|Dr|St)\. (?=[A-Z])'), r'\1.' + NBSP),
    # Page and year ranges take an en dash: pp. 204–211, 1921–1924.
    (re.compile(r'(\bpp?\.\s?\d+)-(\d+)'), r'\1–\2'),
    (re.compile(r'\b(1[5-9]\d\d|20\d\d)-(1[5-9]\d\d|20\d\d)\b'), r'\1–\2'),
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
