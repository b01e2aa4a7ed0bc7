"""Hostile input, round three: constructs that looked valid and made an invalid EPUB, or a
bug, now make a valid one, or one clear line."""

import re
import zipfile

import pytest
from lxml import etree

from pressroom.build import build
from pressroom.checks.validate import epubcheck
from pressroom.errors import BookError
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES, copy_book

XHTML = '{http://www.w3.org/1999/xhtml}'
MATHML = '{http://www.w3.org/1998/Math/MathML}'
SVG = '{http://www.w3.org/2000/svg}'
HOSTILE = '''# The Second Chapter {#page-5}

Words with ids pressroom gives: <span id="page-3">a</span> <span id="book-columns">b</span>
<span id="note-1">c</span> <span id="noteref-1-2">d</span> <span id="kobo.1.1">e</span>, a note,[^a] and a
call to a note that is not there<a class="footnote-ref" href="#fn9">9</a>; a role that is pressroom's:
<span role="doc-pagebreak">f</span>, and one that is no role: <span role="nonsense">g</span>.

<table><tr><th id="h">h</th><td colspan="x" rowspan="-2" headers="nowhere">a</td><td colspan="100000">b</td></tr></table>

<ol start="x" type="z"><li value="y">item</li></ol>

<svg viewBox="a b c"><defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>
<rect width="5" height="5" fill="url(#g)"/><rect width="x" fill="url(#missing)"/></svg>

<math><mi>x</mi><mo>+</mo><mn>1</mn></math> and a paragraph of inline math, long enough to run over
pages: ''' + ' '.join(f'word $x_{{{n}}} + \\frac{{a}}{{b}}$ and more words' for n in range(260)) + '''.

[^a]: A note that says </aside> and <aside>holds one</aside> too.
'''


@pytest.fixture(scope='module')
def hostile(tmp_path_factory):
    folder = copy_book(FIXTURES / 'small-book', tmp_path_factory.mktemp('hostile') / 'book')
    (folder / 'chapters' / 'two.md').write_text(HOSTILE, encoding='utf-8')
    one = folder / 'chapters' / 'one.md'      # the same SVG id in the other chapter, so one is renamed
    one.write_text(one.read_text() + '\n\n<svg viewBox="0 0 4 4"><defs><linearGradient id="g"><stop offset="1"/>'
                   '</linearGradient></defs><rect width="4" height="4" fill="url(#g)"/></svg>\n', encoding='utf-8')
    import contextlib
    import io
    said = io.StringIO()
    with contextlib.redirect_stderr(said):
        results = build(folder, ('html', 'epub'))
    return results['epub'][0], said.getvalue()


def test_the_epub_of_hostile_constructs_passes_epubcheck(hostile):
    path, _ = hostile
    assert [message for message in epubcheck(path) if message[0] in ('FATAL', 'ERROR')] == []


def _documents(path):
    with zipfile.ZipFile(path) as archive:
        package = etree.fromstring(archive.read('EPUB/content.opf'))
        items = {item.get('href'): item for item in package.iterfind('.//{*}manifest/{*}item')}
        return {name: (etree.fromstring(archive.read('EPUB/' + name)), items[name].get('properties', '').split())
                for name in items if name.endswith('.xhtml')}


def test_no_id_twice_no_marker_in_mathml_and_properties_as_the_files_hold(hostile):
    path, said = hostile
    for name, (document, properties) in _documents(path).items():
        ids = document.xpath('//@id')
        assert len(ids) == len(set(ids)), name
        assert document.xpath('//m:math//x:span', namespaces={'m': MATHML[1:-1], 'x': XHTML[1:-1]}) == []
        assert ('mathml' in properties) == (next(document.iter(f'{MATHML}math'), None) is not None), name
        assert ('svg' in properties) == (next(document.iter(f'{SVG}svg'), None) is not None), name
        assert next(document.iter('svg', 'math'), None) is None          # never outside their namespaces
    chapter, _ = _documents(path)['text/chapter-02.xhtml']
    assert chapter.xpath('//*[@id="id-page-5"]') and chapter.xpath('//*[@id="id-book-columns"]')
    for old in ('page-5', 'page-3', 'book-columns', 'note-1', 'noteref-1-2', 'kobo.1.1'):
        assert f"id '{old}' is one pressroom gives" in said
    # The second chapter's gradient was renamed, and its rectangle follows it.
    gradient = chapter.xpath('//s:linearGradient/@id', namespaces={'s': SVG[1:-1]})[0]
    assert gradient != 'g' and chapter.xpath(f'//s:rect[@fill="url(#{gradient})"]', namespaces={'s': SVG[1:-1]})


