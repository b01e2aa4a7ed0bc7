"""The `pressroom` command: Invoke tasks, thin entry points over the package.

`pip install` gives the command (`pressroom build`, `pressroom lint` ...), which works in any
book folder: the book is the folder the user stands in unless `--book` names another, and
every path is read from where the user stands. The repository's tasks.py adds its own
tasks (test, bench) to these, and `./book` runs them the same way. A new task is one
function here.
"""

import os
import sys
import traceback
from functools import wraps

from invoke import Collection, Exit, Program, task

from . import __version__, errors

BOOK_HELP = {'book': 'the book folder (default: the folder you are in)'}
STRICT_HELP = {'strict': 'refuse a book that still holds placeholders ([to be written])'}
HELP_FLAGS = ('-h', '--help')


def _book_errors(function):
    """An expected failure (the book's mistake: exit 1; the set-up's: exit 3) ends the task
    with its lines, never a traceback.

    Anything else is a bug in pressroom: it too gets one line (exit 2), and
    PRESSROOM_TRACEBACK=1 shows where it happened.
    """
    @wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except errors.Problem as error:
            raise Exit('\n'.join(f'error: {line}' for line in str(error).split('\n')), code=error.exit_code) from None
        except Exit:
            raise
        except KeyboardInterrupt:
            raise Exit('interrupted; the outputs of the last good build are as they were', code=130) from None
        except BrokenPipeError:        # the reader of our output stopped (`pressroom proof | head`)
            _stop_writing()
            raise Exit(code=0) from None
        except Exception as error:
            if os.environ.get('PRESSROOM_TRACEBACK'):
                traceback.print_exc()
                raise Exit(code=errors.BUG_EXIT) from None
            summary = ' '.join(f'{type(error).__name__}: {error}'.split())
            raise Exit(f'error: pressroom failed unexpectedly ({summary}); this is a bug: '
                       'rerun with PRESSROOM_TRACEBACK=1 and report what it prints', code=errors.BUG_EXIT) from None
    return wrapper


