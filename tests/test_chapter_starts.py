"""Where chapters open: on a recto (the default), on the next page, or running on; per book
(`chapter_start`) and per chapter (`# Title {chapter-start=…}`)."""

import pikepdf
import pytest

from pressroom.build import build
from pressroom.errors import BookError
from pressroom.outputs import output_path
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES, copy_book


def _openings(folder):
    """Page number (1-based) of each chapter's opening and of the first chapter's last text."""
    book = load_book(folder)
    with pikepdf.open(output_path(book, 'pdf')) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
        targets = {name: pages[target[0].objgen] for name, target in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
    return targets['the-first-chapter'], targets['first-section'], targets['the-second-chapter']


def _book(tmp_path, setting=None, heading=None):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    if setting:
        with open(folder / 'metadata.yaml', 'a') as metadata:
            metadata.write(f'chapter_start: {setting}\n')
    if heading:
        chapter = folder / 'chapters' / 'two.md'
        chapter.write_text(chapter.read_text().replace('# The Second Chapter', f'# The Second Chapter {heading}', 1))
    build(folder, ('html', 'pdf'))
    return folder


def test_chapters_open_on_a_recto_by_default(tmp_path):
    first, section, second = _openings(_book(tmp_path))
    assert first % 2 == 1 and second % 2 == 1 and second > section


@pytest.mark.parametrize('setting, heading', [('any', None), (None, '{chapter-start=any}')])
def test_a_chapter_may_open_on_the_next_page(tmp_path, setting, heading):
    first, section, second = _openings(_book(tmp_path, setting, heading))
    assert second == section + 1


def test_a_book_s_chapters_may_run_on_one_after_another(tmp_path):
    first, section, second = _openings(_book(tmp_path, 'continuous'))
    assert second == section


def test_one_chapter_may_run_on_in_a_book_of_rectos(tmp_path):
    """The first chapter still opens on a recto with its sink, so the second, running on,
    starts on the same page if its heading and first lines fit there, else on the next."""
    first, section, second = _openings(_book(tmp_path, None, '{chapter-start=continuous}'))
    assert first % 2 == 1 and second in (section, section + 1)
    assert _openings(_book(tmp_path / 'recto'))[2] > second


def test_a_chapter_start_that_is_not_one_names_the_line(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    chapter = folder / 'chapters' / 'two.md'
    chapter.write_text(chapter.read_text().replace('# The Second Chapter', '# The Second Chapter {chapter-start=left}', 1))
    with pytest.raises(BookError, match=r"chapter-start='left' is not one of right, any, continuous") as error:
        build(folder, ('html',))
    assert error.value.line == 1 and error.value.path.name == 'two.md'
