"""The print files' inks measured as a RIP separates them, not as the PDF declares them.

Ghostscript renders each page to its four process plates (`tiff32nc`: cyan, magenta,
yellow and black in one picture, without anti-aliasing, so every pixel holds the inks of
what is drawn there). Then, page by page:

- total ink (C + M + Y + K) anywhere over the printer's limit is an error;
- black or grey made of colour inks (rich black, or a grey separated into all four) in text
  or line art is an error: it prints soft, fringed by misregister, and black text is to be
  100 % K. The pictures are left out of this render (`-dFILTERIMAGE`), whose dark tones
  rightly use every ink.

Each finding names the page, the words drawn where the fault is (else "line art"), where
it is, and the inks.
"""

import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageMath

RESOLUTION = 100           # pixels an inch: a hairline and a note's figure still cover whole pixels
BATCH = 40                 # pages rendered at a time, so a long book's pictures never all sit on disk
FULL = 255
COLOURED = 13              # an ink over 5 % counts
GREY = 38                  # colour inks within 15 % of one another make a neutral: a black or a grey


def separations(path, pages, limit, words):
    """Findings (level, page, message) for the PDF at `path` of `pages` pages: ink over
    `limit` per cent, and black or grey in colour inks in text or line art. `words` is
    [(page, [(word, (x0, y0, x1, y1))])] in PDF points, as preflight reads them."""
    located = dict(words)
    findings = []
    for first in range(1, pages + 1, BATCH):
        last = min(pages, first + BATCH - 1)
        for number, whole, drawn in _rendered(path, first, last):
            findings += _coverage(number, whole, limit, located.get(number, []))
            findings += _rich_black(number, drawn, located.get(number, []))
    return findings


def _rendered(path, first, last):
    """(page number, its plates with pictures, without) for pages `first` to `last`."""
    with tempfile.TemporaryDirectory() as folder:
        for name, extra in (('whole', []), ('drawn', ['-dFILTERIMAGE'])):
            subprocess.run(['gs', '-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=tiff32nc', f'-r{RESOLUTION}',
                            f'-dFirstPage={first}', f'-dLastPage={last}', *extra,
                            '-o', str(Path(folder) / f'{name}-%d.tif'), str(path)],
                           capture_output=True, check=True)
        for index in range(last - first + 1):
            with Image.open(Path(folder) / f'whole-{index + 1}.tif') as whole, \
                    Image.open(Path(folder) / f'drawn-{index + 1}.tif') as drawn:
                yield first + index, whole.convert('CMYK'), drawn.convert('CMYK')


def _coverage(number, plates, limit, words):
    c, m, y, k = plates.split()
    total = ImageMath.lambda_eval(lambda ink: ink['c'] + ink['m'] + ink['y'] + ink['k'], c=c, m=m, y=y, k=k)
    most = total.getextrema()[1] * 100 / FULL
    if most <= limit + 0.5:
        return []
    over = ImageMath.lambda_eval(lambda ink: ink['t'] > round(limit * FULL / 100), t=total)
    box = _first(over)
    return [('error', number, f'{most:.0f} % total ink in {_what(box, plates, words)}, over the printer\'s '
                              f'{limit} %{_inks(plates, box)}: use less colour there (or a lighter picture)')]


def _rich_black(number, plates, words):
    c, m, y, k = plates.split()
    neutral = ImageMath.lambda_eval(
        lambda ink: (ink['min'](ink['c'], ink['min'](ink['m'], ink['y'])) > COLOURED)
        & ((ink['max'](ink['c'], ink['max'](ink['m'], ink['y']))
            - ink['min'](ink['c'], ink['min'](ink['m'], ink['y']))) < GREY), c=c, m=m, y=y, k=k)
    box = _first(neutral)
    if box is None:
        return []
    return [('error', number, f'{_what(box, plates, words)} is black or grey made of colour inks'
                              f'{_inks(plates, box)}: black text and line art must print on K alone')]


def _first(mask):
    """A small box (pixels) around the topmost pixel set in `mask`, or None: one place to
    name, rather than all the page's."""
    box = mask.getbbox()
    if box is None:
        return None
    row = mask.crop((box[0], box[1], box[2], box[1] + 1)).getbbox()
    left = box[0] + row[0]
    return max(0, left - 4), box[1], min(mask.size[0], left + 24), min(box[3], box[1] + 12)


def _what(box, plates, words):
    """The words drawn in `box` (pixels from the top left), else the line art there, and where."""
    height = plates.size[1] * 72 / RESOLUTION
    x0, top, x1, bottom = (value * 72 / RESOLUTION for value in box)
    area = (x0, height - bottom, x1, height - top)
    found = [word for word, (a, b, c, d) in words if a < area[2] and c > area[0] and b < area[3] and d > area[1]]
    where = f'at {x0 / 72:.2f} in, {top / 72:.2f} in from the top left'
    if found:
        shown = ' '.join(found[:4]) + (' …' if len(found) > 4 else '')
        return f'the text "{shown}" {where}'
    return f'line art or a picture {where}'


def _inks(plates, box):
    """The inks of the most heavily inked pixel in `box`, as a print shop writes them."""
    region = plates.crop(box)
    pixels = region.get_flattened_data()
    darkest = max(pixels, key=sum)
    return ' (' + ' '.join(f'{plate}{round(ink * 100 / FULL)}' for plate, ink in zip('CMYK', darkest) if ink) + ')'
