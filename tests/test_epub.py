"""What the built EPUBs of the lecture and the small fixture book must show (issue 3).

Everything here is read back from the finished archives with zipfile and lxml, as an e-reader
would, and compared with each book's own metadata.yaml and with the HTML intermediate.
EPUBCheck itself runs in test_outputs.py.
"""

import functools
import io
import os
import posixpath
import re
import time
import unicodedata
import zipfile
from collections import Counter
from datetime import date
from urllib.parse import unquote, urldefrag

import lxml.html
import pytest
import yaml
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image

from pressroom.assets import fonts
from pressroom.document.intermediate import heading_text
from pressroom.outputs import build_time, iso_time
from pressroom.sources.metadata import SETTINGS
from pressroom.transforms.typography import smart_quotes
from pressroom.writers import cover
from pressroom.writers.epub import write_epub

CITATIONS_IN_LECTURE = 28
BOTH = ('lecture', 'small_book')


def as_urn(identifier):
    """The identifier as the EPUB must carry it: an ISBN becomes urn:isbn: and its digits."""
    identifier = str(identifier)
    return identifier if identifier.startswith('urn:') else 'urn:isbn:' + identifier.replace('-', '')
NS = {
    'x': 'http://www.w3.org/1999/xhtml',
    'epub': 'http://www.idpf.org/2007/ops',
    'opf': 'http://www.idpf.org/2007/opf',
    'dc': 'http://purl.org/dc/elements/1.1/',
    'ncx': 'http://www.daisy.org/z3986/2005/ncx/',
    'container': 'urn:oasis:names:tc:opendocument:xmlns:container',
}
EPUB_TYPE = f'{{{NS["epub"]}}}type'
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
# epub:type -> the DPUB-ARIA role that must stand beside it
ROLE_OF_TYPE = {'chapter': 'doc-chapter', 'footnote': 'doc-footnote', 'noteref': 'doc-noteref',
                'toc': 'doc-toc', 'colophon': 'doc-colophon'}
VARIABLE_TABLES = ('fvar', 'gvar', 'avar', 'cvar', 'HVAR', 'VVAR', 'MVAR')


# --- reading the archive ---------------------------------------------------------------------

class Epub:
    """A built EPUB opened once: package document, manifest, spine and parsed XHTML files."""

    def __init__(self, path):
        self.path = path
        self.data = path.read_bytes()
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))
        container = etree.fromstring(self.zip.read('META-INF/container.xml'))
        self.opf_name = container.xpath('//container:rootfile/@full-path', namespaces=NS)[0]
        self.opf = etree.fromstring(self.zip.read(self.opf_name))
        base = posixpath.dirname(self.opf_name)
        self.manifest = {}
        for item in self.opf.xpath('/opf:package/opf:manifest/opf:item', namespaces=NS):
            self.manifest[item.get('id')] = {
                'name': posixpath.normpath(posixpath.join(base, unquote(item.get('href')))),
                'media-type': item.get('media-type'),
                'properties': (item.get('properties') or '').split(),
            }
        self._parsed = {}
        self.spine = [(ref.get('idref'), ref.get('linear', 'yes'))
                      for ref in self.opf.xpath('/opf:package/opf:spine/opf:itemref', namespaces=NS)]

    def xml(self, name):
        if name not in self._parsed:
            self._parsed[name] = etree.fromstring(self.zip.read(name))
        return self._parsed[name]

    def spine_names(self):
        return [self.manifest[idref]['name'] for idref, _ in self.spine]

    def item(self, property_name):
        found = [item for item in self.manifest.values() if property_name in item['properties']]
        assert len(found) == 1, f'{len(found)} manifest items with properties="{property_name}"'
        return found[0]

    def chapter_names(self):
        return [name for name in self.spine_names() if posixpath.basename(name).startswith('chapter-')]

    def meta(self, prop):
        return [m.text for m in self.opf.xpath(f'//opf:metadata/opf:meta[@property="{prop}"]', namespaces=NS)]

    def dc(self, element):
        return self.opf.xpath(f'//opf:metadata/dc:{element}', namespaces=NS)

    def refines(self, element_id, prop):
        return [m.text for m in self.opf.xpath(
            f'//opf:metadata/opf:meta[@refines="#{element_id}"][@property="{prop}"]', namespaces=NS)]

    def ids(self, name):
        return set(self.xml(name).xpath('//@id'))

    def resolve(self, document, href):
        """The archive name and fragment an href in `document` points at."""
        path, fragment = urldefrag(href)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(document), unquote(path))) if path else document
        return target, fragment


@functools.cache
def _open(path):
    return Epub(path)


