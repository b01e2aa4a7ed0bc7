"""The book's pages laid out in parts on every core, then joined into one print master.

The front matter and groups of runs of chapters (a run: a chapter that opens on a recto,
with any that run on after it) are laid out at the same time, each in a process of its
own. A group opens on a recto, so it sets exactly as it would in the whole book; what a
part cannot know is its page numbers. So the contents, which lists them, is set again
once the chapters are, and the folios are drawn on the finished pages (styles/folios.css).
"""

import json
import logging
import os
import statistics
from math import ceil

import lxml.html

from .. import cache
from ..assets import fonts
from ..document import pagination
from ..paths import stylesheet
from ..printers import INCH, printer
from ..units import css_length
from ..workers import release, workers
from ..writers.pdf import join
from ..writers.pdf.pages import padded_count
from . import layout
from .paged import paged
from .upstream import document as read

FOLIOS = {'stylesheets': (*layout.STYLESHEETS, 'folios.css'), 'options': {}}
PROGRESS = logging.getLogger('pressroom.progress')
WORKERS = min(4, max(2, len(os.sched_getaffinity(0))))
FOLIO_RUNS = 2             # documents the folios are drawn in; fixed, as are the parts
# Runs of chapters (from a recto) in parts of about this many characters (some 15 pages),
# and at most MAX_PARTS of them: small parts keep each worker's memory low, balance the
# cores and make an edit lay out little again (a chapter of the long benchmark book, 17
# pages, in 1.6 s); each costs a WeasyPrint start-up, but the long book's 40 parts lay out
# in the time its 26 of twice the size took.
PART_SIZE = 30_000
MAX_PARTS = 48
PLACEHOLDER = '000'        # a page number before the real ones are known
PX = 4 / 3                 # CSS px, WeasyPrint's unit, in a point
# A book's page count is foreseen (for the printer's gutter) from a sample page of this many
# of its paragraphs, when it has at least this many characters (a shorter one is far from
# any step of a printer's gutter table but the first); its headings, notes and openings
# take this much more room than its text alone, and a chapter's opening this part of a page.
SAMPLE_BLOCKS = 40
FORESEEN_FROM = 300_000
OVERHEAD = 1.12
OPENING = 0.4


def render_master(book, html_text, pdf=True):
    """The print master PDF as bytes (None unless `pdf`: the EPUB alone needs no folios
    and no joined book), {note id: (page of its call, page of its text)}, 1-based, as the
    PDFs set them, and where each page begins (layout.page_starts).

    The printer may want a wider inside margin for a longer book (printers.py). The page
    count is foreseen before the book is laid out (`_foreseen`), so that it is laid out
    once with the gutter its length asks for; only where the count then falls in another
    of the printer's steps is it laid out again with that one."""
    front, groups = split(paged(html_text, book))
    press = printer(book)
    pages, design = _foreseen(book, front, groups)
    gutter = _gutter(press, pages, design)
    with workers(WORKERS) as pool:
        layouts = _Layouts(book, pool)
        for _ in range(3):
            laid, starts, overlays = _lay_out(book, front, groups, layouts, gutter, pdf)
            if not gutter:
                design = min(part.inside for part in laid)
            pages = padded_count(starts[-1] + len(laid[-1].kinds), book.page_multiple)
            wanted = _gutter(press, pages, design)
            if wanted == gutter:
                break
            gutter = wanted
        else:
            raise RuntimeError('the gutter does not settle for the page count')
        layouts.prune()
    notes = {note: (starts[index] + call + 1, None if text is None else starts[index] + text + 1)
             for index, part in enumerate(laid) for note, (call, text) in part.notes.items()}
    faces = [path for faces in fonts.book_faces(book).values() for path in faces.files.values()]
    begins = []
    for start, part, source in zip(starts, laid, [front, *groups]):
        begins += [None] * (start - len(begins))
        begins += [None if begin is None else [begin[0] + source.first_key, begin[1]] for begin in part.starts]
    if pdf:
        pdf = join.join([part.pdf for part in laid], starts, [overlay.pdf for overlay in overlays], faces)
    return pdf or None, notes, begins


def _gutter(press, pages, inside):
    """The CSS that widens the inside margin to what `press` asks for a book of `pages`
    pages, where the design's (`inside`, CSS px, as the layout gives it) is narrower."""
    wanted = (press.inside_margin(pages) or 0) * INCH
    if wanted * PX <= inside + 0.01:
        return ''
    return (f'@page :right {{ margin-left: {css_length(wanted)}; }} '
            f'@page :left {{ margin-right: {css_length(wanted)}; }}')


