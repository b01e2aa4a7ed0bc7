"""pandoc's citations (`[@key, p. 3]`) set by citeproc from the book's bibliography, in the
Chicago notes style by default: notes in every output, beside the bracketed citations, and
the works cited at the end; a key no bibliography holds is named with its file and line."""

import subprocess
import zipfile

import pytest

from pressroom.build import build
from pressroom.checks.lint import lint
from pressroom.errors import BookError
from pressroom.outputs import output_path
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES, copy_book

BIB = '''@book{marsh2024,
  author = {Marsh, Alice},
  title = {Mud and Memory},
  publisher = {Fen Press},
  address = {Norwich},
  year = {2024}
}
@article{reed1999,
  author = {Reed, Bob},
  title = {On Reeds},
  journal = {Wetland Studies},
  volume = {3},
  pages = {1--20},
  year = {1999}
}
@book{unused2000,
  author = {Nobody, Ned},
  title = {Never Cited},
  year = {2000}
}
'''
CITING = ('\nThe fen is patient.[@marsh2024, p. 3] Reeds bend [see @reed1999, 4]. Mail me at ada@example.org.\n')


def _cite(folder, extra=CITING, bibliography='references.bib'):
    (folder / 'references.bib').write_text(BIB)
    (folder / 'chapters' / 'two.md').write_text((folder / 'chapters' / 'two.md').read_text() + extra)
    if bibliography:
        (folder / 'metadata.yaml').write_text((folder / 'metadata.yaml').read_text()
                                              + f'bibliography: {bibliography}\n')
    return folder


@pytest.fixture(scope='module')
def cited(tmp_path_factory):
    folder = _cite(copy_book(FIXTURES / 'small-book', tmp_path_factory.mktemp('cited') / 'book'))
    build(folder)
    return load_book(folder)


def test_citations_become_chicago_notes_and_a_bibliography_in_every_output(cited):
    note = 'Alice Marsh, Mud and Memory (Fen Press, 2024), 3.'
    entry = 'Marsh, Alice. Mud and Memory. Fen Press, 2024.'
    html = output_path(cited, 'html').read_text()
    assert '@marsh2024' not in html and 'ada@example.org' in html
    with zipfile.ZipFile(output_path(cited, 'epub')) as epub:
        xhtml = ' '.join(epub.read(name).decode() for name in epub.namelist() if name.endswith('.xhtml'))
    for name in ('pdf', 'print'):
        text = ' '.join(subprocess.run(['pdftotext', str(output_path(cited, name)), '-'], capture_output=True,
                                       text=True, check=True).stdout.split())
        assert note in text and entry in text and 'Bibliography' in text and 'Never Cited' not in text, name
    for text in (html, xhtml):
        flat = ' '.join(text.replace('<em>', '').replace('</em>', '').split())
        assert note in flat and entry in flat and 'Never Cited' not in flat
        assert 'See Bob Reed, <span>‘On Reeds’</span>, Wetland Studies 3 (1999): 4.' in flat   # en-GB's quotes
    assert 'class="footnote citation"' in html and 'epub:type="footnote"' in xhtml  # pop-up notes, as the others


def test_a_missing_key_is_named_by_the_build_and_by_lint_with_its_line(tmp_path):
    folder = _cite(copy_book(FIXTURES / 'small-book', tmp_path / 'book'), CITING + '\nAs shown [@marh2024].\n')
    line = (folder / 'chapters' / 'two.md').read_text().split('\n').index('As shown [@marh2024].') + 1
    message = (f'chapters/two.md:{line}: cites @marh2024, which references.bib does not hold; add the entry, '
               'correct the key, or write \\@ for an @ that cites nothing')
    with pytest.raises(BookError) as error:
        build(folder, ('html',))
    assert str(error.value) == message
    assert message.replace(': cites', ': error: cites') in lint(folder)


def test_a_citation_without_a_bibliography_is_named(tmp_path):
    folder = _cite(copy_book(FIXTURES / 'small-book', tmp_path / 'book'), bibliography=None)
    problems = [problem for problem in lint(folder) if 'cites @' in problem]
    assert len(problems) == 2 and 'metadata.yaml names no bibliography' in problems[0]
    with pytest.raises(BookError, match='cites @marsh2024, but metadata.yaml names no bibliography'):
        build(folder, ('html',))


def test_a_chapter_can_set_the_bibliography_itself_and_csl_json_is_read(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    (folder / 'refs.json').write_text('[{"id": "marsh2024", "type": "book", "title": "Mud and Memory", '
                                      '"author": [{"family": "Marsh", "given": "Alice"}], "issued": {"date-parts": [[2024]]}}]')
    (folder / 'chapters' / 'two.md').write_text((folder / 'chapters' / 'two.md').read_text()
                                                + '\nCited.[@marsh2024]\n\n# Works consulted\n\n::: {#refs}\n:::\n')
    (folder / 'metadata.yaml').write_text((folder / 'metadata.yaml').read_text() + 'bibliography: refs.json\n')
    build(folder, ('html',))
    html = output_path(load_book(folder), 'html').read_text()
    assert html.count('Marsh, Alice. <em>Mud and Memory</em>') == 1 and 'Works consulted' in html
    assert '>Bibliography<' not in html