@pytest.fixture
def built(request, name):
    """(Book, build results, Epub, metadata.yaml mapping) for the parametrized book `name`."""
    book, results = request.getfixturevalue(name)
    mapping = yaml.safe_load((book.folder / 'metadata.yaml').read_text(encoding='utf-8'))
    return book, results, _open(results['epub'][0]), mapping


def plain(text):
    """Text compared without the difference between straight and curly quotes or kinds of space."""
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'})
    return ' '.join(unicodedata.normalize('NFC', text).replace('\u00a0', ' ').replace('\u202f', ' ').split())


def text_of(element):
    return plain(''.join(element.itertext()))


def intermediate(results):
    """The HTML output without the styles inlined for browsers: the book's own text."""
    root = lxml.html.parse(str(results['html'][0])).getroot()
    for style in root.iter('style'):
        style.drop_tree()
    return root


def body_sections(epub, name):
    return epub.xml(name).xpath('/x:html/x:body/x:section | /x:html/x:body/x:header', namespaces=NS)


def nav_tree(ol, document, epub):
    """A contents list as nested (target, label, children), targets as archive name#fragment."""
    entries = []
    for li in ol.xpath('./x:li', namespaces=NS):
        link = li.xpath('./x:a', namespaces=NS)[0]
        target, fragment = epub.resolve(document, link.get('href'))
        children = li.xpath('./x:ol', namespaces=NS)
        entries.append((f'{target}#{fragment}' if fragment else target, text_of(link),
                        nav_tree(children[0], document, epub) if children else []))
    return entries


def ncx_tree(parent, document, epub):
    entries = []
    for point in parent.xpath('./ncx:navPoint', namespaces=NS):
        target, fragment = epub.resolve(document, point.xpath('./ncx:content/@src', namespaces=NS)[0])
        label = point.xpath('./ncx:navLabel/ncx:text', namespaces=NS)[0]
        entries.append((f'{target}#{fragment}' if fragment else target, text_of(label),
                        ncx_tree(point, document, epub)))
    return entries


def depth(tree):
    """How many levels a contents tree has; an entry's children are its last member."""
    return 1 + max((depth(entry[-1]) for entry in tree), default=0) if tree else 0


def shape(tree):
    """Only the targets of a contents tree, nested the same way."""
    return [(target, shape(children)) for target, _, children in tree]


def cover_page(epub):
    """The content document that shows the cover image."""
    image = epub.item('cover-image')['name']
    pages = [name for name in epub.spine_names()
             if any(epub.resolve(name, src)[0] == image for src in epub.xml(name).xpath(
                 '//x:img/@src | //*[local-name()="image"]/@*[local-name()="href"]', namespaces=NS))]
    assert len(pages) == 1
    return pages[0]


def toc_nav(epub):
    nav_name = epub.item('nav')['name']
    navs = epub.xml(nav_name).xpath('//x:nav[@epub:type="toc"]', namespaces=NS)
    assert len(navs) == 1
    return nav_name, navs[0]


def headings_tree(epub):
    """What the contents should hold: every chapter file, and every headed section in it, nested."""
    def sections(parent, name, level):
        entries = []
        for section in parent.xpath('./x:section | ./x:div/x:section', namespaces=NS):
            heading = section.xpath(f'./x:h{level}', namespaces=NS)
            if heading:
                entries.append((f'{name}#{section.get("id")}', sections(section, name, level + 1)))
        return entries
    tree = []
    for name in epub.chapter_names():
        (chapter,) = body_sections(epub, name)
        tree.append((name, sections(chapter, name, 2)))
    return tree


def fonts_in(epub):
    return {item['name']: TTFont(io.BytesIO(epub.zip.read(item['name'])))
            for item in epub.manifest.values() if item['media-type'] in ('font/ttf', 'font/otf',
                                                                         'application/font-sfnt',
                                                                         'application/vnd.ms-opentype')}


def text_faces(epub, mapping):
    """font_faces of the text's family (metadata `font`), without the code face."""
    return [face for face in font_faces(epub) if face[0] == mapping.get('font', SETTINGS['font'])]


def font_faces(epub):
    """The @font-face rules of the EPUB's stylesheets: (family, style, weight, archive name)."""
    faces = []
    for item in epub.manifest.values():
        if item['media-type'] != 'text/css':
            continue
        css = epub.zip.read(item['name']).decode('utf-8')
        for rule in re.findall(r'@font-face\s*{([^}]*)}', css):
            family = re.search(r'font-family:\s*"([^"]+)"', rule).group(1)
            style = re.search(r'font-style:\s*(\w+)', rule).group(1)
            weight = int(re.search(r'font-weight:\s*(\d+)', rule).group(1))
            url = re.search(r'url\(\s*"?([^")]+)"?\s*\)', rule).group(1)
            faces.append((family, style, weight, epub.resolve(item['name'], url)[0]))
    return faces


