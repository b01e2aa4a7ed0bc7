"""Lengths as authors write them (`5.5in`, `3mm`), and trim sizes by name (`A5`, `US Trade`),
turned into PDF points."""

import difflib
import re

POINTS = {'in': 72.0, 'mm': 72 / 25.4, 'cm': 72 / 2.54, 'pt': 1.0}
LENGTH_RE = re.compile(r'^\s*([0-9]*\.?[0-9]+)\s*(in|mm|cm|pt)\s*$')

# Trim sizes by the names publishers and printers give them: ISO 216 (A and B series),
# the US trade sizes KDP and IngramSpark list, and the British book formats.
TRIM_SIZES = {
    'A4': '210mm x 297mm',
    'A5': '148mm x 210mm',
    'A6': '105mm x 148mm',
    'B5': '176mm x 250mm',
    'B6': '125mm x 176mm',
    'US Letter': '8.5in x 11in',
    'US Trade': '6in x 9in',
    'Digest': '5.5in x 8.5in',
    'Executive': '7in x 10in',
    'Crown Quarto': '7.44in x 9.69in',
    'Royal': '6.14in x 9.21in',           # 156 x 234 mm
    'Demy': '5.43in x 8.5in',             # 138 x 216 mm
    'Pocket': '4.25in x 6.87in',
    'Mass Market': '4.25in x 6.87in',
    'A Format': '110mm x 178mm',
    'B Format': '129mm x 198mm',
}


def _name_key(name):
    return re.sub(r'[\s_-]+', '', name).lower()


NAMED = {_name_key(name): size for name, size in TRIM_SIZES.items()}


def parse_length(value):
    match = LENGTH_RE.match(str(value))
    if not match:
        raise ValueError(f'{value!r} is not a length such as 0.125in or 3mm')
    return round(float(match[1]) * POINTS[match[2]], 4)


def parse_trim(value):
    """(width, height) in points of `5.5in x 8.5in` or of a named size such as `A5`."""
    text = NAMED.get(_name_key(str(value)), str(value).strip())
    parts = re.split(r'\s*[x×]\s*', text)
    if len(parts) != 2:
        close = difflib.get_close_matches(str(value), TRIM_SIZES, n=1, cutoff=0.6)
        hint = f'; did you mean {close[0]}?' if close else ', or a name such as A5 or US Trade'
        raise ValueError(f'{value!r} is not a trim size such as 5.5in x 8.5in{hint}')
    width, height = (parse_length(part) for part in parts)
    if not (144 <= width <= 1296 and 144 <= height <= 1296):
        raise ValueError(f'{value!r} is outside the sizes a printer binds (2in to 18in a side)')
    return width, height


def css_length(points):
    return f'{points:.3f}'.rstrip('0').rstrip('.') + 'pt'
