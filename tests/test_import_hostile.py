"""`invoke import` confined and bounded as a build is: it takes pictures only from inside
the document (or, for HTML and Markdown, its own folder, naming each), stops on any limit
with one line and leaves nothing behind, and writes metadata that builds."""

import base64
import os
import time
import zipfile

import pypandoc
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pressroom.errors import BookError
from pressroom.importer import import_book
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES

SQUARE = (FIXTURES / 'feature-book' / 'images' / 'square.png').read_bytes()


def _images(folder):
    return sorted(path.read_bytes() for path in (folder / 'images').iterdir()) if (folder / 'images').exists() else []


def _text(folder):
    return ' '.join(path.read_text(encoding='utf-8') for path in sorted((folder / 'chapters').glob('*.md')))


@pytest.fixture
def document_folder(tmp_path):
    """A document's folder with a picture in it, a link in it that leads out, and a secret
    beside it."""
    folder = tmp_path / 'doc'
    folder.mkdir()
    (folder / 'square.png').write_bytes(SQUARE)
    (folder / 'leads-out.png').symlink_to('/etc/passwd')
    (tmp_path / 'beside').mkdir()
    (tmp_path / 'beside' / 'secret.png').write_bytes(SQUARE[:-1] + b'\x01')
    return folder


@pytest.mark.parametrize('kind', ['html', 'md'])
def test_only_pictures_from_the_document_s_own_folder_are_taken_each_named(document_folder, tmp_path, capsys, kind):
    data = 'data:image/png;base64,' + base64.b64encode(SQUARE).decode()
    targets = ['/etc/passwd', '../beside/secret.png', 'leads-out.png', 'file:///etc/hostname', 'square.png', data]
    if kind == 'html':
        images = ''.join(f'<img src="{target}" alt="p{n}">' for n, target in enumerate(targets))
        text = f'<html><body><h1>One</h1><p>Text {images}</p></body></html>'
    else:
        text = '# One\n\nText ' + ' '.join(f'![p{n}]({target})' for n, target in enumerate(targets)) + '\n'
    source = document_folder / f'doc.{kind}'
    source.write_text(text)
    book = tmp_path / 'book'
    import_book(source, book)
    err = capsys.readouterr().err
    assert _images(book) == [SQUARE]                     # the folder's picture and the data: one, the same bytes
    assert "picture 'square.png' taken from the document's folder" in err
    for outside in targets[:4]:
        assert f"picture '{outside}' is not" in err and 'left out' in err
    assert 'root:' not in ''.join(path.read_text(errors='replace') for path in book.rglob('*') if path.is_file())
    load_book(book)


