"""`invoke preview`: the book open beside the editor. A page on 127.0.0.1 shows the HTML
intermediate and the pages of the chapter last edited, and follows each save: the HTML
first (one chapter through pandoc), then that chapter's pages: its run of chapters (from
the recto the run opens on) laid out alone, as it sets in the book, without the folios.
A build error shows in the page as the one line the command line gives; the last good
views stay. Nothing is served but this page, its state and files under build/.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import Problem

PAGE_SCALE = 1.0           # pixels per point of the page images
POLL_MS = 300              # how often the page asks whether anything changed
# The book's own files may not run or fetch anything in the browser; the preview page
# runs only its own script and talks only to this server.
FILE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self' data:"
PAGE_POLICY = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'"

PAGE = '''<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Preview</title><style>
body { margin: 0; font-family: sans-serif; display: grid; grid-template-columns: 1fr 1fr; height: 100vh; }
#error { position: fixed; top: 0; left: 0; right: 0; background: #b00; color: #fff; padding: .4em .8em; }
#error:empty { display: none; }
iframe { width: 100%; height: 100vh; border: 0; border-right: 1px solid #ccc; }
#pages { overflow: auto; height: 100vh; background: #888; text-align: center; }
#pages img { display: block; margin: 10px auto; max-width: 95%; box-shadow: 0 0 6px #333; }
</style></head><body><div id="error"></div><iframe id="html"></iframe><div id="pages"></div><script>
let seen = {html: -1, pages: -1};
async function poll() {
  try {
    const state = await (await fetch('/state')).json();
    document.getElementById('error').textContent = state.error || '';
    if (state.html !== seen.html && state.html >= 0) {
      document.getElementById('html').src = state.html_url + '?v=' + state.html;
    }
    if (state.pages !== seen.pages && state.pages >= 0) {
      document.getElementById('pages').innerHTML = state.page_urls.map(
        url => '<img alt="page" src="' + url + '?v=' + state.pages + '">').join('');
    }
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
        self.folder = Path(folder).resolve()
        self.book = load_book(self.folder)
        self.lock = threading.Lock()
        self.html, self.pages, self.error = -1, -1, None
        self.images = []          # PNG bytes of the pages shown
        self.times = {}           # the last save's latencies: 'html' and 'pages', in seconds

    def state(self):
        with self.lock:
            return {'html': self.html, 'pages': self.pages, 'error': self.error,
                    'html_url': '/' + str(self.book.build_dir.relative_to(self.folder) / f'{self.book.slug}.html'),
                    'page_urls': [f'/pages/{number}.png' for number in range(len(self.images))]}

    def rebuild(self, changed=(), saved=None):
        """Build the HTML, then lay out the saved chapter's pages, showing each as soon as
        it is there; `changed` are the paths saved, `saved` when (time.monotonic())."""
        from .build import build
        saved = saved or time.monotonic()
        try:
            build(self.folder, ('html',))
            with self.lock:
                self.html, self.error = self.html + 1, None
                self.times['html'] = time.monotonic() - saved
            images = self._chapter_pages(changed)
            with self.lock:
                self.images, self.pages = images, self.pages + 1
                self.times['pages'] = time.monotonic() - saved
        except Problem as error:
            with self.lock:
                self.error = f'error: {error}'

    def _chapter_pages(self, changed):
        """The pages of the chapter last saved (the first chapter if none was), as PNG."""
        import io

        import pypdfium2

        from .build import cached_intermediate
        from .sources.chapters import read_chapters
        from .sources.metadata import load_book
        from .typeset.layout import lay_out_part
        from .typeset.paged import paged
        from .typeset.parts import run_of
        self.book = load_book(self.folder)
        html = cached_intermediate(self.book, read_chapters(self.book))      # as the build just left it
        saved = {str(Path(path).resolve().relative_to(self.folder)) for path in changed
                 if Path(path).resolve().is_relative_to(self.folder)}
        sections = _chapter_sections(html)
        ident = next((ident for ident, source in sections if source in saved), sections[0][0] if sections else None)
        part = run_of(paged(html, self.book), ident) if ident else None
        if part is None:
            return []
        laid = lay_out_part(self.book, part.html(), part.css)
        following = [ident for ident, _ in sections][[i for i, _ in sections].index(ident) + 1:]
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


def _chapter_sections(html):
    """(section id, chapter file) of each chapter's section in the intermediate, in order."""
    import lxml.html
    root = lxml.html.document_fromstring(html)
    return [(section.get('id'), section.get('data-source')) for section in root.xpath('//section[@data-source]')]


def serve(folder, port=8000, ready=print):
    """Serve the preview of the book in `folder` on 127.0.0.1:`port` (0: any free port)
    until Ctrl-C; `ready(address)` is told the address first."""
    import watchfiles

    from .paths import STYLES_DIR
    preview = Preview(folder)
    server = ThreadingHTTPServer(('127.0.0.1', int(port)), _handler(preview))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ready(f'http://127.0.0.1:{server.server_address[1]}/')
    stop = threading.Event()
    try:
        preview.rebuild()
        build_dir = preview.book.build_dir

        def wanted(change, path):
            return not Path(path).resolve().is_relative_to(build_dir)
        for changes in watchfiles.watch(preview.folder, STYLES_DIR, watch_filter=wanted, stop_event=stop,
                                        debounce=50, step=20, raise_interrupt=True):
            preview.rebuild([path for _, path in changes])
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
    return preview


def _handler(preview):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            path = self.path.split('?')[0]
            if path == '/':
                self._send(PAGE.encode(), 'text/html; charset=utf-8')
            elif path == '/state':
                self._send(json.dumps(preview.state()).encode(), 'application/json')
            elif path.startswith('/pages/') and path.endswith('.png'):
                with preview.lock:
                    images = preview.images
                number = path[len('/pages/'):-len('.png')]
                if number.isdigit() and int(number) < len(images):
                    self._send(images[int(number)], 'image/png')
                else:
                    self.send_error(404)
            else:
                self._send_file(path)

        def _send_file(self, path):
            """The built web page, and the book's images it shows; nothing else."""
            from urllib.parse import unquote

            from .sources.images import image_type
            target = (preview.folder / unquote(path).lstrip('/')).resolve()
            page = preview.book.build_dir / f'{preview.book.slug}.html'
            try:
                if target == page:
                    kind = 'text/html; charset=utf-8'
                elif target.is_relative_to(preview.folder) and target.is_file():
                    kind = image_type(target)[0]
                else:
                    raise ValueError
                self._send(target.read_bytes(), kind, FILE_POLICY)
            except (ValueError, KeyError, OSError, Problem):
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
    return Handler