# --- documents and semantics -----------------------------------------------------------------

@pytest.mark.parametrize('name', BOTH)
def test_epub_has_one_xhtml_file_per_chapter_in_reading_order(built):
    book, results, epub, mapping = built
    chapters = intermediate(results).xpath('//section[contains(@class, "chapter")]')
    names = epub.chapter_names()
    # every chapter file of both books holds exactly one `#` heading
    assert len(names) == len(chapters) == len(mapping['chapters'])
    for name, chapter in zip(names, chapters):
        sections = body_sections(epub, name)
        assert [s.get('id') for s in sections] == [chapter.get('id')], name
        assert len(sections[0].xpath('./x:h1', namespaces=NS)) == 1
        root = epub.xml(name)
        assert root.get('lang') == root.get(XML_LANG) == mapping['lang']


@pytest.mark.parametrize('name', BOTH)
def test_epub_spine_is_cover_title_page_contents_chapters_then_imprint(built):
    book, results, epub, mapping = built
    spine = epub.spine_names()
    assert spine[0] == cover_page(epub)
    assert [s.get(EPUB_TYPE) for s in body_sections(epub, spine[1])] == ['titlepage']
    assert spine[2] == epub.item('nav')['name']
    assert spine[3:-1] == epub.chapter_names()
    assert [s.get(EPUB_TYPE) for s in body_sections(epub, spine[-1])] == ['colophon']
    assert [linear for _, linear in epub.spine[1:]] == ['yes'] * (len(spine) - 1)


@pytest.mark.parametrize('name', BOTH)
def test_epub_title_page_and_imprint_are_made_from_metadata(built):
    book, results, epub, mapping = built
    spine = epub.spine_names()
    (titlepage,) = body_sections(epub, spine[1])
    assert titlepage.get(EPUB_TYPE) == 'titlepage'
    lines = [text_of(p) for p in titlepage.xpath('.//x:p', namespaces=NS)]
    authors = [mapping['author']] if isinstance(mapping['author'], str) else mapping['author']
    assert plain(mapping['title']) in lines
    assert plain(mapping['subtitle']) in lines
    assert all(author in ' '.join(lines) for author in authors)
    assert plain(mapping['publisher']) in lines

    (imprint,) = body_sections(epub, spine[-1])
    assert imprint.get(EPUB_TYPE) == 'colophon' and imprint.get('role') == 'doc-colophon'
    text = text_of(imprint)
    day = date.fromisoformat(str(mapping['date']))
    assert plain(mapping['rights']) in text
    assert f'Published by {plain(mapping["publisher"])}, {day.day} {day:%B %Y}' in text
    assert f'Set in {mapping.get("font", SETTINGS["font"])}' in text
    isbn = not str(mapping['identifier']).startswith('urn:uuid:')
    assert (f'ISBN {str(mapping["identifier"]).removeprefix("urn:isbn:")}' in text) == isbn


@pytest.mark.parametrize('name', BOTH)
def test_epub_types_stand_beside_matching_aria_roles(built):
    book, results, epub, mapping = built
    html = intermediate(results)
    for name, chapter in zip(epub.chapter_names(), html.xpath('//section[contains(@class, "chapter")]')):
        (section,) = body_sections(epub, name)
        if 'frontmatter' in chapter.classes:
            assert section.get(EPUB_TYPE) == 'frontmatter' and section.get('role') is None
        else:
            assert section.get(EPUB_TYPE) == 'chapter' and section.get('role') == 'doc-chapter'
    found = Counter()
    for name in epub.spine_names():
        # landmark links name a destination; they are not the structure itself
        for element in epub.xml(name).xpath('//*[@epub:type][not(ancestor::x:nav[@epub:type="landmarks"])]',
                                            namespaces=NS):
            for kind in element.get(EPUB_TYPE).split():
                if kind in ROLE_OF_TYPE:
                    found[kind] += 1
                    assert element.get('role') == ROLE_OF_TYPE[kind], (name, kind)
    assert found == Counter({
        'chapter': len(html.xpath('//section[@role="doc-chapter"][not(contains(@class, "frontmatter"))]')),
        'footnote': len(html.xpath('//aside[@role="doc-footnote"]')),
        'noteref': len(html.xpath('//a[@role="doc-noteref"]')),
        'toc': 1, 'colophon': 1})


