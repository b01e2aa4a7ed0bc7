"""The house rules: a build writes only under the book's build/ and the user cache, and each
kind of failure has its own exit code."""

import os
import subprocess

import pytest
from invoke import Exit

from pressroom.assets import color
from pressroom.build import build
from pressroom.cli import _book_errors
from pressroom.errors import BookError, SetupError
from pressroom.typeset.layout import weasyprint_errors

from .conftest import FIXTURES, ROOT, copy_book

# What may appear in a checkout besides its files: Python's caches, and build/ from ./book build.
ALLOWED_UNTRACKED = ('build/', '__pycache__/', '.pytest_cache/', '.hypothesis/', '.ruff_cache/')


def _untracked():
    run = subprocess.run(['git', 'status', '--ignored', '--porcelain', '--untracked-files=all'],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return {line[3:] for line in run.stdout.splitlines() if line[:2] in ('??', '!!')}


def _stray(paths):
    return sorted(path for path in paths if not any(part in path for part in ALLOWED_UNTRACKED))


def test_a_build_writes_nothing_into_the_project(tmp_path, lecture):
    before = _untracked()
    build(copy_book(FIXTURES / 'small-book', tmp_path / 'book'))
    assert _stray(_untracked() - before) == []
    ignored = subprocess.run(['git', 'status', '--ignored', '--porcelain', '--untracked-files=all'],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert _stray(line[3:] for line in ignored.splitlines() if line.startswith('!!')) == []


def test_the_user_cache_follows_its_variable(tmp_path, monkeypatch):
    monkeypatch.setenv('PRESSROOM_CACHE', str(tmp_path / 'cache'))
    assert color.cmyk_profile().is_relative_to(tmp_path / 'cache')


@pytest.mark.parametrize('error, code', [(BookError('a typo'), 1), (SetupError('no pandoc'), 3),
                                         (KeyError('bug'), 2)])
def test_each_kind_of_failure_has_its_exit_code(error, code):
    def failing(c):
        raise error
    with pytest.raises(Exit) as stopped:
        _book_errors(failing)(None)
    assert stopped.value.code == code
    assert '\n' not in str(stopped.value.message)


def test_a_missing_colour_profile_is_the_installation_s_fault(tmp_path, monkeypatch):
    monkeypatch.setenv('PRESSROOM_CACHE', str(tmp_path / 'cache'))
    monkeypatch.setattr(color, 'DEBIAN_PROFILE', tmp_path / 'nowhere.icc')
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    with pytest.raises(SetupError, match="install Debian's libgs-common"):
        build(folder)


@pytest.mark.parametrize('raised, caught', [
    (RecursionError(), BookError),                       # a book nested too deeply
    (OSError(28, os.strerror(28)), SetupError),          # a full disk
    (ValueError('a bug in the layout'), ValueError),     # stays a bug
])
def test_weasyprint_failures_are_sorted(raised, caught):
    with pytest.raises(caught), weasyprint_errors():
        raise raised
