"""The EPUB writer: the intermediate split into one XHTML file per chapter, with ebooklib.

Notes stay in their chapter as `aside epub:type="footnote"` (Kobo pops up only those);
the way back to the call is the note's number at its start, so notes never run together
on Kindle. The zip is rewritten with fixed dates, mimetype first, for reproducibility.
"""

import copy
import functools
import html
import io
import zipfile
from datetime import UTC, datetime

import lxml.html
from ebooklib import epub
from lxml import etree
from PIL import Image

from .. import cache, languages
from ..document import pagination
from ..document.intermediate import heading_text, outline
from ..outputs import build_time
from ..paths import stylesheet
from ..sources.files import inside
from ..sources.images import IMAGE_TYPES, image_type
from ..sources.metadata import ROLES, isbn_digits
from ..transforms.typography import smart_quotes
from . import cover, epub_style, xhtml

EPUB_NS = 'http://www.idpf.org/2007/ops'
SECTION_TYPES = ('frontmatter', 'backmatter')   # chapter classes that are also epub:types


def write_epub(book, html_text, page_starts=()):
    """The EPUB as bytes; `page_starts` (document/pagination.py) marks the print pages."""
    root = lxml.html.document_fromstring(html_text)
    paginated = bool(pagination.mark(root, page_starts, _in_epub))
    languages.small_caps(root, book.lang, epub_style.CSS_FILES, book)
    package = epub.EpubBook()
    _metadata(package, book, root.xpath('//body//img/@alt'), len(root.xpath('//body//img')), paginated)
    style = epub.EpubItem(uid='style', file_name='style/book.css', media_type='text/css',
                          content=epub_style.stylesheet(book, root, package).encode())
    package.add_item(style)
    name, image = _cover_image(book)
    package.set_cover(name, image, create_page=False)
    package.add_item(_cover_page(book, name, image))
    label = functools.partial(languages.book_label, book)
    pages = [_page('titlepage', label('title-page'), root.find('.//header'), book, package)]
    chapters = [_page(f'chapter-{n:02}', heading_text(section.find('h1')) if section.find('h1') is not None
                      else book.title, section, book, package)
                for n, section in enumerate(root.xpath('//section[contains(@class, "chapter")]'), 1)]
    colophon = _page('colophon', label('imprint'), root.xpath('//section[@id="imprint"]')[0], book, package)
    _link_across(chapters)
    for page in [*pages, *chapters, colophon]:
        package.add_item(page)
    contents = [_contents_entry(page) for page in chapters]
    package.toc = _ebooklib_toc(contents)
    package.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=label('contents'), direction=_direction(book))
    nav.add_link(href='style/book.css', rel='stylesheet', type='text/css')
    package.add_item(nav)
    package.spine = ['cover', pages[0], 'nav', *chapters, colophon]
    package.guide = [{'type': 'cover', 'href': 'cover.xhtml', 'title': label('cover')},
                     {'type': 'toc', 'href': 'nav.xhtml', 'title': label('contents')},
                     {'type': 'text', 'href': _first_body_chapter(chapters).file_name, 'title': label('start')}]
    raw = io.BytesIO()
    # Not compressed here: reproducible_zip compresses the archive it makes of this one.
    options = {'epub3_pages': False, 'mtime': _mtime(book), 'raise_exceptions': True,
               'landmark_title': label('landmarks'), 'compresslevel': 0}
    writer = _Writer(raw, package, options)
    writer.process()
    writer.write()
    replacements = {'EPUB/toc.ncx': _kindle_ncx(package, contents, options),
                    'EPUB/nav.xhtml': _nav_document(raw, _page_list([*pages, *chapters, colophon]), label('pages')),
                    **xhtml.final_documents(raw)}
    return reproducible_zip(raw.getvalue(), build_time(book), replacements)


class _Writer(epub.EpubWriter):
    """ebooklib's writer with the book's language on <package> too, as DAISY Ace requires."""

    def _write_opf_file(self, root):
        root.set('{http://www.w3.org/XML/1998/namespace}lang', self.book.language)
        super()._write_opf_file(root)


def _direction(book):
    """'rtl' for a book written right to left (its pages, and the spine's page progression),
    else None: left to right is every reading system's default."""
    return 'rtl' if languages.direction(book.lang) == 'rtl' else None


def _first_body_chapter(chapters):
    """Where the reading starts: the first chapter that is not front matter."""
    return next((page for page in chapters
                 if 'frontmatter' not in _tree(page).xpath('//section')[0].classes), chapters[0])


