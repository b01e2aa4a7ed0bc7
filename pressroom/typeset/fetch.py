"""The only way WeasyPrint may read a resource: local files inside allowed folders."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher

from ..paths import readable_roots


class ResourceRefused(FatalURLFetchingError):
    """A stylesheet or image the book may not use; stops the render."""


class ConfinedFetcher(URLFetcher):
    """Serves `file:` URLs under `roots` and `data:` URLs; refuses everything else.

    No request ever leaves the machine, and nothing outside the book folder, the project's
    styles/ and the user cache is read. A missing file stops the build instead of being skipped.
    """

    def __init__(self, roots):
        super().__init__(allowed_protocols={'file', 'data'})
        self.roots = [Path(root).resolve() for root in roots]

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == 'data':
            return super().fetch(url, headers)
        if parts.scheme != 'file':
            raise ResourceRefused(f'{url}: only files inside the book folder can be used')
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ResourceRefused(f'{path}: outside the book folder and styles/, not read')
        if not path.is_file():
            raise ResourceRefused(f'{path}: file not found')
        return super().fetch(path.as_uri(), headers)


def book_fetcher(book):
    """The fetcher every WeasyPrint document and stylesheet of `book` uses."""
    return ConfinedFetcher(readable_roots(book))
