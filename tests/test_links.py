"""Links as real manuscripts have them: web and mail links stay links, links into the book
reach their chapter, and anything else is set as plain text with a warning."""

import lxml.html
import pikepdf

from pressroom.build import build
from pressroom.checks.lint import lint
from pressroom.checks.validate import epubcheck

from .conftest import FIXTURES, copy_book

LINKS = ('\n\nLinks as pandoc\'s test suite has them: [URL](/url), [a file](other.md), <a href="script">raw</a>,\n'
         '[an anchor in chapter one](#the-first-chapter), [missing](#nowhere), [web](https://example.org/), '
         '[mail](mailto:a@b.org).\n')


def test_links_that_cannot_resolve_become_text_and_nothing_dangles(tmp_path, capsys):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    chapter = folder / 'chapters' / 'two.md'
    chapter.write_text(chapter.read_text(encoding='utf-8') + LINKS, encoding='utf-8')
    results = build(folder)
    warned = capsys.readouterr().err
    for href in ('/url', 'other.md', 'script', '#nowhere'):
        assert f"link to '{href}', which is not in the book, is set as plain text" in warned
    root = lxml.html.document_fromstring(results['html'][0].read_text(encoding='utf-8'))
    ids = set(root.xpath('//@id'))
    for href in root.xpath('//body//a/@href'):
        assert href.startswith(('https://', 'mailto:')) or href[1:] in ids, href
    assert 'URL' in root.text_content() and 'a file' in root.text_content()
    assert epubcheck(results['epub'][0]) == []
    with pikepdf.open(results['pdf'][0]) as screen:
        uris = [str(annotation.A.URI) for page in screen.pages for annotation in page.obj.get('/Annots', ())
                if '/A' in annotation and '/URI' in annotation.A]
    assert 'https://example.org/' in uris and 'mailto:a@b.org' in uris
    with pikepdf.open(results['print'][0]) as printed:
        assert not any('/Annots' in page.obj for page in printed.pages)
    lines = lint(folder)
    assert any("link to '/url', which is not in the book" in line for line in lines)
    assert any('link to #nowhere, which no heading or id has, is set as plain text' in line for line in lines)
    assert not any(': error: ' in line for line in lines)
