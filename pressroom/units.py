"""Lengths as authors write them (`5.5in`, `3mm`) turned into PDF points."""

import re

POINTS = {'in': 72.0, 'mm': 72 / 25.4, 'cm': 72 / 2.54, 'pt': 1.0}
LENGTH_RE = re.compile(r'^\s*([0-9]*\.?[0-9]+)\s*(in|mm|cm|pt)\s*$')


def parse_length(value):
    match = LENGTH_RE.match(str(value))
    if not match:
        raise ValueError(f'{value!r} is not a length such as 0.125in or 3mm')
    return round(float(match[1]) * POINTS[match[2]], 4)


def parse_trim(value):
    parts = re.split(r'\s*[x×]\s*', str(value).strip())
    if len(parts) != 2:
        raise ValueError(f'{value!r} is not a trim size such as 5.5in x 8.5in')
    width, height = (parse_length(part) for part in parts)
    if not (144 <= width <= 1296 and 144 <= height <= 1296):
        raise ValueError(f'{value!r} is outside the sizes a printer binds (2in to 18in a side)')
    return width, height


def css_length(points):
    return f'{points:.3f}'.rstrip('0').rstrip('.') + 'pt'
