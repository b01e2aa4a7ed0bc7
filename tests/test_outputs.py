"""What the built files of the lecture and the small fixture book must show."""

import dataclasses
import re
import subprocess
import zipfile

import lxml.html
import pikepdf
import pytest

from pressroom.checks.validate import epubcheck, pdf_problems
from pressroom.printers import spine_width
from pressroom.typeset.parts import render_master

CITATIONS_IN_LECTURE = 28
INSERTIONS = ('[cart]', '[of the monopoly]', '[T]he', '[Felix]')


def path(built, name):
    return built[1][name][0]


def pdf_text(file):
    return subprocess.run(['pdftotext', '-layout', str(file), '-'], capture_output=True, text=True).stdout


def test_html_intermediate_turns_every_citation_into_a_note(lecture):
    root = lxml.html.parse(str(path(lecture, 'html'))).getroot()
    assert root.get('lang') == 'en-US'
    assert len(root.xpath('//aside[contains(@class, "citation")]')) == CITATIONS_IN_LECTURE
    assert len(root.xpath('//a[@class="noteref"]')) == CITATIONS_IN_LECTURE
    running = ' '.join(root.xpath('//section[contains(@class,"chapter")]//p[not(ancestor::aside)]//text()'))
    assert not re.search(r'\[(Lenin|Trotsky|Ibid|See)', running)
    for insertion in INSERTIONS:
        assert insertion.replace("'", '’') in running


def test_html_note_ids_are_unique_and_calls_link_to_notes(small_book):
    root = lxml.html.parse(str(path(small_book, 'html'))).getroot()
    ids = root.xpath('//@id')
    assert len(ids) == len(set(ids))
    for call in root.xpath('//a[@class="noteref"]'):
        assert root.xpath(f'//aside[@id="{call.get("href")[1:]}"]')
    # note numbering restarts in each chapter of this book
    labels = [call.text_content() for call in root.xpath('//a[@class="noteref"]')]
    assert labels == ['1', '2', '3', '1', '2', '3']


def test_epub_passes_epubcheck_without_any_message(lecture, small_book):
    for built in (lecture, small_book):
        assert epubcheck(path(built, 'epub')) == []


def test_epub_carries_every_note_as_popup_footnote(lecture):
    with zipfile.ZipFile(path(lecture, 'epub')) as archive:
        chapters = [archive.read(n).decode() for n in archive.namelist() if '/chapter-' in n]
        names = archive.namelist()
    text = ''.join(chapters)
    assert text.count('epub:type="footnote"') == CITATIONS_IN_LECTURE
    assert text.count('epub:type="noteref"') == CITATIONS_IN_LECTURE
    assert names[0] == 'mimetype'
    assert any(n.startswith('EPUB/fonts/') and n.endswith('.ttf') for n in names)


def test_pdfs_contain_the_whole_text_and_every_note(lecture):
    text = ' '.join(pdf_text(path(lecture, 'pdf')).split())
    assert 'Notes of a publicist' in text
    assert 'the height of absurdity' in text
    assert '[cart]' in text


@pytest.mark.parametrize('built', ['lecture', 'small_book'])
def test_every_footnote_lands_on_the_page_of_its_call(built, request):
    book, results = request.getfixturevalue(built)
    pages = render_master(book, results['html'][0].read_text())[1]
    assert pages and all(call == text for call, text in pages.values())


def test_print_interior_has_bleed_trim_padding_and_output_intent(lecture, small_book):
    for book, results in (lecture, small_book):
        assert pdf_problems(results['print'][0], book, 'print') == []
        with pikepdf.open(results['print'][0]) as pdf:
            assert len(pdf.pages) % book.page_multiple == 0
            assert '/OutputIntents' in pdf.Root
            assert '/Annots' not in pdf.pages[10].obj


def test_screen_pdf_is_trimmed_bookmarked_and_linked(lecture):
    book, results = lecture
    with pikepdf.open(results['pdf'][0]) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box == [0, 0, *book.trim]
        assert '/OutputIntents' not in pdf.Root
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert 'Introduction' in titles
        assert any('/Annots' in page.obj for page in pdf.pages)
        assert str(pdf.docinfo['/Title']) == book.title


def test_fonts_are_embedded_in_every_pdf(lecture):
    for name in ('pdf', 'print', 'cover'):
        rows = subprocess.run(['pdffonts', str(path(lecture, name))], capture_output=True,
                              text=True).stdout.splitlines()[2:]
        assert rows and all(row.split()[-5] == 'yes' for row in rows)


def test_cover_spread_width_follows_page_count_and_paper(lecture):
    book, results = lecture
    with pikepdf.open(results['print'][0]) as pdf:
        pages = len(pdf.pages)
    with pikepdf.open(results['cover'][0]) as cover:
        trim = [float(v) for v in cover.pages[0].obj.TrimBox]
    expected = 2 * book.trim[0] + spine_width(book, pages)
    assert trim[2] - trim[0] == pytest.approx(expected, abs=0.01)
    white, cream = (dataclasses.replace(book, paper=paper) for paper in ('white', 'cream'))
    assert spine_width(white, 100) == pytest.approx(100 * 0.002252 * 72)      # KDP's figures
    assert spine_width(cream, 100) == pytest.approx(100 * 0.0025 * 72)
    assert spine_width(dataclasses.replace(book, spine_per_page=0.003), 100) == pytest.approx(100 * 0.003 * 72)


def test_notes_get_the_same_typography_as_the_text(lecture):
    root = lxml.html.parse(str(path(lecture, 'html'))).getroot()
    first = ' '.join(root.xpath('//aside[@id="note-1"]//text()'))
    assert 'Vol.\u00a033, pp.\u00a0204–211' in first
