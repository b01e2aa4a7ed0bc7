"""What the typeset pages must show: running heads, print-shop geometry, crop marks, PDF/UA."""

import subprocess

import pikepdf
import pytest

from pressroom.build import build
from pressroom.sources.metadata import load_book
from pressroom.writers.pdf.variants import CROP_MARKS

from .conftest import FIXTURES, copy_book


def page_lines(file, number):
    text = subprocess.run(['pdftotext', '-layout', '-f', str(number), '-l', str(number), str(file), '-'],
                          capture_output=True, text=True, check=True).stdout
    return [line for line in text.splitlines() if line.strip()]


def running_head(file, number):
    """The words of a page's head line, without its folio."""
    return ' '.join(word for word in page_lines(file, number)[0].split() if not word.isdigit())


def test_running_heads_show_book_title_on_versos_and_short_chapter_title_on_rectos(lecture):
    book, results = lecture
    screen = results['pdf'][0]
    with pikepdf.open(screen) as pdf:
        count = len(pdf.pages)
    heads = {number: running_head(screen, number) for number in range(12, count + 1) if page_lines(screen, number)}
    versos = {head for number, head in heads.items() if number % 2 == 0 and head}
    assert versos == {book.title}
    # Chapter 3's title is too long for a head: the manuscript gives a short one.
    assert 'The founding of the Left Opposition' in heads.values()
    assert not any('From the defeat' in head for head in heads.values())


def test_chapter_opening_pages_carry_no_running_head(lecture):
    book, results = lecture
    first_lines = [(page_lines(results['pdf'][0], number) or [''])[0].strip() for number in range(9, 20)]
    openings = [line for line in first_lines if line.startswith('Lenin’s last struggle')]
    assert openings, 'the chapter opening is set as its first line, with no head above it'


def test_print_pages_start_at_origin_with_bleed_outside_top_and_bottom(lecture):
    book, results = lecture
    with pikepdf.open(results['print'][0]) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            media = [float(v) for v in page.obj.MediaBox]
            trim = [float(v) for v in page.obj.TrimBox]
            assert media == [float(v) for v in page.obj.BleedBox]
            # KDP: trim + 0.125in wide, + 0.25in high (5.625 x 8.75in for 5.5 x 8.5in)
            assert media == [0, 0, book.trim[0] + book.bleed, book.trim[1] + 2 * book.bleed]
            inside = 0 if number % 2 else book.bleed          # no bleed at the spine
            assert trim == pytest.approx([inside, book.bleed, inside + book.trim[0], book.bleed + book.trim[1]])


def test_crop_marks_when_asked_for_sit_outside_the_bleed(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    metadata = folder / 'metadata.yaml'
    metadata.write_text(metadata.read_text(encoding='utf-8') + '\ncrop_marks: true\n', encoding='utf-8')
    book = load_book(folder)
    printed = build(folder, ['print'])['print'][0]
    slug = CROP_MARKS.offset + CROP_MARKS.length
    with pikepdf.open(printed) as pdf:
        page = pdf.pages[2].obj
        media = [float(v) for v in page.MediaBox]
        bleed = [float(v) for v in page.BleedBox]
        assert media[:2] == [0, 0]
        assert bleed == pytest.approx([slug, slug, media[2] - slug, media[3] - slug])
        contents = b''.join(part.read_bytes() for part in page.Contents)
    assert contents.count(b' l') >= 8 and b'0 0 0 1 K' in contents
    # Rendered, the sheet's corner holds dark marks.
    dpi = 288
    corner = int((slug + book.bleed + 2) * dpi / 72)   # reaches the trim lines
    render = subprocess.run(['pdftoppm', '-r', str(dpi), '-f', '3', '-l', '3', '-x', '0', '-y', '0',
                             '-W', str(corner), '-H', str(corner), '-gray', str(printed)],
                            capture_output=True, check=True).stdout
    pixels = render.split(b'\n', 3)[3]
    assert min(pixels) < 160
    assert book.crop_marks


def test_screen_pdf_is_tagged_and_declares_pdf_ua(lecture):
    book, results = lecture
    with pikepdf.open(results['pdf'][0]) as pdf:
        assert '/StructTreeRoot' in pdf.Root
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == book.lang
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        assert pdf.open_metadata()['pdfuaid:part'] == '1'
    with pikepdf.open(results['print'][0]) as pdf:
        assert 'pdfuaid:part' not in pdf.open_metadata()


def test_joined_pdf_has_one_structure_tree_reaching_every_page_and_link(lecture):
    book, results = lecture
    with pikepdf.open(results['pdf'][0]) as pdf:
        root = pdf.Root.StructTreeRoot
        (document,) = root.K
        assert document.S == '/Document'
        assert all(document == kid.P for kid in document.K)
        reached, pending = set(), list(document.K)
        while pending:
            element = pending.pop()
            if isinstance(element, pikepdf.Dictionary):
                if '/Pg' in element:
                    reached.add(element.Pg.objgen)
                pending += list(element.get('/K', ())) if isinstance(element.get('/K'), pikepdf.Array) \
                    else [element.get('/K')]
        nums = root.ParentTree.Nums
        keys = [int(nums[index]) for index in range(0, len(nums), 2)]
        assert keys == sorted(set(keys))
        tagged = [page for page in pdf.pages if '/StructParents' in page.obj]
        assert len(tagged) >= len(pdf.pages) - 8          # blank pages have no content to tag
        assert {int(page.obj.StructParents) for page in tagged} <= set(keys)
        marked = {page.objgen for page in tagged if len(nums[2 * keys.index(int(page.obj.StructParents)) + 1])}
        assert len(marked) > len(pdf.pages) / 2 and marked <= reached   # every part's pages in the one tree
        links = [annotation for page in pdf.pages for annotation in page.obj.get('/Annots', ())]
        assert links and all(int(link.StructParent) in keys for link in links)


def test_contents_links_jump_to_named_destinations_on_the_pages_it_lists(lecture):
    book, results = lecture
    with pikepdf.open(results['pdf'][0]) as pdf:
        destinations = dict(pikepdf.NameTree(pdf.Root.Names.Dests).items())
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
        contents = next(number for number in range(1, 9)
                        if 'Contents' in (page_lines(results['pdf'][0], number) or [''])[0])
        listed = [int(line.split()[-1]) for line in page_lines(results['pdf'][0], contents)[1:]
                  if line.split()[-1].isdigit()]
        names = []
        for link in pdf.pages[contents - 1].obj.Annots:     # an entry may be several boxes
            assert link.A.S == '/GoTo' and not str(link.A.D).startswith('pressroom-goto:')
            names.append(str(link.A.D))
        targets = [pages[destinations[name][0].objgen] for name in dict.fromkeys(names)]
    assert targets == listed and len(targets) >= 10


def test_bookmarks_from_every_part_nest_sections_under_their_chapter(lecture):
    book, results = lecture
    with pikepdf.open(results['pdf'][0]) as pdf, pdf.open_outline() as outline:
        tree = {item.title: [child.title for child in item.children] for item in outline.root}
    assert list(tree)[:3] == ['Contents', 'Editorial note', 'Introduction']
    assert tree['Lenin’s last struggle against nationalism and bureaucracy'][0] == 'Monopoly on foreign trade'
    assert len([title for title in tree if title.startswith('The “Lessons of October,”')]) == 1
    assert sum(len(children) for children in tree.values()) == 9
