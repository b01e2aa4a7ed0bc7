"""Nothing lost: outputs go to a temporary file that is renamed into place, so a build that
fails or is killed leaves the last good outputs as they were."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from pressroom import outputs as output
from pressroom.build import ALL, build
from pressroom.errors import SetupError
from pressroom.outputs import output_path
from pressroom.sources.metadata import load_book

from .test_errors import INVOKE, ROOT, assert_one_line_error, chapter, edit, run_task, small_book, where

WRITTEN = ('epub', 'pdf', 'print', 'cover')   # the outputs a killed or failed build must not touch
# Enough text that laying out the pages takes seconds, so a build can be caught in the middle.
FILLER = '\n\n'.join(f'Paragraph {number} of filler, long enough to run over several lines of the page '
                     'and to give the layout engine real work: ' + 'words and more words, ' * 12
                     for number in range(300))


@pytest.fixture(scope='module')
def good_build(tmp_path_factory):
    """The fixture book after one complete build; each test works on its own copy."""
    folder = small_book(tmp_path_factory.mktemp('good'))
    build(folder)
    return folder


@pytest.fixture
def built(good_build, tmp_path):
    folder = tmp_path / 'book'
    shutil.copytree(good_build, folder, symlinks=True)
    return folder


def outputs(folder):
    book = load_book(folder)
    return {name: output_path(book, name).read_bytes() for name in ALL}


def build_files(folder):
    """Every file in build/ except the conversion cache."""
    return sorted(path.name for path in (folder / 'build').iterdir() if path.name != '.cache')


# --- write_atomic ---------------------------------------------------------------------------

def test_write_atomic_replaces_the_whole_file(tmp_path):
    path = tmp_path / 'out' / 'book.pdf'
    output.write_atomic(path, b'first version, rather long')
    output.write_atomic(path, b'second')
    assert path.read_bytes() == b'second'
    assert os.listdir(path.parent) == ['book.pdf']
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)


def test_write_atomic_failing_before_the_rename_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / 'book.pdf'
    path.write_bytes(b'the last good PDF')

    def failing_replace(source, target):
        raise OSError(28, 'No space left on device')
    monkeypatch.setattr(os, 'replace', failing_replace)
    with pytest.raises(SetupError, match='No space left on device'):      # the machine's fault, exit 3
        output.write_atomic(path, b'half a new PDF')
    assert path.read_bytes() == b'the last good PDF'
    assert os.listdir(tmp_path) == ['book.pdf']


def test_write_atomic_writes_beside_the_target_then_renames(tmp_path, monkeypatch):
    path = tmp_path / 'book.epub'
    renames = []
    real_replace = os.replace

    def recording_replace(source, target):
        renames.append((source, target, Path(source).read_bytes()))
        real_replace(source, target)
    monkeypatch.setattr(os, 'replace', recording_replace)
    output.write_atomic(path, b'zip bytes')
    [(source, target, data)] = renames
    assert os.path.dirname(source) == str(tmp_path) and os.path.basename(source).startswith('.book.epub.')
    assert source.endswith('.part') and target == path and data == b'zip bytes'


# --- whole builds ---------------------------------------------------------------------------

def test_killed_build_leaves_the_previous_outputs_intact(built):
    before = outputs(built)
    files = build_files(built)
    cache = built / 'build' / '.cache' / 'html'
    converted = set(cache.iterdir())
    edit(chapter(built), 'Another note.', f'Another note.\n\n{FILLER}\n\nAnd then')
    process = subprocess.Popen([*INVOKE, '-r', str(ROOT), 'build', '--book', str(built)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        # pandoc's conversion of the edited chapter is cached just before the writers start.
        deadline = time.monotonic() + 120
        while set(cache.iterdir()) == converted:
            assert process.poll() is None, 'the build ended before it could be killed'
            assert time.monotonic() < deadline, 'the build never converted the edited chapter'
            time.sleep(0.005)
        time.sleep(0.2)      # into the EPUB and the page layout
    finally:
        os.killpg(process.pid, signal.SIGKILL)      # the build and its EPUB worker
        process.wait()
    assert process.returncode == -signal.SIGKILL
    after = outputs(built)
    for name in WRITTEN:
        assert after[name] == before[name], f'{name} changed under a killed build'
    assert after['html'] == before['html'] or after['html'].endswith(b'</html>\n')
    assert build_files(built) == files
    # The next build picks up where the killed one stopped.
    results = build(built)
    assert all(rebuilt for _, rebuilt in results.values())
    rebuilt = outputs(built)
    assert all(rebuilt[name] != before[name] for name in WRITTEN)
    assert b'Paragraph 299 of filler' in rebuilt['html']
    assert rebuilt['pdf'].startswith(b'%PDF-') and rebuilt['epub'].startswith(b'PK')


def test_failed_build_leaves_every_previous_output_untouched(built):
    before = outputs(built)
    times = {name: output_path(load_book(built), name).stat().st_mtime_ns for name in ALL}
    edit(chapter(built), '[Ibid., p. 20]', '[Ibid., p. 20')
    assert_one_line_error(run_task('build', built), f'{where(chapter(built), "[Ibid.", "chapters/two.md")}: '
                                                    'unbalanced "["')
    assert outputs(built) == before
    assert {name: output_path(load_book(built), name).stat().st_mtime_ns for name in ALL} == times


def too_deep_for_the_layout(built):
    """Quotations nested so deep WeasyPrint's recursion gives out (yet within what lxml reads),
    the book's nesting limit raised."""
    chapter(built).write_text('# The Second Chapter\n\n' + '>' * 190 + ' Deep.\n', encoding='utf-8')
    metadata = built / 'metadata.yaml'
    metadata.write_text(metadata.read_text(encoding='utf-8') + '\nlimits: {nesting: 2000}\n', encoding='utf-8')


def test_build_failing_in_layout_leaves_the_previous_epub_and_pdfs_untouched(built):
    before = outputs(built)
    too_deep_for_the_layout(built)
    assert_one_line_error(run_task('build', built), 'WeasyPrint could not lay out the book')
    after = outputs(built)
    for name in WRITTEN:
        assert after[name] == before[name], f'{name} changed under a failed build'
    assert all(not name.endswith('.part') for name in build_files(built))


def test_build_failing_in_layout_leaves_the_previous_html_untouched(built):
    before = outputs(built)
    too_deep_for_the_layout(built)
    assert_one_line_error(run_task('build', built), 'WeasyPrint could not lay out the book')
    assert outputs(built)['html'] == before['html']
