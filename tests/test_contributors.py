"""Creators with roles: translators, editors and the like, in the OPF, on the title page and
in the imprint."""

import zipfile

import lxml.html
import pytest
from lxml import etree

from pressroom.build import build
from pressroom.errors import BookError
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES, copy_book

CONTRIBUTORS = ('contributors:\n  - {name: "Clara Translator", role: translator}\n'
                '  - {name: "Ed Itor", role: editor}\n')


def with_contributors(tmp_path, text):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    metadata = folder / 'metadata.yaml'
    metadata.write_text(metadata.read_text(encoding='utf-8') + '\n' + text, encoding='utf-8')
    return folder


def test_contributors_reach_the_opf_the_title_page_and_the_imprint(tmp_path):
    folder = with_contributors(tmp_path, CONTRIBUTORS)
    results = build(folder, ('html', 'epub'))
    with zipfile.ZipFile(results['epub'][0]) as epub:
        opf = etree.fromstring(epub.read('EPUB/content.opf'))
    ns = {'dc': 'http://purl.org/dc/elements/1.1/', 'opf': 'http://www.idpf.org/2007/opf'}
    roles = {opf.find(f'.//opf:meta[@refines="#{c.get("id")}"]', ns).text: c.text
             for c in opf.iterfind('.//dc:contributor', ns)}
    assert roles == {'trl': 'Clara Translator', 'edt': 'Ed Itor'}
    root = lxml.html.document_fromstring(results['html'][0].read_text(encoding='utf-8'))
    assert root.xpath('//header[@id="titlepage"]/p[@class="credit"]/text()') == [
        'Translated by Clara Translator', 'Edited by Ed Itor']
    assert 'Translated by Clara Translator.' in root.xpath('string(//section[@id="imprint"])')


@pytest.mark.parametrize('text, problem', [
    ('contributors:\n  - {name: "A", role: ghost}\n', "role: 'ghost' is not one of translator"),
    ('contributors: "A"\n', 'contributors: must be an entry such as {name: "A. Name", role: translator}'),
    ('contributors:\n  - {name: "A"}\n', "contributors: missing required key 'role'"),
])
def test_a_contributor_without_a_known_role_is_refused_with_its_line(tmp_path, text, problem):
    folder = with_contributors(tmp_path, text)
    with pytest.raises(BookError, match=problem) as error:
        load_book(folder)
    assert error.value.line is not None
