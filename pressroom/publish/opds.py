"""OPDS 1.2 catalogue feeds (Atom) for e-reader apps, and the OpenSearch description.

opds/catalog.xml is the root navigation feed; opds/all.xml lists every book, and
opds/language-<code>.xml and opds/subject-<slug>.xml the books of one language or subject.
Each entry carries the book's metadata, its cover and thumbnail, its web page, and an
open-access acquisition link for each file a reader downloads. A static site cannot answer
a free search, so the OpenSearch description points at one prepared feed per word of the
books' titles, authors and subjects (opds/search/<word>.xml): a search for one such word,
as clients send it, finds its books.
"""

import re
import uuid

from lxml import etree
from lxml.builder import ElementMaker

from ..outputs import iso_time
from .labels import label, language_name, primary
from .site import first_line

ATOM, DC, OPDS = 'http://www.w3.org/2005/Atom', 'http://purl.org/dc/terms/', 'http://opds-spec.org/2010/catalog'
OPENSEARCH = 'http://a9.com/-/spec/opensearch/1.1/'
NAVIGATION = 'application/atom+xml;profile=opds-catalog;kind=navigation'
ACQUISITION = 'application/atom+xml;profile=opds-catalog;kind=acquisition'
OPEN_ACCESS = 'http://opds-spec.org/acquisition/open-access'
WORD_RE = re.compile(r'\w{3,}')
A = ElementMaker(namespace=ATOM, nsmap={None: ATOM, 'dc': DC, 'opds': OPDS})
D = ElementMaker(namespace=DC)


def feeds(site):
    """{path under the site: bytes} of every feed and the OpenSearch description."""
    shelf, lang = site.shelf, site.lang
    files = {}
    acquisition = [('all.xml', label(lang, 'all_books'), shelf)]
    acquisition += [(f'language-{code}.xml', label(lang, 'books_in').format(language_name(code)),
                     [record for record in shelf if primary(record.book.lang) == code]) for code in site.languages]
    acquisition += [(f'subject-{slug}.xml', label(lang, 'books_on').format(subject),
                     [record for record in shelf if subject in record.book.subjects])
                    for subject, slug in site.subjects.items()]
    for name, title, chosen in acquisition:
        files[f'opds/{name}'] = _feed(site, name, title, ACQUISITION, [_entry(site, record) for record in chosen])
    navigation = [A.entry(A.title(title), A.id(_id(site, name)), A.updated(_updated(chosen)),
                          A.content(title, type='text'),
                          A.link(rel='subsection', href=name, type=ACQUISITION))
                  for name, title, chosen in acquisition]
    files['opds/catalog.xml'] = _feed(site, 'catalog.xml', site.title, NAVIGATION, navigation)
    for word, chosen in sorted(_words(shelf).items()):
        files[f'opds/search/{word}.xml'] = _feed(site, f'search/{word}.xml', word, ACQUISITION,
                                                 [_entry(site, record, '../') for record in chosen], '../')
    files['opds/search.xml'] = _opensearch(site)
    return files


def _feed(site, name, title, kind, entries, up=''):
    updated = max((entry.findtext(f'{{{ATOM}}}updated') for entry in entries), default=_updated(site.shelf))
    links = [A.link(rel='self', href=name.rsplit('/', 1)[-1], type=kind),
             A.link(rel='start', href=f'{up}catalog.xml', type=NAVIGATION),
             A.link(rel='search', href=f'{up}search.xml', type='application/opensearchdescription+xml')]
    if name != 'catalog.xml':
        links.append(A.link(rel='up', href=f'{up}catalog.xml', type=NAVIGATION))
    feed = A.feed(A.id(_id(site, name)), A.title(title), A.updated(updated),
                  A.author(A.name(site.title)), *links, *entries)
    feed.set('{http://www.w3.org/XML/1998/namespace}lang', site.lang)
    if site.base_url:
        feed.set('{http://www.w3.org/XML/1998/namespace}base', f'{site.base_url}opds/{name}')
    return etree.tostring(feed, xml_declaration=True, encoding='utf-8', pretty_print=True)


def _entry(site, record, up=''):
    """An OPDS catalogue entry: the book, its cover, its page and its files."""
    book, here = record.book, f'{up}../books/{record.slug}/'
    cover, thumbnail = site.assets[record.slug]['cover'], site.assets[record.slug]['thumbnail']
    entry = A.entry(
        A.title(book.title), A.id(_entry_id(record)), A.updated(iso_time(book)),
        *(A.author(A.name(name)) for name in book.authors),
        D.language(book.lang), D.issued(book.date), D.publisher(book.publisher),
        D.identifier(_entry_id(record)),
        *(A.category(term=subject, label=subject) for subject in book.subjects),
        A.rights(book.rights), A.summary(first_line(book.description), type='text'),
        A.content(book.description, type='text'),
        A.link(rel='http://opds-spec.org/image', href=here + cover[0], type=cover[3]),
        A.link(rel='http://opds-spec.org/image/thumbnail', href=here + thumbnail[0], type=thumbnail[3]),
        A.link(rel='alternate', href=here + 'index.html', type='text/html', title=book.title),
        *(A.link(rel=OPEN_ACCESS, href=here + item.name, type=item.mime, length=str(item.size),
                 title=label(book.lang, item.kind)) for item in record.downloads))
    entry.set('{http://www.w3.org/XML/1998/namespace}lang', book.lang)
    return entry


def _opensearch(site):
    S = ElementMaker(namespace=OPENSEARCH, nsmap={None: OPENSEARCH})
    template = 'search/{searchTerms}.xml'
    if site.base_url:
        template = f'{site.base_url}opds/{template}'
    description = S.OpenSearchDescription(
        S.ShortName(site.title[:16]), S.Description(f'{label(site.lang, "search")}: {label(site.lang, "one_word")}'),
        S.InputEncoding('UTF-8'), S.OutputEncoding('UTF-8'), S.Language(site.lang),
        S.Url(type=ACQUISITION, template=template))
    return etree.tostring(description, xml_declaration=True, encoding='utf-8', pretty_print=True)


def _words(shelf):
    """{word: [records]} for the lower-case words of each book's title, authors and subjects."""
    words = {}
    for record in shelf:
        book = record.book
        text = ' '.join([book.title, book.subtitle or '', *book.authors, *book.subjects])
        for word in sorted({word.casefold() for word in WORD_RE.findall(text)}):
            words.setdefault(word, []).append(record)
    return words


def _updated(shelf):
    return max(iso_time(record.book) for record in shelf)


def _entry_id(record):
    return f'urn:isbn:{record.isbn}' if record.isbn else record.book.identifier


def _id(site, name):
    """A feed's id: its address under the base URL, else a UUID made from the books it serves."""
    if site.base_url:
        return f'{site.base_url}opds/{name}'
    books = ' '.join(sorted(record.book.identifier for record in site.shelf))
    return uuid.uuid5(uuid.NAMESPACE_URL, f'pressroom-site {books} {name}').urn
