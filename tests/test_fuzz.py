"""Fuzzed: whatever the manuscript and metadata hold, the pipeline either builds the HTML
intermediate or stops with a one-line BookError; no other exception ever escapes, and lint
finds every error the build stops on."""

import contextlib
import io
import shutil
import tempfile
from pathlib import Path

import lxml.html
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressroom.checks.lint import lint
from pressroom.errors import BookError
from pressroom.sources.metadata import load_book
from pressroom.transforms.citations import footnote_citations, scan

from .test_errors import FIXTURES, intermediate

FIXTURE_METADATA = yaml.safe_load((FIXTURES / 'small-book' / 'metadata.yaml').read_text(encoding='utf-8'))
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Markdown pieces the citation rules and pandoc care about, mixed with free text; the
# pieces that end a build at once (a lone bracket, a control character) come up less often.
PROSE_PIECES = [
    '[sic]', '[T]he', '[Lenin, *Collected Works*, Vol. 33, p. 5]', '[Ibid.]', '[^a]', '\n\n[^a]: ', '^[note]',
    '"', '“', '”', "'", '’', '«', '»', '*', '**', '_', '`', '\n```\n', '\n~~~\n', '\n    ', '\t', '\n> ', '>',
    '\n# ', '\n## ', '\n### ', '{#id}', '{.frontmatter}', '{style="color: red"}', '(', ')', '[link](#id)',
    '![x](../images/square.png)', '[span]{.x}', '<', '&', '\\', '<em>', '</em>', '<script>x()</script>',
    '<p onclick="x()">', '<!--', '-->', '---', '...', '. ', ', ', '! ', '? ', ': ', '\n', '\n\n', '\n- ',
    '\n1. ', '\n:::\n', '$', '\u200b', 'é', '–', '—', ' ', 'word', 'Word.', '"Quoted."', '[x]',
]
RARE_PIECES = ['[', ']', '\x00', '\x0c', '\ufeff', '![x](', '![x](http://127.0.0.1:9/x.png)']
PIECES = st.one_of(
    st.sampled_from(PROSE_PIECES * 2 + RARE_PIECES),
    st.text(alphabet=st.characters(codec='utf-8', exclude_categories=('Cs', 'Cc')), max_size=12),
)
MARKDOWN = st.lists(PIECES, max_size=60).map(''.join)
TEXT_VALUES = st.one_of(st.text(max_size=20), st.sampled_from(['', ' ', '"', '\x01', 'a\nb', '[x]', '{{', '&amp;']))
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.dates(), TEXT_VALUES),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6)
SETTING_VALUES = {
    'lang': st.sampled_from(['en', 'en-US', 'de-DE', 'xx', 'en-XX', 'EN', 'zh-Hant-TW', 'sr-Latn', '', 'en_US']),
    'trim_size': st.sampled_from(['6in x 9in', '5.5in x 8.5in', '0in x 0in', '1e9in x 2in', '6in', 'A5',
                                  '3in x 9in', '216mm x 279mm', '6in × 9in']),
    'bleed': st.sampled_from(['0.125in', '3mm', '0', '-1in', '1in', '0.5in', 'none']),
    'note_numbering': st.sampled_from(['book', 'chapter', 'page']),
    'font': st.sampled_from(['EB Garamond', 'Source Serif 4', 'Comic Sans', '']),
    'date': st.sampled_from(['2024-03-15', '2024-02-30', '15 March 2024', '2024-03-15T10:00:00']),
    'identifier': st.sampled_from(['978-0-306-40615-7', 'urn:uuid:b7d112b3-0da0-4c9c-ab52-0d1ca41ce511', 'x']),
    'chapters': st.sampled_from([['chapters/one.md'], 'chapters/two.md', [], ['../x.md'], ['/etc/hosts'],
                                 ['chapters/one.md', 'chapters/one.md'], ['chapters'], ['missing.md']]),
    'cover': st.sampled_from(['images/square.png', 'images/none.png', '../square.png', 'images']),
}
METADATA_CHANGES = st.dictionaries(
    st.sampled_from(sorted(FIXTURE_METADATA) + ['cover', 'bleed', 'colour']),
    VALUES, max_size=3).flatmap(
    lambda changes: st.fixed_dictionaries(
        {key: SETTING_VALUES[key] for key in SETTING_VALUES if key in changes}).map(
        lambda settings: {**changes, **settings}))


