"""Many book folders built in one run, with one report: `invoke catalogue DIR...`.

Each book is one task of Dask distributed: on a cluster of this machine's cores by
default, or on an existing cluster given its scheduler's address. Dask is a maintained
engine that runs plain Python functions on a laptop and on a cluster alike, with the same
two calls, so the catalogue needs no scheduler of its own (Ray would do as well, but
brings a far larger runtime for the same two calls). A book that fails is reported with
its one-line message and the others go on; books share the user cache, whose entries are
written atomically and sealed (cache.py).
"""

import contextlib
import html
import io
import json
import time
from pathlib import Path

from .errors import BUG_EXIT, Problem

REPORT = 'catalogue'       # build/catalogue.json and build/catalogue.html


def build_book(folder, check=False):
    """One book built (and checked, if asked): a plain dict for the report."""
    from .build import build
    from .outputs import output_path, sha256
    from .sources.metadata import load_book
    started, said = time.monotonic(), io.StringIO()
    entry = {'book': str(folder)}
    try:
        with contextlib.redirect_stderr(said):
            results = build(folder)
            book = load_book(folder)
            entry['title'] = book.title
            entry['outputs'] = {name: {'file': path.name, 'bytes': path.stat().st_size, 'sha256': sha256(path)}
                                for name, (path, _) in results.items()}
            entry['pages'] = _pages(output_path(book, 'print'))
            if check:
                entry['validators'] = _validators(folder)
        entry['status'] = 'built'
    except Problem as error:
        entry.update(status='failed', error=str(error), exit_code=error.exit_code)
    except Exception as error:         # a bug in pressroom: reported, and the others go on
        entry.update(status='failed', error=f'pressroom failed unexpectedly ({type(error).__name__}: {error})',
                     exit_code=BUG_EXIT)
    entry['warnings'] = [line for line in said.getvalue().splitlines() if 'warning:' in line]
    entry['seconds'] = round(time.monotonic() - started, 2)
    return entry


def _pages(path):
    import pikepdf
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _validators(folder):
    """The findings `invoke check` prints, counted per output."""
    from .checks.validate import validate_outputs
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        failures = validate_outputs(folder)
    return {'failures': failures, 'report': said.getvalue().splitlines()}


def catalogue(folders, scheduler=None, workers=2, check=False):
    """The report of every book, in the order given. Without `scheduler` (a Dask address
    such as tcp://10.0.0.5:8786) a local cluster of `workers` processes on 127.0.0.1 runs them."""
    from distributed import Client, LocalCluster
    started = time.monotonic()
    folders = [str(Path(folder).resolve()) for folder in folders]
    with contextlib.ExitStack() as stack:
        if scheduler is None:
            import dask
            # A book's build lays out its pages in processes of its own, which a daemonic
            # worker may not start.
            stack.enter_context(dask.config.set({'distributed.worker.daemon': False}))
            cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                       host='127.0.0.1', dashboard_address=None))
            scheduler = cluster.scheduler_address
        client = stack.enter_context(Client(scheduler))
        futures = client.map(build_book, folders, check=check, pure=False)
        books = client.gather(futures)
    return {'books': books, 'seconds': round(time.monotonic() - started, 2), 'scheduler': scheduler,
            'built': sum(book['status'] == 'built' for book in books), 'failed':
            sum(book['status'] != 'built' for book in books)}


def write_report(report, folder):
    """build/catalogue.json and build/catalogue.html under `folder`; their paths."""
    from .outputs import write_atomic
    out = Path(folder) / 'build'
    out.mkdir(exist_ok=True)
    data, page = out / f'{REPORT}.json', out / f'{REPORT}.html'
    write_atomic(data, json.dumps(report, indent=1, ensure_ascii=False).encode())
    write_atomic(page, _html(report).encode())
    return data, page


def _html(report):
    rows = []
    for book in report['books']:
        outputs = ', '.join(f"{html.escape(o['file'])} ({o['bytes'] // 1024} KB)"
                            for o in book.get('outputs', {}).values())
        state = 'built' if book['status'] == 'built' else f"failed: {html.escape(book['error'])}"
        checked = book.get('validators')
        rows.append(f"<tr><td>{html.escape(book.get('title', book['book']))}</td><td>{state}</td>"
                    f"<td>{book.get('pages', '')}</td><td>{outputs}</td><td>{len(book['warnings'])}</td>"
                    f"<td>{'' if checked is None else checked['failures']}</td><td>{book['seconds']} s</td></tr>")
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Catalogue</title>'
            '<style>body{font-family:sans-serif}td,th{padding:.2em .6em;text-align:left;vertical-align:top}'
            '</style></head><body>'
            f"<h1>Catalogue: {report['built']} built, {report['failed']} failed, {report['seconds']} s</h1>"
            '<table><tr><th>book</th><th>state</th><th>pages</th><th>outputs</th><th>warnings</th>'
            f"<th>validator failures</th><th>time</th></tr>{''.join(rows)}</table></body></html>")