def _foreseen(book, front, groups):
    """(pages, the design's inside margin in CSS px) the book will have, foreseen before it
    is laid out: the characters of each part over the characters a full page of the book's
    own text holds, measured on a sample page of it. A short book is not measured."""
    if sum(len(part.text()) for part in groups) < FORESEEN_FROM:
        return 0, float('inf')
    sample = lxml.html.document_fromstring(groups[0].html())
    paragraphs = [block for block in sample.iter('p') if block.getparent().tag == 'section'][:SAMPLE_BLOCKS]
    body = ''.join(lxml.html.tostring(block, encoding='unicode') for block in paragraphs)
    html = (f'<!DOCTYPE html><html lang="{book.lang}"><body><section class="chapter"><h1>.</h1>{body}'
            '</section></body></html>')
    document = layout.renderer(book)(html)
    if len(document.pages) < 3:
        return 0, float('inf')
    full = [sum(len(text.text) for line, foot in read.line_boxes(page._page_box) if not foot
                for text in read.text_boxes(line)) for page in document.pages[1:-1]]
    per_page = max(statistics.median(full), 1)
    pages = padded_count(int(len(front.text()) / per_page) + 4, 2)
    for chapter in (block for group in groups for block in group.blocks):
        start = chapter.get('data-start', 'right')
        if start != 'continuous':
            pages = ceil(pages) + (ceil(pages) % 2 if start == 'right' else 0) + OPENING
        pages += len(chapter.text_content()) * OVERHEAD / per_page
    return ceil(pages), document.pages[0]._page_box.margin_left


def _lay_out(book, front, groups, layouts, gutter, folios):
    """Every part laid out, the contents set with the real page numbers and, if `folios`,
    the folios drawn: (parts, their first page indexes, folio overlays)."""
    jobs = [layouts.submit(front.html({}), gutter)] + [layouts.submit(group.html(), group.css + gutter)
                                                       for group in groups]
    laid = []
    for number, job in enumerate(jobs, 1):
        laid.append(layouts.result(job))
        PROGRESS.info('part %d of %d laid out', number, len(jobs))
    # The contents set again with the real page numbers while the folios are drawn;
    # both again if that changed the contents' own length.
    for _ in range(3):
        starts = _starts(laid)
        numbers = {anchor: str(starts[index] + page + 1)
                   for index, part in enumerate(laid[1:], 1) for anchor, page in part.anchors.items()}
        jobs = [layouts.submit(front.html(numbers), gutter)] + [
            layouts.submit(_folio_page(book, chunk), gutter, **FOLIOS)
            for chunk in (_folio_chunks(laid, starts, FOLIO_RUNS) if folios else ())]
        contents, *overlays = [layouts.result(job) for job in jobs]
        settled = len(contents.kinds) == len(laid[0].kinds)
        laid[0] = contents
        if settled:
            return laid, starts, overlays
    raise RuntimeError('the contents does not settle on a length')


def _starts(laid):
    """Each part's first page index in the book: every part but the first opens a recto."""
    starts, page = [], 0
    for part in laid:
        page += page % 2
        starts.append(page)
        page += len(part.kinds)
    return starts