def one_line_or_built(run):
    """Run one pipeline stage: it must return, or raise BookErrors of one line each naming something."""
    with contextlib.redirect_stderr(io.StringIO()):       # warnings are allowed, not checked here
        try:
            return run()
        except BookError as error:
            for one in getattr(error, 'errors', [error]):
                message = str(one)
                assert message.strip() and '\n' not in message and '\r' not in message, repr(message)
            assert str(error) == '\n'.join(map(str, getattr(error, 'errors', [error])))
            return None


@contextlib.contextmanager
def book_folder():
    with tempfile.TemporaryDirectory() as parent:
        folder = Path(parent) / 'book'
        shutil.copytree(FIXTURES / 'small-book', folder, ignore=shutil.ignore_patterns('build'))
        yield folder


def write_metadata(folder, changes, raw_line):
    text = yaml.safe_dump({**FIXTURE_METADATA, **changes}, allow_unicode=True, sort_keys=False)
    (folder / 'metadata.yaml').write_text(text + raw_line, encoding='utf-8')


@settings(FUZZ, max_examples=300)
@given(text=MARKDOWN)
def test_citations_of_random_markdown_are_rewritten_or_refused_in_one_line(text):
    brackets = one_line_or_built(lambda: list(scan(text, 'ch.md')))
    rewritten = one_line_or_built(lambda: footnote_citations(text, 'ch.md'))
    assert (brackets is None) == (rewritten is None)
    if rewritten is not None:
        citations = [bracket for bracket in brackets if bracket.kind == 'citation']
        assert rewritten.count(']{.citation}]') == text.count(']{.citation}]') + len(citations)


@settings(FUZZ, max_examples=200)
@given(changes=METADATA_CHANGES, raw_line=st.sampled_from([''] * 6 + [
    'title: [unclosed\n', '  - stray\n', ':\n', 'extra: "\\x01"\n', '? [a]\n: b\n', '1: one\n',
    'date: 2024-02-30\n', 'paper: ' + '[' * 2000 + ']' * 2000 + '\n']))
def test_random_metadata_loads_or_is_refused_in_one_line(changes, raw_line):
    with book_folder() as folder:
        write_metadata(folder, changes, raw_line)
        book = one_line_or_built(lambda: load_book(folder))
        if book is not None:
            assert book.title and book.chapters and book.lang


@settings(FUZZ, max_examples=500)
@given(one=MARKDOWN, two=MARKDOWN, title=st.text(st.characters(exclude_categories=('Cs', 'Cc')), min_size=1),
       lang=st.sampled_from(['en', 'en-US', 'de-DE', 'zh-Hant-TW', 'sr-Latn', 'es-419']),
       numbering=st.sampled_from(['book', 'chapter']),
       raw_bytes=st.sampled_from([b''] * 8 + [b'\xff', b'\xed\xa0\x80']))
def test_random_book_builds_its_html_or_is_refused_in_one_line(one, two, title, lang, numbering, raw_bytes):
    with book_folder() as folder:
        write_metadata(folder, {'title': title, 'lang': lang, 'note_numbering': numbering}, '')
        (folder / 'chapters' / 'one.md').write_text('# The First Chapter\n\n' + one, encoding='utf-8')
        (folder / 'chapters' / 'two.md').write_bytes(two.encode('utf-8') + raw_bytes)
        html = one_line_or_built(lambda: intermediate(folder))
        if html is not None:
            root = lxml.html.document_fromstring(html)
            assert root.get('lang') and root.xpath('//nav[@id="contents"]')
        problems = lint(folder)          # lint reads the same book and must not fail either
        assert all('\n' not in problem and ': ' in problem for problem in problems)
        assert (html is None) <= any(': error: ' in problem for problem in problems)
