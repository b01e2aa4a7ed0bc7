"""Printer profiles, held as data like VARIANTS: what each printer asks of the print interior
and the cover. A book chooses one with `printer:` in metadata.yaml (default `kdp`).

Lengths are in inches, as the vendors publish them. KDP and IngramSpark print on digital
presses whose conditions they do not publish, and ask for CMYK as US print takes it: the
SWOP condition (CGATS TR 003, which succeeded the data behind Adobe's "U.S. Web Coated
(SWOP) v2"); IngramSpark rejects more than 240 % total ink. A European offset printer
takes FOGRA39, ISO 12647-2's coated condition. To add a printer, add an entry here
(the README lists what each field means); every writer and the preflight read it.
"""

from dataclasses import dataclass

from . import languages

INCH = 72.0

# KDP's inside margin by page count (its paperback help, 2026): the gutter grows with the book.
KDP_GUTTER = ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (828, 0.875))


@dataclass(frozen=True)
class Printer:
    label: str                  # for messages and the slug line
    bleed_edges: str            # 'outside': outside, top and bottom, none at the spine; 'all'
    safe_margin: float          # nothing printed closer than this to the trim
    gutter: tuple               # ((up to N pages, inside margin), ...); () leaves it to styles/
    pdfx: str                   # 'pdf/x-4' or 'pdf/x-1a'
    spine_per_page: dict        # paper -> spine width a page
    spine_text_pages: int       # the fewest pages that may carry spine text
    spine_clearance: float      # clear on each side of the spine text
    barcode: tuple | None       # (width, height, from the spine, from the bottom trim) on the back cover
    barcode_required: bool      # the cover must carry the ISBN's barcode
    page_multiple: int          # pages padded to a multiple of this
    crop_marks: bool            # crop marks and a slug line outside the bleed
    condition: str              # the registered output condition (assets/color.py CONDITIONS)
    ink_limit: int              # most total ink (C + M + Y + K, per cent) anywhere on a page
    strip: tuple = ('outline', 'links', 'tags')   # left out of the print interior

    def inside_margin(self, pages):
        """The least inside margin for a book of `pages` pages, or None if any will do."""
        for most, margin in self.gutter:
            if pages <= most:
                return margin
        return self.gutter[-1][1] if self.gutter else None


PRINTERS = {
    'kdp': Printer(
        label='Amazon KDP paperback',
        bleed_edges='outside', safe_margin=0.375, gutter=KDP_GUTTER, pdfx='pdf/x-4',
        spine_per_page={'white': 0.002252, 'cream': 0.0025},
        spine_text_pages=80, spine_clearance=0.0625,     # 'more than 79 pages'
        barcode=(2.0, 1.2, 0.25, 0.25), barcode_required=False,
        page_multiple=2, crop_marks=False, condition='CGATS TR 003', ink_limit=300),
    'ingramspark': Printer(
        label='IngramSpark',
        bleed_edges='outside', safe_margin=0.5,
        gutter=tuple((most, max(margin, 0.5)) for most, margin in KDP_GUTTER), pdfx='pdf/x-1a',
        # IngramSpark publishes spine widths only through its own cover calculator: these are
        # starting figures; set spine_per_page in metadata.yaml to the calculator's.
        spine_per_page={'white': 0.002252, 'cream': 0.0025},
        spine_text_pages=48, spine_clearance=0.0625,
        barcode=(2.0, 1.2, 0.5, 0.5), barcode_required=True,
        page_multiple=2, crop_marks=False, condition='CGATS TR 003', ink_limit=240),
    'offset': Printer(
        label='offset printer',
        bleed_edges='all', safe_margin=0.25, gutter=(), pdfx='pdf/x-4',
        spine_per_page={'white': 0.002252, 'cream': 0.0025},
        spine_text_pages=64, spine_clearance=0.0625,
        barcode=(2.0, 1.2, 0.5, 0.5), barcode_required=False,
        page_multiple=4, crop_marks=True, condition='FOGRA39', ink_limit=300, strip=('links',)),
}


def printer(book):
    return PRINTERS[book.printer]


def spine_edge(book, number):
    """The trim edge of page `number` (1-based) at the spine, as preflight counts edges:
    0 (left) for a recto (an odd page), 2 (right) for a verso; the other way round in a book
    read right to left, whose rectos are left-hand pages."""
    recto = number % 2 == 1
    return 0 if recto != (languages.direction(book.lang) == 'rtl') else 2


def spine_width(book, pages):
    """The spine in points for `pages` interior pages: the book's own figure a page, else the
    printer's for its paper."""
    per_page = book.spine_per_page or printer(book).spine_per_page[book.paper]
    return pages * per_page * INCH


def barcode_area(book):
    """(left, bottom, width, height) of the barcode area on the back cover, in points from
    its panel's left and the sheet's bottom edge (the panel of a book read left to right is
    the sheet's first, with the spine at its right; of one read right to left, its last,
    with the spine at its left), or None if the printer wants none."""
    area = printer(book).barcode
    if area is None:
        return None
    width, height, from_spine, from_bottom = (value * INCH for value in area)
    left = from_spine if languages.direction(book.lang) == 'rtl' else book.trim[0] + book.bleed - from_spine - width
    return left, book.bleed + from_bottom, width, height
