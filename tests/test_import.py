"""`invoke import`: book folders made from Word, ODT, HTML, EPUB and Markdown files build at
once, keep their notes and bracketed text as written, and our own EPUB comes back whole."""

import zipfile

import lxml.html
import pypandoc
import pytest
import yaml

from pressroom.build import build
from pressroom.checks.lint import lint
from pressroom.checks.validate import epubcheck
from pressroom.errors import BookError
from pressroom.importer import import_book
from pressroom.outputs import output_path
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES

MANUSCRIPT = '''---
title: A Word Book
subtitle: Made in Word
author: [Wanda Writer, Walter Writer]
date: 2021-05-04
---

# The First Chapter

A paragraph with a note.[^1] And a quotation:

> “The words quoted.” [Lenin, *Collected Works*, Vol. 33, p. 204]

![A grey square.](square.png)

[^1]: The note’s text.

# The Second Chapter

## A section

More text, [sic] and [T]he, with [Felix] Dzerzhinsky.
'''


@pytest.fixture(scope='module')
def word_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp('word')
    (folder / 'square.png').write_bytes((FIXTURES / 'feature-book' / 'images' / 'square.png').read_bytes())
    (folder / 'book.md').write_text(MANUSCRIPT, encoding='utf-8')
    pypandoc.convert_file(str(folder / 'book.md'), 'docx', outputfile=str(folder / 'book.docx'),
                          extra_args=['--standalone', f'--resource-path={folder}'])
    return folder / 'book.docx'


