"""The books put in readers' hands: a static site, OPDS feeds, ONIX and print order sheets,
made from the catalogue's report of the books it built (`invoke publish`).

SITE/
  index.html, languages/<code>.html, subjects/<slug>.html   the books, all or one language or subject
  books/<slug>/index.html, cover, thumbnail, the downloads  a page per book and its files
  site.css, fonts/                                          styles/site.css; the faces, subset, WOFF2
  opds/catalog.xml, all.xml, language-*, subject-*, search  OPDS 1.2 feeds, OpenSearch description
  sitemap.xml                                               with --base-url (a sitemap needs addresses)
  trade/<slug>/                                             for distributors and the print shop, not
                                                            linked from the pages: onix.xml (books
                                                            with an ISBN), order.json and order.pdf,
                                                            and the print files they name

Same catalogue, same bytes: nothing here reads the clock. Only what changed is written: a
book whose files and metadata are as before keeps its trade files (the preflight is its
slow part), and a file whose bytes are unchanged is not written again. Files a previous
run wrote and this one does not are removed; nothing else in SITE is touched.
"""

import dataclasses
import json
from collections import Counter
from pathlib import Path

from .. import cache
from ..errors import BookError
from ..outputs import iso_time, write_atomic
from ..paths import STYLES_DIR
from . import assets, onix, opds, ordersheet
from .labels import primary
from .shelf import records
from .site import Site

MANIFEST = '.pressroom-site.json'   # what the last run wrote, and each book's key


def publish(entries, out, base_url=None, lang=None, title=None):
    """Write the site for the books the catalogue built (`entries`, its report's books) into
    `out`; returns {path under out: 'written' | 'unchanged'}."""
    out = Path(out)
    if base_url:
        if not base_url.startswith(('https://', 'http://')):
            raise BookError(f'--base-url {base_url!r} is not a web address: give one such as '
                            'https://books.example.org/')
        base_url = base_url.rstrip('/') + '/'
    shelf = records([entry for entry in entries if entry['status'] == 'built'])
    if not shelf:
        raise BookError('no book was built, so there is nothing to publish')
    previous = _manifest(out)
    files, keys, made = {}, {}, {}
    for record in shelf:
        made[record.slug], covers = assets.covers(record)
        files.update({f'books/{record.slug}/{name}': data for name, data in covers.items()})
        files.update({f'books/{record.slug}/{item.name}': item.path for item in record.downloads})
        # The book as its metadata says, wherever its folder is: the same catalogue elsewhere is the same site.
        keys[record.slug] = cache.key(dataclasses.replace(record.book, folder=Path('.')), record.print_pages,
                                      *(_sha(record, name) for name in ('print', 'cover', 'epub', 'kepub', 'pdf')))
        files.update(_trade(record, out, previous, keys[record.slug]))
    site = Site(shelf, lang or _language(shelf), title, base_url, made)
    files.update({path: text.encode() for path, text in site.build().items()})
    files.update(assets.typefaces(site.text))
    files['site.css'] = (STYLES_DIR / 'site.css').read_bytes()      # the publisher's, not a book's theme
    files.update(opds.feeds(site))
    if base_url:
        files['sitemap.xml'] = _sitemap(site)
    return _write(out, files, previous, keys)


def _trade(record, out, previous, key):
    """The trade files of a book: made again only when the book or its print files changed."""
    folder = f'trade/{record.slug}'
    names = {f'{folder}/{record.path(name).name}': record.path(name) for name in ('print', 'cover')}
    kept = [f'{folder}/order.json', f'{folder}/order.pdf'] + ([f'{folder}/onix.xml'] if record.isbn else [])
    if previous['books'].get(record.slug) == key and all((out / path).is_file() for path in kept):
        return names | {path: out / path for path in kept}
    data = ordersheet.ticket(record)
    names |= {f'{folder}/order.json': ordersheet.ticket_json(data),
              f'{folder}/order.pdf': ordersheet.sheet_pdf(record, data)}
    if record.isbn:
        names[f'{folder}/onix.xml'] = onix.onix(record)
    return names


def _sha(record, name):
    path = record.path(name)
    return next((item.sha256 for item in record.downloads if item.path == path), None) or \
        cache.key(path.read_bytes())


def _language(shelf):
    """The language most of the books are in (the first book's tag for it)."""
    common = Counter(primary(record.book.lang) for record in shelf).most_common(1)[0][0]
    return next(record.book.lang for record in shelf if primary(record.book.lang) == common)


def _sitemap(site):
    pages = sorted(site.pages)
    dates = {f'books/{record.slug}/index.html': iso_time(record.book)[:10] for record in site.shelf}
    urls = ''.join(f'<url><loc>{site.base_url}{path}</loc>'
                   + (f'<lastmod>{dates[path]}</lastmod>' if path in dates else '') + '</url>\n'
                   for path in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f'{urls}</urlset>\n').encode()


def _manifest(out):
    try:
        data = json.loads((out / MANIFEST).read_text())
        return {'files': dict(data['files']), 'books': dict(data['books'])}
    except (OSError, ValueError, KeyError, TypeError):
        return {'files': {}, 'books': {}}


def _write(out, files, previous, keys):
    """Each file written (atomically) only if its bytes changed; the last run's leftovers removed."""
    states, digests = {}, {}
    for path in sorted(files):
        value, target = files[path], out / path
        data = value.read_bytes() if isinstance(value, Path) else value
        digest = cache.key(data)
        same = previous['files'].get(path) == digest and target.is_file() and target.stat().st_size == len(data)
        if not same and value != target:
            write_atomic(target, data)
        digests[path] = digest
        states[path] = 'unchanged' if same else 'written'
    for path in sorted(set(previous['files']) - set(files)):
        stale = out / path
        if stale.is_file() and stale.resolve().is_relative_to(out.resolve()):
            stale.unlink()
    write_atomic(out / MANIFEST, json.dumps({'files': digests, 'books': keys}, indent=1, sort_keys=True).encode())
    return states
