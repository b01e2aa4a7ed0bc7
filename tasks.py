"""Invoke tasks: thin entry points over the pressroom package."""

import os
import re
import sys
from functools import wraps

from invoke import Exit, task

BOOK_HELP = {'book': 'book folder (default: this repository)'}
LINT_ERROR_RE = re.compile(r'(^|: )error: ')


def _book_errors(function):
    """An expected failure (the book's mistake: exit 1; the set-up's: exit 3) ends the task
    with its one-line message, never a traceback.

    Anything else is a bug in pressroom: it too gets one line (exit 2), and
    PRESSROOM_TRACEBACK=1 shows where it happened.
    """
    @wraps(function)
    def wrapper(*args, **kwargs):
        from pressroom.errors import BUG_EXIT, Problem
        try:
            return function(*args, **kwargs)
        except Problem as error:
            raise Exit(f'error: {error}', code=error.exit_code) from None
        except Exit:
            raise
        except KeyboardInterrupt:
            raise Exit('interrupted; the outputs of the last good build are as they were', code=130) from None
        except BrokenPipeError:        # the reader of our output stopped (`invoke proof | head`)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise Exit(code=0) from None
        except Exception as error:
            if os.environ.get('PRESSROOM_TRACEBACK'):
                raise
            summary = ' '.join(f'{type(error).__name__}: {error}'.split())
            raise Exit(f'error: pressroom failed unexpectedly ({summary}); this is a bug: '
                       'rerun with PRESSROOM_TRACEBACK=1 and report what it prints', code=BUG_EXIT) from None
    return wrapper


def _build(targets, book):
    from pressroom.build import Progress, build, report
    print(report(build(book, targets, Progress())))


@task(help=BOOK_HELP, default=True)
@_book_errors
def build(c, book='.'):
    """Build everything: HTML, EPUB, Kobo EPUB, screen PDF, print PDF and cover, into BOOK/build/."""
    from pressroom.build import ALL
    _build(ALL, book)


@task(help=BOOK_HELP)
@_book_errors
def html(c, book='.'):
    """Build only the shared HTML intermediate."""
    _build(('html',), book)


@task(help=BOOK_HELP)
@_book_errors
def epub(c, book='.'):
    """Build the EPUB 3 and its Kobo edition (.kepub.epub)."""
    _build(('epub', 'kepub'), book)


@task(help=BOOK_HELP)
@_book_errors
def pdf(c, book='.'):
    """Build the screen PDF, the print interior and the cover."""
    _build(('pdf', 'print', 'cover'), book)


@task(help=BOOK_HELP)
@_book_errors
def booklet(c, book='.'):
    """Build BOOK/build/<slug>-booklet.pdf: the pages imposed 2 up for a saddle-stitched booklet."""
    _build(('booklet',), book)


@task(help={'folder': 'the new book folder (it must not exist, or be empty)', 'title': "the book's title",
            'author': "the author's name", 'lang': 'its language, e.g. en-US (the default)'})
@_book_errors
def new(c, folder, title=None, author=None, lang='en-US'):
    """Write a starter book folder that builds at once; `invoke lint --book FOLDER` lists what is left to write."""
    from pressroom.starter import new_book
    print(f'wrote {new_book(folder, title, author, lang)}; build it with ./book build --book {folder}')


@task(name='import', help={'file': 'a .docx, .odt, .html, .epub or .md file',
                           'book': 'the new book folder (it must not exist, or be empty)'})
@_book_errors
def import_(c, file, book):
    """Make a book folder from a Word, ODT, HTML, EPUB or Markdown file, then lint it."""
    from pressroom.checks.lint import lint as run_lint
    from pressroom.importer import import_book
    print(f'wrote {import_book(file, book)}')
    for problem in run_lint(book):
        print(problem)
    print(f'build it with ./book build --book {book}')


@task(help=BOOK_HELP)
@_book_errors
def lint(c, book='.'):
    """Check the manuscript without building; prints file:line: message lines."""
    from pressroom.checks.lint import lint as run_lint
    problems = run_lint(book)
    for problem in problems:
        print(problem)
    if any(LINT_ERROR_RE.search(problem) for problem in problems):
        raise Exit(code=1)


@task(help=BOOK_HELP)
@_book_errors
def check(c, book='.'):
    """Run the validators (EPUBCheck, DAISY Ace, qpdf, pdffonts, page boxes) on the built outputs."""
    from pressroom.checks.validate import validate_outputs
    failures = validate_outputs(book)
    if failures:
        raise Exit(code=1)


@task(help=BOOK_HELP)
@_book_errors
def proof(c, book='.'):
    """Measure the screen PDF as a typesetter would, page by page, and write a contact sheet
    of every spread to BOOK/build/<slug>-proof.png."""
    from pressroom.checks.proof import proof_book
    print('\n'.join(proof_book(book)))


@task(help={**BOOK_HELP, 'port': 'the port on 127.0.0.1 (default 8000, or the next free one; 0 picks any free one)'})
@_book_errors
def preview(c, book='.', port=None):
    """Serve the book on 127.0.0.1 while you write: the HTML and the pages of the chapter you
    save, rebuilt on each save. Ctrl-C stops it."""
    from pressroom.preview import serve
    serve(book, port)


@task(iterable=['book'], help={'book': 'a book folder (give it once per book)',
                               'scheduler': 'a Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: '
                                            'a local cluster)',
                               'workers': 'books built at once on the local cluster (default 2)',
                               'check': 'run the validators on each book too'})
@_book_errors
def catalogue(c, book, scheduler=None, workers=None, check=False):
    """Build many books in one run: a report per book in build/catalogue.json and .html."""
    from pressroom.catalogue import catalogue as run
    from pressroom.catalogue import write_report
    report = run(book, scheduler, workers or 2, check)
    for entry in report['books']:
        state = (f"{entry.get('pages')} pages" if entry['status'] == 'built' else entry['error'])
        print(f"{entry['book']}: {entry['status']}, {state}, {len(entry['warnings'])} warnings, {entry['seconds']} s")
    print('report: ' + ', '.join(map(str, write_report(report, '.'))))
    if report['failed']:
        raise Exit(code=1)


@task(help=BOOK_HELP)
def clean(c, book='.'):
    """Remove BOOK/build/."""
    import shutil
    from pathlib import Path
    shutil.rmtree(Path(book) / 'build', ignore_errors=True)


@task
def test(c):
    """Run ruff, then the test suite."""
    c.run(f'{sys.executable} -m ruff check --no-cache --quiet .', pty=False)
    c.run(f'{sys.executable} -m pytest -q', pty=False)


@task(help={'words': 'size of the generated long book (default 300000)'})
def bench(c, words=300000):
    """Time and measure our build against plain pandoc + WeasyPrint; writes build/bench.json."""
    c.run(f'{sys.executable} bench/run.py --words {words}', pty=False)