def _in_epub(block):
    """Whether a block of the intermediate is in the EPUB's text where the print edition has
    it: its printed contents is not (the EPUB's navigation takes its place), nor its
    imprint, which the EPUB sets last. A print page of theirs shares the next page's place,
    so the page list runs in reading order."""
    return not any(node.tag == 'nav' or node.get('id') == 'imprint' for node in block.iterancestors())


def _page_list(items):
    """(file name, id, page number) of each page-break marker, in page order."""
    found = []
    for item in items:
        for marker in _tree(item).xpath('//span[@role="doc-pagebreak"][@*[name()="epub:type"]="pagebreak"]'):
            found.append((item.file_name.split('/')[-1], marker.get('id'), int(marker.get('aria-label'))))
    return sorted(found, key=lambda entry: entry[2])


def _metadata(package, book, descriptions, images, paginated):
    package.set_identifier(_urn(book.identifier))
    package.title = smart_quotes(book.title, book.lang)
    package.add_metadata('DC', 'title', package.title, {'id': 'title'})
    package.set_language(book.lang)
    if _direction(book):
        package.set_direction(_direction(book))
    if book.subtitle:
        package.add_metadata('DC', 'title', smart_quotes(book.subtitle, book.lang), {'id': 'subtitle'})
        package.add_metadata(None, 'meta', 'subtitle', {'refines': '#subtitle', 'property': 'title-type'})
    for number, author in enumerate(book.authors, 1):
        package.add_author(author, uid=f'creator-{number}')
        package.add_metadata(None, 'meta', 'aut', {'refines': f'#creator-{number}', 'property': 'role',
                                                    'scheme': 'marc:relators'})
    for number, (name, role) in enumerate(book.contributors, 1):
        package.add_metadata('DC', 'contributor', name, {'id': f'contributor-{number}'})
        package.add_metadata(None, 'meta', ROLES[role][0], {'refines': f'#contributor-{number}',
                                                            'property': 'role', 'scheme': 'marc:relators'})
    for key in ('publisher', 'rights', 'description'):
        package.add_metadata('DC', key, getattr(book, key))
    package.add_metadata('DC', 'date', book.date)
    for subject in book.subjects:
        package.add_metadata('DC', 'subject', subject)
    package.add_metadata(None, 'meta', 'main', {'refines': '#title', 'property': 'title-type'})
    described = images and len([text for text in descriptions if text.strip()]) == images
    accessibility = [
        ('schema:accessMode', 'textual'),
        *([('schema:accessMode', 'visual')] if images else []),
        *([('schema:accessibilityFeature', 'alternativeText')] if described else []),
        ('schema:accessModeSufficient', 'textual,visual' if images and not described else 'textual'),
        ('schema:accessibilityFeature', 'structuralNavigation'),
        ('schema:accessibilityFeature', 'tableOfContents'),
        ('schema:accessibilityFeature', 'readingOrder'),
        ('schema:accessibilityFeature', 'displayTransformability'),
        *([('schema:accessibilityFeature', 'pageBreakMarkers'),
           ('schema:accessibilityFeature', 'printPageNumbers')] if paginated else []),
        ('schema:accessibilityHazard', 'none'),
        ('schema:accessibilitySummary', book.accessibility_summary or _summary(book, images, described)),
        ('dcterms:conformsTo', 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA'),
    ]
    for prop, value in accessibility:
        package.add_metadata(None, 'meta', value, {'property': prop})
    if paginated:        # EPUB 3's way to name the edition the page numbers come from
        package.add_metadata('DC', 'source', _page_source(book), {'id': 'pagination-source'})
        package.add_metadata(None, 'meta', 'pagination', {'refines': '#pagination-source', 'property': 'source-of'})


def _page_source(book):
    """The print edition the page numbers come from: the one laid out with this EPUB."""
    digits = isbn_digits(book.identifier)
    return f'urn:isbn:{digits}' if digits else languages.book_label(
        book, 'print-edition', title=smart_quotes(book.title, book.lang), publisher=book.publisher)


def _urn(identifier):
    """An ISBN as the EPUB's unique identifier is written as a URN, without hyphens; any
    other identifier (a UUID URN, a URL, a DOI) as it is."""
    digits = isbn_digits(identifier)
    return f'urn:isbn:{digits}' if digits else identifier


def _summary(book, images, described):
    pictures = ('summary-cover' if not images else 'summary-described' if described else 'summary-undescribed')
    return languages.book_label(book, 'summary', images=languages.book_label(book, pictures))


def _mtime(book):
    return datetime(*build_time(book)[:6], tzinfo=UTC)


COVER_PAGE = '''<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}" \
dir="{dir}">
<head><title>{title}</title><link rel="stylesheet" type="text/css" href="style/book.css"/></head>
<body class="cover-page"><section epub:type="cover">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" \
viewBox="0 0 {width} {height}" preserveAspectRatio="xMidYMid meet" role="img" aria-label="{alt}">
<title>{alt}</title><image width="{width}" height="{height}" xlink:href="{href}"/></svg>
</section></body></html>
'''


def _cover_page(book, name, image):
    """The cover page: the image in an SVG whose viewBox is its own size, so that every
    screen shows all of it, as large as fits (ebooklib's own page lets readers crop it).
    Written as it is: ebooklib's HTML parser would lowercase viewBox."""
    width, height = _image_size(name, image)
    alt = html.escape(languages.book_label(book, 'cover-description', title=smart_quotes(book.title, book.lang),
                                           authors=book.author_line))
    return epub.EpubItem(uid='cover', file_name='cover.xhtml', media_type='application/xhtml+xml',
                         content=COVER_PAGE.format(lang=html.escape(book.lang), dir=languages.direction(book.lang),
                                                   title=html.escape(languages.book_label(book, 'cover')),
                                                   width=width, height=height, alt=alt, href=name).encode('utf-8'))


def _image_size(name, data):
    """Width and height of the cover image, in its own units."""
    if name.endswith('.svg'):
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        box = (root.get('viewBox') or '').replace(',', ' ').split()
        if len(box) == 4:
            return box[2], box[3]
        return root.get('width', '2').rstrip('px'), root.get('height', '3').rstrip('px')
    with Image.open(io.BytesIO(data)) as picture:
        return picture.size


def _cover_image(book):
    """The cover's name in the EPUB and its bytes: the book's own image, named for its type, or
    the typographic cover."""
    if not book.cover:
        return 'images/cover.png', _typographic_cover(book)
    path = inside(book.folder, book.cover, 'cover', 'metadata.yaml')
    if path.suffix.lower() == '.svg':
        return 'images/cover.svg', path.read_bytes()
    with Image.open(path) as image:
        if image.format in IMAGE_TYPES:
            return f'images/cover{IMAGE_TYPES[image.format][1]}', path.read_bytes()
        # Readers need not show other types (TIFF, BMP, ...): those become PNG.
        output = io.BytesIO()
        image.convert('RGBA' if 'A' in image.getbands() else 'RGB').save(output, format='PNG')
        return 'images/cover.png', output.getvalue()


def _typographic_cover(book):
    """The typographic front cover, kept in build/.cache/cover by what it is made from:
    making it is a layout and a PNG (0.4 s), and an edit to a chapter changes neither."""
    folder = book.build_dir / '.cache' / 'cover'
    name = cache.key(book, stylesheet('cover.css', book).read_bytes()) + '.png'
    image = cache.read(folder / name)
    if image is None:
        image = cover.front_png(book)
        cache.write(folder / name, image)
        cache.prune(folder, {name})
    return image


def _page(name, title, element, book, package):
    element = copy.deepcopy(element)
    _epub_semantics(element)
    _pack_images(element, book, package)
    xhtml.declare_namespaces(element)
    page = epub.EpubHtml(title=title, file_name=f'text/{name}.xhtml', lang=book.lang, uid=name,
                         direction=_direction(book))
    page.content = lxml.html.tostring(element, encoding='unicode').encode()
    page.add_link(href='../style/book.css', rel='stylesheet', type='text/css')
    return page


def _pack_images(element, book, package):
    """Images travel inside the EPUB under images/, named by content so names never clash."""
    import hashlib
    for image in element.iter('img'):
        path = (book.build_dir / image.get('src')).resolve()
        data = path.read_bytes()
        media_type, extension = image_type(path)
        name = f'images/{hashlib.sha256(data).hexdigest()[:12]}{extension}'
        if package.get_item_with_href(name) is None:
            package.add_item(epub.EpubImage(uid=name.replace('/', '-').replace('.', '-'), file_name=name,
                                            media_type=media_type, content=data))
        image.set('src', f'../{name}')


def _epub_semantics(element):
    """epub:type beside the ARIA roles the intermediate already carries."""
    types = {'doc-chapter': 'chapter', 'doc-noteref': 'noteref', 'doc-footnote': 'footnote',
             'doc-colophon': 'colophon', 'doc-backlink': None}
    for node in element.iter():
        kind = types.get(node.get('role'))
        if node.tag == 'section' and 'chapter' in node.classes:
            kind = next((c for c in SECTION_TYPES if c in node.classes), 'chapter')
            if kind != 'chapter':
                del node.attrib['role']
        if node.tag == 'header':
            kind = 'titlepage'
        if 'epigraph' in node.classes:
            kind = 'epigraph'
            node.set('role', 'doc-epigraph')      # the ARIA role that matches, as Ace asks
        if kind:
            node.set('epub:type', kind)
        node.attrib.pop('data-source', None)


def _link_across(chapters):
    """Links to ids in another chapter file get that file's name."""
    owner = {}
    for page in chapters:
        for found in _tree(page).xpath('//*[@id]'):
            owner[found.get('id')] = page.file_name.split('/')[-1]
    for page in chapters:
        tree = _tree(page)
        name = page.file_name.split('/')[-1]
        for link in tree.xpath('//a[starts-with(@href, "#")]'):
            target = owner.get(link.get('href')[1:])
            if target and target != name:
                link.set('href', f'{target}{link.get("href")}')
        page.content = lxml.html.tostring(tree, encoding='unicode').encode()


def _tree(page):
    return lxml.html.fromstring(page.content.decode('utf-8'))


def _contents_entry(page):
    """(href, title, children) for a chapter file and the sections in it, at every depth."""
    def linked(entries):
        return [(f'{page.file_name}#{ident}', title, linked(children))
                for ident, title, children in entries]
    section = _tree(page).xpath('//section')[0]
    return page.file_name, page.title, linked(outline(section))


def _ebooklib_toc(entries):
    return [(epub.Section(title, href=href), _ebooklib_toc(children)) if children
            else epub.Link(href, title, href.replace('/', '-').replace('#', '-'))
            for href, title, children in entries]


def _kindle_ncx(package, contents, options):
    """The NCX with the outline flattened to two levels: Kindle shows no deeper ones.
    The EPUB 3 nav keeps the full depth."""
    def below(entries):
        for href, title, children in entries:
            yield href, title, []
            yield from below(children)
    flat = [(href, title, list(below(children))) for href, title, children in contents]
    package.toc = _ebooklib_toc(flat)
    ncx = etree.fromstring(epub.EpubWriter('', package, options)._get_ncx())
    depth = 2 if any(children for _, _, children in flat) else 1
    ncx.find('.//{*}meta[@name="dtb:depth"]').set('content', str(depth))
    return etree.tostring(ncx, encoding='utf-8', xml_declaration=True)


def _nav_document(raw, page_list, title):
    """The navigation document with its landmarks hidden (they are for the reading system,
    not a list to show on the contents page) and the print pages' list, hidden too."""
    with zipfile.ZipFile(raw) as archive:
        nav = etree.fromstring(archive.read('EPUB/nav.xhtml'))
    landmarks = nav.find(f'.//{{*}}nav[@{{{EPUB_NS}}}type="landmarks"]')
    landmarks.set('hidden', 'hidden')
    if page_list:
        xhtml = landmarks.tag.split('}')[0] + '}'
        pages = etree.Element(f'{xhtml}nav', {f'{{{EPUB_NS}}}type': 'page-list', 'id': 'page-list',
                                                'hidden': 'hidden'})
        etree.SubElement(pages, f'{xhtml}h2').text = title
        listing = etree.SubElement(pages, f'{xhtml}ol')
        for name, ident, number in page_list:
            entry = etree.SubElement(etree.SubElement(listing, f'{xhtml}li'), f'{xhtml}a', href=f'text/{name}#{ident}')
            entry.text = str(number)
        landmarks.addnext(pages)
    return etree.tostring(nav, encoding='utf-8', xml_declaration=True)


def reproducible_zip(data, moment, replacements):
    """The same archive with fixed dates and sorted names, mimetype first and stored;
    `replacements` maps entry names to new contents."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    stamp = tuple(moment[:6]) if moment.tm_year >= 1980 else (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(output, 'w') as target:
        names = sorted(source.namelist(), key=lambda n: (n != 'mimetype', n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == 'mimetype' else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, replacements.get(name) or source.read(name))
    return output.getvalue()
