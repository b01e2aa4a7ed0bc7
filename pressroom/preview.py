"""`invoke preview`: the book open beside the editor. A page on 127.0.0.1 shows the HTML
intermediate and the pages of the chapter last edited, and follows each save: the HTML
first (one chapter through pandoc), then that chapter's pages: its run of chapters (from
the recto the run opens on) laid out alone, as it sets in the book, without the folios.
A build error shows in the page as the one line the command line gives; the last good
views stay. Nothing is served but this page, its state and files under build/, and only
to requests that name this server as their host (a web page elsewhere cannot read the book
through a name it points at 127.0.0.1). The terminal logs each rebuild.
"""

import errno
import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import BookError, Problem

PAGE_SCALE = 1.0           # pixels per point of the page images
POLL_MS = 300              # how often the page asks whether anything changed
# The book's own files may not run or fetch anything in the browser; the preview page
# runs only its own script and talks only to this server.
FILE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self' data:"
PAGE_POLICY = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'"
DEFAULT_PORT = 8000
PORTS_TRIED = 10           # a busy port: the next ones are tried, then the user is told
HOSTS = ('127.0.0.1', 'localhost')

PAGE = '''<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Preview</title><style>
body { margin: 0; font-family: sans-serif; display: grid; grid-template-columns: 1fr 1fr; height: 100vh; }
#error { position: fixed; top: 0; left: 0; right: 0; background: #b00; color: #fff; padding: .4em .8em; }
#error:empty { display: none; }
iframe { width: 100%; height: 100vh; border: 0; border-right: 1px solid #ccc; }
#pages { overflow: auto; height: 100vh; background: #888; text-align: center; }
#pages img { display: block; margin: 10px auto; max-width: 95%; box-shadow: 0 0 6px #333; }
</style></head><body><div id="error"></div><iframe id="html"></iframe><div id="pages"></div><script>
let seen = {html: -1, pages: -1, chapter: null};
const frame = document.getElementById('html');
// Where the reader is: kept across reloads of the page too.
frame.addEventListener('load', () => {
  const win = frame.contentWindow, wanted = sessionStorage.getItem('scroll');
  if (!location.hash && wanted !== null && !win.location.hash) win.scrollTo(0, Number(wanted));
  win.addEventListener('scroll', () => sessionStorage.setItem('scroll', String(win.scrollY)));
});
function chapterInView() {
  const doc = frame.contentDocument;
  if (!doc) return null;
  let found = null;
  for (const section of doc.querySelectorAll('section.chapter')) {
    if (section.getBoundingClientRect().top <= 1) found = section.id; else break;
  }
  return found;
}
function showHtml(state) {
  // The reader stays where they are while they edit the chapter they read; a save of another
  // chapter takes them to it.
  const here = chapterInView(), go = state.chapter && here !== null && here !== state.chapter;
  if (go) sessionStorage.removeItem('scroll');
  else if (frame.contentWindow && frame.contentDocument && frame.contentDocument.body) {
    sessionStorage.setItem('scroll', String(frame.contentWindow.scrollY));
  }
  frame.src = state.html_url + '?v=' + state.html + (go ? '#' + encodeURIComponent(state.chapter) : '');
}
function showPages(state) {
  // The pictures are swapped in place, so the pane keeps its scroll.
  const pane = document.getElementById('pages');
  const images = Array.from(pane.querySelectorAll('img'));
  state.page_urls.forEach((url, n) => {
    let image = images[n];
    if (!image) { image = document.createElement('img'); image.alt = 'page ' + (n + 1); pane.append(image); }
    image.src = url + '?v=' + state.pages;
  });
  images.slice(state.page_urls.length).forEach(image => image.remove());
}
async function poll() {
  try {
    const state = await (await fetch('/state')).json();
    document.getElementById('error').textContent = state.error || '';
    if (state.html !== seen.html && state.html >= 0) showHtml(state);
    if (state.pages !== seen.pages && state.pages >= 0) showPages(state);
    seen = state;
  } catch (error) {}
  setTimeout(poll, POLL_MS);
}
poll();
</script></body></html>'''.replace('POLL_MS', str(POLL_MS))


