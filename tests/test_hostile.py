"""Hostile input, round two: caches that cannot be poisoned or wedged, outputs that cannot
run or embed anything, values that cannot inject."""

import re

import pikepdf
import pytest

from pressroom.build import build
from pressroom.sources.metadata import load_book
from pressroom.writers.pdf.pages import make_inert

from .conftest import FIXTURES, copy_book


def _active(path):
    """What in a PDF could run, fetch or embed."""
    with pikepdf.open(path) as pdf:
        found = [key for key in ('/OpenAction', '/AA', '/AcroForm') if key in pdf.Root]
        names = pdf.Root.get('/Names', {})
        found += [key for key in ('/JavaScript', '/EmbeddedFiles') if key in names]
        for page in pdf.pages:
            for annotation in page.obj.get('/Annots', ()):
                action = annotation.get('/A', {})
                if annotation.Subtype != '/Link' or action.get('/S') not in (None, '/URI', '/GoTo'):
                    found.append(f'{annotation.Subtype} {action.get("/S")}')
    return found


def test_a_tampered_cached_part_is_laid_out_again_and_carries_nothing_in(built, capsys):
    parts = sorted((built / 'build' / '.cache' / 'parts').glob('*.pdf'))
    for part in parts:                 # a cache entry rewritten by someone else
        with pikepdf.open(part.with_suffix('.pdf'), allow_overwriting_input=True) as pdf:
            pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String('app.alert(1)'))
            pdf.save(part)
    (built / 'chapters' / 'two.md').write_text('# Two\n\nChanged.\n', encoding='utf-8')
    results = build(built)
    assert 'did not write is ignored' in capsys.readouterr().err
    for name in ('pdf', 'print'):
        assert _active(results[name][0]) == []


def test_a_corrupt_cache_file_means_a_rebuild_not_a_crash(built):
    (built / 'build' / '.cache' / 'stamps.json').write_bytes(b'{not json')
    for part in (built / 'build' / '.cache' / 'parts').glob('*.json'):
        part.write_bytes(b'\x00' * 40)
    results = build(built)
    assert all(rebuilt for _, rebuilt in results.values())


def test_a_link_that_would_attach_a_book_file_is_not_kept(tmp_path, capsys):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    chapter = folder / 'chapters' / 'two.md'
    chapter.write_text(chapter.read_text(encoding='utf-8') + '\n<a rel="attachment" href="../metadata.yaml">m</a>\n'
                       '<a href="https://example.org/" ping="https://tracker.example/">x</a>\n', encoding='utf-8')
    results = build(folder)
    err = capsys.readouterr().err
    assert 'rel="attachment"' in err and 'ping=' in err
    assert _active(results['pdf'][0]) == []
    with pikepdf.open(results['pdf'][0]) as pdf:
        assert '/EmbeddedFiles' not in pdf.Root.get('/Names', {})


def test_make_inert_leaves_only_links(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String('x'))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(), EmbeddedFiles=pikepdf.Dictionary())
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 1, 1],
                              A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String('https://example.org/')))
    launch = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 1, 1],
                                A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String('calc.exe')))
    script = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 1, 1],
                                A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String('javascript:alert(1)')))
    attached = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment, Rect=[0, 0, 1, 1])
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([link, launch, script, attached]))
    make_inert(pdf)
    pdf.save(tmp_path / 'x.pdf')
    assert _active(tmp_path / 'x.pdf') == []
    with pikepdf.open(tmp_path / 'x.pdf') as saved:
        assert len(saved.pages[0].obj.Annots) == 1


def test_a_title_cannot_end_a_css_string(tmp_path):
    from pressroom.typeset.layout import css_string
    assert css_string('Title\r} body { color: red') == '"Title } body { color: red"'
    assert '\\' not in css_string('a"b').replace('\\"', '')


# --- files that are not what they seem ------------------------------------------------------

def _error_of(folder):
    from pressroom.errors import BookError
    with pytest.raises(BookError) as info:
        build(folder, ('html', 'epub'))
    return str(info.value)


def test_a_chapter_that_is_a_fifo_or_a_folder_is_refused_unread(tmp_path):
    import os
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    chapter = folder / 'chapters' / 'two.md'
    chapter.unlink()
    os.mkfifo(chapter)                 # reading it would wait for ever
    assert 'is a device, FIFO or socket, not a file' in _error_of(folder)
    chapter.unlink()
    chapter.mkdir()
    assert 'is a folder, not a file' in _error_of(folder)


def test_a_truncated_image_and_a_pixel_bomb_are_refused(tmp_path, monkeypatch):
    from PIL import Image
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    square = folder / 'images' / 'square.png'
    Image.new('RGB', (400, 400), 'red').save(square)
    square.write_bytes(square.read_bytes()[:300])
    assert 'cannot be read as an image' in _error_of(folder)
    Image.new('RGB', (400, 400), 'red').save(square)
    monkeypatch.setattr(Image, 'MAX_IMAGE_PIXELS', 1000)
    assert 'pixels; scale it down' in _error_of(folder)