@pytest.mark.parametrize('name', BOTH)
def test_epub_text_keeps_every_character_of_the_intermediate(built):
    """Chapter text and contents labels must come through in UTF-8, not re-read as Latin-1."""
    book, results, epub, mapping = built
    html = intermediate(results)
    chapters = html.xpath('//section[contains(@class, "chapter")]')
    for name, chapter in zip(epub.chapter_names(), chapters):
        (section,) = body_sections(epub, name)
        assert text_of(section) == plain(chapter.text_content()), name
    expected = [(plain(heading_text(c.find('h1'))),
                 [plain(heading_text(s.find('h2'))) for s in c.findall('section') if s.find('h2') is not None])
                for c in chapters]
    nav_name, nav = toc_nav(epub)
    tree = nav_tree(nav.xpath('./x:ol', namespaces=NS)[0], nav_name, epub)
    assert [(label, [child for _, child, _ in children]) for _, label, children in tree] == expected


# --- navigation ------------------------------------------------------------------------------

@pytest.mark.parametrize('name, heading_depth', [('lecture', 2), ('small_book', 3)])
def test_epub_nav_is_nested_to_the_heading_depth_of_the_book(built, heading_depth):
    """Every chapter file and every headed section in it, nested as the headings are (the small
    book's second chapter goes down to `###`)."""
    book, results, epub, mapping = built
    nav_name, nav = toc_nav(epub)
    tree = nav_tree(nav.xpath('./x:ol', namespaces=NS)[0], nav_name, epub)
    expected = headings_tree(epub)
    assert shape(tree) == expected
    assert depth(tree) == depth(expected) == heading_depth


def flat(tree):
    """A contents tree in reading order, without its nesting."""
    return [entry for target, label, children in tree for entry in [(target, label), *flat(children)]]


@pytest.mark.parametrize('name', BOTH)
def test_epub_ncx_has_the_same_targets_and_labels_as_the_nav(built):
    """The NCX may be shallower than the nav (Kindle), but it reaches the same places in the same order."""
    book, results, epub, mapping = built
    assert epub.opf.xpath('/opf:package/opf:spine/@toc', namespaces=NS) == ['ncx']
    ncx_name = epub.manifest['ncx']['name']
    assert epub.manifest['ncx']['media-type'] == 'application/x-dtbncx+xml'
    ncx = epub.xml(ncx_name)
    nav_name, nav = toc_nav(epub)
    nav_entries = nav_tree(nav.xpath('./x:ol', namespaces=NS)[0], nav_name, epub)
    ncx_entries = ncx_tree(ncx.xpath('//ncx:navMap', namespaces=NS)[0], ncx_name, epub)
    assert flat(ncx_entries) == flat(nav_entries)
    assert [target for target, _, _ in ncx_entries] == [target for target, _, _ in nav_entries]
    uid = ncx.xpath('//ncx:head/ncx:meta[@name="dtb:uid"]/@content', namespaces=NS)
    assert uid == [as_urn(mapping['identifier'])]
    point_ids = ncx.xpath('//ncx:navPoint/@id', namespaces=NS)
    assert len(point_ids) == len(set(point_ids))


@pytest.mark.parametrize('name', BOTH)
def test_epub_ncx_declares_the_depth_of_its_nav_map(built):
    book, results, epub, mapping = built
    ncx_name = epub.manifest['ncx']['name']
    ncx = epub.xml(ncx_name)
    tree = ncx_tree(ncx.xpath('//ncx:navMap', namespaces=NS)[0], ncx_name, epub)
    assert ncx.xpath('//ncx:head/ncx:meta[@name="dtb:depth"]/@content', namespaces=NS) == [str(depth(tree))]


@pytest.mark.parametrize('name', BOTH)
def test_epub_landmarks_hold_cover_contents_and_start_of_text(built):
    book, results, epub, mapping = built
    nav_name = epub.item('nav')['name']
    (landmarks,) = epub.xml(nav_name).xpath('//x:nav[@epub:type="landmarks"]', namespaces=NS)
    targets = {}
    for link in landmarks.xpath('.//x:a', namespaces=NS):
        targets[link.get(EPUB_TYPE)] = epub.resolve(nav_name, link.get('href'))
    assert {'cover', 'toc', 'bodymatter'} <= set(targets)
    assert targets['cover'][0] == cover_page(epub)
    toc_target, fragment = targets['toc']
    assert toc_target == nav_name
    assert not fragment or epub.xml(nav_name).xpath(f'//x:nav[@id="{fragment}"]/@epub:type', namespaces=NS) == ['toc']
    assert targets['bodymatter'][0] in epub.chapter_names()


