"""Many book folders built in one run, with one report: `invoke catalogue DIR...`.

Each book is one task of Dask distributed: on a cluster of this machine's cores by
default, or on an existing cluster given its scheduler's address. The cluster it starts
itself is private to the run: on 127.0.0.1 only, every connection TLS with a key and
certificate made for the run and held in memory (so no other process, even of the same
user, can run code on its workers), and no HTTP routes (no dashboard, no status pages).
Every book folder is checked before any work starts. Dask is a maintained
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
import os
import time
from pathlib import Path

from .errors import BUG_EXIT, BookError, Problem, SetupError, warn

REPORT = 'catalogue'       # build/catalogue.json and build/catalogue.html
MAX_WORKERS = 64
CONNECT_SECONDS = 10       # how long a scheduler may take to answer
# The local cluster: pages are laid out in processes of each build's own, which a daemonic
# worker may not start; no HTTP routes on the scheduler or the workers (their servers then
# answer nothing but "not found").
LOCAL_CONFIG = {'distributed.worker.daemon': False, 'distributed.scheduler.http.routes': [],
                'distributed.worker.http.routes': [], 'distributed.comm.timeouts.connect': f'{CONNECT_SECONDS}s'}


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
    such as tls://10.0.0.5:8786) a private local cluster of `workers` processes runs them.
    BookError for a folder that is no book, or a bad number of workers, before any work;
    SetupError (exit 3) for any fault of the scheduler or the cluster."""
    import dask
    from distributed import Client
    started = time.monotonic()
    folders = book_folders(folders)
    workers = worker_count(workers)
    with contextlib.ExitStack() as stack, _cluster_faults(scheduler):
        if scheduler is None:
            client = stack.enter_context(private_cluster(workers))
        else:
            if not scheduler.startswith('tls://'):
                warn(f'{scheduler[:80]} is not a tls:// address: whoever reaches that scheduler can run code on '
                     'its workers; see the README for a cluster that takes only its own')
            stack.enter_context(dask.config.set({'distributed.comm.timeouts.connect': f'{CONNECT_SECONDS}s'}))
            client = stack.enter_context(Client(scheduler, timeout=CONNECT_SECONDS))
        address = client.scheduler.address
        futures = client.map(build_book, folders, check=check, pure=False)
        books = client.gather(futures)
    return {'books': books, 'seconds': round(time.monotonic() - started, 2), 'scheduler': address,
            'built': sum(book['status'] == 'built' for book in books), 'failed':
            sum(book['status'] != 'built' for book in books)}


@contextlib.contextmanager
def private_cluster(workers):
    """A client of a local cluster of `workers` processes that only this run can use: on
    127.0.0.1, TLS both ways with a certificate made now and held in memory, no HTTP."""
    import dask
    from distributed import Client, LocalCluster
    from distributed.security import Security
    security = Security.temporary()
    with dask.config.set(LOCAL_CONFIG), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host='127.0.0.1',
                         protocol='tls://', security=security, dashboard_address=None) as cluster, \
            Client(cluster, security=security, timeout=CONNECT_SECONDS) as client:
        client.run_on_scheduler(_stop_http)
        client.run(_stop_http)
        yield client


def _stop_http(dask_scheduler=None, dask_worker=None):
    """Dask starts an HTTP server on the scheduler and each worker whatever it is asked; the
    private cluster's are closed at once (they have no routes meanwhile)."""
    (dask_scheduler or dask_worker).http_server.stop()


def book_folders(folders):
    """The book folders as absolute paths, each checked to be one (a folder holding a
    metadata.yaml, reached without a loop of links) and given once; BookError otherwise."""
    found = []
    for folder in folders:
        real = Path(os.path.realpath(folder))
        try:
            problem = (None if (real / 'metadata.yaml').is_file() else
                       'has no metadata.yaml, so it is no book folder' if real.is_dir() else
                       'is not a folder' if real.exists() else
                       'is a loop of symbolic links' if Path(folder).is_symlink() else 'does not exist')
        except OSError as error:
            problem = f'cannot be read ({error.strerror})'
        if problem:
            raise BookError(f'{problem}; give each book folder with --book', folder)
        if str(real) in found:
            raise BookError('is given twice; give each book once', folder)
        found.append(str(real))
    if not found:
        raise BookError('no books to build: give each book folder with --book DIR')
    return found


def worker_count(workers):
    """The number of local workers, from 1 to MAX_WORKERS; BookError for anything else."""
    try:
        count = int(str(workers).strip())
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_WORKERS:
        raise BookError(f'--workers {str(workers)[:20]!r} is not a whole number from 1 to {MAX_WORKERS}')
    return count


@contextlib.contextmanager
def _cluster_faults(scheduler):
    """Any fault of the scheduler or the cluster (none answers, an address that is no
    address, TLS refused, a worker lost) as one line, exit 3."""
    try:
        yield
    except (Problem, KeyboardInterrupt):
        raise
    except Exception as error:
        said = ' '.join(f'{type(error).__name__}: {error}'.split())[:200]
        if scheduler is None:
            raise SetupError(f'the local Dask cluster failed ({said}); rerun ./book to repair the set-up, '
                             'or run with --workers 1') from None
        raise SetupError(f'the Dask scheduler at {scheduler[:80]} cannot be used ({said}): check that it '
                         'runs and that this machine reaches it, and the TLS settings (see the README)') from None


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
