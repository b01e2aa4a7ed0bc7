"""`invoke preview`: serves on 127.0.0.1, follows each save, shows an error without losing
the last good view, and stops cleanly on Ctrl-C."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import FIXTURES, ROOT, copy_book


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def _wait(address, ready, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = json.loads(_get(address + 'state'))
        if ready(state):
            return state
        time.sleep(0.2)
    raise AssertionError(f'the preview never got there: {state}')


@pytest.fixture
def preview(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    # Ctrl-C as a terminal's foreground job gets it, even if these tests run in the background.
    process = subprocess.Popen([sys.executable, '-m', 'invoke', '-r', str(ROOT), 'preview', '--book', str(folder),
                                '--port', '0'], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    address = process.stdout.readline().strip()
    yield folder, address, process
    if process.poll() is None:
        process.kill()
        process.wait()


def test_the_preview_follows_each_save_and_keeps_the_last_good_view(preview):
    folder, address, process = preview
    assert address.startswith('http://127.0.0.1:') and address.endswith('/')
    state = _wait(address, lambda s: s['pages'] == 0)
    assert b'<iframe' in _get(address) and state['error'] is None
    assert _get(address + 'pages/0.png').startswith(b'\x89PNG')
    (folder / 'x').symlink_to('y')          # a loop of links in the book does not stop the watcher
    (folder / 'y').symlink_to('x')
    chapter = folder / 'chapters' / 'two.md'
    chapter.write_text(chapter.read_text() + '\n\nA sentence written in the preview.\n')
    state = _wait(address, lambda s: s['html'] == 1)
    assert 'A sentence written in the preview.' in _get(address + state['html_url'].lstrip('/')).decode()
    state = _wait(address, lambda s: s['pages'] == 1)
    assert state['page_urls'] and _get(address + state['page_urls'][-1].lstrip('/')).startswith(b'\x89PNG')
    # A mistake: the page says what the command line would, and the last good view stays.
    metadata = folder / 'metadata.yaml'
    metadata.write_text(metadata.read_text().replace('date: ', 'date: "someday"\nold_date: ', 1))
    state = _wait(address, lambda s: s['error'] is not None)
    assert state['error'].startswith('error: ') and 'metadata.yaml' in state['error']
    assert state['html'] == 1 and state['pages'] == 1
    assert 'A sentence written in the preview.' in _get(address + state['html_url'].lstrip('/')).decode()
    # Only the page, its state, the built web page and the book's images are served.
    for path in ('metadata.yaml', 'chapters/two.md', '../../../etc/passwd', 'build/.cache/stamps.json'):
        with pytest.raises(urllib.error.HTTPError):
            _get(address + path)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 0
    assert 'Traceback' not in process.stderr.read()
    log = process.stdout.read().splitlines()         # a line for each rebuild
    assert re.search(r'^\d\d:\d\d:\d\d opened: rebuilt, html in [0-9.]+ s, pages in [0-9.]+ s', log[0])
    assert any(re.search(r'chapters/two.md[^:]* saved: rebuilt, html in .* \(\d+ pages shown\)', line) for line in log)
    assert any('metadata.yaml saved: error: ' in line for line in log)


def _raw(port, request):
    """What the server answers to the bytes of `request`, up to its status line."""
    with socket.create_connection(('127.0.0.1', port), timeout=10) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)
        answer = b''
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


@pytest.fixture(scope='module')
def server(tmp_path_factory):
    """The preview's server in this process, on a book that is not built."""
    from pressroom.preview import Preview, _handler, _listen
    from pressroom.sources.metadata import load_book
    folder = copy_book(FIXTURES / 'small-book', tmp_path_factory.mktemp('served') / 'book')
    (folder / 'build').mkdir()
    (folder / 'build' / f'{load_book(folder).slug}.html').write_text('<p>secret</p>')
    server = _listen(0, _handler(Preview(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], folder
    server.shutdown()
    server.server_close()


def test_only_requests_naming_this_server_as_their_host_are_answered(server):
    port, folder = server
    from pressroom.sources.metadata import load_book
    page = f'/build/{load_book(folder).slug}.html'
    for host in (f'127.0.0.1:{port}', f'localhost:{port}', f'LOCALHOST:{port}'):
        assert _raw(port, f'GET {page} HTTP/1.1\r\nHost: {host}\r\n\r\n'.encode()).startswith(b'HTTP/1.0 200')
    for host in ('rebind.attacker.example', f'rebind.attacker.example:{port}', '127.0.0.1', f'127.0.0.1:{port + 1}',
                 f'127.0.0.1:{port}.attacker.example', ''):
        for path in ('/', '/state', page, '/pages/0.png', '/images/square.png'):
            answer = _raw(port, f'GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n'.encode())
            assert answer.startswith(b'HTTP/1.0 421') and b'secret' not in answer, (host, path)
    assert _raw(port, f'GET {page} HTTP/1.0\r\n\r\n'.encode()).startswith(b'HTTP/1.0 421')


HEADER_NAMES = st.sampled_from(['Host', 'Range', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Expect',
                                'If-Modified-Since', 'Cookie', 'X-\u00b2', ''])
ODD = st.sampled_from(['\u00b2', '\x00', '-1', '99999999999999999999', 'bytes=0-\u00b2', '\r', '\n', ' ', '',
                       '%00', '%ff', '..', '/../../etc/passwd', '\u202e', 'chunked', '100-continue'])
TEXT = st.one_of(ODD, st.text(max_size=12), st.lists(ODD, max_size=4).map(''.join))


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(method=st.sampled_from(['GET', 'HEAD', 'POST', 'PUT', 'get', 'BREW', '', 'GET GET']),
       path=st.one_of(st.sampled_from(['/', '/state', '/pages/\u00b2.png', '/pages/0.png', '/pages/99999999999.png',
                                       '/build/%00.html', '/images/square.png', '//etc/passwd', '/%2e%2e/x', '*']),
                      TEXT.map(lambda text: '/' + text)),
       version=st.sampled_from(['HTTP/1.1', 'HTTP/1.0', 'HTTP/0.9', 'HTTP/2.0', 'HTTP/1.\u00b2', '']),
       headers=st.lists(st.tuples(HEADER_NAMES, TEXT), max_size=5), host=st.booleans())
def test_no_request_line_or_header_makes_the_server_fail(server, capfd, method, path, version, headers, host):
    port, _ = server
    lines = [f'{method} {path} {version}'.strip()] + ([f'Host: 127.0.0.1:{port}'] if host else [])
    lines += [f'{name}: {value}' for name, value in headers]
    answer = _raw(port, ('\r\n'.join(lines) + '\r\n\r\n').encode('utf-8', 'surrogatepass'))
    assert not re.match(rb'HTTP/1\.[01] 5(?!01)', answer) and (host or b'secret' not in answer)
    assert 'Traceback' not in capfd.readouterr().err
    assert json.loads(_get_with_host(port, '/state'))['html'] == -1       # still serving


def _get_with_host(port, path):
    answer = _raw(port, f'GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n'.encode())
    return answer.split(b'\r\n\r\n', 1)[1]


def _held(count):
    """`count` ports in a row on 127.0.0.1 held by listening sockets: (first port, sockets)."""
    for start in range(40000, 60000, count):
        holders = []
        try:
            for number in range(start, start + count):
                holders.append(socket.socket())
                holders[-1].bind(('127.0.0.1', number))
                holders[-1].listen()
            return start, holders
        except OSError:
            for holder in holders:
                holder.close()
    raise AssertionError('no free ports')


def test_a_busy_port_moves_to_the_next_and_all_busy_is_one_line(tmp_path):
    from pressroom.errors import BookError
    from pressroom.preview import PORTS_TRIED, _handler, _listen
    port, holders = _held(1)
    try:
        server = _listen(port, _handler(None))
        assert server.server_address[1] != port
        server.server_close()
    finally:
        holders[0].close()
    start, holders = _held(PORTS_TRIED)          # all the ports tried are in use: one line, exit 1
    try:
        with pytest.raises(BookError, match=f'ports {start} to {start + PORTS_TRIED - 1} on 127.0.0.1 are all in use'):
            _listen(start, _handler(None))
        folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
        run = subprocess.run([sys.executable, '-m', 'invoke', '-r', str(ROOT), 'preview', '--book', str(folder),
                              '--port', str(start)], capture_output=True, text=True, timeout=60)
        assert run.returncode == 1 and run.stderr.count('\n') == 1 and 'all in use' in run.stderr
    finally:
        for holder in holders:
            holder.close()


def test_a_save_keeps_the_reader_s_place_or_goes_to_the_edited_chapter(preview):
    """In chromium: a save of the chapter being read leaves the web page where it was; a save
    of another chapter takes the reader to it."""
    from pressroom.paths import user_cache
    folder, address, process = preview
    _wait(address, lambda s: s['pages'] == 0)
    two = folder / 'chapters' / 'two.md'
    two.write_text(two.read_text() + ''.join(f'\n\nA paragraph {n} to make the chapter long.\n' for n in range(60)))
    _wait(address, lambda s: s['pages'] == 1)
    modules = user_cache() / 'setup' / 'reader' / 'node_modules'
    run = subprocess.run(['node', str(ROOT / 'tools' / 'reader' / 'preview.mjs'), address, str(two),
                          str(folder / 'chapters' / 'one.md')], capture_output=True, text=True, timeout=180,
                         env={**os.environ, 'READER_MODULES': str(modules)})
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout)
    assert abs(seen['kept'] - seen['scrolled']['y']) < 5, seen
    state = json.loads(_get(address + 'state'))
    assert seen['moved']['hash'] == '#' + state['chapter'] and state['chapter'] != seen['scrolled']['id']
