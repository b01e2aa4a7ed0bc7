"""What the site, the feeds, ONIX and the order sheet know of each built book: read from its
metadata and the files its build made (the catalogue's report), never made again."""

import hashlib
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html

from ..outputs import output_path
from ..sources.metadata import load_book, slugify
from ..writers.barcode import isbn13

# The files a reader downloads, in the order the site offers them, with their media types
# (application/kepub+zip is the type Kobo's readers and OPDS catalogues give the Kobo edition).
DOWNLOADS = {
    'epub': 'application/epub+zip',
    'kepub': 'application/kepub+zip',
    'pdf': 'application/pdf',
}
OPF_NS = {'opf': 'http://www.idpf.org/2007/opf', 'c': 'urn:oasis:names:tc:opendocument:xmlns:container'}
COVER_TYPES = {'.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
               '.svg': 'image/svg+xml'}


@dataclass(frozen=True)
class Download:
    kind: str           # a key of DOWNLOADS
    path: Path          # the built file
    size: int
    sha256: str

    @property
    def name(self):
        return self.path.name

    @property
    def mime(self):
        return DOWNLOADS[self.kind]


@dataclass(frozen=True)
class Record:
    book: object        # sources.metadata.Book
    slug: str           # the book's folder on the site, unique in it
    downloads: tuple    # Download, in the order of DOWNLOADS
    print_pages: int
    contents: tuple     # the chapters' titles, as the book's contents lists them
    cover: tuple        # (extension, bytes) of the EPUB's cover image

    @property
    def isbn(self):
        return isbn13(self.book.identifier)

    def path(self, name):
        """A built file of the book by its VARIANTS name."""
        return output_path(self.book, name)


def records(entries):
    """A Record for each book the catalogue built, in its order; two books of one title get
    folders told apart by their identifiers."""
    books = [load_book(entry['book']) for entry in entries]
    seen = {}
    for book in books:
        seen.setdefault(book.slug, []).append(book.identifier)
    shelf = []
    for entry, book in zip(entries, books):
        slug = book.slug
        if len(set(seen[slug])) > 1:
            slug += '-' + hashlib.sha256(book.identifier.encode()).hexdigest()[:8]
        shelf.append(_record(entry, book, slug))
    return shelf


def _record(entry, book, slug):
    outputs = entry['outputs']
    downloads = tuple(Download(kind, output_path(book, kind), outputs[kind]['bytes'], outputs[kind]['sha256'])
                      for kind in DOWNLOADS if kind in outputs)
    return Record(book, slug, downloads, entry['pages'], _contents(output_path(book, 'html')),
                  _cover(output_path(book, 'epub')))


def _contents(path):
    """The chapters' titles from the contents of the built web page."""
    document = html.fromstring(path.read_bytes())
    return tuple(' '.join(link.text_content().split()) for link in document.xpath('//nav[@id="contents"]/ol/li/a'))


def _cover(epub):
    """The cover image the EPUB carries (the book's own, or its typographic cover)."""
    with zipfile.ZipFile(epub) as archive:
        container = etree.fromstring(archive.read('META-INF/container.xml'))
        opf_path = container.find('.//c:rootfile', OPF_NS).get('full-path')
        package = etree.fromstring(archive.read(opf_path))
        item = package.find('.//opf:manifest/opf:item[@properties="cover-image"]', OPF_NS)
        name = posixpath.normpath(posixpath.join(posixpath.dirname(opf_path), item.get('href')))
        return Path(name).suffix.lower(), archive.read(name)


def subject_slug(subject):
    return slugify(re.sub(r'\s+--\s+', ' ', subject))
