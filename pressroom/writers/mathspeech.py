"""Formulas in words, for the readers who hear them: the description a PDF's formula
picture carries, which a screen reader reads out (its TeX, `\\int_0^1`, reads as noise).

MathML is read as a person reads it aloud: "E equals m c squared", "the integral from 0
to 1 of x squared d x equals 1 over 3". The words are data, a table per language; a book
in a language without one gets the formula as one line of its own symbols (x², ∫, =),
which screen readers name in the reader's language, never words in another language.
"""

from lxml import etree

WORDS = {
    'en': {
        'operators': {'=': 'equals', '+': 'plus', '-': 'minus', '\u2212': 'minus', '\u00b1': 'plus or minus',
                      '\u00d7': 'times', '\u22c5': 'times', '\u00b7': 'times', '/': 'over', '\u00f7': 'divided by',
                      '<': 'is less than', '>': 'is greater than', '\u2264': 'is at most', '\u2265': 'is at least',
                      '\u2260': 'is not equal to', '\u2248': 'is approximately', '\u2192': 'tends to',
                      '\u221e': 'infinity', '\u2208': 'is in', '\u2062': '', '\u2061': ''},
        'fraction': '{0} over {1}', 'squared': '{0} squared', 'cubed': '{0} cubed', 'power': '{0} to the power {1}',
        'sub': '{0} sub {1}', 'sub_power': '{0} sub {1} to the power {2}', 'root': 'the square root of {0}',
        'nth_root': 'the root of order {1} of {0}', 'range': 'the {0} from {1} to {2} of',
        'under': 'the {0} over {1} of',
        'large': {'\u222b': 'integral', '\u2211': 'sum', '\u220f': 'product', '\u222e': 'contour integral'},
        'limit': 'the limit as {0} of',
    },
}
MATHML = '{http://www.w3.org/1998/Math/MathML}'
LARGE = ('\u222b', '\u2211', '\u220f', '\u222e')
SUPERSCRIPTS = str.maketrans('0123456789+-=()n', '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ')
SUBSCRIPTS = str.maketrans('0123456789+-=()', '₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎')


def describe(formula, lang):
    """The MathML element `formula` in words of the language `lang` (a BCP 47 tag)."""
    words = WORDS.get((lang or '').split('-')[0].lower())
    said = _Speaker(words).say(formula) if words else _linear(formula)
    return ' '.join(said.split())


def _name(element):
    return etree.QName(element).localname if isinstance(element.tag, str) else ''


def _children(element):
    return [child for child in element if isinstance(child.tag, str) and _name(child) not in
            ('annotation', 'annotation-xml', 'mphantom')]


def _text(element):
    return ''.join(element.itertext()).strip()


class _Speaker:
    def __init__(self, words):
        self.words = words

    def say(self, element):
        name, kids = _name(element), _children(element)
        reading = getattr(self, '_' + name, None)
        if reading is not None and kids or name in ('mo', 'mi', 'mn', 'mtext', 'ms'):
            return reading(element, kids) if reading else _text(element)
        return ' '.join(self.say(kid) for kid in kids) if kids else _text(element)

    def _mi(self, element, kids):
        return _text(element)

    _mn = _mtext = _ms = _mi

    def _mo(self, element, kids):
        text = _text(element)
        return self.words['operators'].get(text, text)

    def _mfrac(self, element, kids):
        return self.words['fraction'].format(*(self.say(kid) for kid in kids[:2]))

    def _msup(self, element, kids):
        base, power = (self.say(kid) for kid in kids[:2])
        key = {'2': 'squared', '3': 'cubed'}.get(_text(kids[1]), 'power')
        return self.words[key].format(base, power)

    def _msub(self, element, kids):
        if _text(kids[0]) in LARGE:
            return self.words['under'].format(self.words['large'][_text(kids[0])], self.say(kids[1]))
        return self.words['sub'].format(*(self.say(kid) for kid in kids[:2]))

    def _msubsup(self, element, kids):
        if _text(kids[0]) in LARGE:
            return self.words['range'].format(self.words['large'][_text(kids[0])], *(self.say(k) for k in kids[1:3]))
        return self.words['sub_power'].format(*(self.say(kid) for kid in kids[:3]))

    _munderover = _msubsup

    def _munder(self, element, kids):
        if _text(kids[0]) in ('lim', 'limit'):
            return self.words['limit'].format(self.say(kids[1]))
        return self._msub(element, kids)

    def _mover(self, element, kids):
        return self._msup(element, kids)

    def _msqrt(self, element, kids):
        return self.words['root'].format(' '.join(self.say(kid) for kid in kids))

    def _mroot(self, element, kids):
        return self.words['nth_root'].format(*(self.say(kid) for kid in kids[:2]))


def _linear(element):
    """The formula as one line of its own symbols: x², ∫₀¹, 1/3."""
    name, kids = _name(element), _children(element)
    if not kids:
        return _text(element)
    parts = [_linear(kid) for kid in kids]
    if name == 'mfrac':
        return f'{parts[0]}/{parts[1]}'
    if name in ('msup', 'mover'):
        return parts[0] + _scripted(parts[1], SUPERSCRIPTS, '^')
    if name in ('msub', 'munder'):
        return parts[0] + _scripted(parts[1], SUBSCRIPTS, '_')
    if name in ('msubsup', 'munderover'):
        return parts[0] + _scripted(parts[1], SUBSCRIPTS, '_') + _scripted(parts[2], SUPERSCRIPTS, '^')
    if name == 'msqrt':
        return f'√({" ".join(parts)})'
    return ' '.join(parts)


def _scripted(text, table, mark):
    """A script in Unicode's superscript or subscript characters where it has them all."""
    compact = text.replace(' ', '')
    return compact.translate(table) if all(ord(c) in table for c in compact) else f'{mark}({text})'
