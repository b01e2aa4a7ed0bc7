"""The Kobo edition (koboSpan spans, notes as Kobo pops them up) and the EPUB as calibre
converts it for Kindle (contents and note links survive)."""

import re
import subprocess
import zipfile

import lxml.html
from lxml import etree

from pressroom.checks.validate import epubcheck
from pressroom.outputs import output_path

XHTML = {'x': 'http://www.w3.org/1999/xhtml'}
KOBO_ID_RE = re.compile(r'kobo\.(\d+)\.(\d+)')


def _texts(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.startswith('EPUB/text/')}


def test_the_kobo_edition_wraps_every_sentence_and_changes_nothing_else(lecture):
    book, results = lecture
    assert results['kepub'][0].name.endswith('.kepub.epub')
    plain, kobo = _texts(output_path(book, 'epub')), _texts(output_path(book, 'kepub'))
    assert plain.keys() == kobo.keys()
    spans = 0
    for name, data in kobo.items():
        root = etree.fromstring(data)
        original = etree.fromstring(plain[name])
        body = ('x:body', XHTML)         # the same text (the head gains kepubify's style hack)
        assert ''.join(root.find(*body).itertext()) == ''.join(original.find(*body).itertext()), name
        ids = [span.get('id') for span in root.xpath('//x:span[@class="koboSpan"]', namespaces=XHTML)]
        assert len(ids) == len(set(ids)) and all(KOBO_ID_RE.fullmatch(found) for found in ids)
        spans += len(ids)
        assert root.xpath('//x:body/x:div[@id="book-columns"]/x:div[@id="book-inner"]', namespaces=XHTML)
        # every piece of text sits in a koboSpan, as Kobo's reader needs to find it
        for text in root.xpath('//x:div[@id="book-inner"]//text()[normalize-space()]', namespaces=XHTML):
            assert text.getparent().get('class') == 'koboSpan' or any(
                ancestor.get('class') == 'koboSpan' for ancestor in text.getparent().iterancestors()), name
    assert spans > 400
    assert [m for m in epubcheck(output_path(book, 'kepub')) if m[0] in ('FATAL', 'ERROR')] == []


def test_the_kobo_edition_s_notes_are_as_kobo_pops_them_up(lecture):
    """kobolabs/epub-spec: an `aside epub:type="footnote"` later in the same file than its
    call, under 5,000 characters."""
    book, _ = lecture
    checked = 0
    for name, data in _texts(output_path(book, 'kepub')).items():
        root = etree.fromstring(data)
        order = {element: index for index, element in enumerate(root.iter())}
        for call in root.xpath('//x:a[@epub:type="noteref"]', namespaces={**XHTML, 'epub': 'http://www.idpf.org/2007/ops'}):
            target = call.get('href')
            assert target.startswith('#'), f'{name}: {target} is in another file'
            note = root.xpath(f'//*[@id="{target[1:]}"]')[0]
            assert note.tag.endswith('aside') and note.get('{http://www.idpf.org/2007/ops}type') == 'footnote'
            assert order[note] > order[call] and len(''.join(note.itertext())) < 5000
            checked += 1
    assert checked > 20


def test_calibre_converts_the_epub_for_kindle_with_its_contents_and_note_links(lecture, tmp_path):
    book, _ = lecture
    azw3, back = tmp_path / 'book.azw3', tmp_path / 'back.epub'
    run = subprocess.run(['ebook-convert', str(output_path(book, 'epub')), str(azw3)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and azw3.stat().st_size > 10_000, run.stderr[-2000:]
    assert 'ERROR' not in run.stdout + run.stderr
    # Read it back as calibre's Kindle reader sees it.
    subprocess.run(['ebook-convert', str(azw3), str(back)], capture_output=True, check=True, timeout=300)
    with zipfile.ZipFile(back) as archive:
        names = archive.namelist()
        ncx = etree.fromstring(archive.read(next(n for n in names if n.endswith('.ncx'))))
        pages = {n.split('/')[-1]: lxml.html.fromstring(archive.read(n)) for n in names if n.endswith('.html')}
    with zipfile.ZipFile(output_path(book, 'epub')) as archive:
        ours = etree.fromstring(archive.read('EPUB/toc.ncx'))
    ncx_ns = {'n': 'http://www.daisy.org/z3986/2005/ncx/'}
    assert len(ncx.xpath('//n:navPoint', namespaces=ncx_ns)) == len(ours.xpath('//n:navPoint', namespaces=ncx_ns))
    ids = {name: set(page.xpath('//@id')) for name, page in pages.items()}
    calls = backs = 0
    for name, page in pages.items():
        for link in page.xpath('//a[@role="doc-noteref"] | //a[@role="doc-backlink"]'):
            target, _, anchor = link.get('href').partition('#')
            assert anchor in ids[target or name], f'{name}: {link.get("href")} leads nowhere'
            calls += link.get('role') == 'doc-noteref'
            backs += link.get('role') == 'doc-backlink'
    assert calls == backs > 20          # each note has its way back, and none runs into the next
