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
