"""The `pressroom` command as publishers install it: pip's wheel of the repository in a fresh
environment, run in a book folder with no checkout around it; and its help, which never
makes anything."""

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile

import pytest
from invoke import Collection

from pressroom import cli

from .conftest import FIXTURES, ROOT, copy_book

PURE_ENV = {key: value for key, value in os.environ.items() if key != 'PYTHONPATH'}


def _pressroom(*arguments, cwd):
    """The command as the package runs it (python -m pressroom.cli is what its script calls)."""
    return subprocess.run([sys.executable, '-m', 'pressroom.cli', *arguments], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env={**os.environ, 'PYTHONPATH': str(ROOT)})


@pytest.mark.parametrize('arguments', [['new', '--help'], ['new', '-h'], ['new', 'x', '--help'],
                                       ['import', '--help'], ['build', '--help']])
def test_help_for_a_task_makes_nothing_and_names_the_command(tmp_path, arguments):
    run = _pressroom(*arguments, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert f'Usage: pressroom [--core-opts] {arguments[0]} ' in run.stdout
    assert list(tmp_path.iterdir()) == []


def test_the_list_of_tasks_gives_each_a_whole_sentence():
    tasks = Collection.from_module(cli).tasks
    assert {'build', 'epub', 'pdf', 'check', 'proof', 'lint', 'new', 'import', 'preview', 'catalogue',
            'booklet', 'clean', 'html'} <= set(tasks)
    for name, task in tasks.items():
        first = task.__doc__.strip().split('\n')[0]
        assert first.endswith('.') and 'invoke' not in task.__doc__ and './book' not in task.__doc__, name


def test_paths_are_read_from_where_the_user_stands(tmp_path):
    (tmp_path / 'shelf').mkdir()
    run = _pressroom('build', '--book', 'mybook', cwd=tmp_path / 'shelf')
    assert run.returncode == 1
    assert run.stderr.strip() == (f'error: {tmp_path.resolve() / "shelf" / "mybook"}: no metadata.yaml here; '
                                  'a book folder needs one (give another with --book)')


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """pip's wheel of the repository installed into a fresh virtual environment, which
    borrows the pinned dependencies of the one the tests run in (the wheel is installed by
    pip, without them, so that the test needs no download of its own)."""
    place = tmp_path_factory.mktemp('installed')
    wheels, venv, source = place / 'wheels', place / 'venv', place / 'source'
    # A copy of what the wheel is made from: setuptools writes its egg-info beside the sources.
    shutil.copytree(ROOT / 'pressroom', source / 'pressroom', ignore=shutil.ignore_patterns('__pycache__'))
    shutil.copy(ROOT / 'pyproject.toml', source)
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--quiet', '--no-deps', '--wheel-dir', str(wheels),
                    str(source)], check=True, capture_output=True, timeout=600, env=PURE_ENV)
    subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True, timeout=300)
    site = subprocess.run([venv / 'bin' / 'python', '-c', 'import sysconfig; print(sysconfig.get_path("purelib"))'],
                          check=True, capture_output=True, text=True).stdout.strip()
    (place / 'venv' / site.split(str(venv) + '/')[1] / 'borrowed.pth').write_text(sysconfig.get_path('purelib'))
    wheel, = wheels.glob('pressroom-*.whl')
    subprocess.run([venv / 'bin' / 'pip', 'install', '--quiet', '--no-deps', '--no-index', str(wheel)],
                   check=True, capture_output=True, timeout=300, env=PURE_ENV)
    return wheel, venv / 'bin' / 'pressroom'


def test_the_wheel_ships_the_styles_and_the_command(installed):
    wheel, _ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(next(name for name in names if name.endswith('entry_points.txt'))).decode()
    assert {f'pressroom/styles/{name}' for name in ('base.css', 'pdf.css', 'epub.css', 'web.css', 'cover.css')} <= names
    assert 'pressroom = pressroom.cli:main' in entry_points
    assert not any(name.startswith(('tests/', 'manuscript/', 'tasks.py')) for name in names)


def test_the_installed_command_builds_a_book_from_inside_its_folder(installed, tmp_path):
    _, command = installed
    book = copy_book(FIXTURES / 'small-book', tmp_path / 'my-book')
    run = subprocess.run([command, 'build'], cwd=book, capture_output=True, text=True, timeout=900,
                         env={**PURE_ENV, 'HOME': str(tmp_path), 'PRESSROOM_CACHE': os.environ.get(
                             'PRESSROOM_CACHE', str(tmp_path / 'cache'))})
    assert run.returncode == 0, run.stderr[-2000:]
    assert {path.name for path in (book / 'build').iterdir() if path.is_file()} == {
        f'a-small-test-book{suffix}' for suffix in ('.html', '.epub', '.kepub.epub', '.pdf', '-print.pdf',
                                                    '-cover.pdf')}
    assert str(ROOT) not in run.stdout
    version = subprocess.run([command, '--version'], capture_output=True, text=True, env=PURE_ENV)
    assert version.stdout.startswith('pressroom 0.')
    # A second book, beside it, with a look of its own: its styles/ replaces the default base.css.
    themed = copy_book(FIXTURES / 'small-book', tmp_path / 'themed')
    (themed / 'styles').mkdir()
    (themed / 'styles' / 'base.css').write_text('body { font-family: "Book Serif"; color: #203040; }\n')
    run = subprocess.run([command, 'html', '--book', '../themed'], cwd=book, capture_output=True, text=True,
                         timeout=600, env=PURE_ENV)
    assert run.returncode == 0, run.stderr[-2000:]
    page = (themed / 'build' / 'a-small-test-book.html').read_text()
    assert 'color: #203040' in page and 'color: #203040' not in (book / 'build' / 'a-small-test-book.html').read_text()
