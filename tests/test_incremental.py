"""An output is rebuilt when anything it is made from changes, and the build folder stays
inside the book."""

import os
import zipfile

import pytest
from PIL import Image

from pressroom import paths
from pressroom.build import build
from pressroom.errors import BookError
from pressroom.outputs import output_path
from pressroom.sources.metadata import load_book
from pressroom.typeset.paged import paged
from pressroom.typeset.parts import split
from pressroom.writers import cover

from .conftest import FIXTURES, copy_book


def rebuilt(folder):
    return {name for name, (_, again) in build(folder).items() if again}


def test_changing_an_image_rebuilds_the_outputs_that_show_it(built):
    Image.new('RGB', (60, 60), 'red').save(built / 'images' / 'square.png')
    assert rebuilt(built) >= {'epub', 'pdf', 'print'}


def test_changing_any_stylesheet_rebuilds_every_output(built, monkeypatch, tmp_path):
    styles = tmp_path / 'styles'
    styles.mkdir()
    for name in paths.default_names():
        (styles / name).write_bytes((paths.STYLES_DIR / name).read_bytes())
    (styles / 'folios.css').write_text((styles / 'folios.css').read_text() + '\n/* changed */\n')
    monkeypatch.setattr(paths, 'STYLES_DIR', styles)
    assert rebuilt(built) == {'html', 'epub', 'kepub', 'pdf', 'print', 'cover'}


def test_a_build_folder_that_is_a_link_is_refused_and_nothing_outside_is_touched(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    outside = tmp_path / 'outside'
    (outside / 'parts').mkdir(parents=True)
    (outside / 'parts' / 'thesis.docx').write_text('keep me')
    (folder / 'build').mkdir()
    os.symlink(outside, folder / 'build' / '.cache')
    with pytest.raises(BookError, match=r'build/\.cache must be a plain folder inside the book'):
        build(folder)
    assert (outside / 'parts' / 'thesis.docx').read_text() == 'keep me'


def test_parts_do_not_depend_on_the_machine(monkeypatch, lecture):
    book, results = lecture
    pages = paged(results['html'][0].read_text(encoding='utf-8'), book)
    import pressroom.typeset.parts
    first = [group.html() for group in split(pages)[1]]
    monkeypatch.setattr(pressroom.typeset.parts, 'WORKERS', 4)
    assert [group.html() for group in split(pages)[1]] == first



def test_a_rebuild_takes_the_intermediate_from_the_cache_and_gives_its_warnings_again(tmp_path, capsys,
                                                                                       monkeypatch):
    import pressroom.build as pipeline
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    chapter = folder / 'chapters' / 'two.md'
    chapter.write_text(chapter.read_text() + '\nSee [nowhere](#no-such-place).\n')
    build(folder, ('html',))
    first = [line for line in capsys.readouterr().err.splitlines() if 'warning' in line]
    assert any('no-such-place' in line for line in first)
    calls, real = [], pipeline.build_document
    monkeypatch.setattr(pipeline, 'build_document', lambda *args: calls.append(args) or real(*args))
    build(folder, ('html',))
    assert calls == []                                          # from the cache
    assert [line for line in capsys.readouterr().err.splitlines() if 'warning' in line] == first
    (folder / 'images' / 'square.png').write_bytes(b'not a picture')
    with pytest.raises(BookError):                              # a changed image is checked again
        build(folder, ('html',))
    assert len(calls) == 1


def test_an_edit_refines_its_own_chapter_alone_and_the_others_warn_as_before(tmp_path, capsys, monkeypatch):
    from pressroom.document import intermediate
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    one, two = folder / 'chapters' / 'one.md', folder / 'chapters' / 'two.md'
    two.write_text(two.read_text() + '\n<script>alert(1)</script>\n')
    build(folder, ('html',))
    first = [line for line in capsys.readouterr().err.splitlines() if 'warning' in line]
    assert any('raw <script> removed' in line and 'two.md' in line for line in first)
    refined, real = [], intermediate.typography.refine
    monkeypatch.setattr(intermediate.typography, 'refine', lambda root, tag: refined.append(root) or real(root, tag))
    one.write_text(one.read_text() + '\nOne more paragraph.\n')
    build(folder, ('html',))
    assert len(refined) == 1                                    # chapter one's alone
    assert [line for line in capsys.readouterr().err.splitlines() if 'warning' in line] == first
    assert 'One more paragraph.' in (folder / 'build').joinpath(
        next(path.name for path in (folder / 'build').glob('*.html'))).read_text()


def test_a_paragraph_added_in_one_chapter_leaves_the_later_parts_as_they_were(lecture):
    """Each part numbers its blocks from its own first, so an edit lays out its own part
    again, not every part after it."""
    import lxml.html
    book, results = lecture
    html = results['html'][0].read_text(encoding='utf-8')
    before = [group.html() for group in split(paged(html, book))[1]]
    root = lxml.html.document_fromstring(html)
    root.xpath('//section[contains(@class, "chapter")]//p')[0].addnext(lxml.html.fromstring('<p>Added.</p>'))
    after = [group.html() for group in split(paged(lxml.html.tostring(root, encoding='unicode'), book))[1]]
    assert len(before) > 1 and after[0] != before[0] and after[1:] == before[1:]


def test_an_epub_built_alone_is_the_epub_of_a_whole_build(built):
    """Without the PDFs the layout skips the folios and the join; the page markers it
    gives the EPUB are the same."""
    chapter = built / 'chapters' / 'one.md'
    chapter.write_text(chapter.read_text() + '\n\nA paragraph added before the EPUB alone is built.\n')
    alone = build(built, ('epub',))['epub'][0].read_bytes()
    (built / 'build' / '.cache' / 'stamps.json').unlink()
    assert build(built)['epub'][0].read_bytes() == alone


def test_an_edit_to_a_chapter_takes_the_typographic_cover_from_the_cache(built, monkeypatch):
    def made_again(book):
        raise AssertionError('the cover image was made again')
    monkeypatch.setattr(cover, 'front_png', made_again)      # the EPUB's worker is forked from here
    with open(built / 'chapters' / 'one.md', 'a', encoding='utf-8') as chapter:
        chapter.write('\nOne sentence more.\n')
    assert rebuilt(built) >= {'epub'}
    with zipfile.ZipFile(output_path(load_book(built), 'epub')) as archive:
        assert archive.read('EPUB/images/cover.png').startswith(b'\x89PNG')
