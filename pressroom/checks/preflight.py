"""Preflight: the built PDFs checked as a print shop's preflight and a RIP would check them,
against the book's printer profile (printers.py). Each finding names the page and what to
change; errors fail `invoke check`, warnings are advice."""

import re
import tempfile
from collections import namedtuple
from pathlib import Path

import pikepdf

from ..assets.color import REGISTRY
from ..printers import INCH, barcode_area, printer, spine_edge, spine_width
from ..writers.barcode import isbn13
from ..writers.pdf.pages import resource_dictionaries
from . import tools
from .separations import separations

Finding = namedtuple('Finding', 'level page message')   # level: 'error' or 'warning'; page: 1-based or None
TOLERANCE = 0.5            # points
PRINT_PPI = 300
# Debian's mutool is built without LittleCMS and says so once for every file it opens.
MUTOOL_BUILD_NOTICE = 'warning: ICC support is not available'
WORD_RE = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE_RE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
LEADERS_RE = re.compile(r'(?:\. ?){4,}\.')
# A page number where poppler puts it, with the bidi controls it writes around right-to-left text.
NUMBER_AFTER_RE = re.compile(r'[\s\u200e\u200f\u202a-\u202e]*([0-9]+)[\s\u200e\u200f\u202a-\u202e]*$')
NUMBER_BEFORE_RE = re.compile(r'^[\s\u200e\u200f\u202a-\u202e]*([0-9]+)[\s\u200e\u200f\u202a-\u202e]')
X1A_SPACES = ('/DeviceCMYK', '/DeviceGray', '/Separation', '/DeviceN', '/Indexed', '/Pattern')


def consumers(path):
    """What Ghostscript (stopping at any warning, as a RIP would) and mutool say of a PDF."""
    findings = []
    run = tools.run(['gs', '-q', '-dNOPAUSE', '-dBATCH', '-dPDFSTOPONWARNING', '-sDEVICE=nullpage', str(path)])
    said = (run.stdout + run.stderr).strip()
    if run.returncode or said:
        first = said.splitlines()[0] if said else f'exit code {run.returncode}'
        findings.append(Finding('error', None, f'Ghostscript stops: {first}'))
    run = tools.run(['mutool', 'draw', '-o', '/dev/null', str(path)])
    for line in sorted(set(run.stderr.splitlines())):
        if line.startswith(('warning', 'error')) and line != MUTOOL_BUILD_NOTICE:
            findings.append(Finding('error', None, f'mutool: {line}'))
    return findings


def interior(book, path):
    """The print interior against the printer profile."""
    press = printer(book)
    findings = consumers(path) + fonts(path) + _images(path)
    words = _words(path)
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
        findings += _pdfx_metadata(pdf, press) + contents(path, pages)
        if pages % book.page_multiple:
            findings.append(Finding('error', None, f'{pages} pages is not a multiple of {book.page_multiple}: '
                                    'pad the interior (page_multiple)'))
        findings += _left_out(pdf, press)
        findings += _colours(pdf, press)
        edges = []
        for number, page in enumerate(pdf.pages, 1):
            findings += _page_boxes(book, press, number, page)
            edges.append([float(v) for v in page.obj.TrimBox])
    findings += [Finding(*found) for found in separations(path, pages, press.ink_limit, words)]
    least_inside = press.inside_margin(pages) or 0
    for number, on_page in words:
        trim = edges[number - 1]
        spine = spine_edge(book, number)
        for word, box in on_page:
            if box[2] < trim[0] or box[0] > trim[2] or box[3] < trim[1] or box[1] > trim[3]:
                continue            # beside the marks, wholly outside the trim: cut off
            for edge, distance in _distances(box, trim).items():
                least = max(press.safe_margin, least_inside if edge == spine else 0) * INCH
                if distance < least - TOLERANCE:
                    findings.append(Finding('error', number, f'"{word}" is {distance / INCH:.3f}in from the '
                                            f'{_EDGE_NAMES[edge]} trim; {press.label} wants at least '
                                            f'{least / INCH:.3f}in: move it further in (styles/pdf.css, folios.css)'))
                    break
    return findings