def test_each_removal_is_named(hostile):
    _, said = hostile
    for expected in ('colspan="x"', 'rowspan="-2"', 'colspan="100000"', 'start="x"', 'type="z"', 'value="y"',
                     'viewbox="a b c"', 'width="x"', 'fill="url(#missing)"', 'headers="nowhere"',
                     'role="doc-pagebreak"', 'role="nonsense"', "a note call to 'fn9', which is no note"):
        assert expected in said, expected


def _refused(folder, targets=('html',)):
    with pytest.raises(BookError) as raised:
        build(folder, targets)
    assert '\n' not in str(raised.value)
    return str(raised.value)


def test_an_svg_image_with_a_link_a_chapter_may_not_have_is_refused(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    (folder / 'images' / 'x.svg').write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><a href="data:text/html;base64,PHNjcmlwdD4=">'
        '<rect width="2" height="2"/></a></svg>')
    two = folder / 'chapters' / 'two.md'
    two.write_text(two.read_text() + '\n![A square.](../images/x.svg)\n')
    assert "links to 'data:text/html" in _refused(folder)


def test_deep_formulas_a_long_chapter_name_and_a_long_title_are_one_line_or_built(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    metadata = folder / 'metadata.yaml'
    text = metadata.read_text()
    metadata.write_text(text + '\nlimits: {nesting: 5000, word_length: 100000}\n')
    two = folder / 'chapters' / 'two.md'
    two.write_text('# Two\n\n$' + '\\frac{1}{' * 300 + 'x' + '}' * 300 + '$\n')
    assert 'nested 254 deep' in _refused(folder) and 'at most 200' in _refused(folder)
    metadata.write_text(text.replace('chapters/two.md', 'chapters/' + 'x' * 300 + '.md'))
    assert 'has a name longer than file systems allow' in _refused(folder)
    title = ('The Life and Strange Surprizing Adventures of Robinson Crusoe, of York, Mariner: Who lived Eight and '
             'Twenty Years, all alone in an un-inhabited Island on the Coast of America, near the Mouth of the Great '
             'River of Oroonoque; Having been cast on Shore by Shipwreck, wherein all the Men perished but himself. '
             'With An Account how he was at last as strangely deliver\'d by Pyrates. Written by Himself.')
    metadata.write_text(re.sub(r'^title: .*$', f'title: "{title}"', text, flags=re.M))
    two.write_text('# Two\n\nText.\n')
    book = load_book(folder)
    assert len(book.slug) <= 80 and book.slug.startswith('the-life-and-strange-surprizing')
    assert build(folder, ('html',))['html'][0].name == f'{book.slug}.html'


def test_new_over_a_dangling_link_is_one_line(tmp_path):
    from pressroom.starter import new_book
    (tmp_path / 'book').symlink_to(tmp_path / 'nowhere')
    with pytest.raises(BookError, match='is not an empty folder'):
        new_book(tmp_path / 'book')


def test_an_import_onto_a_full_disk_is_the_machine_s_problem(tmp_path, monkeypatch):
    import errno
    import os
    from pathlib import Path

    from pressroom.errors import SetupError
    from pressroom.importer import import_book
    source = tmp_path / 'doc.md'
    source.write_text('# One\n\nText.\n')

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(Path, 'write_text', full)
    with pytest.raises(SetupError, match='No space left on device'):
        import_book(source, tmp_path / 'book')
    assert sorted(os.listdir(tmp_path)) == ['doc.md']


def test_more_chapters_than_the_limit_stop_before_any_work(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    metadata = folder / 'metadata.yaml'
    metadata.write_text(metadata.read_text() + '\nlimits: {chapters: 1}\n')
    assert 'lists 2 chapters, more than the 1 a build lays out' in _refused(folder)
    assert not (folder / 'build' / '.cache' / 'html').exists()