class Preview:
    """What the page shows, updated by `rebuild` and read by the server's threads."""

    def __init__(self, folder):
        from .sources.metadata import load_book
        self.folder = Path(os.path.realpath(folder))
        self.book = load_book(self.folder)
        self.lock = threading.Lock()
        self.html, self.pages, self.error = -1, -1, None
        self.images = []          # PNG bytes of the pages shown
        self.times = {}           # the last save's latencies: 'html' and 'pages', in seconds
        self.chapter = None       # the id of the chapter the last save changed, if it changed one
        self.shown = None         # the id of the chapter whose pages are shown

    def state(self):
        with self.lock:
            return {'html': self.html, 'pages': self.pages, 'error': self.error, 'chapter': self.chapter,
                    'html_url': '/' + str(self.book.build_dir.relative_to(self.folder) / f'{self.book.slug}.html'),
                    'page_urls': [f'/pages/{number}.png' for number in range(len(self.images))]}

    def rebuild(self, changed=(), saved=None):
        """Build the HTML, then lay out the saved chapter's pages, showing each as soon as
        it is there; `changed` are the paths saved, `saved` when (time.monotonic())."""
        from .build import build, cached_intermediate
        from .sources.chapters import read_chapters
        from .sources.metadata import load_book
        saved = saved or time.monotonic()
        self.times = {}
        try:
            build(self.folder, ('html',))
            self.book = load_book(self.folder)
            html = cached_intermediate(self.book, read_chapters(self.book))      # as the build just left it
            sections = _chapter_sections(html)
            names = {_shown(path, self.folder) for path in changed}
            edited = next((ident for ident, source in sections if source in names), None)
            with self.lock:
                self.html, self.error, self.chapter = self.html + 1, None, edited
                self.times['html'] = time.monotonic() - saved
            # The pages of the chapter saved; after a save of anything else, of the one shown.
            idents = [ident for ident, _ in sections]
            shown = edited or (self.shown if self.shown in idents else idents[0] if idents else None)
            images = self._chapter_pages(html, idents, shown)
            with self.lock:
                self.images, self.pages, self.shown = images, self.pages + 1, shown
                self.times['pages'] = time.monotonic() - saved
        except Problem as error:
            with self.lock:
                self.error = f'error: {error}'

    def summary(self, changed=()):
        """The terminal's line for the last rebuild."""
        names = sorted({_shown(path, self.folder) for path in changed})
        what = f"{', '.join(names[:3])}{' ...' if len(names) > 3 else ''} saved" if names else 'opened'
        if self.error and 'pages' not in self.times:
            return f'{time.strftime("%H:%M:%S")} {what}: {self.error}'
        took = ', '.join(f'{name} in {seconds:.1f} s' for name, seconds in self.times.items())
        return f'{time.strftime("%H:%M:%S")} {what}: rebuilt, {took} ({len(self.images)} pages shown)'

    def _chapter_pages(self, html, idents, ident):
        """The pages of chapter `ident` (`idents` are all the chapters, in order), as PNG."""
        import io

        import pypdfium2

        from .typeset.layout import lay_out_part
        from .typeset.paged import paged
        from .typeset.parts import run_of
        part = run_of(paged(html, self.book), ident) if ident else None
        if part is None:
            return []
        laid = lay_out_part(self.book, part.html(), part.css)
        following = idents[idents.index(ident) + 1:]
        first = laid.anchors.get(ident, 0)
        last = min([laid.anchors[later] for later in following if later in laid.anchors] + [len(laid.kinds)])
        document = pypdfium2.PdfDocument(laid.pdf)
        try:
            images = []
            for number in range(first, max(last, first + 1)):
                buffer = io.BytesIO()
                document[number].render(scale=PAGE_SCALE).to_pil().save(buffer, format='PNG')
                images.append(buffer.getvalue())
            return images
        finally:
            document.close()


def _shown(path, folder):
    """A saved file's path as the book names it (relative to the folder); realpath, since
    Path.resolve raises on a loop of symbolic links."""
    real = os.path.realpath(path)
    return os.path.relpath(real, folder) if Path(real).is_relative_to(folder) else str(path)


def _chapter_sections(html):
    """(section id, chapter file) of each chapter's section in the intermediate, in order."""
    import lxml.html
    root = lxml.html.document_fromstring(html)
    return [(section.get('id'), section.get('data-source')) for section in root.xpath('//section[@data-source]')]


def _say(line):
    print(line, flush=True)


