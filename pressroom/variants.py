"""The outputs a build can make, held as data: what each is called and how it differs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    suffix: str                 # output file: build/<slug><suffix>
    description: str
    pad_pages: bool = False     # blank pages up to metadata's page_multiple
    crop_to_trim: bool = False  # page = trim box (no bleed, no marks)
    links: bool = True          # keep link annotations
    pdfx: bool = False          # keep the PDF/X output intent and identification
    pdfua: bool = False         # declare PDF/UA-1 (the layout is always tagged)


VARIANTS = {
    'html': Variant('.html', 'shared HTML intermediate'),
    'epub': Variant('.epub', 'EPUB 3 for e-readers'),
    'pdf': Variant('.pdf', 'screen PDF, tagged PDF/UA-1', crop_to_trim=True, pdfua=True),
    'print': Variant('-print.pdf', 'print interior, PDF/X-4 with bleed',
                     pad_pages=True, links=False, pdfx=True),
    'cover': Variant('-cover.pdf', 'print cover: back, spine and front with bleed',
                     links=False, pdfx=True),
}
PDF_INTERIORS = ('pdf', 'print')


def output_path(book, name):
    return book.build_dir / f'{book.slug}{VARIANTS[name].suffix}'
