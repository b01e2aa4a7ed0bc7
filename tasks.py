"""Invoke tasks of this repository, the lecture's book project.

The book's tasks are the installed `pressroom` command's (pressroom/cli.py); the tasks that
work on the repository itself (test, bench) are added here. `./book TASK` runs them with
help that names ./book; `invoke TASK` works too.
"""

import sys
from pathlib import Path

from invoke import Collection, task

from pressroom import cli
from pressroom.cli import *  # noqa: F403 (every task of the command: a new one there is one here too)

ROOT = Path(__file__).resolve().parent


@task
def test(c):
    """Run ruff, then the test suite."""
    c.run(f'{sys.executable} -m ruff check --no-cache --quiet {ROOT}', pty=False)
    c.run(f'{sys.executable} -m pytest -q --rootdir={ROOT} {ROOT / "tests"}', pty=False)


@task(help={'words': 'size of the generated long book (default 300000)'})
def bench(c, words=300000):
    """Time and measure our build against plain pandoc + WeasyPrint; writes build/bench.json."""
    c.run(f'{sys.executable} {ROOT / "bench" / "run.py"} --words {words}', pty=False)


if __name__ == '__main__':      # ./book
    cli.program('./book', Collection.from_module(sys.modules[__name__])).run()
