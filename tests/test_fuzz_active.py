"""Fuzzing raw HTML and SVG in a chapter: whatever goes in, the intermediate and the EPUB hold
nothing that runs, fetches or embeds when opened (a link the reader clicks stays a link)."""

import re
import shutil
import zipfile

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressroom.build import build
from pressroom.errors import BookError
from pressroom.transforms.sanitize import ACTIVE

from .conftest import FIXTURES, copy_book

TAGS = ['p', 'span', 'a', 'img', 'svg', 'image', 'use', 'animate', 'set', 'script', 'iframe', 'object', 'embed',
        'style', 'link', 'video', 'math', 'mi', 'form', 'input', 'div', 'foreignObject', 'base', 'meta', 'font']
ATTRIBUTES = ['onclick', 'onload', 'OnError', 'href', 'xlink:href', 'src', 'srcset', 'ping', 'style', 'rel',
              'attributeName', 'to', 'values', 'formaction', 'action', 'data', 'poster', 'background', 'class']
VALUES = ['javascript:alert(1)', ' JaVa\tScRiPt:alert(1)', 'vbscript:x', 'http://127.0.0.1:9/x', '//127.0.0.1:9/x',
          'data:text/html,<script>alert(1)</script>', 'data:image/svg+xml,<svg onload=alert(1)>', '#frag',
          'background: url(http://127.0.0.1:9/a)', 'background: -webkit-image-set("http://127.0.0.1:9/a" 1x)',
          'attachment', 'href', 'https://example.org/', 'file:///etc/passwd', '../metadata.yaml', 'x']
ELEMENT = st.tuples(st.sampled_from(TAGS), st.lists(st.tuples(st.sampled_from(ATTRIBUTES), st.sampled_from(VALUES)),
                                                     max_size=3), st.booleans())
URL_ATTRIBUTES = ('href', 'src', 'xlink:href')


def _markup(elements):
    parts = []
    for tag, attributes, closed in elements:
        attrs = ''.join(f' {name}="{value}"' for name, value in attributes)
        parts.append(f'<{tag}{attrs}>text' + (f'</{tag}>' if closed else ''))
    return ''.join(parts)


def _active(root):
    """What in a parsed (X)HTML document could run, fetch or embed."""
    found = []
    for element in root.find('.//{*}body').iter() if root.find('.//{*}body') is not None else root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.split('}')[-1].lower()
        if tag in ACTIVE or tag in ('animate', 'set', 'foreignobject'):
            found.append(f'<{tag}>')
        for name, value in element.attrib.items():
            name, value = name.split('}')[-1].lower(), value.lower().replace('\t', '').strip()
            if name.startswith('on') or name in ('srcset', 'ping', 'formaction', 'action', 'poster', 'background'):
                found.append(f'{tag} {name}=')
            if name in URL_ATTRIBUTES and value.startswith(('javascript:', 'vbscript:', 'data:text', 'data:image/svg')):
                found.append(f'{tag} {name}={value[:20]}')
            if name == 'rel' and 'attachment' in value:
                found.append('rel=attachment')
            # Text such as a class or a title may say anything; what loads must not point away.
            loads = name in (*URL_ATTRIBUTES, 'to', 'values') or name.endswith('src') or (
                name == 'style' and re.search(r'(url|image|src)[\w-]*\s*\(', value))
            if loads and '127.0.0.1' in value and not (tag == 'a' and name == 'href' and value.startswith('http')):
                found.append(f'{tag} {name}={value[:30]}')
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(elements=st.lists(ELEMENT, min_size=1, max_size=8))
def test_no_raw_html_or_svg_leaves_active_content_in_the_outputs(tmp_path_factory, elements):
    folder = copy_book(FIXTURES / 'small-book', tmp_path_factory.mktemp('fuzz') / 'book')
    try:
        chapter = folder / 'chapters' / 'two.md'
        chapter.write_text(f'# Two\n\nBefore.\n\n{_markup(elements)}\n\nAfter.\n', encoding='utf-8')
        try:
            results = build(folder, ('html',))
        except BookError as error:        # a refused image: the build stops, in one line
            assert '\n' not in str(error)
            return
        html = results['html'][0].read_text(encoding='utf-8')
        assert _active(lxml.html.document_fromstring(html)) == []
    finally:
        shutil.rmtree(folder)


def test_every_hostile_construct_at_once_leaves_nothing_active_in_any_output(tmp_path):
    """The whole vocabulary above in one chapter, through every writer, the PDFs included."""
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    markup = ''.join(f'<{tag} {name}="{value}">text</{tag}>' for tag in TAGS for name in ATTRIBUTES[:8]
                     for value in VALUES if 'image' not in tag and tag != 'img')
    (folder / 'chapters' / 'two.md').write_text(f'# Two\n\n{markup}\n\nAfter.\n', encoding='utf-8')
    results = build(folder)
    assert _active(lxml.html.document_fromstring(results['html'][0].read_text(encoding='utf-8'))) == []
    with zipfile.ZipFile(results['epub'][0]) as epub:
        for name in epub.namelist():
            if name.endswith('.xhtml'):
                assert _active(lxml.html.fromstring(epub.read(name))) == [], name
    from .test_hostile import _active as active_in_pdf
    for name in ('pdf', 'print'):
        assert active_in_pdf(results[name][0]) == []
