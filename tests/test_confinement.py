"""A build reads nothing outside the book folder and styles/, and makes no network request;
raw HTML that could run is removed with a warning."""

import contextlib
import http.server
import os
import re
import shutil
import sys
import threading
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import lxml.html
import pytest

from pressroom.paths import STYLES_DIR
from pressroom.sources.metadata import load_book
from pressroom.typeset.fetch import ConfinedFetcher, ResourceRefused

from .test_errors import chapter, edit, error_of, intermediate, metadata, run_task, small_book, where

# Every file the test process opens while a test watches (audit hooks cannot be removed,
# so this one records only when asked).
_opened = None


def _audit(event, args):
    if event == 'open' and _opened is not None and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.path.abspath(os.fsdecode(args[0])))


sys.addaudithook(_audit)


@contextlib.contextmanager
def reads():
    """The files opened inside the block."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


def refused_unread(folder, outside, stage=intermediate):
    """The BookError `stage` raises, having opened `outside` never (and something else at least)."""
    assert outside.is_file()      # so the refusal is confinement, not a missing file
    with reads() as opened:
        error = error_of(folder, stage)
        Path(__file__).read_bytes()     # the control: this read must be recorded
    assert opened[-1] == __file__
    assert str(outside) not in opened
    return error


@pytest.fixture
def secret(tmp_path):
    """An image beside the book folder that no build may read."""
    path = tmp_path / 'secret.png'
    shutil.copyfile(small_book(tmp_path, 'model') / 'images' / 'square.png', path)
    return path


class _Server(http.server.ThreadingHTTPServer):
    """Counts every connection, even one that never sends a complete request."""

    def verify_request(self, request, client_address):
        self.connections += 1
        return True


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """An HTTP server on a free port of 127.0.0.1 that records what reaches it."""
    httpd = _Server(('127.0.0.1', 0), _Handler)
    httpd.connections, httpd.requests = 0, []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def assert_server_works(httpd):
    """The control: a request the test makes itself is seen, so zero before meant zero."""
    url = f'http://127.0.0.1:{httpd.server_port}/control'
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.build_opener(urllib.request.ProxyHandler({})).open(url, timeout=10)
    assert (httpd.connections, httpd.requests) == (1, ['/control'])


def write_chapter(folder, body):
    chapter(folder).write_text(f'# The Second Chapter\n\n{body}\n', encoding='utf-8')
    return folder


# --- chapters and metadata.yaml -------------------------------------------------------------

def test_chapter_path_with_dotdot_is_refused_unread(tmp_path):
    folder = small_book(tmp_path)
    outside = tmp_path / 'outside.md'
    outside.write_text('# Outside\n', encoding='utf-8')
    edit(metadata(folder), '- chapters/two.md', '- ../outside.md')
    listed = where(metadata(folder), '../outside.md')
    assert str(refused_unread(folder, outside)) == (f"{listed}: chapter '../outside.md' points outside the book "
                                                    'folder; copy the file into the book folder')


def test_absolute_chapter_path_is_refused_unread(tmp_path):
    folder = small_book(tmp_path)
    outside = tmp_path / 'outside.md'
    outside.write_text('# Outside\n', encoding='utf-8')
    edit(metadata(folder), '- chapters/two.md', f'- {outside}')
    listed = where(metadata(folder), str(outside))
    assert str(refused_unread(folder, outside)) == f"{listed}: chapter '{outside}' must be a path inside the book folder"


def test_chapter_symlink_pointing_outside_is_refused_unread(tmp_path):
    folder = small_book(tmp_path)
    outside = tmp_path / 'outside.md'
    outside.write_text('# Outside\n', encoding='utf-8')
    chapter(folder).unlink()
    chapter(folder).symlink_to(outside)
    listed = where(metadata(folder), 'chapters/two.md')
    assert str(refused_unread(folder, outside)) == (f"{listed}: chapter 'chapters/two.md' points outside the book "
                                                    'folder; copy the file into the book folder')


def test_chapter_symlink_inside_the_book_is_fine(tmp_path):
    folder = small_book(tmp_path)
    (folder / 'drafts').mkdir()
    chapter(folder).rename(folder / 'drafts' / 'two.md')
    chapter(folder).symlink_to(folder / 'drafts' / 'two.md')
    assert 'The Second Chapter' in intermediate(folder)


def test_metadata_symlink_pointing_outside_is_refused_unread(tmp_path):
    folder = small_book(tmp_path)
    outside = tmp_path / 'metadata.yaml'
    metadata(folder).rename(outside)
    metadata(folder).symlink_to(outside)
    assert str(refused_unread(folder, outside)) == (f'{metadata(folder)}: links to a file outside the book '
                                                    'folder; copy the file in instead')


# --- images and the cover ----------------------------------------------------------------

def test_image_path_with_dotdot_is_refused_unread(tmp_path, secret):
    folder = write_chapter(small_book(tmp_path), '![Secret.](../../secret.png)')
    assert str(refused_unread(folder, secret)) == ("chapters/two.md:3: image 'chapters/../../secret.png' points "
                                                   'outside the book folder; copy the file into the book folder')


def test_absolute_image_path_is_refused_unread(tmp_path, secret):
    folder = write_chapter(small_book(tmp_path), f'![Secret.]({secret})')
    assert str(refused_unread(folder, secret)) == (f"chapters/two.md:3: image '{secret}' must be a path inside "
                                                   'the book folder')


def test_image_symlink_pointing_outside_is_refused_unread(tmp_path, secret):
    folder = write_chapter(small_book(tmp_path), '![Secret.](../images/link.png)')
    (folder / 'images' / 'link.png').symlink_to(secret)
    assert str(refused_unread(folder, secret)) == ("chapters/two.md:3: image 'chapters/../images/link.png' points "
                                                   'outside the book folder; copy the file into the book folder')


def test_cover_outside_the_book_is_refused_unread(tmp_path, secret):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'paper: cream', 'paper: cream\ncover: ../secret.png')
    assert str(refused_unread(folder, secret)) == (f"{where(metadata(folder), 'cover:')}: cover '../secret.png' "
                                                   'points outside the book folder; copy the file into the book folder')


@pytest.mark.parametrize('src', [
    'http://127.0.0.1:9/x.png',
    'https://127.0.0.1:9/x.png',
    'ftp://127.0.0.1/x.png',
    'file:///etc/hosts',
])
@pytest.mark.parametrize('markup', ['![An image.]({src})', '<img src="{src}" alt="An image.">'])
def test_image_url_is_refused_with_file_and_line(tmp_path, src, markup):
    folder = write_chapter(small_book(tmp_path), markup.format(src=src))
    assert str(error_of(folder)) == f"chapters/two.md:3: image '{src}': only files inside the book folder can be used"


def test_file_url_to_a_file_outside_is_refused_unread(tmp_path, secret):
    folder = write_chapter(small_book(tmp_path), f'![Secret.]({secret.as_uri()})')
    assert str(refused_unread(folder, secret)) == (f"chapters/two.md:3: image '{secret.as_uri()}': only files "
                                                   'inside the book folder can be used')


# --- CSS and raw HTML --------------------------------------------------------------------------

def built_chapter(folder, capsys):
    """Chapter two of the intermediate, and the warnings the build printed."""
    root = lxml.html.document_fromstring(intermediate(folder))
    section = root.xpath('//section[@data-source="chapters/two.md"]')[0]
    return lxml.html.tostring(section, encoding='unicode'), capsys.readouterr().err.splitlines()


@pytest.mark.parametrize('markup, warning', [
    ('[A span]{style="background: url(http://127.0.0.1:9/a.png)"}',
     'style= that loads a resource (url(), image-set()) removed from <span>'),
    ('<p style="color: red; background: URL( \'file:///etc/hosts\' )">Styled.</p>',
     'style= that loads a resource (url(), image-set()) removed from <p>'),
    ('<p style="background: \\75 rl(http://127.0.0.1:9/escaped.png)">Escaped.</p>',
     'style= that loads a resource (url(), image-set()) removed from <p>'),
    ('<p style="background-image: image-set(\'http://127.0.0.1:9/a.png\' 1x)">Set.</p>',
     'style= that loads a resource (url(), image-set()) removed from <p>'),
    ('<style>@import url("http://127.0.0.1:9/a.css"); p { color: red }</style>',
     'raw <style> removed: books carry no active or external content'),
    ('<link rel="stylesheet" href="http://127.0.0.1:9/a.css">',
     'raw <link> removed: books carry no active or external content'),
    ('<svg width="8" height="8"><image href="http://127.0.0.1:9/a.png" width="8" height="8"/></svg>',
     'external href= removed from <image>'),
    ('<img src="../images/square.png" srcset="http://127.0.0.1:9/big.png 2x" alt="Square.">',
     'srcset= (it makes readers fetch from elsewhere) removed from <img>'),
    ('<video poster="//127.0.0.1:9/poster.png"></video>',
     'raw <video> removed: books carry no active or external content'),
])
def test_css_and_attributes_that_load_from_outside_are_removed_with_a_warning(tmp_path, capsys, markup,
                                                                               warning):
    html, warnings = built_chapter(write_chapter(small_book(tmp_path), f'Before.\n\n{markup}\n\nAfter.'), capsys)
    assert warnings == [f'chapters/two.md:5: warning: {warning}']      # the line the markup is on
    assert '127.0.0.1' not in html and 'url(' not in html.lower() and 'file:' not in html
    assert 'Before.' in html and 'After.' in html


def test_inline_css_without_urls_is_kept(tmp_path, capsys):
    html, warnings = built_chapter(write_chapter(small_book(tmp_path), '[Red]{style="color: red"}'), capsys)
    assert warnings == [] and 'style="color: red"' in html


@pytest.mark.parametrize('markup, warning, gone', [
    ('<script>alert(1)</script>', 'raw <script> removed: books carry no active or external content', 'alert'),
    ('<script src="http://127.0.0.1:9/a.js"></script>',
     'raw <script> removed: books carry no active or external content', '127.0.0.1'),
    ('<iframe src="http://127.0.0.1:9/"></iframe>',
     'raw <iframe> removed: books carry no active or external content', 'iframe'),
    ('<object data="http://127.0.0.1:9/a.swf"></object>',
     'raw <object> removed: books carry no active or external content', 'object'),
    ('<embed src="http://127.0.0.1:9/a.swf">', 'raw <embed> removed: books carry no active or external content',
     'embed'),
    ('<p onclick="steal()">Click.</p>', 'event handler onclick= removed from <p>', 'steal'),
    ('<img src="../images/square.png" onerror="steal()" alt="Square.">', 'event handler onerror= removed from <img>',
     'steal'),
    ('<a href="javascript:steal()">Link.</a>', 'javascript: link removed from <a>', 'steal'),
    ('<a href=" JaVa\tScRiPt:steal()">Link.</a>', 'javascript: link removed from <a>', 'steal'),
    ('[Link.](javascript:steal())', 'javascript: link removed from <a>', 'steal'),
])
def test_raw_html_that_could_run_is_removed_with_a_warning(tmp_path, capsys, markup, warning, gone):
    html, warnings = built_chapter(write_chapter(small_book(tmp_path), f'Before.\n\n{markup}\n\nAfter.'), capsys)
    assert warnings == [f'chapters/two.md:5: warning: {warning}']
    assert gone not in html.lower()
    assert 'Before.' in html and 'After.' in html


def test_ordinary_links_and_inline_html_are_kept(tmp_path, capsys):
    html, warnings = built_chapter(write_chapter(
        small_book(tmp_path), 'See <a href="https://example.org/">the site</a> and <em>this</em>.'), capsys)
    assert warnings == []
    assert 'href="https://example.org/"' in html and '<em>this</em>' in html


# --- no network -----------------------------------------------------------------------------

def test_build_with_remote_css_and_media_makes_no_request(tmp_path, server):
    base = f'http://127.0.0.1:{server.server_port}'
    folder = write_chapter(small_book(tmp_path), '\n\n'.join([
        f'A paragraph with [a styled span]{{style="background: url({base}/span.png)"}}.',
        f'<div style="background-image: url(\'{base}/div.png\')">A styled div.</div>',
        f'<style>@import url("{base}/import.css"); p {{ background: url({base}/style.png) }}</style>',
        f'<link rel="stylesheet" href="{base}/link.css">',
        f'<svg width="8" height="8"><image href="{base}/svg.png" width="8" height="8"/></svg>',
        f'<img src="../images/square.png" srcset="{base}/big.png 2x" alt="Square.">',
        f'<script src="{base}/script.js"></script>',
        f'<iframe src="{base}/frame.html"></iframe>',
    ]))
    result = run_task('build', folder)
    assert result.returncode == 0, result.stderr
    assert (server.connections, server.requests) == (0, [])
    lines = result.stderr.splitlines()
    assert all(re.match(r'chapters/two\.md:\d+: warning: ', line) for line in lines)
    assert [re.sub(r':\d+:', ':', line, count=1) for line in lines] == [f'chapters/two.md: warning: {warning}' for warning in (
        'raw <style> removed: books carry no active or external content',
        'raw <link> removed: books carry no active or external content',
        'raw <script> removed: books carry no active or external content',
        'raw <iframe> removed: books carry no active or external content',
        'style= that loads a resource (url(), image-set()) removed from <span>',
        'style= that loads a resource (url(), image-set()) removed from <div>',
        'external href= removed from <image>',
        'srcset= (it makes readers fetch from elsewhere) removed from <img>',
    )]
    book = load_book(folder)
    html = (book.build_dir / f'{book.slug}.html').read_text(encoding='utf-8')
    with zipfile.ZipFile(book.build_dir / f'{book.slug}.epub') as epub:
        text = ''.join(epub.read(name).decode('utf-8', 'replace') for name in epub.namelist())
    assert 'A styled div.' in html and 'A styled div.' in text
    assert '127.0.0.1' not in html and '127.0.0.1' not in text
    assert_server_works(server)


def test_build_with_remote_image_fails_clearly_without_a_request(tmp_path, server):
    src = f'http://127.0.0.1:{server.server_port}/x.png'
    folder = write_chapter(small_book(tmp_path), f'![Remote.]({src})')
    result = run_task('build', folder)
    assert result.returncode == 1
    assert result.stderr == f"error: chapters/two.md:3: image '{src}': only files inside the book folder can be used\n"
    assert (server.connections, server.requests) == (0, [])
    assert_server_works(server)


def test_confined_fetcher_refuses_network_and_outside_files(tmp_path, server, secret):
    folder = small_book(tmp_path)
    fetcher = ConfinedFetcher([folder, STYLES_DIR])
    port = server.server_port
    with reads() as opened:
        for url in (f'http://127.0.0.1:{port}/x.png', f'https://127.0.0.1:{port}/x', f'ftp://127.0.0.1:{port}/x',
                    secret.as_uri(), f'file://{folder}/images/../../secret.png'):
            with pytest.raises(ResourceRefused):
                fetcher.fetch(url)
        with pytest.raises(ResourceRefused, match='file not found'):
            fetcher.fetch((folder / 'images' / 'missing.png').as_uri())
        square = folder / 'images' / 'square.png'
        response = fetcher.fetch(square.as_uri())
        assert response.read() == square.read_bytes()
        response.close()
    assert str(secret) not in opened and str(square) in opened
    assert (server.connections, server.requests) == (0, [])
    assert_server_works(server)


def test_reading_a_book_opens_nothing_beside_it(tmp_path):
    folder = small_book(tmp_path)
    (tmp_path / 'chapters').mkdir()
    (tmp_path / 'chapters' / 'two.md').write_text('# Decoy\n', encoding='utf-8')
    with reads() as opened:
        intermediate(folder)
    assert str(folder / 'chapters' / 'two.md') in opened
    assert [path for path in opened if path.startswith(str(tmp_path))
            and not path.startswith(str(folder))] == []


def test_image_path_with_a_nul_byte_is_refused_not_a_crash(tmp_path):
    folder = write_chapter(small_book(tmp_path), '![Nul.](%00.png)')
    assert str(error_of(folder)) == ("chapters/two.md:3: image 'chapters/\\x00.png' must be a path "
                                     'inside the book folder')


def test_a_build_leaves_no_copy_of_its_fonts_behind(tmp_path):
    """WeasyPrint copies the fonts a layout loads into a folder of their own: they go to the
    user cache, never the system's temporary folder, and go once their process has ended."""
    folder = small_book(tmp_path)
    temporary, cache = tmp_path / 'tmp', tmp_path / 'cache'
    temporary.mkdir()
    env = {'TMPDIR': str(temporary), 'PRESSROOM_CACHE': str(cache)}
    builds = []
    for number in range(2):
        edit(chapter(folder), 'Chapter', f'Chapter{" again" * number}')
        result = run_task('build', folder, env)
        assert result.returncode == 0, result.stderr
        builds.append({path.name for path in (cache / 'layout-fonts').iterdir()})
    assert not [path.name for path in temporary.iterdir() if path.name.startswith('weasyprint-')]
    assert builds[0] and builds[1] and not builds[0] & builds[1]     # the first build's were removed
