"""`invoke new`: a starter book folder that builds at once, its placeholders pointed out by lint."""

import subprocess
import sys

from pressroom.build import build
from pressroom.checks.lint import lint
from pressroom.checks.validate import epubcheck
from pressroom.outputs import output_path
from pressroom.sources.metadata import load_book

from .conftest import ROOT


def _invoke(*arguments, cwd):
    return subprocess.run([sys.executable, '-m', 'invoke', '-r', str(ROOT), *arguments], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_a_new_book_builds_at_once_and_lint_lists_what_is_left_to_write(tmp_path):
    run = _invoke('new', 'my-book', '--title', 'A Title of My Own', cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    folder = tmp_path / 'my-book'
    problems = lint(folder)
    assert problems and all(': warning: ' in problem and 'placeholder' in problem for problem in problems)
    assert not any('title' in problem for problem in problems)         # the one given is not flagged
    results = build(folder)
    book = load_book(folder)
    assert book.title == 'A Title of My Own' and book.identifier.startswith('urn:uuid:')
    assert all(path.stat().st_size > 0 for path, _ in results.values())
    assert [m for m in epubcheck(output_path(book, 'epub')) if m[0] in ('FATAL', 'ERROR', 'WARNING')] == []


def test_new_refuses_a_folder_that_holds_something(tmp_path):
    (tmp_path / 'taken').mkdir()
    (tmp_path / 'taken' / 'notes.txt').write_text('mine')
    run = _invoke('new', 'taken', cwd=tmp_path)
    assert run.returncode == 1 and run.stderr.strip().endswith('is not an empty folder: give a new one')
    assert 'Traceback' not in run.stderr and (tmp_path / 'taken' / 'notes.txt').read_text() == 'mine'
