"""The order sheet for the print shop: a JSON job ticket and the same figures on one page.

Every figure is read from the print files the build made or from the printer profile they
were made for (printers.py): the page count and sheet sizes from the PDFs, the spine from
printers.spine_width, the ink from Ghostscript's ink coverage of each page, the verdict from
the preflight (checks/preflight.py). So the shop can quote the job and check what it receives.
"""

import html
import io
import json
import subprocess

import pikepdf

from ..assets import fonts
from ..checks import preflight
from ..errors import SetupError
from ..outputs import iso_time, sha256
from ..paths import stylesheet
from ..printers import INCH, printer, spine_width
from ..writers.cover import spine_text_size

TICKET_VERSION = 1
BLEED_EDGES = {'outside': 'outside, top and bottom (none at the spine)', 'all': 'all four sides'}
BINDING = 'perfect bound paperback'     # every printer profile makes a cover with a spine
INK_THRESHOLD = 0.0005                  # ink coverage of C, M or Y below this is no colour


def ticket(record):
    """The job ticket as plain data."""
    book, press = record.book, printer(record.book)
    interior, cover = record.path('print'), record.path('cover')
    pages = _pages(interior)
    spine = spine_width(book, pages)
    width, height = book.trim
    colour_pages = _colour_pages(interior)
    findings = preflight.interior(book, interior) + preflight.cover(book, cover, pages)
    return {
        'ticket': TICKET_VERSION,
        'book': {'title': book.title, 'subtitle': book.subtitle, 'authors': list(book.authors),
                 'publisher': book.publisher, 'identifier': book.identifier, 'isbn': record.isbn},
        'printer': {'profile': book.printer, 'name': press.label, 'pdf_standard': press.pdfx.upper()},
        'binding': BINDING,
        'trim': {'width_in': _inches(width), 'width_mm': _mm(width), 'height_in': _inches(height),
                 'height_mm': _mm(height)},
        'pages': pages,
        'page_multiple': book.page_multiple,
        'paper': book.paper,
        'spine': _length(spine) | {'per_page_in': book.spine_per_page or press.spine_per_page[book.paper],
                                   'text': spine_text_size(book, pages) is not None},
        'bleed': {'in': _inches(book.bleed), 'mm': _mm(book.bleed), 'edges': BLEED_EDGES[press.bleed_edges]},
        'crop_marks': book.crop_marks,
        'colour': {'interior': 'colour' if colour_pages else 'black', 'interior_colour_pages': colour_pages,
                   'cover': 'CMYK'},
        'files': {'interior': _file(record, 'print'), 'cover': _file(record, 'cover')},
        'preflight': {'verdict': 'fail' if any(f.level == 'error' for f in findings) else 'pass',
                      'errors': [_finding(f) for f in findings if f.level == 'error'],
                      'warnings': [_finding(f) for f in findings if f.level == 'warning']},
    }


def ticket_json(data):
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + '\n').encode()


def sheet_pdf(record, data):
    """The ticket as a one-page PDF, set in the book's face by styles/ordersheet.css."""
    from weasyprint import CSS, HTML

    from ..typeset.fetch import book_fetcher
    from ..writers.pdf.pages import fix_ids
    book = record.book
    faces = fonts.font_face_css(fonts.book_faces(book), lambda path: path.as_uri())
    paper = 'letter' if book.lang.endswith(('-US', '-CA')) else 'A4'
    document = HTML(string=_sheet_html(record, data), url_fetcher=book_fetcher(book))
    rendered = document.render(stylesheets=[CSS(filename=str(stylesheet('ordersheet.css', book))),
                                            CSS(string=faces + f'@page {{ size: {paper}; }}')])
    if len(rendered.pages) != 1:
        raise RuntimeError(f'the order sheet of {book.title!r} runs to {len(rendered.pages)} pages')
    with pikepdf.open(io.BytesIO(rendered.write_pdf())) as pdf:
        fix_ids(pdf, f'{book.identifier} order sheet')
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True, compress_streams=True)
        return output.getvalue()