def cover(book, path, interior_pages):
    """The cover spread: its size for the spine, the barcode, the text clear of trims and folds."""
    press = printer(book)
    findings = consumers(path) + fonts(path)
    spine = spine_width(book, interior_pages)
    words = _words(path)
    with pikepdf.open(path) as pdf:
        findings += _colours(pdf, press) + _pdfx_metadata(pdf, press)
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
        bleed = [float(v) for v in pdf.pages[0].obj.BleedBox]
    width = trim[2] - trim[0]
    if abs(width - (2 * book.trim[0] + spine)) > TOLERANCE:
        findings.append(Finding('error', 1, f'the spread is {width / INCH:.4f}in wide, but {interior_pages} pages '
                                f'on {book.paper} paper need a {spine / INCH:.4f}in spine: rebuild the cover'))
    if any(abs(abs(a - b) - book.bleed) > TOLERANCE for a, b in zip(trim, bleed)):
        findings.append(Finding('error', 1, 'the cover needs bleed on all four sides'))
    findings += [Finding(*found) for found in separations(path, 1, press.ink_limit, words)]
    folds = (trim[0] + book.trim[0], trim[0] + book.trim[0] + spine)
    findings += _cover_text(book, press, words[0][1] if words else [], trim, folds)
    findings += _barcode(book, path, press)
    return findings


COVER_CLEAR = 0.125 * INCH      # text inside the trims and clear of the folds and the barcode area


def _cover_text(book, press, words, trim, folds):
    """The cover's words clear of trims, folds and the barcode area, and the spine's text on
    the spine's centre."""
    findings, spine_words = [], []
    area = barcode_area(book)
    if area and spine_edge(book, 1) == 2:      # read right to left: the back cover is the sheet's last panel
        area = (area[0] + folds[1], *area[1:])
    isbn = isbn13(book.identifier)
    own = {'ISBN', book.identifier.removeprefix('urn:isbn:'), *(isbn and (isbn[0], isbn[1:7], isbn[7:]) or ())}
    for word, box in words:
        on_spine = folds[0] <= box[0] and box[2] <= folds[1]
        clear = press.spine_clearance * INCH if on_spine else COVER_CLEAR
        lines = (folds[0], folds[1]) if on_spine else (trim[0], trim[2], *folds)
        if min(abs(box[0] - x) for x in lines) < clear - TOLERANCE or \
                min(abs(box[2] - x) for x in lines) < clear - TOLERANCE or \
                min(box[1] - trim[1], trim[3] - box[3]) < COVER_CLEAR - TOLERANCE:
            findings.append(Finding('error', 1, f'"{word}" is closer than {clear / INCH:.4f}in to a trim '
                                    'or fold: move it in styles/cover.css'))
        if area and word.replace('\u2010', '-') not in own and box[0] < area[0] + area[2] and box[2] > area[0] and \
                box[1] < area[1] + area[3] and box[3] > area[1]:
            findings.append(Finding('error', 1, f'"{word}" is in the barcode area, which the printer keeps for '
                                    'the barcode: shorten the description or move the text (styles/cover.css)'))
        if on_spine:
            spine_words.append(box)
    if spine_words:
        middle = ((min(b[0] for b in spine_words) + max(b[2] for b in spine_words)) / 2,
                  (min(b[1] for b in spine_words) + max(b[3] for b in spine_words)) / 2)
        off = (middle[0] - sum(folds) / 2, middle[1] - (trim[1] + trim[3]) / 2)
        if max(abs(value) for value in off) > 1:
            findings.append(Finding('error', 1, f'the spine text is {off[0]:+.1f}pt across and {off[1]:+.1f}pt '
                                    'along the spine from its centre: centre it (styles/cover.css)'))
    return findings


def contents(path, pages):
    """Every entry of the printed contents (a line of dot leaders) ends at a page of the book:
    its number, after the leaders (before them as poppler reads a right-to-left line)."""
    findings = []
    text = tools.run(['pdftotext', '-layout', str(path), '-']).stdout
    for number, page in enumerate(text.split('\f'), 1):
        for line in page.splitlines():
            leaders = LEADERS_RE.search(line)
            if not leaders:
                continue
            found = NUMBER_AFTER_RE.match(line[leaders.end():]) or NUMBER_BEFORE_RE.match(line[:leaders.start()])
            if not found or not 1 <= int(found[1]) <= pages:
                shown = ' '.join(LEADERS_RE.sub(' … ', line).split())
                findings.append(Finding('error', number, f'the contents entry "{shown}" has no page number of '
                                        'this book: a heading it links to is missing from the pages'))
    return findings


_EDGE_NAMES = {0: 'left', 1: 'bottom', 2: 'right', 3: 'top'}


