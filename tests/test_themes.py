"""Themes: a book's own styles/, or the shared theme its `theme:` names, replaces default
stylesheets file by file; the default look stays as it is."""

import io
import subprocess
import zipfile

import pytest
from PIL import Image

from pressroom.build import build
from pressroom.catalogue import catalogue
from pressroom.errors import BookError
from pressroom.outputs import output_path
from pressroom.paths import STYLES_DIR, readable_roots, stylesheet
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES, copy_book

LARGER = '\np { font-size: 16pt; line-height: 24pt; }\n'   # added to the default base.css: more pages
SERIES = '\nh1 { color: #0b6e4f; }\n'


@pytest.fixture
def themed(tmp_path):
    """Two books: one with its own styles/base.css, one in a series whose shared theme
    (outside the book) holds another."""
    own = copy_book(FIXTURES / 'small-book', tmp_path / 'own')
    (own / 'styles').mkdir()
    (own / 'styles' / 'base.css').write_text((STYLES_DIR / 'base.css').read_text() + LARGER)
    series = copy_book(FIXTURES / 'small-book', tmp_path / 'shelf' / 'series-one')
    theme = tmp_path / 'shelf' / 'series-theme'
    theme.mkdir()
    (theme / 'base.css').write_text((STYLES_DIR / 'base.css').read_text() + SERIES)
    (series / 'metadata.yaml').write_text((series / 'metadata.yaml').read_text() + 'theme: ../series-theme\n')
    return own, series, theme


def test_two_books_with_their_own_themes_in_one_catalogue_run(themed, small_book):
    own, series, theme = themed
    report = catalogue([own, series], workers=2)
    assert report['built'] == 2, report
    default_book, _ = small_book
    # The first chapter's page: fewer words in the larger type, the heading green in the series.
    assert _words(load_book(own), 7) < _words(default_book, 7) == _words(load_book(series), 7)
    assert _green(load_book(series), 7) > 100 and _green(default_book, 7) == _green(load_book(own), 7) == 0
    for folder, rule, other in ((own, LARGER, SERIES), (series, SERIES, LARGER)):
        book = load_book(folder)
        page = output_path(book, 'html').read_text()
        with zipfile.ZipFile(output_path(book, 'epub')) as epub:
            css = epub.read('EPUB/style/book.css').decode()
        assert rule.strip() in page and rule.strip() in css
        assert other.strip() not in page and other.strip() not in css
        # the other stylesheets are the defaults
        assert stylesheet('pdf.css', book) == STYLES_DIR / 'pdf.css'
    assert theme.resolve() in readable_roots(load_book(series))


def _words(book, page):
    return len(subprocess.run(['pdftotext', '-f', str(page), '-l', str(page), str(output_path(book, 'pdf')), '-'],
                              capture_output=True, text=True, check=True).stdout.split())


def _green(book, page):
    """Pixels of the page drawn in the series' green."""
    png = subprocess.run(['pdftoppm', '-r', '50', '-f', str(page), '-l', str(page), '-png',
                          str(output_path(book, 'pdf'))], capture_output=True, check=True).stdout
    image = Image.open(io.BytesIO(png)).convert('RGB')
    return sum(1 for r, g, b in image.get_flattened_data() if g > r + 40 and g > b + 15)


def test_a_theme_that_loads_a_file_is_refused_and_a_stray_name_is_warned_of(tmp_path, capsys):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    (folder / 'styles').mkdir()
    (folder / 'styles' / 'bse.css').write_text('p { color: red; }\n')
    (folder / 'styles' / 'epub.css').write_text('@import url("https://example.com/x.css");\n')
    with pytest.raises(BookError, match=r'^styles/epub.css: loads a file \(url\(\) or @import\)'):
        build(folder, ('html',))
    assert ('styles/bse.css: warning: is not a stylesheet pressroom reads (base.css, cover.css, epub.css, '
            'folios.css, ordersheet.css, pdf-rtl.css, pdf.css, site.css, slug.css, web.css); did you mean base.css?') in capsys.readouterr().err


def test_a_theme_that_is_not_a_folder_is_named_with_its_line(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    (folder / 'metadata.yaml').write_text((folder / 'metadata.yaml').read_text() + 'theme: ../nowhere\n')
    with pytest.raises(BookError, match=r"metadata.yaml:\d+: theme: '../nowhere' is not a folder"):
        load_book(folder)