def test_an_image_is_typed_by_what_it_holds_not_its_name(tmp_path):
    import zipfile

    from PIL import Image
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    Image.new('RGB', (40, 40), 'blue').save(folder / 'images' / 'square.png', format='JPEG')
    epub = build(folder, ('epub',))['epub'][0]
    with zipfile.ZipFile(epub) as archive:
        opf = archive.read('EPUB/content.opf').decode()
    assert re.search(r'href="images/[0-9a-f]{12}\.jpg" id="[^"]+" media-type="image/jpeg"', opf)
    assert not re.search(r'images/[0-9a-f]{12}\.png', opf)


@pytest.mark.parametrize('number', [28, 30])      # ENOSPC (disk full), EROFS (read-only)
def test_a_full_disk_or_read_only_folder_is_the_machine_s_problem(tmp_path, monkeypatch, number):
    import errno
    import os
    import tempfile

    from pressroom.errors import SetupError
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')

    def refuse(*args, **kwargs):
        raise OSError(number, os.strerror(number))
    monkeypatch.setattr(tempfile, 'mkstemp', refuse)
    with pytest.raises(SetupError, match=f'cannot write .*{os.strerror(number)}'):
        build(folder, ('html',))
    assert errno.errorcode[number] in ('ENOSPC', 'EROFS')


def test_ctrl_c_stops_quietly_and_keeps_the_last_good_outputs(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from .conftest import ROOT
    folder = copy_book(ROOT, tmp_path / 'book')
    chapter = folder / 'manuscript' / '02-lenins-last-struggle.md'
    text = chapter.read_text(encoding='utf-8')       # a longer book, so the build is still going at 2 s
    chapter.write_text(text + ''.join(f'\n\n## Reprise {n}\n\n' + text.split('\n', 1)[1] for n in range(12)),
                       encoding='utf-8')
    command = [sys.executable, '-m', 'invoke', '-r', str(ROOT), 'build', '--book', str(folder)]
    subprocess.run(command, check=True, capture_output=True)
    before = {path.name: path.read_bytes() for path in (folder / 'build').iterdir() if path.is_file()}
    import shutil
    shutil.rmtree(folder / 'build' / '.cache')        # a long build to interrupt: nothing cached
    chapter.write_text(chapter.read_text(encoding='utf-8') + '\n\nA new last paragraph.\n', encoding='utf-8')
    # Ctrl-C as a terminal's foreground job gets it, even if these tests run in the background
    # (where the shell has the signal ignored, and the build would inherit that).
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(2)
    assert process.poll() is None                     # interrupted while it works
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, (out, err)
    assert time.monotonic() - sent < 10           # the workers stopped, not left to finish their parts
    assert 'interrupted' in err and 'Traceback' not in err
    assert {path.name: path.read_bytes() for path in (folder / 'build').iterdir() if path.is_file()} == before


@pytest.mark.parametrize('prologue, problem', [
    ('<?xml-stylesheet href="http://127.0.0.1:9/a.css"?>', 'processing instruction <?xml-stylesheet?>'),
    ('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://127.0.0.1:9/svg11.dtd">', 'external DTD'),
])
def test_an_svg_cover_that_could_fetch_is_refused(tmp_path, prologue, problem):
    from pressroom.errors import BookError
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    (folder / 'images' / 'cover.svg').write_text(
        f'<?xml version="1.0"?>{prologue}<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 3">'
        '<rect width="2" height="3"/></svg>', encoding='utf-8')
    metadata = folder / 'metadata.yaml'
    metadata.write_text(metadata.read_text(encoding='utf-8') + '\ncover: images/cover.svg\n', encoding='utf-8')
    with pytest.raises(BookError, match=re.escape(problem)):
        build(folder, ('html',))


def test_a_word_longer_than_a_page_can_set_is_refused_with_its_line(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    (folder / 'chapters' / 'two.md').write_text('# Two\n\nFine.\n\n' + 'x' * 200_000 + '\n', encoding='utf-8')
    assert 'chapters/two.md:5: a word of 200,000 characters' in _error_of(folder)
    metadata = folder / 'metadata.yaml'
    metadata.write_text(metadata.read_text(encoding='utf-8') + '\nlimits: {word_length: 300000}\n', encoding='utf-8')
    assert load_book(folder).limits['word_length'] == 300000 and load_book(folder).limits['chapter_mb'] == 5


def test_a_chapter_over_the_size_limit_is_refused_unread(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    (folder / 'chapters' / 'two.md').write_text('# Two\n\n' + 'word ' * 1_200_000, encoding='utf-8')
    assert 'is over 5 MB; split it into chapters' in _error_of(folder)


def test_notes_and_nesting_beyond_the_limits_are_refused(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    chapter = folder / 'chapters' / 'two.md'
    chapter.write_text('# Two\n\n' + '> ' * 100 + 'Deep.\n', encoding='utf-8')
    assert 'nested 1' in _error_of(folder) and 'limits: nesting' in _error_of(folder)
    chapter.write_text('# Two\n\n' + ' '.join(f'Word.^[Note {n}.]' for n in range(30)) + '\n', encoding='utf-8')
    metadata = folder / 'metadata.yaml'
    metadata.write_text(metadata.read_text(encoding='utf-8') + '\nlimits: {notes: 20}\n', encoding='utf-8')
    assert 'over 20 notes by this chapter' in _error_of(folder)