def _epub(path, images):
    """A small EPUB whose chapter shows `images` (src values); it holds in.png."""
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
           '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier>'
           '<dc:title>T</dc:title><dc:language>en-GB</dc:language></metadata><manifest>'
           '<item id="c" href="c.xhtml" media-type="application/xhtml+xml"/>'
           '<item id="i" href="in.png" media-type="image/png"/></manifest><spine><itemref idref="c"/></spine></package>')
    shown = ''.join(f'<img src="{src}" alt="p"/>' for src in images)
    chapter = (f'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><h1>One</h1><p>Text {shown}'
               '</p></body></html>')
    with zipfile.ZipFile(path, 'w') as archive:
        archive.writestr('mimetype', 'application/epub+zip')
        archive.writestr('META-INF/container.xml', '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:'
                         'opendocument:xmlns:container" version="1.0"><rootfiles><rootfile full-path="OEBPS/'
                         'content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
        archive.writestr('OEBPS/content.opf', opf)
        archive.writestr('OEBPS/c.xhtml', chapter)
        archive.writestr('OEBPS/in.png', SQUARE)
    return path


def test_an_epub_gives_only_the_pictures_it_holds(document_folder, tmp_path, capsys):
    source = _epub(document_folder / 'book.epub', ['/etc/passwd', '../square.png', '../../beside/secret.png', 'in.png'])
    book = tmp_path / 'book'
    import_book(source, book)
    assert _images(book) == [SQUARE]
    err = capsys.readouterr().err
    assert err.count('is not a file held in the document and is left out') == 3
    assert yaml.safe_load((book / 'metadata.yaml').read_text())['lang'] == 'en-GB'


def _nothing_left(tmp_path, before):
    return sorted(path.name for path in tmp_path.iterdir()) == before


@pytest.mark.parametrize('make, problem', [
    (lambda: '<html><body><h1>x</h1>' + '<blockquote>' * 3000 + 'deep' + '</blockquote>' * 3000 + '</body></html>',
     'over 100 deep'),
    (lambda: '<html><body><h1>x</h1><p>' + '<em>' * 150 + 'deep' + '</em>' * 150 + '</p></body></html>',
     'over 100 deep'),
])
def test_a_document_nested_too_deep_is_refused_in_one_line(tmp_path, make, problem):
    source = tmp_path / 'deep.html'
    source.write_text(make())
    with pytest.raises(BookError, match=problem):
        import_book(source, tmp_path / 'book')
    assert _nothing_left(tmp_path, ['deep.html'])


def test_twenty_thousand_headings_end_at_once_in_one_line_or_import_quickly(tmp_path):
    source = tmp_path / 'many.md'
    source.write_text(''.join(f'# Heading {n}\n\nText {n}.\n\n' for n in range(20_000)))
    started = time.monotonic()
    with pytest.raises(BookError, match='20,000 headings of its top level'):
        import_book(source, tmp_path / 'book')
    assert _nothing_left(tmp_path, ['many.md'])
    source.write_text(''.join(f'# Chapter {c}\n\n' + ''.join(f'## Part {n}\n\nText {n}.\n\n' for n in range(2000))
                              for c in range(10)))
    import_book(source, tmp_path / 'book')
    assert len(load_book(tmp_path / 'book').chapters) == 10
    assert time.monotonic() - started < 60


def test_metadata_with_control_characters_and_line_breaks_is_cleaned_so_the_book_loads(tmp_path):
    source = tmp_path / 'odd.md'
    source.write_text('---\ntitle: "A\\x01 title\\u2028across\\tlines"\nauthor: ["\\x0b", "B. Name"]\n'
                      'identifier: "urn:isbn:123"\nlang: "xx-YY"\ndate: "0099-01-01"\n---\n\n# One\n\nText.\n')
    import_book(source, tmp_path / 'book')
    book = load_book(tmp_path / 'book')
    assert book.title == 'A title across lines' and book.authors == ('B. Name',)
    assert book.identifier.startswith('urn:uuid:') and book.lang == 'en-US'


def test_a_title_block_above_the_first_heading_goes_into_the_metadata(tmp_path, capsys):
    source = tmp_path / 'tb.md'
    source.write_text('My Book\n\nA Subtitle Here\n\nby Ann Author and Bo Brown\n\n# One\n\nText one.\n\n# Two\n\nTwo.\n')
    pypandoc.convert_file(str(source), 'docx', outputfile=str(tmp_path / 'tb.docx'))
    import_book(tmp_path / 'tb.docx', tmp_path / 'book')
    metadata = yaml.safe_load((tmp_path / 'book' / 'metadata.yaml').read_text())
    assert (metadata['title'], metadata['subtitle'], metadata['author']) == (
        'My Book', 'A Subtitle Here', ['Ann Author', 'Bo Brown'])
    assert metadata['chapters'] == ['chapters/01-one.md', 'chapters/02-two.md']
    assert 'My Book' not in _text(tmp_path / 'book') and 'title block' in capsys.readouterr().err


def test_a_declared_language_is_kept_and_a_missing_one_is_said(tmp_path, capsys):
    source = tmp_path / 'gb.md'
    source.write_text('# One\n\nColour.\n')
    pypandoc.convert_file(str(source), 'docx', outputfile=str(tmp_path / 'gb.docx'), extra_args=['-M', 'lang=en-GB'])
    import_book(tmp_path / 'gb.docx', tmp_path / 'gb')
    assert yaml.safe_load((tmp_path / 'gb' / 'metadata.yaml').read_text())['lang'] == 'en-GB'
    import_book(source, tmp_path / 'none')
    assert 'declares no language; lang is en-US' in capsys.readouterr().err


def test_bold_lines_are_taken_as_headings_and_a_document_without_either_is_said(tmp_path, capsys):
    source = tmp_path / 'bold.md'
    source.write_text('**The First**\n\nText one.\n\n**The Second**\n\nText two.\n')
    import_book(source, tmp_path / 'bold')
    assert load_book(tmp_path / 'bold').chapters == ('chapters/01-the-first.md', 'chapters/02-the-second.md')
    assert 'lines set in bold alone' in capsys.readouterr().err
    source.write_text('Just text.\n\nMore text.\n')
    import_book(source, tmp_path / 'plain')
    assert 'has no headings to split into chapters' in capsys.readouterr().err


def test_an_interrupted_import_leaves_nothing_behind(tmp_path, monkeypatch):
    from pressroom.importer import chapters
    source = tmp_path / 'doc.md'
    source.write_text('# One\n\nText.\n')

    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(chapters, 'write_chapters', interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_book(source, tmp_path / 'book')
    assert _nothing_left(tmp_path, ['doc.md'])


# --- fuzzed ---------------------------------------------------------------------------------

PIECES = ['# ', '## ', '\n\n', '**bold**', '*', '> ', '- ', '1. ', 'by A. Name', 'Title', '[^1]', '\n\n[^1]: n',
          '![x](../x.png)', '![x](/etc/passwd)', '![x](square.png)', '<div>', '</div>', '<img src="/etc/hosts">',
          '\\newcommand{\\a}{b}', '$\\a$', '[sic]', '\x01', '\u2028', '\t', '---\ntitle: "t\\x02"\n---\n',
          '<h1>H</h1>', '`code`', '|a|b|\n|-|-|\n|1|2|\n', 'é', 'Текст', 'نص']


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40),
       kind=st.sampled_from(['md', 'html']))
@example(pieces=['\x01', '<h1>H</h1>', '# '], kind='md')        # a control character in the title block
def test_any_document_imports_into_a_folder_that_loads_or_is_refused_in_one_line(document_folder, pieces, kind):
    source = document_folder / f'fuzz.{kind}'
    text = ''.join(pieces)
    source.write_text(text if kind == 'md' else f'<html><body>{text}</body></html>', encoding='utf-8',
                      errors='surrogatepass')
    book = document_folder.parent / 'fuzzed'
    before = sorted(os.listdir(document_folder.parent))
    try:
        import_book(source, book)
    except BookError as error:
        assert '\n' not in str(error)
        assert sorted(os.listdir(document_folder.parent)) == before
        return
    try:
        loaded = load_book(book)
        assert all((book / chapter).is_file() for chapter in loaded.chapters)
        assert all(path.resolve().is_relative_to(book.resolve()) for path in book.rglob('*'))
    finally:
        import shutil
        shutil.rmtree(book)