def _folio_chunks(laid, starts, count):
    """(kind, number) for every page of the book, blank versos between parts included,
    cut into `count` runs of pages."""
    pages = []
    for start, part in zip(starts, laid):
        pages += [('bare', '')] * (start - len(pages))
        pages += [(kind, str(start + index + 1)) for index, kind in enumerate(part.kinds)]
    size = -(-len(pages) // count)
    size += size % 2           # each run starts on a recto, as its first page is laid out
    return [pages[index:index + size] for index in range(0, len(pages), size)]


def _folio_page(book, pages):
    """A document whose pages hold only the folios of `pages`."""
    body = ''.join(f'<div class="{kind}" data-folio="{number}"></div>' for kind, number in pages)
    return f'<!DOCTYPE html><html lang="{book.lang}"><body>{body}</body></html>'


class _Layouts:
    """Parts laid out by the pool, or found in build/.cache/parts if the very same part was
    laid out before: after a one-chapter edit, only that chapter's group is laid out again.
    Kept as PDF and JSON, never as pickles: a build folder may come with the book."""

    def __init__(self, book, pool):
        self.book, self.pool = book, pool
        self.folder = book.build_dir / '.cache' / 'parts'
        self.used = set()

    def submit(self, html, css='', stylesheets=layout.STYLESHEETS, options=layout.PDF_OPTIONS):
        key = cache.key(self.book, html, css, stylesheets, options,
                        *(stylesheet(name, self.book).read_bytes() for name in stylesheets))
        self.used.add(key)
        found = self._cached(key)
        if found is not None:
            return key, found
        return key, self.pool.submit(_lay_out_part, self.book, html, css, stylesheets, options)

    def _cached(self, key):
        """The part laid out before, if both its entries are there, sealed and whole."""
        facts, data = cache.read_json(self.folder / f'{key}.json'), cache.read(self.folder / f'{key}.pdf')
        if facts is None or data is None:
            return None
        try:
            return layout.Laid(data, facts['kinds'], facts['anchors'],
                               {note: tuple(pages) for note, pages in facts['notes'].items()}, facts['inside'],
                               facts['starts'])
        except (KeyError, TypeError, AttributeError, ValueError):
            return None

    def result(self, job):
        key, found = job
        if isinstance(found, layout.Laid):
            return found
        laid = found.result()
        cache.write(self.folder / f'{key}.pdf', laid.pdf)
        facts = {'kinds': laid.kinds, 'anchors': laid.anchors, 'notes': laid.notes, 'inside': laid.inside,
                 'starts': laid.starts}
        cache.write(self.folder / f'{key}.json', json.dumps(facts, sort_keys=True).encode())
        return laid

    def prune(self):
        """Forget the parts this build did not use, so the cache does not grow without end."""
        cache.prune(self.folder, {f'{key}.{kind}' for key in self.used for kind in ('pdf', 'json')})


def _lay_out_part(*arguments):
    """A part laid out in a worker, which then hands back the memory the layout took (a
    worker lays out many parts one after another)."""
    try:
        return layout.lay_out_part(*arguments)
    finally:
        release()


class Part:
    """Some of the book's top-level blocks, as a document of their own."""

    def __init__(self, root, blocks, notes_before):
        self.root, self.blocks = root, blocks
        self.css = f'html {{ counter-reset: footnote {notes_before}; }}'
        self.ids = {found for block in blocks for found in block.xpath('descendant-or-self::*/@id')}
        # Its blocks counted from its first (page_starts counts the book's from this), so a
        # paragraph added in an earlier chapter leaves the part as it was, and laid out.
        keyed = [element for block in blocks for element in block.iter() if element.get(pagination.KEY)]
        self.first_key = int(keyed[0].get(pagination.KEY)) if keyed else 0
        for element in keyed:
            element.set(pagination.KEY, str(int(element.get(pagination.KEY)) - self.first_key))

    def text(self):
        return ''.join(block.text_content() for block in self.blocks)

    def html(self, numbers=None):
        """The part's HTML; with `numbers`, the contents entries carry their page numbers.
        Links to other parts point to join.GOTO, which the joined PDF resolves."""
        body = self.root.find('body')
        body[:] = self.blocks
        for link in body.xpath('.//a[starts-with(@href, "#")]'):
            if link.get('href')[1:] not in self.ids:
                link.set('href', join.GOTO + link.get('href')[1:])
        for link in body.xpath('.//nav[contains(@class, "toc")]//a') if numbers is not None else ():
            link.set('data-page', numbers.get(link.get('href').removeprefix(join.GOTO), PLACEHOLDER))
        return lxml.html.tostring(self.root, encoding='unicode', doctype='<!DOCTYPE html>')


def split(paged_html):
    """The front matter, and the runs of chapters in groups of about equal length."""
    root = lxml.html.document_fromstring(paged_html)
    blocks = list(root.find('body'))
    first = next((i for i, block in enumerate(blocks) if 'chapter' in block.classes), len(blocks))
    runs = _runs(blocks[first:])
    size = sum(len(chapter.text_content()) for run in runs for chapter in run)
    # never the machine's cores: same parts, same bytes
    count = max(2, min(MAX_PARTS, len(runs), round(size / PART_SIZE)))
    groups, notes = [], 0
    for group in (sum(runs_of_group, []) for runs_of_group in _balanced(runs, count)):
        groups.append(Part(root, group, notes))
        notes += sum(_notes(block) for block in group)
    return Part(root, blocks[:first], 0), groups


def run_of(paged_html, ident):
    """The run of chapters holding section `ident`, from the recto its first opens on, as a
    Part numbering its notes on from the chapters before: it sets as it does in the book
    (only its folios, drawn on the joined book, are missing). None if no chapter has `ident`."""
    root = lxml.html.document_fromstring(paged_html)
    blocks = list(root.find('body'))
    first = next((i for i, block in enumerate(blocks) if 'chapter' in block.classes), len(blocks))
    notes = 0
    for run in _runs(blocks[first:]):
        if any(chapter.get('id') == ident for chapter in run):
            return Part(root, run, notes)
        notes += sum(_notes(chapter) for chapter in run)
    return None


def _notes(block):
    return len(block.xpath('.//span[contains(concat(" ", @class, " "), " fn ")]'))


def _runs(chapters):
    """The chapters in runs that each open on a recto: a part is laid out from a recto, so
    only such a chapter may begin one (chapter_start: any or continuous runs on)."""
    runs = []
    for chapter in chapters:
        if not runs or chapter.get('data-start', 'right') == 'right':
            runs.append([])
        runs[-1].append(chapter)
    return runs


def _balanced(runs, count):
    """The runs of chapters in consecutive groups, cut where the text length reaches each share."""
    sizes = [sum(len(chapter.text_content()) for chapter in run) for run in runs]
    share, groups, group, filled = sum(sizes) / count, [], [], 0
    for run, size in zip(runs, sizes):
        group.append(run)
        filled += size
        if filled >= share * (len(groups) + 1) and len(groups) < count - 1:
            groups.append(group)
            group = []
    return [group for group in groups + [group] if group]