@pytest.mark.parametrize('name', BOTH)
def test_epub_bodymatter_landmark_skips_front_matter(built):
    book, results, epub, mapping = built
    nav_name = epub.item('nav')['name']
    link = epub.xml(nav_name).xpath('//x:nav[@epub:type="landmarks"]//x:a[@epub:type="bodymatter"]',
                                    namespaces=NS)[0]
    target, _ = epub.resolve(nav_name, link.get('href'))
    first_body = next(name for name in epub.chapter_names()
                      if body_sections(epub, name)[0].get(EPUB_TYPE) not in ('frontmatter', 'backmatter'))
    assert target == first_body


@pytest.mark.parametrize('name', BOTH)
def test_epub_every_nav_and_ncx_link_resolves_to_a_file_and_id(built):
    book, results, epub, mapping = built
    in_manifest = {item['name'] for item in epub.manifest.values()}
    nav_name = epub.item('nav')['name']
    ncx_name = epub.manifest['ncx']['name']
    links = [(nav_name, href) for href in epub.xml(nav_name).xpath('//x:nav//x:a/@href', namespaces=NS)]
    links += [(ncx_name, src) for src in epub.xml(ncx_name).xpath('//ncx:content/@src', namespaces=NS)]
    assert len(links) > 6
    for document, href in links:
        target, fragment = epub.resolve(document, href)
        assert target in in_manifest and target in epub.zip.namelist(), href
        if fragment:
            assert fragment in epub.ids(target), href


# --- notes -----------------------------------------------------------------------------------

@pytest.mark.parametrize('name', BOTH)
def test_epub_notes_are_footnote_asides_reached_by_noteref_links_in_the_same_file(built):
    book, results, epub, mapping = built
    calls = 0
    for name in epub.chapter_names():
        root = epub.xml(name)
        for call in root.xpath('//x:a[@epub:type="noteref"]', namespaces=NS):
            calls += 1
            assert call.get('role') == 'doc-noteref'
            target, fragment = epub.resolve(name, call.get('href'))
            assert target == name and fragment, call.get('href')
            (note,) = root.xpath(f'//*[@id="{fragment}"]', namespaces=NS)
            assert etree.QName(note).localname == 'aside'
            assert note.get(EPUB_TYPE) == 'footnote' and note.get('role') == 'doc-footnote'
    assert calls > 0


@pytest.mark.parametrize('name', BOTH)
def test_epub_note_leads_back_by_its_number_at_the_start_not_a_backlink_at_the_end(built):
    """The way back is the note's number, the first thing in the note (pandoc #4491: end backlinks
    make notes run together on Kindle)."""
    book, results, epub, mapping = built
    notes = 0
    for name in epub.chapter_names():
        root = epub.xml(name)
        for note in root.xpath('//x:aside[@epub:type="footnote"]', namespaces=NS):
            notes += 1
            (call,) = root.xpath(f'//x:a[@epub:type="noteref"][@href="#{note.get("id")}"]', namespaces=NS)
            first = note[0]
            assert etree.QName(first).localname == 'p' and not (first.text or '').strip()
            label = first[0]
            assert etree.QName(label).localname == 'a'
            assert label.get('href') == f'#{call.get("id")}'
            assert label.get('role') == 'doc-backlink' and 'note-label' in label.get('class').split()
            assert text_of(label) == text_of(call)
            back = note.xpath('.//x:a[starts-with(@href, "#noteref-")] | .//x:a[@role="doc-backlink"]',
                              namespaces=NS)
            assert back == [label]
            assert not text_of(note).endswith(text_of(label))
            assert '\u21a9' not in text_of(note)
    assert notes > 0


@pytest.mark.parametrize('name', BOTH)
def test_epub_note_ids_are_unique_across_the_whole_book(built):
    book, results, epub, mapping = built
    note_ids, all_ids = [], []
    for name in epub.spine_names():
        root = epub.xml(name)
        all_ids += root.xpath('//@id')
        note_ids += root.xpath('//x:aside[@epub:type="footnote"]/@id | //x:a[@epub:type="noteref"]/@id',
                               namespaces=NS)
    assert note_ids and len(note_ids) == len(set(note_ids))
    assert len(all_ids) == len(set(all_ids))


@pytest.mark.parametrize('name, notes, citations', [('lecture', CITATIONS_IN_LECTURE, CITATIONS_IN_LECTURE),
                                                    ('small_book', 6, 4)])