@pytest.fixture(scope='module')
def from_word(word_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp('imported') / 'book'
    import_book(word_file, folder)
    return folder


def chapters(folder):
    """{file name: text}, no-break spaces read as spaces (pandoc puts one after `p.`)."""
    return {path.name: path.read_text(encoding='utf-8').replace('\xa0', ' ')
            for path in sorted((folder / 'chapters').glob('*.md'))}


def test_a_word_file_becomes_a_chapter_per_top_level_heading(from_word):
    assert list(chapters(from_word)) == ['01-the-first-chapter.md', '02-the-second-chapter.md']
    metadata = yaml.safe_load((from_word / 'metadata.yaml').read_text())
    assert metadata['title'] == 'A Word Book' and metadata['subtitle'] == 'Made in Word'
    assert metadata['author'] == ['Wanda Writer', 'Walter Writer'] and metadata['date'] == '2021-05-04'
    assert metadata['chapters'] == ['chapters/01-the-first-chapter.md', 'chapters/02-the-second-chapter.md']


def test_notes_brackets_and_pictures_are_kept_as_written(from_word):
    first, second = chapters(from_word).values()
    assert '[^1]' in first and '[^1]: The note’s text.' in first
    assert '“The words quoted.” [Lenin, *Collected Works*, Vol. 33, p. 204]' in first
    assert 'More text, [sic] and [T]he, with [Felix] Dzerzhinsky.' in second
    picture = next(line for line in first.splitlines() if line.startswith('!['))
    path = (from_word / 'chapters' / picture.split('](')[1].rstrip(')')).resolve()
    assert path.is_file() and path.is_relative_to(from_word / 'images')


def test_what_the_document_lacks_is_a_placeholder_lint_points_out(from_word):
    warned = [line for line in lint(from_word) if 'placeholder' in line]
    assert {line.split(': warning: ')[1].split()[0] for line in warned} == {
        'publisher', 'rights', 'description', 'subjects'}
    assert all(': error: ' not in line for line in lint(from_word))


def test_the_imported_word_file_builds_with_its_citation_footnoted(from_word):
    build(from_word)
    book = load_book(from_word)
    root = lxml.html.parse(str(output_path(book, 'html'))).getroot()
    notes = [' '.join(aside.text_content().split()) for aside in root.iter('aside')]
    assert any('The note’s text.' in note for note in notes)
    assert any('Lenin, Collected Works, Vol. 33, p. 204' in note for note in notes)
    assert 'More text, [sic] and [T]he, with [Felix] Dzerzhinsky.' in root.text_content()
    assert [m for m in epubcheck(output_path(book, 'epub')) if m[0] in ('FATAL', 'ERROR')] == []


def test_our_own_epub_imported_and_rebuilt_keeps_every_paragraph_and_note(small_book, tmp_path):
    book, results = small_book
    folder = tmp_path / 'again'
    import_book(results['epub'][0], folder)
    build(folder)
    again = load_book(folder)
    assert (again.title, again.subtitle, again.authors) == (book.title, book.subtitle, book.authors)
    assert _paragraphs_and_notes(output_path(again, 'html')) == _paragraphs_and_notes(output_path(book, 'html'))


def _paragraphs_and_notes(path):
    """The text of every paragraph and note, without the notes' numbers (how notes are
    numbered is a setting of the book, not part of its EPUB)."""
    root = lxml.html.parse(str(path)).getroot()
    for number in root.xpath('//a[contains(@class, "noteref")] | //*[contains(@class, "note-label")]'):
        number.drop_tree()
    paragraphs = [' '.join(p.text_content().split())
                  for p in root.xpath('//section[contains(@class, "chapter")]//p[not(ancestor::aside)]')]
    notes = [' '.join(aside.text_content().split()) for aside in root.iter('aside')]
    return paragraphs, notes


@pytest.mark.parametrize('kind', ['odt', 'html', 'epub', 'markdown'])
def test_odt_html_epub_and_markdown_files_import_and_build(kind, word_file, tmp_path):
    source = word_file.with_suffix({'markdown': '.md', 'html': '.html'}.get(kind, f'.{kind}'))
    if not source.exists():
        pypandoc.convert_file(str(word_file.with_suffix('.md')), kind, outputfile=str(source),
                              extra_args=['--standalone', f'--resource-path={word_file.parent}'])
    folder = tmp_path / 'book'
    import_book(source, folder)
    build(folder, ('html', 'epub'))
    text = ' '.join(chapters(folder).values())
    assert '[Lenin, *Collected Works*, Vol. 33, p. 204]' in text and '[^1]' in text
    with zipfile.ZipFile(output_path(load_book(folder), 'epub')) as archive:
        assert any(name.startswith('EPUB/images/') for name in archive.namelist())


def test_active_and_remote_content_does_not_come_in(tmp_path, capsys):
    page = tmp_path / 'page.html'
    page.write_text('<html lang="fr"><head><title>Une page</title><script>alert(1)</script></head><body>'
                    '<h1>Premier</h1><p>Texte <img src="http://example.com/x.png" alt="loin"> '
                    '<a href="javascript:alert(1)">ici</a> <a href="https://example.org/">là</a>.</p></body></html>')
    folder = tmp_path / 'book'
    import_book(page, folder)
    text = ' '.join(chapters(folder).values())
    assert 'alert' not in text and 'example.com' not in text and 'ici' in text
    assert '[là](https://example.org/)' in text
    assert 'is not in the document (it is a web or other address) and is left out' in capsys.readouterr().err
    assert yaml.safe_load((folder / 'metadata.yaml').read_text())['lang'] == 'fr'


def test_an_unknown_kind_of_file_or_a_folder_in_use_is_refused(word_file, tmp_path):
    with pytest.raises(BookError, match='cannot import a .pages'):
        import_book(tmp_path / 'book.pages', tmp_path / 'new')
    (tmp_path / 'used').mkdir()
    (tmp_path / 'used' / 'notes.txt').write_text('mine')
    with pytest.raises(BookError, match='not an empty folder'):
        import_book(word_file, tmp_path / 'used')
    assert (tmp_path / 'used' / 'notes.txt').read_text() == 'mine'


def test_a_zip_bomb_or_a_file_that_is_no_document_is_refused_in_one_line(tmp_path):
    bomb = tmp_path / 'bomb.docx'
    with zipfile.ZipFile(bomb, 'w', zipfile.ZIP_DEFLATED) as archive:
        archive.writestr('word/document.xml', b'\0' * (201 * 2**20))      # 201 MB of nothing
    with pytest.raises(BookError, match='unpacks to more'):
        import_book(bomb, tmp_path / 'one')
    empty = tmp_path / 'empty.html'
    empty.write_text('<html><body><!-- nothing --></body></html>')
    with pytest.raises(BookError, match='no text to make a book of'):
        import_book(empty, tmp_path / 'three')
    assert sorted(path.name for path in tmp_path.iterdir()) == ['bomb.docx', 'empty.html']   # nothing left behind
    fake = tmp_path / 'fake.epub'
    fake.write_text('not a zip')
    with pytest.raises(BookError, match='is not a valid EPUB file'):
        import_book(fake, tmp_path / 'two')


def test_importing_the_same_file_twice_gives_the_same_folder(word_file, tmp_path):
    import_book(word_file, tmp_path / 'one')
    import_book(word_file, tmp_path / 'two')
    assert (tmp_path / 'one' / 'metadata.yaml').read_text() == (tmp_path / 'two' / 'metadata.yaml').read_text()
    assert chapters(tmp_path / 'one') == chapters(tmp_path / 'two')
