"""Line blocks set as verse in every output: a line each, ragged, never hyphenated, a line
that runs over hanging, indents kept, stanzas apart."""

import statistics
import zipfile

import lxml.html
import pytest

from pressroom.build import build
from pressroom.checks.proof import _read
from pressroom.checks.validate import epubcheck
from pressroom.outputs import output_path
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES, copy_book

POEM = '''

## A poem

| The first line of a stanza that runs on long enough to wrap around onto another line of the page
|     an indented line, kept indented
| a third line

| Second stanza, first line
| and its second
'''


@pytest.fixture(scope='module')
def poem(tmp_path_factory):
    folder = copy_book(FIXTURES / 'small-book', tmp_path_factory.mktemp('verse') / 'book')
    with open(folder / 'chapters' / 'two.md', 'a') as chapter:
        chapter.write(POEM)
    build(folder)
    return load_book(folder)


def test_each_line_of_verse_is_an_element_and_indents_are_kept(poem):
    root = lxml.html.parse(str(output_path(poem, 'html'))).getroot()
    stanzas = root.xpath('//div[@class="line-block"]')
    assert [len(stanza.xpath('span[@class="line"]')) for stanza in stanzas] == [3, 2]
    assert stanzas[0][1].text.startswith('\xa0\xa0\xa0\xa0an indented line')
    with zipfile.ZipFile(output_path(poem, 'epub')) as archive:
        chapter = archive.read('EPUB/text/chapter-02.xhtml').decode()
    assert chapter.count('<span class="line">') == 5
    assert [m for m in epubcheck(output_path(poem, 'epub')) if m[0] in ('FATAL', 'ERROR')] == []


def test_verse_in_the_pdf_is_ragged_and_a_line_that_runs_over_hangs(poem):
    pages, size, _ = _read(output_path(poem, 'pdf'))
    lines = [line for page in pages for block in page.body for line in block]
    texts = [' '.join(word for *_, word in line.words) for line in lines]
    first = texts.index(next(t for t in texts if t.startswith('The first line of a stanza')))
    start, runover, indented, third = lines[first:first + 4]
    assert texts[first + 1].startswith('onto') or 'page' in texts[first + 1]
    assert runover.left > start.left + size                       # it hangs
    assert indented.left > start.left + size / 2                  # the author's indent (four spaces)
    assert abs(third.left - start.left) < 0.5
    gaps = [b[0] - a[1] for a, b in zip(start.words, start.words[1:])]
    assert statistics.fmean(gaps) / size < 0.3                   # word spaces as set, not justified
    assert not any(text.endswith(('-', '‐')) for text in texts[first:first + 6])
