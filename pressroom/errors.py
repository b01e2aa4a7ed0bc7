"""Problems in a book's sources, reported as `file:line: message`."""

import re
import sys
from pathlib import Path

LINE_BREAKS_RE = re.compile(r'\s*[\r\n]+\s*')


class BookError(Exception):
    """A mistake in the book folder that the user must fix; never a bug."""

    def __init__(self, message, path=None, line=None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path else None
        self.line = line

    def __str__(self):
        return _located(self.message, self.path, self.line)

    def __reduce__(self):
        return BookError, (self.message, self.path, self.line)


def _located(message, path, line):
    # Always one line: editors jump to `file:line:`, and a tool's output quoted in
    # the message (pandoc's, say) must not spill over several.
    if path:
        message = f'{path}:{line}: {message}' if line else f'{path}: {message}'
    return LINE_BREAKS_RE.sub(' ', message)


def warn(message, path=None, line=None):
    """Report a problem that does not stop the build, in the same form as errors."""
    print(_located(f'warning: {message}', path, line), file=sys.stderr)