def serve(folder, port=None, ready=_say, log=_say):
    """Serve the preview of the book in `folder` on 127.0.0.1:`port` (None: 8000; 0: any
    free port; a busy one: the next free one) until Ctrl-C; `ready(address)` is told the
    address first, then `log(line)` each rebuild."""
    import watchfiles

    from .paths import STYLES_DIR
    port = _port(port)
    preview = Preview(folder)
    server = _listen(port, _handler(preview))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ready(f'http://127.0.0.1:{server.server_address[1]}/')
    if port and server.server_address[1] != port:
        log(f'port {port} is in use, so the preview is on port {server.server_address[1]}')
    stop = threading.Event()
    try:
        preview.rebuild()
        log(preview.summary())
        build_dir = str(preview.book.build_dir)

        def wanted(change, path):
            return not Path(os.path.realpath(path)).is_relative_to(build_dir)
        for changes in watchfiles.watch(preview.folder, STYLES_DIR, watch_filter=wanted, stop_event=stop,
                                        debounce=50, step=20, raise_interrupt=True):
            changed = [path for _, path in changes]
            preview.rebuild(changed)
            log(preview.summary(changed))
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
    return preview


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A request that broke its handler (a client gone midway) ends quietly: the terminal
        is the author's, and no request may print a traceback there."""


def _port(port):
    try:
        number = DEFAULT_PORT if port is None else int(str(port).strip())
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise BookError(f'--port {str(port)[:20]!r} is not a port number from 0 to 65535 (0: any free one)')
    return number


def _listen(port, handler):
    """The server on 127.0.0.1:`port`, or on the next free one of PORTS_TRIED; a BookError
    saying what to do when all are in use."""
    for candidate in ([0] if port == 0 else range(port, min(port + PORTS_TRIED, 65536))):
        try:
            return _Server(('127.0.0.1', candidate), handler)
        except OSError as error:
            if error.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise BookError(f'cannot listen on 127.0.0.1:{candidate} ({error.strerror}); give another '
                                'port with --port N, or --port 0 for any free one') from None
    raise BookError(f'ports {port} to {candidate} on 127.0.0.1 are all in use (another preview?): stop '
                    'what uses them, or give --port N, or --port 0 for any free one')


def _handler(preview):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            # Another host name (one a web page points at 127.0.0.1 to rebind it) is refused.
            port = self.server.server_address[1]
            if self.headers.get('Host', '').strip().lower() not in {f'{host}:{port}' for host in HOSTS}:
                self.send_error(421, 'Misdirected Request')
                return
            try:
                self._get(self.path.split('?')[0])
            except Exception:         # no request may stop the server or print a traceback
                self.close_connection = True
                if not self.wfile.closed:
                    self.send_error(400)

        def _get(self, path):
            if path == '/':
                self._send(PAGE.encode(), 'text/html; charset=utf-8')
            elif path == '/state':
                self._send(json.dumps(preview.state()).encode(), 'application/json')
            elif path.startswith('/pages/') and path.endswith('.png'):
                with preview.lock:
                    images = preview.images
                number = path[len('/pages/'):-len('.png')]
                if re.fullmatch('[0-9]{1,6}', number) and int(number) < len(images):
                    self._send(images[int(number)], 'image/png')
                else:
                    self.send_error(404)
            else:
                self._send_file(path)

        def _send_file(self, path):
            """The built web page, and the book's images it shows; nothing else."""
            from urllib.parse import unquote

            from .sources.images import image_type
            page = preview.book.build_dir / f'{preview.book.slug}.html'
            try:
                target = Path(os.path.realpath(preview.folder / unquote(path, errors='strict').lstrip('/')))
                if target == page:
                    kind = 'text/html; charset=utf-8'
                elif target.is_relative_to(preview.folder) and target.is_file():
                    kind = image_type(target)[0]
                else:
                    raise ValueError
                self._send(target.read_bytes(), kind, FILE_POLICY)
            except (ValueError, KeyError, OSError, Problem):    # a NUL, bad UTF-8, no such image
                self.send_error(404)

        def _send(self, body, kind, policy=PAGE_POLICY):
            self.send_response(200)
            self.send_header('Content-Type', kind)
            self.send_header('Content-Security-Policy', policy)
            self.send_header('Content-Length', str(len(body)))
            self.send_header('Cache-Control', 'no-store')
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):      # the terminal is the author's, not a server log
            pass

        def log_error(self, *args):
            pass
    return Handler
