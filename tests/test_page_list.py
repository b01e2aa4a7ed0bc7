"""Print page numbers in the EPUB, from the print layout: every marker stands where its
print page begins, the navigation lists them, the package declares them."""

import re
import zipfile

import lxml.html
import pytest
from lxml import etree

from pressroom.build import build
from pressroom.checks.proof import _read
from pressroom.outputs import output_path

WORD_RE = re.compile(r'\S+')


def _epub_texts(path):
    """{page number: the first words after its marker} over the EPUB's text files."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        for name in sorted(n for n in archive.namelist() if n.startswith('EPUB/text/')):
            root = lxml.html.fromstring(archive.read(name))
            for dropped in root.xpath('//a[contains(@class, "noteref")] | //aside'):
                dropped.drop_tree()
            for marker in root.xpath('//span[@role="doc-pagebreak"]'):
                marker.text = f' \u2063{marker.get("aria-label")}\u2063 '
            text = root.text_content().replace('\xa0', ' ')
            for number, after in re.findall(r'\u2063(\d+)\u2063([^\u2063]*)', text):
                found[int(number)] = WORD_RE.findall(after)[:2]
    return found


def _pdf_texts(path):
    """{page number: the first words of its main text, or []} as poppler reads the screen PDF."""
    pages, _, _ = _read(path)
    return {page.number: [word for *_, word in page.body[0][0].words][:2] if page.body else [] for page in pages}


def _check_markers(book):
    epub_words, pdf_words = _epub_texts(output_path(book, 'epub')), _pdf_texts(output_path(book, 'pdf'))
    assert sorted(epub_words) == list(range(1, len(pdf_words) + 1))       # every page has a marker
    checked = 0
    for number, words in pdf_words.items():
        # A page whose text the EPUB does not have (the half-title, the printed contents)
        # shares the next page's place: its marker is followed at once by the next one.
        if epub_words[number] and len(words) == 2 and not words[0].isdigit():
            assert epub_words[number] == words, f'page {number}'
            checked += 1
    assert checked >= 0.8 * sum(len(words) == 2 for words in pdf_words.values()) - 2
    return epub_words


@pytest.mark.parametrize('which', ['lecture', 'small_book'])
def test_every_marker_stands_where_its_print_page_begins(which, request):
    book, _ = request.getfixturevalue(which)
    assert len(_check_markers(book)) > 1


def test_the_navigation_lists_the_pages_and_the_package_declares_them(lecture):
    book, _ = lecture
    with zipfile.ZipFile(output_path(book, 'epub')) as archive:
        nav = etree.fromstring(archive.read('EPUB/nav.xhtml'))
        opf = archive.read('EPUB/content.opf').decode()
    ns = {'x': 'http://www.w3.org/1999/xhtml', 'epub': 'http://www.idpf.org/2007/ops'}
    entries = nav.xpath('//x:nav[@epub:type="page-list"]//x:a', namespaces=ns)
    assert [entry.text for entry in entries] == [str(n) for n in range(1, len(entries) + 1)]
    assert all(re.fullmatch(r'text/[a-z0-9-]+\.xhtml#page-\d+', entry.get('href')) for entry in entries)
    assert '>pageBreakMarkers<' in opf and '>printPageNumbers<' in opf
    assert re.search(r'<dc:source id="pagination-source">[^<]+</dc:source>', opf)
    assert 'property="source-of">pagination<' in opf


def test_markers_stay_in_step_after_an_edit(built):
    chapter = next((built / 'chapters').glob('*.md'))
    text = chapter.read_text()
    first_break = text.index('\n\n')
    chapter.write_text(text[:first_break] + '\n\n' + 'An added paragraph of some length. ' * 60 + text[first_break:])
    build(built)
    from pressroom.sources.metadata import load_book
    _check_markers(load_book(built))


def test_pages_without_text_share_the_next_page_s_place_or_end_the_book():
    import lxml.html as html

    from pressroom.document.pagination import mark
    root = html.fromstring('<html><body><section><p>one two three</p><p>four five six</p></section></body></html>')
    assert mark(root, [None, (0, 0), (0, 2), (1, 1), None], lambda block: True) == [1, 2, 3, 4, 5]
    text = html.tostring(root, encoding='unicode')
    assert text.count('doc-pagebreak') == 5
    assert text.index('id="page-1"') < text.index('id="page-2"') < text.index('<p>one two')
    assert 'two <span id="page-3"' in text and 'four <span id="page-4"' in text
    assert text.index('id="page-5"') > text.index('six')


def test_the_page_list_runs_in_reading_order(lecture):
    """A reader showing print pages follows the spine: page 4, the imprint's, used to point
    into the colophon, the last file, so "4" came after "34"."""
    book, _ = lecture
    with zipfile.ZipFile(output_path(book, 'epub')) as archive:
        nav = etree.fromstring(archive.read('EPUB/nav.xhtml'))
        opf = etree.fromstring(archive.read('EPUB/content.opf'))
        ns = {'x': 'http://www.w3.org/1999/xhtml', 'epub': 'http://www.idpf.org/2007/ops',
              'o': 'http://www.idpf.org/2007/opf'}
        files = {item.get('id'): item.get('href') for item in opf.xpath('//o:manifest/o:item', namespaces=ns)}
        spine = [files[ref.get('idref')] for ref in opf.xpath('//o:spine/o:itemref', namespaces=ns)]
        places = []
        for entry in nav.xpath('//x:nav[@epub:type="page-list"]//x:a', namespaces=ns):
            name, _, ident = entry.get('href').partition('#')
            order = [node.get('id') for node in etree.fromstring(archive.read(f'EPUB/{name}')).iter()]
            places.append((spine.index(name), order.index(ident)))
    assert places == sorted(places) and len(places) > 30