def _sheet_html(record, data):
    def rows(pairs):
        return ''.join(f'<tr><th scope="row">{_e(name)}</th><td>{value}</td></tr>' for name, value in pairs)
    book, trim, spine, bleed = record.book, data['trim'], data['spine'], data['bleed']
    job = [('Title', _e(book.title)), ('Author', _e(book.author_line)), ('Publisher', _e(book.publisher)),
           ('ISBN', _e(data['book']['isbn'] or 'none (the printer adds its own barcode)')),
           ('Printer profile', f"{_e(data['printer']['name'])} ({_e(data['printer']['profile'])})"),
           ('PDF standard', _e(data['printer']['pdf_standard']))]
    block = [('Binding', _e(data['binding'])),
             ('Trim', f"{trim['width_in']} × {trim['height_in']} in ({trim['width_mm']} × {trim['height_mm']} mm)"),
             ('Pages', f"{data['pages']} (a multiple of {data['page_multiple']})"),
             ('Paper', _e(data['paper'])),
             ('Interior ink', 'colour on pages ' + ', '.join(map(str, data['colour']['interior_colour_pages']))
              if data['colour']['interior_colour_pages'] else 'black only'),
             ('Cover', 'CMYK, one spread with spine'),
             ('Spine', f"{spine['in']} in ({spine['mm']} mm): {spine['per_page_in']} in a page; "
                       f"{'with' if spine['text'] else 'no'} spine text"),
             ('Bleed', f"{bleed['in']} in ({bleed['mm']} mm), {_e(bleed['edges'])}"),
             ('Crop marks', 'yes' if data['crop_marks'] else 'no')]
    files = [(role.title(), f"<span class=\"name\">{_e(item['name'])}</span>, {item['bytes']:,} bytes, "
                            f"{item['sheet_in'][0]} × {item['sheet_in'][1]} in sheets"
                            f"<br><code>SHA-256 {item['sha256']}</code>")
             for role, item in data['files'].items()]
    check = data['preflight']
    findings = ''.join(f'<li class="{level}">{_e(text)}</li>' for level, key in (('error', 'errors'),
                                                                                 ('warning', 'warnings'))
                       for text in check[key])
    verdict = 'PASS' if check['verdict'] == 'pass' else 'FAIL'
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Order sheet: {_e(book.title)}'
            f'</title><meta name="dcterms.created" content="{iso_time(book)}">'
            f'<meta name="dcterms.modified" content="{iso_time(book)}"></head><body>'
            f'<h1>Print order: {_e(book.title)}</h1>'
            f'<h2>Job</h2><table>{rows(job)}</table>'
            f'<h2>Book</h2><table>{rows(block)}</table>'
            f'<h2>Files</h2><table>{rows(files)}</table>'
            f'<h2>Preflight: <span class="verdict {check["verdict"]}">{verdict}</span></h2>'
            f'<ul class="findings">{findings or "<li>No findings.</li>"}</ul>'
            f'<p class="note">The same figures, for software, are in the JSON job ticket beside this sheet.</p>'
            f'</body></html>')


def _e(text):
    return html.escape(str(text))


def _pages(path):
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _file(record, name):
    path = record.path(name)
    with pikepdf.open(path) as pdf:
        box = [float(value) for value in pdf.pages[0].mediabox]
    return {'name': path.name, 'bytes': path.stat().st_size, 'sha256': sha256(path),
            'sheet_in': [_inches(box[2] - box[0]), _inches(box[3] - box[1])]}


def _colour_pages(path):
    """The pages that put any cyan, magenta or yellow ink on paper, by Ghostscript's inkcov."""
    try:
        run = subprocess.run(['gs', '-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-r36', '-o', '-',
                              '-sDEVICE=inkcov', str(path)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise SetupError(f'Ghostscript could not measure the ink of {path.name} ({error}): install Debian\'s '
                         'ghostscript (./book does)') from None
    pages = [line.split() for line in run.stdout.splitlines() if line.strip().endswith('OK')]
    return [number for number, cells in enumerate(pages, 1)
            if any(float(value) > INK_THRESHOLD for value in cells[:3])]


def _finding(finding):
    return f'page {finding.page}: {finding.message}' if finding.page else finding.message


def _inches(points):
    return round(points / INCH, 4)


def _mm(points):
    return round(points / INCH * 25.4, 2)


def _length(points):
    return {'in': _inches(points), 'mm': _mm(points)}