def _stop_writing():
    """Nothing more to the output, whose reader has gone: Python's own flush at exit would fail."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _build(targets, book, strict=False):
    from .build import Progress, build, report
    print(report(build(book, targets, Progress(), strict=strict)))


@task(help={**BOOK_HELP, **STRICT_HELP}, default=True)
@_book_errors
def build(c, book='.', strict=False):
    """Build everything: HTML, EPUB, Kobo EPUB, screen PDF, print PDF and cover, into BOOK/build/."""
    from .build import ALL
    _build(ALL, book, strict)


@task(help={**BOOK_HELP, **STRICT_HELP})
@_book_errors
def html(c, book='.', strict=False):
    """Build only the shared HTML intermediate."""
    _build(('html',), book, strict)


@task(help={**BOOK_HELP, **STRICT_HELP})
@_book_errors
def epub(c, book='.', strict=False):
    """Build the EPUB 3 and its Kobo edition (.kepub.epub)."""
    _build(('epub', 'kepub'), book, strict)


@task(help={**BOOK_HELP, **STRICT_HELP})
@_book_errors
def pdf(c, book='.', strict=False):
    """Build the screen PDF, the print interior and the cover."""
    _build(('pdf', 'print', 'cover'), book, strict)


@task(help={**BOOK_HELP, **STRICT_HELP})
@_book_errors
def booklet(c, book='.', strict=False):
    """Build BOOK/build/<slug>-booklet.pdf, the pages imposed 2 up for a saddle-stitched booklet."""
    _build(('booklet',), book, strict)


@task(help={'folder': 'the new book folder (it must not exist, or be empty)', 'title': "the book's title",
            'author': "the author's name", 'lang': 'its language, e.g. en-US (the default)'})
@_book_errors
def new(c, folder, title=None, author=None, lang='en-US'):
    """Write a starter book folder that builds at once.

    The lint task then lists what is left to write."""
    from .starter import new_book
    print(f'wrote {new_book(folder, title, author, lang)}; build it with {errors.command("build --book", folder)}, '
          f'and see what is left to write with {errors.command("lint --book", folder)}')


@task(name='import', help={'file': 'a .docx, .odt, .html, .epub or .md file',
                           'book': 'the new book folder (it must not exist, or be empty)'})
@_book_errors
def import_(c, file, book):
    """Make a book folder from a Word, ODT, HTML, EPUB or Markdown file, then lint it."""
    from .checks.lint import lint as run_lint
    from .importer import import_book
    print(f'wrote {import_book(file, book)}')
    for problem in run_lint(book):
        print(problem)
    print(f'build it with {errors.command("build --book", book)}')


@task(help={**BOOK_HELP, **STRICT_HELP})
@_book_errors
def lint(c, book='.', strict=False):
    """Check the manuscript without building; prints file:line: message lines."""
    from .checks.lint import has_errors
    from .checks.lint import lint as run_lint
    problems = run_lint(book, strict)
    for problem in problems:
        print(problem)
    if has_errors(problems):
        raise Exit(code=1)


@task(help=BOOK_HELP)
@_book_errors
def check(c, book='.'):
    """Run the validators (EPUBCheck, DAISY Ace, qpdf, pdffonts, preflight) on the built outputs."""
    from .checks.validate import validate_outputs
    failures = validate_outputs(book)
    if failures:
        raise Exit(code=1)


@task(help=BOOK_HELP)
@_book_errors
def proof(c, book='.'):
    """Measure the screen PDF as a typesetter would, page by page.

    It prints the totals and each page that falls short, and writes a contact sheet of
    every spread to BOOK/build/<slug>-proof.png."""
    from .checks.proof import proof_book
    print('\n'.join(proof_book(book)))


@task(help={**BOOK_HELP, 'port': 'the port on 127.0.0.1 (default 8000, or the next free one; 0 picks any free one)'})
@_book_errors
def preview(c, book='.', port=None):
    """Serve the book on 127.0.0.1 while you write, rebuilt on each save.

    It shows the HTML and the pages of the chapter you save. Ctrl-C stops it.
    It needs the preview extra: pip install 'pressroom[preview]'."""
    errors.require_extra('preview', 'watchfiles')
    from .preview import serve
    serve(book, port)


@task(iterable=['book'], help={'book': 'a book folder (give it once per book)',
                               'scheduler': 'a Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: '
                                            'a local cluster)',
                               'workers': 'books built at once on the local cluster (default 2)',
                               'check': 'run the validators on each book too'})
@_book_errors
def catalogue(c, book, scheduler=None, workers=None, check=False):
    """Build many books in one run, with one report in build/catalogue.json and .html.

    It needs the catalogue extra: pip install 'pressroom[catalogue]'."""
    errors.require_extra('catalogue', 'distributed')
    from .catalogue import catalogue as run
    from .catalogue import write_report
    report = run(book or ['.'], scheduler, workers or 2, check)
    for entry in report['books']:
        state = (f"{entry.get('pages')} pages" if entry['status'] == 'built' else entry['error'])
        print(f"{entry['book']}: {entry['status']}, {state}, {len(entry['warnings'])} warnings, {entry['seconds']} s")
    print('report: ' + ', '.join(map(str, write_report(report, '.'))))
    if report['failed']:
        raise Exit(code=1)


@task(iterable=['book'], help={'book': 'a book folder (give it once per book)',
                               'out': 'the folder the site is written to',
                               'base_url': 'the address the site will have, e.g. https://books.example.org/ '
                                           '(for the sitemap, Open Graph and absolute feed links)',
                               'lang': "the language of the index pages (default: most of the books')",
                               'title': "the site's name (default: the word for books in that language)",
                               'scheduler': 'a Dask scheduler address (default: a local cluster)',
                               'workers': 'books built at once on the local cluster (default 2)'})
@_book_errors
def publish(c, book, out, base_url=None, lang=None, title=None, scheduler=None, workers=2):
    """Build the books and publish them into OUT: a static site, OPDS feeds, ONIX and print order sheets.

    It needs the catalogue extra: pip install 'pressroom[catalogue]'."""
    errors.require_extra('catalogue', 'distributed')
    from .catalogue import catalogue as run
    from .publish import publish as write_site
    report = run(book or ['.'], scheduler, int(workers))
    for entry in report['books']:
        if entry['status'] != 'built':
            print(f"{entry['book']}: failed, {entry['error']}")
    states = write_site(report['books'], out, base_url, lang, title)
    written = sum(state == 'written' for state in states.values())
    print(f"{out}: {report['built']} books, {len(states)} files ({written} written, "
          f"{len(states) - written} unchanged)")
    if report['failed']:
        raise Exit(code=1)


@task(help=BOOK_HELP)
@_book_errors
def clean(c, book='.'):
    """Remove BOOK/build/: every output and cache a build made there."""
    from .outputs import clean as remove
    remove(book)


class _Program(Program):
    """Invoke's program, with `TASK --help` (or -h) anywhere after a task's name giving that
    task's help: Invoke would take it for the task's first positional argument, so that
    `new --help` made a book folder named --help."""

    def run(self, argv=None, exit=True):
        argv = list(sys.argv if argv is None else argv)
        names = set(self.namespace.task_names) | {alias for aliases in self.namespace.task_names.values()
                                                  for alias in aliases} if self.namespace else set()
        first = next((index for index, word in enumerate(argv[1:], 1) if word in names), None)
        if first is not None and any(word in HELP_FLAGS for word in argv[first + 1:]):
            argv = [*argv[:first], '--help', argv[first]]
        try:
            return super().run(argv, exit)
        except BrokenPipeError:        # the reader of the help stopped (`pressroom --list | head`)
            _stop_writing()
            sys.exit(0)


def program(command, namespace):
    """The Invoke program for `namespace`, its help naming `command` as users type it."""
    errors.COMMAND = command
    return _Program(namespace=namespace, name='pressroom', binary=command, version=__version__)


def main():
    """The `pressroom` command's entry point."""
    program('pressroom', Collection.from_module(sys.modules[__name__])).run()


if __name__ == '__main__':
    main()