def _distances(box, trim):
    """A word's distance (points) from each trim edge: 0 left, 1 bottom, 2 right, 3 top."""
    return {0: box[0] - trim[0], 1: box[1] - trim[1], 2: trim[2] - box[2], 3: trim[3] - box[3]}


def _words(path):
    """[(page number, [(word, (x0, y0, x1, y1))])] in PDF coordinates, as poppler reads the text."""
    text = tools.run(['pdftotext', '-bbox', str(path), '-']).stdout
    pages = []
    for chunk in text.split('<page ')[1:]:
        height = float(PAGE_RE.match('<page ' + chunk)[2])
        words = [(word, (float(x0), height - float(y1), float(x1), height - float(y0)))
                 for x0, y0, x1, y1, word in WORD_RE.findall(chunk)]
        pages.append((len(pages) + 1, words))
    return pages


def _page_boxes(book, press, number, page):
    trim = [float(v) for v in page.obj.TrimBox]
    bleed = [float(v) for v in page.obj.BleedBox]
    media = [float(v) for v in page.obj.MediaBox]
    size = (trim[2] - trim[0], trim[3] - trim[1])
    findings = []
    if any(abs(a - b) > TOLERANCE for a, b in zip(size, book.trim)):
        findings.append(Finding('error', number, f'trim {size[0]:.1f} x {size[1]:.1f}pt is not the book\'s '
                                f'{book.trim[0]:.1f} x {book.trim[1]:.1f}pt'))
    wanted = {0: book.bleed, 1: book.bleed, 2: book.bleed, 3: book.bleed}
    if press.bleed_edges == 'outside':
        wanted[spine_edge(book, number)] = 0
    for edge, extra in wanted.items():
        actual = abs(bleed[edge] - trim[edge])
        if abs(actual - extra) > TOLERANCE:
            findings.append(Finding('error', number, f'{actual / INCH:.3f}in bleed on the {_EDGE_NAMES[edge]} '
                                    f'edge; {press.label} wants {extra / INCH:.3f}in'))
    if media[:2] != [0, 0] or media[2] < bleed[2] - TOLERANCE or media[3] < bleed[3] - TOLERANCE:
        findings.append(Finding('error', number, f'MediaBox {media} does not start at 0,0 around the BleedBox'))
    return findings


def _left_out(pdf, press):
    found = {'outline': '/Outlines' in pdf.Root, 'tags': '/StructTreeRoot' in pdf.Root,
             'links': any('/Annots' in page.obj for page in pdf.pages)}
    return [Finding('error', None, f'{press.label} asks for no {what} in a print file') for what in press.strip
            if found.get(what)]


def _colours(pdf, press):
    """DeviceRGB images break PDF/X-4; PDF/X-1a allows only CMYK and grey, and no transparency."""
    findings = []
    if '/OutputIntents' not in pdf.Root:
        findings.append(Finding('error', None, 'no PDF/X output intent'))
    if press.pdfx == 'pdf/x-1a' and (pdf.pdf_version != '1.3' or
                                     str(pdf.docinfo.get('/GTS_PDFXConformance')) != 'PDF/X-1a:2001'):
        findings.append(Finding('error', None, f'not declared PDF/X-1a:2001 in PDF 1.3 (PDF {pdf.pdf_version})'))
    for number, page in enumerate(pdf.pages, 1):
        for resources in resource_dictionaries([page]):
            for image in resources.get('/XObject', {}).values():
                if image.get('/Subtype') != pikepdf.Name.Image:
                    continue
                space = image.get('/ColorSpace')
                name = str(space[0] if isinstance(space, pikepdf.Array) else space)
                if name == '/DeviceRGB':
                    findings.append(Finding('error', number, 'an image in DeviceRGB, which PDF/X does not allow'))
                if press.pdfx == 'pdf/x-1a' and (name not in X1A_SPACES or '/SMask' in image):
                    masked = ' with a soft mask' if '/SMask' in image else ''
                    findings.append(Finding('error', number, f'an image in {name}{masked}: PDF/X-1a allows '
                                            'only CMYK or grey, opaque'))
            if press.pdfx == 'pdf/x-1a':
                for key, space in resources.get('/ColorSpace', {}).items():
                    name = str(space[0] if isinstance(space, pikepdf.Array) else space)
                    if name not in X1A_SPACES:
                        findings.append(Finding('error', number, f'colour space {key} is {name}: PDF/X-1a '
                                                'allows only CMYK or grey'))
                for state in resources.get('/ExtGState', {}).values():
                    if float(state.get('/ca', 1)) < 1 or float(state.get('/CA', 1)) < 1 or \
                            state.get('/SMask', pikepdf.Name.None_) != pikepdf.Name.None_:
                        findings.append(Finding('error', number, 'transparency, which PDF/X-1a does not allow'))
        if press.pdfx == 'pdf/x-1a' and '/Group' in page.obj:
            findings.append(Finding('error', number, 'a transparency group, which PDF/X-1a does not allow'))
    return list(dict.fromkeys(findings))