def test_epub_has_as_many_notes_as_calls_and_every_citation_is_a_note(built, notes, citations):
    book, results, epub, mapping = built
    found_notes, found_calls, found_citations = 0, 0, 0
    for name in epub.chapter_names():
        root = epub.xml(name)
        found_notes += len(root.xpath('//x:aside[@epub:type="footnote"]', namespaces=NS))
        found_calls += len(root.xpath('//x:a[@epub:type="noteref"]', namespaces=NS))
        found_citations += len(root.xpath('//x:aside[@epub:type="footnote"][contains(concat(" ", @class, " "), '
                                          '" citation ")]', namespaces=NS))
    assert found_notes == found_calls == notes
    assert found_citations == citations
    assert len(intermediate(results).xpath('//aside[contains(@class, "citation")]')) == citations


# --- cover -----------------------------------------------------------------------------------

@pytest.mark.parametrize('name', BOTH)
def test_epub_cover_image_is_large_declared_and_shown_on_a_cover_page(built):
    book, results, epub, mapping = built
    image_item = epub.item('cover-image')
    assert image_item['media-type'] in ('image/png', 'image/jpeg')
    image = Image.open(io.BytesIO(epub.zip.read(image_item['name'])))
    assert image.format in ('PNG', 'JPEG') and image.mode in ('RGB', 'L')
    assert max(image.size) >= 1600
    cover_page = epub.spine_names()[0]
    images = epub.xml(cover_page).xpath('//x:img | //*[local-name()="image"]', namespaces=NS)
    assert len(images) == 1
    src = images[0].get('src') or images[0].get('{http://www.w3.org/1999/xlink}href')
    assert epub.resolve(cover_page, src)[0] == image_item['name']
    # in an SVG sized by the image's own viewBox, named for readers who cannot see it
    (svg,) = epub.xml(cover_page).xpath('//*[local-name()="svg"]')
    assert svg.get('viewBox') == f'0 0 {image.size[0]} {image.size[1]}'
    assert svg.get('aria-label', '').startswith('Cover: ') and svg.get('role') == 'img'
    assert 'svg' in epub.manifest['cover']['properties']
    assert epub.opf.xpath('//opf:metadata/opf:meta[@name="cover"]/@content', namespaces=NS) == [
        next(i for i, item in epub.manifest.items() if item is image_item)]


@pytest.mark.parametrize('name', BOTH)
def test_epub_cover_of_a_book_without_cover_image_is_the_generated_typographic_cover(built):
    book, results, epub, mapping = built
    assert 'cover' not in mapping
    data = epub.zip.read(epub.item('cover-image')['name'])
    assert data == cover.front_png(book)
    image = Image.open(io.BytesIO(data)).convert('RGB')
    width, height = book.trim
    assert image.size[1] == cover.EREADER_LONG_SIDE
    assert image.size[0] == pytest.approx(cover.EREADER_LONG_SIDE * width / height, abs=1)
    wanted = tuple(int(mapping.get('cover_color', SETTINGS['cover_color'])[i:i + 2], 16) for i in (1, 3, 5))
    corner = image.getpixel((4, 4))
    assert all(abs(a - b) <= 32 for a, b in zip(corner, wanted)), (corner, wanted)


# --- fonts -----------------------------------------------------------------------------------

@pytest.mark.parametrize('name', BOTH)
def test_epub_embeds_regular_italic_bold_and_bold_italic_through_font_face(built):
    book, results, epub, mapping = built
    every = font_faces(epub)
    faces = text_faces(epub, mapping)
    embedded = {name: font for name, font in fonts_in(epub).items() if name in {f[-1] for f in faces}}
    assert len(embedded) == 4
    assert sorted((style, weight) for _, style, weight, _ in faces) == [
        ('italic', 400), ('italic', 700), ('normal', 400), ('normal', 700)]
    assert {file for *_, file in every} == set(fonts_in(epub))      # the code face's too, if any
    families = {family for family, *_ in faces}
    css = ''.join(epub.zip.read(i['name']).decode() for i in epub.manifest.values() if i['media-type'] == 'text/css')
    rules = re.sub(r'@font-face\s*{[^}]*}', '', css)
    assert re.search(rf'font-family:\s*"{re.escape(families.pop())}"', rules)   # the text is set in it
    for _, style, weight, file in faces:
        font = embedded[file]
        assert font['OS/2'].usWeightClass == weight, file
        italic = style == 'italic'
        assert bool(font['OS/2'].fsSelection & 1) == italic, file
        assert bool(font['head'].macStyle & 2) == italic, file
        assert font['name'].getDebugName(1) == mapping.get('font', SETTINGS['font'])
    with_faces = {
        item['name'] for item in epub.manifest.values()
        if item['media-type'] == 'text/css' and b'@font-face' in epub.zip.read(item['name'])}
    for name in epub.spine_names():
        if name != cover_page(epub):
            links = epub.xml(name).xpath('//x:head/x:link[@rel="stylesheet"]/@href', namespaces=NS)
            assert {epub.resolve(name, href)[0] for href in links} & with_faces, name


