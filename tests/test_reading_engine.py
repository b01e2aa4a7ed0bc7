"""The EPUB opened in a real reading engine: foliate-js, the Foliate reader's engine, in
Debian's chromium (tools/reader/open.mjs, installed into the user cache from its lock file)."""

import json
import os
import subprocess
import zipfile

import lxml.html
import pytest
from lxml import etree

from pressroom.checks.tools import npm_tools
from pressroom.outputs import output_path

from .conftest import ROOT


def _open(path):
    modules = npm_tools(ROOT / 'tools' / 'reader', 'reader')
    run = subprocess.run(['node', str(ROOT / 'tools' / 'reader' / 'open.mjs'), str(path)],
                         capture_output=True, text=True, timeout=180,
                         env={**os.environ, 'READER_MODULES': str(modules)})
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


@pytest.mark.parametrize('which', ['lecture', 'small_book'])
def test_foliate_opens_the_epub_as_a_reader_meets_it(which, request):
    book, _ = request.getfixturevalue(which)
    path = output_path(book, 'epub')
    seen = _open(path)
    assert seen['errors'] == []
    with zipfile.ZipFile(path) as archive:
        nav = etree.fromstring(archive.read('EPUB/nav.xhtml'))
        ns = {'x': 'http://www.w3.org/1999/xhtml', 'epub': 'http://www.idpf.org/2007/ops'}
        contents = [''.join(a.itertext()).strip()
                    for a in nav.xpath('//x:nav[@epub:type="toc"]//x:a', namespaces=ns)]
        pages = nav.xpath('//x:nav[@epub:type="page-list"]//x:a', namespaces=ns)
        note_id = seen['note']['href'].split('#')[1]
        chapter = lxml.html.fromstring(archive.read(seen['note']['href'].split('#')[0]))
    assert seen['toc'] == contents and len(contents) > 1
    assert seen['pageList'] == [str(number) for number in range(1, len(pages) + 1)] and pages
    assert seen['cover']['type'].startswith('image/') and seen['cover']['size'] > 1000
    assert seen['coverScreens'] == 1           # the cover is one screen, with no blank one after it
    # The first note call opens its note as a footnote pop-up (the aside itself, hidden in the text).
    assert seen['note']['type'] == 'footnote' and seen['note']['hidden'] is True
    aside = chapter.get_element_by_id(note_id)
    assert ' '.join(seen['note']['text'].split()) == ' '.join(aside.text_content().split())
    assert seen['note']['text'].startswith(seen['note']['call'])