def _pdfx_metadata(pdf, press):
    """What PDF/X asks of the document's metadata and output intent (ISO 15930-1 and -7):
    /Trapped True or False, a title and dates; an intent naming its condition, with its
    profile; a registered condition, or a warning."""
    findings = []
    info = pdf.docinfo
    if info.get('/Trapped') not in (pikepdf.Name('/True'), pikepdf.Name('/False')):
        findings.append(Finding('error', None, f'/Trapped is {info.get("/Trapped")}: PDF/X allows only /True '
                                'or /False'))
    for key in ('/Title', '/CreationDate', '/ModDate'):
        if not str(info.get(key, '')).strip():
            findings.append(Finding('error', None, f'the document information has no {key[1:]}, which PDF/X asks for'))
    if press.pdfx == 'pdf/x-4' and '/Metadata' in pdf.Root:
        with pdf.open_metadata() as meta:
            if meta.get('pdf:Trapped') not in ('True', 'False') or meta.get('pdfxid:GTS_PDFXVersion') != 'PDF/X-4':
                findings.append(Finding('error', None, 'the XMP metadata does not declare PDF/X-4 with '
                                        'pdf:Trapped True or False'))
    intents = pdf.Root.get('/OutputIntents', [])
    if len(intents) != 1 or not str(intents[0].get('/OutputConditionIdentifier', '')) or \
            '/DestOutputProfile' not in intents[0]:
        findings.append(Finding('error', None, 'PDF/X wants one output intent naming its condition, with its profile'))
    elif str(intents[0].get('/RegistryName', '')) != REGISTRY:
        findings.append(Finding('warning', None, f'the output intent is "{intents[0].OutputConditionIdentifier}", '
                                'not a registered printing condition: install Debian\'s argyll and '
                                'icc-profiles-free (./book does) and build again'))
    elif str(intents[0].OutputConditionIdentifier) != press.condition:
        findings.append(Finding('error', None, f'the output intent is {intents[0].OutputConditionIdentifier}; '
                                f'{press.label} takes {press.condition}'))
    return findings


def fonts(path):
    rows = tools.run(['pdffonts', str(path)]).stdout.splitlines()[2:]
    return [Finding('error', None, f'font {row.split()[0]} is not embedded')
            for row in rows if row.split()[-5] != 'yes']


def _images(path):
    """Images below PRINT_PPI at the size they are printed: a warning, as vendors give one."""
    rows = tools.run(['pdfimages', '-list', str(path)]).stdout.splitlines()[2:]
    findings = []
    for row in rows:
        cells = row.split()
        if cells[2] != 'image':         # an image's soft mask (its transparency) is listed too
            continue
        ppi = min(float(cells[12]), float(cells[13]))
        if ppi < PRINT_PPI:
            findings.append(Finding('warning', int(cells[0]), f'an image printed at {ppi:.0f} ppi; print wants '
                                    f'{PRINT_PPI}: use a larger image or show it smaller'))
    return findings


def _barcode(book, path, press):
    isbn = isbn13(book.identifier)
    if isbn is None:
        if press.barcode_required:
            return [Finding('warning', 1, f'{press.label} will not take this cover without an ISBN barcode: '
                            'give the book an ISBN identifier before you upload it')]
        return []
    with tempfile.TemporaryDirectory() as folder:
        tools.run(['pdftoppm', '-r', '300', '-png', str(path), str(Path(folder) / 'cover')])
        images = sorted(str(image) for image in Path(folder).glob('*.png'))
        found = tools.run(['zbarimg', '-q', '--raw', *images]).stdout.split()
    if isbn not in found:
        return [Finding('error', 1, f'the barcode does not scan as {isbn} (zbarimg read {found or "nothing"})')]
    return []
