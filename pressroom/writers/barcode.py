"""The EAN-13 barcode of a book's ISBN, for the back cover: bars drawn as vector boxes in
100 % black (never a picture, never RGB), encoded by python-barcode."""

import barcode

from ..sources.metadata import isbn_digits

MODULE = 0.33 * 72 / 25.4 * 0.9      # points: EAN-13's nominal 0.33 mm module, at 90 %
BAR_HEIGHT = 22.85 * 72 / 25.4 * 0.9
QUIET = (11, 7)                      # modules of white before and after the bars
GUARDS = {0, 2, 46, 48, 92, 94}      # guard bars run longer, between the digit groups


def isbn13(identifier):
    """The ISBN-13 of an ISBN identifier (ISBN-10s are converted), or None for any other."""
    digits = isbn_digits(identifier)
    if digits is None:
        return None
    return barcode.get('ean13', ('978' + digits[:9]) if len(digits) == 10 else digits[:12]).get_fullcode()


def bars(isbn):
    """[(x, width, long)] in points from the left of the quiet zone, for the ISBN-13 `isbn`."""
    pattern = barcode.get('ean13', isbn[:12]).build()[0]
    found, start = [], None
    for index, module in enumerate(pattern + '0'):
        if module == '1' and start is None:
            start = index
        elif module != '1' and start is not None:
            found.append(((QUIET[0] + start) * MODULE, (index - start) * MODULE, start in GUARDS))
            start = None
    return found


def width():
    return (QUIET[0] + 95 + QUIET[1]) * MODULE