@pytest.mark.parametrize('name', BOTH)
def test_epub_bold_faces_carry_bold_style_bits_and_names(built):
    book, results, epub, mapping = built
    embedded = fonts_in(epub)
    subfamilies = {(400, False): 'Regular', (400, True): 'Italic', (700, False): 'Bold', (700, True): 'Bold Italic'}
    full_names = set()
    for _, style, weight, file in font_faces(epub):
        font = embedded[file]
        italic = style == 'italic'
        bold = weight >= 700
        selection, mac = font['OS/2'].fsSelection, font['head'].macStyle
        assert bool(selection & 1 << 5) == bold, file
        assert bool(mac & 1) == bold, file
        assert bool(selection & 1 << 6) == (not bold and not italic), file
        assert font['name'].getDebugName(2) == subfamilies[(weight, italic)], file
        full_names.add(font['name'].getDebugName(4))
    assert len(full_names) == 4 * len({family for family, *_ in font_faces(epub)})   # text face, code face if any


@pytest.mark.parametrize('name', BOTH)
def test_epub_fonts_are_static_subsets_covering_the_text(built):
    book, results, epub, mapping = built
    import fontpkg
    family = fontpkg.family(mapping.get('font', SETTINGS['font']))
    sources = {style: TTFont(next(f.path for f in family.files if f.style == style)) for style in ('normal', 'italic')}
    text = set(intermediate(results).text_content() + smart_quotes(book.title + (book.subtitle or ''))) - set(' \n\t')
    embedded = fonts_in(epub)
    for _, style, _weight, file in text_faces(epub, mapping):
        font, source = embedded[file], sources[style]
        for table in VARIABLE_TABLES:
            assert table not in font, (file, table)
        assert font['maxp'].numGlyphs < source['maxp'].numGlyphs / 2, file
        source_map, subset_map = source.getBestCmap(), font.getBestCmap()
        missing = sorted(c for c in text if ord(c) in source_map and ord(c) not in subset_map)
        assert not missing, (file, missing)
        assert len(subset_map) < len(source_map) / 2


@pytest.mark.parametrize('name', BOTH)
def test_epub_carries_the_font_licence(built):
    book, results, epub, mapping = built
    licences = [item for item in epub.manifest.values() if item['name'].upper().endswith('LICENSE.TXT')]
    assert len(licences) == len({family for family, *_ in font_faces(epub)})     # one per family embedded
    faces = fonts.static_faces(book.font)
    ours = next(item for item in licences if posixpath.basename(item['name']) == f'{faces.slug}-LICENSE.txt')
    text = epub.zip.read(ours['name'])
    assert ours['media-type'] == 'text/plain'
    assert b'SIL Open Font License' in text or b'SIL OPEN FONT LICENSE' in text
    assert text == faces.license.read_bytes()
    assert posixpath.dirname(ours['name']) == posixpath.dirname(next(iter(fonts_in(epub))))


# --- metadata --------------------------------------------------------------------------------

@pytest.mark.parametrize('name', BOTH)
def test_epub_package_metadata_matches_metadata_yaml(built):
    book, results, epub, mapping = built
    unique = epub.opf.get('unique-identifier')
    (identifier,) = epub.opf.xpath(f'//opf:metadata/dc:identifier[@id="{unique}"]', namespaces=NS)
    assert identifier.text == as_urn(mapping['identifier'])
    assert [e.text for e in epub.dc('language')] == [mapping['lang']]
    for key in ('publisher', 'rights', 'description'):
        assert [plain(e.text) for e in epub.dc(key)] == [plain(str(mapping[key]))], key
    assert [e.text for e in epub.dc('date')] == [date.fromisoformat(str(mapping['date'])).isoformat()]
    assert [e.text for e in epub.dc('subject')] == list(mapping['subjects'])
    assert epub.meta('dcterms:modified') == [iso_time(book)]
    assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', iso_time(book))


@pytest.mark.parametrize('name', BOTH)
def test_epub_title_comes_first_and_subtitle_is_refined_as_subtitle(built):
    book, results, epub, mapping = built
    titles = epub.dc('title')
    assert [plain(t.text) for t in titles] == [plain(mapping['title']), plain(mapping['subtitle'])]
    assert titles[1].text == smart_quotes(mapping['subtitle'])
    assert epub.refines(titles[0].get('id'), 'title-type') == ['main']
    assert epub.refines(titles[1].get('id'), 'title-type') == ['subtitle']


