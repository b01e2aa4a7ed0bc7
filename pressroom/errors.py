"""What can go wrong, one exception class and one exit code each.

- BookError (exit 1): a mistake in the book folder; the author fixes it. BookErrors holds
  several found at once, each on its own line.
- SetupError (exit 3): the installation or the machine is not as pressroom needs it
  (a missing package, a full disk, a folder that cannot be written); the message says
  what to install or rerun.
- anything else (exit 2): a bug in pressroom.
"""

import contextlib
import importlib.util
import re
import sys
from pathlib import Path

LINE_BREAKS_RE = re.compile(r'\s*[\r\n]+\s*')
BUG_EXIT = 2
COMMAND = 'pressroom'      # as the user types it: cli.program sets it (./book in the repository)


def command(*words):
    """A command line to suggest, as the user types it: `pressroom build --book x`."""
    return ' '.join((COMMAND, *map(str, words)))


class Problem(Exception):
    """A failure pressroom expected and explains in one line; never a bug."""

    exit_code = BUG_EXIT

    def __init__(self, message, path=None, line=None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path else None
        self.line = line

    def __str__(self):
        return _located(self.message, self.path, self.line)

    def __reduce__(self):
        return type(self), (self.message, self.path, self.line)


class BookError(Problem):
    """A mistake in the book folder that the user must fix."""

    exit_code = 1


class BookErrors(BookError):
    """Several mistakes in the book, found at once: BookErrors, one line each."""

    def __init__(self, errors):
        super().__init__(errors[0].message, errors[0].path, errors[0].line)
        self.errors = list(errors)

    def __str__(self):
        return '\n'.join(map(str, self.errors))

    def __reduce__(self):
        return type(self), (self.errors,)


def raise_all(errors):
    """Raise the BookErrors found, if any: one as itself, several together."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise BookErrors(errors)


class SetupError(Problem):
    """The installation or the environment is broken, not the book."""

    exit_code = 3


def require_extra(extra, module):
    """SetupError unless `module`, which only the `extra` feature needs, is installed."""
    if importlib.util.find_spec(module) is None:
        raise SetupError(f'{extra} needs the {module} package, which a plain install leaves out: '
                         f'pip install "pressroom[{extra}]"')


def _located(message, path, line):
    # Always one line: editors jump to `file:line:`, and a tool's output quoted in
    # the message (pandoc's, say) must not spill over several.
    if path:
        message = f'{path}:{line}: {message}' if line else f'{path}: {message}'
    return LINE_BREAKS_RE.sub(' ', message)


def warn(message, path=None, line=None):
    """Report a problem that does not stop the build, in the same form as errors."""
    warn_again([_located(f'warning: {message}', path, line)])


def warn_again(lines):
    """Warnings given before (as `recorded_warnings` keeps them), given again as they were:
    a cached stage says what it said when it ran."""
    for text in lines:
        print(text, file=sys.stderr)
        for recording in _RECORDINGS:
            recording.append(text)


_RECORDINGS = []


@contextlib.contextmanager
def recorded_warnings():
    """The warnings given inside the block, as the lines printed, for a cache to give again."""
    lines = []
    _RECORDINGS.append(lines)
    try:
        yield lines
    finally:
        _RECORDINGS.pop()         # this block's, the innermost: remove() could take an equal outer one
