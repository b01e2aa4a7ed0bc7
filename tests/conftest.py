"""Books built once per test session, in copies so the repository's build/ is left alone."""

import importlib.util
import shutil
from pathlib import Path

import pytest

from pressroom.build import build
from pressroom.sources.metadata import load_book

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / 'fixtures'


def copy_book(source, target):
    """A book folder copied without its build/ output."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns('build', '.venv', '.git', 'tests',
                                                                  'pressroom', 'styles', 'bench', 'tools'))
    return target


@pytest.fixture(scope='session')
def lecture(tmp_path_factory):
    folder = copy_book(ROOT, tmp_path_factory.mktemp('lecture') / 'book')
    return load_book(folder), build(folder)


@pytest.fixture(scope='session')
def small_book(tmp_path_factory):
    folder = copy_book(FIXTURES / 'small-book', tmp_path_factory.mktemp('small') / 'book')
    return load_book(folder), build(folder)


@pytest.fixture(scope='session')
def feature(tmp_path_factory):
    """The feature book (tests/fixtures/feature-book), built."""
    folder = copy_book(FIXTURES / 'feature-book', tmp_path_factory.mktemp('feature') / 'book')
    build(folder)
    return load_book(folder)


@pytest.fixture
def built(tmp_path):
    """A fresh copy of the fixture book, built, for a test that changes it."""
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    build(folder)
    return folder


@pytest.fixture(scope='session')
def generated(tmp_path_factory):
    """A book of generated prose, cited quotations and notes, as the benchmark makes it."""
    spec = importlib.util.spec_from_file_location('bench_run', ROOT / 'bench' / 'run.py')
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder = bench.write_long_book(tmp_path_factory.mktemp('generated'), 12_000)
    build(folder, ('html', 'pdf'))
    return load_book(folder)
