"""The HTML intermediate: chapters split into sections, notes, ids, running heads, bookmarks."""

import subprocess

import lxml.html
import pikepdf
import pytest

from pressroom.build import build
from pressroom.document.intermediate import build_document
from pressroom.sources.chapters import read_chapters
from pressroom.sources.metadata import load_book
from pressroom.typeset.paged import paged

from .conftest import FIXTURES, copy_book

UNTITLED_WARNING = 'warning: text with no "# " heading above it is set as an untitled chapter'


# Chapter one links to the second chapter's heading, which these tests take away.
DANGLING = "chapters/one.md:18: warning: link to '#the-second-chapter', which is not in the book, is set as plain text"

def book_with(tmp_path, one=None, two=None, name='book'):
    """The fixture book with chapter one and/or two rewritten."""
    folder = copy_book(FIXTURES / 'small-book', tmp_path / name)
    for stem, text in (('one', one), ('two', two)):
        if text is not None:
            (folder / 'chapters' / f'{stem}.md').write_text(text, encoding='utf-8')
    return folder


def document(folder):
    book = load_book(folder)
    return build_document(book, read_chapters(book), book.build_dir / '.cache' / 'html')


def chapters(folder):
    return lxml.html.document_fromstring(document(folder)).xpath('//section[contains(@class, "chapter")]')


# --- notes ------------------------------------------------------------------------------------

@pytest.mark.parametrize('heading', ['# Footnotes', '## Footnotes'])
def test_authors_own_footnotes_section_survives_and_notes_still_work(tmp_path, heading):
    two = f'# The Second Chapter\n\nA note.[^a]\n\n{heading}\n\nThe author\'s own words.\n\n[^a]: The note.\n'
    root = lxml.html.document_fromstring(document(book_with(tmp_path, two=two)))
    section = root.xpath('//section[@id="footnotes"]')
    assert len(section) == 1 and 'The author’s own words.' in section[0].text_content()
    assert 'Footnotes' in [h.text_content() for h in section[0].xpath('h1|h2')]
    call = root.xpath('//section[@data-source="chapters/two.md"]//a[@class="noteref"]')[0]
    assert root.xpath(f'//aside[@id="{call.get("href")[1:]}"]')[0].text_content().endswith('The note.')
    assert not root.xpath('//*[@role="doc-endnotes"]')


# --- untitled chapters ------------------------------------------------------------------------

def test_untitled_chapter_id_does_not_repeat_a_heading_id(tmp_path, capsys):
    two = 'Words before any heading.\n\n# Chapter 2 {#chapter-2}\n\nText.\n'
    ids = [section.get('id') for section in chapters(book_with(tmp_path, two=two))]
    assert len(ids) == len(set(ids)) and 'chapter-2' in ids
    assert capsys.readouterr().err.splitlines() == [f'chapters/two.md:1: {UNTITLED_WARNING}', DANGLING]


@pytest.mark.parametrize('top', ['<!-- Draft 3 -->', '<!-- Draft 3 -->\n<!-- checked -->', '&nbsp;'])
def test_comments_and_blank_space_above_the_first_heading_make_no_untitled_chapter(tmp_path, capsys, top):
    two = f'{top}\n\n# The Second Chapter\n\nText.\n'
    sections = chapters(book_with(tmp_path, two=two))
    assert [section.find('h1').text_content() for section in sections] == ['The First Chapter',
                                                                          'The Second Chapter']
    assert capsys.readouterr().err == ''


def test_chapter_without_any_heading_is_one_untitled_chapter_with_a_warning_that_fits(tmp_path, capsys):
    sections = chapters(book_with(tmp_path, two='Words, and no heading at all.\n'))
    assert sections[1].find('h1') is None and sections[1].get('id') == 'chapter-2'
    assert capsys.readouterr().err.splitlines() == [f'chapters/two.md:1: {UNTITLED_WARNING}', DANGLING]


def test_chapter_of_nothing_but_comments_is_left_out_with_a_warning(tmp_path, capsys):
    sections = chapters(book_with(tmp_path, two='<!-- To be written. -->\n'))
    assert [section.get('data-source') for section in sections] == ['chapters/one.md']
    assert capsys.readouterr().err.splitlines() == [
        'chapters/two.md: warning: chapter has nothing to read (only comments or blank space) and is left out',
        DANGLING]


# --- running heads ----------------------------------------------------------------------------

def test_every_chapter_carries_its_running_head_and_an_untitled_one_an_empty_one(tmp_path):
    one = '# A Title Far Too Long for the Head {running-head="Short"}\n\nText.\n'
    two = 'Loose words first.\n\n# The Second Chapter[^src]\n\nText.\n\n[^src]: A source.\n'
    heads = [section.get('data-running-head') for section in chapters(book_with(tmp_path, one=one, two=two))]
    assert heads == ['Short', '', 'The Second Chapter']


# --- bookmarks --------------------------------------------------------------------------------

def test_paged_headings_carry_their_bookmark_without_note_numbers(tmp_path):
    two = '# The Second Chapter[^src]\n\n## A section[^b]\n\nText.\n\n[^src]: A source.\n\n[^b]: Another.\n'
    folder = book_with(tmp_path, two=two)
    root = lxml.html.document_fromstring(paged(document(folder), load_book(folder)))
    labels = [h.get('data-bookmark') for h in root.xpath('//section[@data-source="chapters/two.md"]//h1|'
                                                          '//section[@data-source="chapters/two.md"]//h2')]
    assert labels == ['The Second Chapter', 'A section']


UNTITLED_PAGES = '\n\n'.join(['Words of a chapter that has no title, set over several pages. ' * 12] * 14)


@pytest.fixture(scope='module')
def built_pdf(tmp_path_factory):
    """The fixture book with a note called from a heading, and an untitled third chapter
    long enough to have a recto after its opening page."""
    folder = book_with(tmp_path_factory.mktemp('pdf'),
                       two='# The Second Chapter[^src]\n\nText.\n\n[^src]: Where it comes from.\n')
    (folder / 'chapters' / 'three.md').write_text(UNTITLED_PAGES + '\n', encoding='utf-8')
    metadata = folder / 'metadata.yaml'
    metadata.write_text(metadata.read_text(encoding='utf-8').replace(
        '  - chapters/two.md\n', '  - chapters/two.md\n  - chapters/three.md\n'), encoding='utf-8')
    return build(folder, ('pdf',))['pdf'][0]


def test_pdf_bookmarks_leave_out_the_numbers_of_notes_called_in_headings(built_pdf):
    with pikepdf.open(built_pdf) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert 'The Second Chapter' in titles
    assert not any(title.startswith('The Second Chapter') and title != 'The Second Chapter' for title in titles)


def test_pdf_untitled_chapter_shows_no_running_head_of_the_chapter_before(built_pdf):
    pages = subprocess.run(['pdftotext', '-layout', str(built_pdf), '-'], capture_output=True, text=True,
                           check=True).stdout.split('\f')
    untitled = [number for number, text in enumerate(pages, 1) if 'no title, set over' in text]
    rectos = [number for number in untitled[1:] if number % 2]
    assert rectos, 'the untitled chapter runs onto a recto after its opening page'
    for number in rectos:
        assert 'The Second Chapter' not in pages[number - 1]


# --- the stylesheet ---------------------------------------------------------------------------

def test_intermediate_links_no_stylesheet_and_is_the_same_wherever_the_book_is(tmp_path):
    near = document(book_with(tmp_path, name='book'))
    far = document(book_with(tmp_path / 'deeper' / 'still', name='book'))
    assert near == far
    assert '<link' not in near and 'web.css' not in near
