"""`invoke preview`: serves on 127.0.0.1, follows each save, shows an error without losing
the last good view, and stops cleanly on Ctrl-C."""

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

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
