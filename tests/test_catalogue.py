"""`invoke catalogue`: many books in one run, locally and on a Dask cluster on 127.0.0.1."""

import json
import subprocess
import sys

import dask
import pytest
from distributed import LocalCluster

from pressroom.catalogue import catalogue, write_report

from .conftest import FIXTURES, ROOT, copy_book


@pytest.fixture
def shelf(tmp_path):
    """Two good books and one whose metadata is wrong."""
    good = [copy_book(FIXTURES / 'small-book', tmp_path / name) for name in ('one', 'two')]
    bad = copy_book(FIXTURES / 'small-book', tmp_path / 'bad')
    text = (bad / 'metadata.yaml').read_text()
    (bad / 'metadata.yaml').write_text(text.replace('date: ', 'date: "someday"\nold_date: ', 1))
    return good, bad


def _assert_report(report, good, bad):
    assert report['built'] == 2 and report['failed'] == 1
    by_folder = {entry['book']: entry for entry in report['books']}
    for folder in good:
        entry = by_folder[str(folder.resolve())]
        assert entry['status'] == 'built' and entry['pages'] > 0 and entry['seconds'] > 0
        assert {'epub', 'kepub', 'pdf', 'print', 'cover', 'html'} <= set(entry['outputs'])
        assert all((folder / 'build' / output['file']).stat().st_size == output['bytes']
                   for output in entry['outputs'].values())
    failed = by_folder[str(bad.resolve())]
    assert failed['status'] == 'failed' and failed['exit_code'] == 1
    assert 'metadata.yaml' in failed['error'] and 'Traceback' not in failed['error']


def test_a_catalogue_builds_every_book_and_a_failing_one_does_not_stop_the_others(shelf, tmp_path):
    good, bad = shelf
    report = catalogue([*good, bad], workers=2)
    _assert_report(report, good, bad)
    data, page = write_report(report, tmp_path)
    assert json.loads(data.read_text())['books'] == report['books']
    assert 'failed: ' in page.read_text() and '2 built, 1 failed' in page.read_text()


def test_a_catalogue_runs_on_an_existing_cluster(shelf):
    good, bad = shelf
    with dask.config.set({'distributed.worker.daemon': False}), \
            LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host='127.0.0.1',
                         dashboard_address=None) as cluster:
        report = catalogue([*good, bad], scheduler=cluster.scheduler_address)
    assert report['scheduler'].startswith('tcp://127.0.0.1:')
    _assert_report(report, good, bad)


def test_invoke_catalogue_reports_each_book_and_fails_if_one_does(shelf, tmp_path):
    good, bad = shelf
    arguments = [arg for folder in (*good, bad) for arg in ('--book', str(folder))]
    run = subprocess.run([sys.executable, '-m', 'invoke', '-r', str(ROOT), 'catalogue', *arguments],
                         cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert sum(': built, ' in line for line in lines) == 2 and sum(': failed, ' in line for line in lines) == 1
    assert (tmp_path / 'build' / 'catalogue.json').is_file() and 'Traceback' not in run.stderr


# --- a private cluster, and faults told in one line ---------------------------------------------

def test_the_cluster_a_catalogue_starts_takes_no_one_else_and_serves_no_http():
    """Another process of the same user, even with TLS, cannot connect without the run's own
    certificate; nothing listens for HTTP."""
    import os
    import socket
    import ssl

    from distributed import Client
    from distributed.security import Security

    from pressroom.catalogue import CONNECT_SECONDS, private_cluster
    with private_cluster(1) as client:
        address = client.scheduler.address
        assert address.startswith('tls://127.0.0.1:')
        assert client.run(os.getpid)                              # the run itself can use it
        host, port = address.removeprefix('tls://').split(':')
        for security in (None, Security.temporary()):             # plain TCP; TLS with other credentials
            with pytest.raises((OSError, TimeoutError)):
                Client(address.replace('tls://', 'tcp://') if security is None else address,
                       security=security, timeout=3).close()
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        with socket.create_connection((host, int(port)), timeout=CONNECT_SECONDS) as raw, \
                pytest.raises((ssl.SSLError, OSError)), context.wrap_socket(raw) as tls:    # no client certificate
            tls.sendall(b'x' * 100)
            assert tls.recv(100) == b''
        def listening(server):      # tornado closes its sockets and keeps them listed
            return [sock.fileno() for sock in server.http_server._sockets.values() if sock.fileno() != -1]
        assert client.run_on_scheduler(lambda dask_scheduler: listening(dask_scheduler)) == []
        assert list(client.run(lambda dask_worker: listening(dask_worker)).values()) == [[]]


def test_a_scheduler_that_does_not_answer_is_one_line_exit_3(tmp_path):
    import time

    from pressroom.errors import SetupError
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'one')
    started = time.monotonic()
    for address in ('tls://127.0.0.1:9', 'tcp://127.0.0.1:9', 'nonsense'):
        with pytest.raises(SetupError) as raised:
            catalogue([folder], scheduler=address)
        assert raised.value.exit_code == 3 and '\n' not in str(raised.value)
    assert time.monotonic() - started < 60
    assert not (folder / 'build').exists()


def test_bad_folders_and_worker_counts_are_refused_before_any_work(tmp_path):
    from pressroom.errors import BookError
    good = copy_book(FIXTURES / 'small-book', tmp_path / 'good')
    (tmp_path / 'loop').symlink_to(tmp_path / 'loop')
    (tmp_path / 'empty').mkdir()
    for folders, workers, problem in (([good, tmp_path / 'loop'], 1, 'is a loop of symbolic links'),
                                      ([good, tmp_path / 'missing'], 1, 'does not exist'),
                                      ([good, tmp_path / 'empty'], 1, 'has no metadata.yaml'),
                                      ([good, tmp_path / 'good' / '.' ], 1, 'is given twice'),
                                      ([], 1, 'no books to build'),
                                      ([good], 0, 'not a whole number from 1 to'),
                                      ([good], 'abc', 'not a whole number from 1 to')):
        with pytest.raises(BookError, match=problem):
            catalogue(folders, workers=workers)
    assert not (good / 'build').exists()
    run = subprocess.run([sys.executable, '-m', 'invoke', '-r', str(ROOT), 'catalogue', '--book', str(good),
                          '--workers', 'abc'], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and run.stderr.count('\n') == 1 and '--workers' in run.stderr