@pytest.mark.parametrize('name', BOTH)
def test_epub_creators_are_the_authors_with_marc_relator_roles(built):
    book, results, epub, mapping = built
    authors = [mapping['author']] if isinstance(mapping['author'], str) else mapping['author']
    creators = epub.dc('creator')
    assert [c.text for c in creators] == authors
    ids = [c.get('id') for c in creators]
    assert all(ids) and len(set(ids)) == len(ids)
    for creator_id in ids:
        (role,) = epub.opf.xpath(f'//opf:metadata/opf:meta[@refines="#{creator_id}"][@property="role"]',
                                 namespaces=NS)
        assert role.text == 'aut' and role.get('scheme') == 'marc:relators'


@pytest.mark.parametrize('name', BOTH)
def test_epub_declares_accessibility_metadata(built):
    book, results, epub, mapping = built
    assert epub.meta('schema:accessMode') and 'textual' in epub.meta('schema:accessMode')
    assert 'textual' in epub.meta('schema:accessModeSufficient')
    assert {'structuralNavigation', 'tableOfContents', 'readingOrder'} <= set(epub.meta('schema:accessibilityFeature'))
    assert epub.meta('schema:accessibilityHazard') == ['none']
    (summary,) = epub.meta('schema:accessibilitySummary')
    images = any(epub.xml(name).xpath('//x:img', namespaces=NS) for name in epub.chapter_names())
    generated = 'its images have text descriptions' if images else 'its only image is the cover'
    assert summary == mapping.get('accessibility_summary', summary) and (
        'accessibility_summary' in mapping or generated in summary)
    (conforms,) = epub.meta('dcterms:conformsTo')
    assert re.fullmatch(r'EPUB Accessibility 1\.1 - WCAG 2\.[0-2] Level AA', conforms)


@pytest.mark.parametrize('name', BOTH)
def test_epub_access_modes_follow_the_images_in_the_text(built):
    book, results, epub, mapping = built
    images = [img for name in epub.chapter_names() for img in epub.xml(name).xpath('//x:img', namespaces=NS)]
    modes = set(epub.meta('schema:accessMode'))
    if images:
        assert all(img.get('alt') for img in images)
        assert modes == {'textual', 'visual'}
        assert 'alternativeText' in epub.meta('schema:accessibilityFeature')
        assert 'textual' in epub.meta('schema:accessModeSufficient')
    else:
        assert modes == {'textual'}
        assert 'alternativeText' not in epub.meta('schema:accessibilityFeature')


# --- the zip ---------------------------------------------------------------------------------

def _check_reproducible_zip(data, moment):
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    assert infos[0].filename == 'mimetype'
    assert infos[0].compress_type == zipfile.ZIP_STORED
    assert archive.read('mimetype') == b'application/epub+zip'
    # OCF: the mimetype's local header carries no extra field, so its bytes sit at offset 38
    assert data[:4] == b'PK\x03\x04' and data[30:38] == b'mimetype' and data[38:58] == b'application/epub+zip'
    stamp = tuple(moment[:6]) if moment.tm_year >= 1980 else (1980, 1, 1, 0, 0, 0)
    stamp = stamp[:5] + (stamp[5] // 2 * 2,)            # zip keeps seconds in steps of two
    assert {info.date_time for info in infos} == {stamp}
    names = [info.filename for info in infos]
    assert names[1:] == sorted(names[1:]) and len(names) == len(set(names))
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in infos[1:])
    return archive


@pytest.mark.parametrize('name', BOTH)
def test_epub_zip_has_mimetype_first_stored_and_fixed_dates_and_order(built):
    book, results, epub, mapping = built
    if 'SOURCE_DATE_EPOCH' not in os.environ:
        assert build_time(book)[:3] == date.fromisoformat(str(mapping['date'])).timetuple()[:3]
    _check_reproducible_zip(epub.data, build_time(book))


def test_epub_zip_dates_follow_source_date_epoch(small_book, monkeypatch):
    book, results = small_book
    html = results['html'][0].read_text(encoding='utf-8')
    monkeypatch.setenv('SOURCE_DATE_EPOCH', '1700000000')
    data = write_epub(book, html)
    archive = _check_reproducible_zip(data, time.gmtime(1700000000))
    opf = etree.fromstring(archive.read('EPUB/content.opf'))
    assert opf.xpath('//opf:meta[@property="dcterms:modified"]/text()', namespaces=NS) == ['2023-11-14T22:13:20Z']
    assert write_epub(book, html) == data
