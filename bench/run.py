"""Benchmark our build against plain pandoc + WeasyPrint, on the lecture and a long generated book.

    python bench/run.py [--words N] [--skip-long]

Prints a table and writes every figure to build/bench.json. Each measured step runs
under its own wrapper process, so the CPU time and peak memory reported are that step's
alone (with every process it waited for), not totals over the whole benchmark.
"""

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypandoc
import yaml

REPO = Path(__file__).resolve().parent.parent
LONG_IDENTIFIER = 'urn:uuid:6f1c2a9e-3b7d-4e5a-9c81-2d4f6a8b0e13'
SEED = 1923
WORDS_PER_QUOTE = 300
MIN_CHAPTERS = 40
SIZES_TEMPLATE = REPO / 'tests' / 'fixtures' / 'small-book' / 'metadata.yaml'

# Runs the commands given as JSON in argv[1] one after another and prints their wall
# time, CPU time and peak memory. CPU time comes from RUSAGE_CHILDREN, which covers every
# descendant that was waited for (the build's worker processes and pandoc calls too).
# Peak memory is the largest sum, sampled every 50 ms, of the proportional set size (PSS)
# of all processes of the step running at once: workers forked from one process share
# pages, which PSS counts once, and several running together all count.
MEASURE = '''
import json, os, resource, subprocess, sys, time

def tree(root):
    children = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open(f'/proc/{entry}/stat') as stat:
                    parent = int(stat.read().rsplit(')', 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry))
    pids, pending = [], [root]
    while pending:
        pid = pending.pop()
        pids.append(pid)
        pending += children.get(pid, [])
    return pids

def pss_kb(pid):
    try:
        with open(f'/proc/{pid}/smaps_rollup') as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith('Pss:'))
    except (OSError, StopIteration):
        return 0

start, peak = time.perf_counter(), 0
for command in json.loads(sys.argv[1]):
    process = subprocess.Popen(command, stdout=sys.stderr)
    while process.poll() is None:
        peak = max(peak, sum(pss_kb(pid) for pid in tree(process.pid)))
        time.sleep(0.05)
    if process.returncode:
        sys.exit(process.returncode)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({'wall': wall, 'cpu': usage.ru_utime + usage.ru_stime, 'peak_mb': peak / 1024}))
'''


def measure(*commands, cwd=REPO, failing_ok=False):
    """Wall s, CPU s and peak MB of running `commands` in sequence; exits if one fails, or
    with `failing_ok` gives its last line as 'error' (a bound that stopped the build)."""
    env = {**os.environ, 'PYTHONPATH': os.pathsep.join(
        filter(None, [str(REPO), os.environ.get('PYTHONPATH')]))}
    result = subprocess.run([sys.executable, '-c', MEASURE, json.dumps(commands)],
                            cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode and failing_ok:
        return {'error': (result.stderr.strip().splitlines() or ['failed'])[-1], 'wall': 0}
    if result.returncode:
        sys.exit(f'benchmark step failed: {commands}\n{result.stderr}')
    return json.loads(result.stdout.splitlines()[-1])


def timed(folder):
    """A whole build of `folder` measured, or the line a bound stopped it with."""
    return measure(build_command(folder), failing_ok=True)


def build_command(folder, targets=None):
    arguments = repr(str(folder)) + (f', {targets!r}' if targets else '')
    return [sys.executable, '-c', f'from pressroom.build import build; build({arguments})']


# --- the books -------------------------------------------------------------------------

def copy_lecture(root):
    """The repository's own book, copied so that its build/ is left alone."""
    folder = root / 'lecture'
    folder.mkdir()
    shutil.copy(REPO / 'metadata.yaml', folder)
    shutil.copytree(REPO / 'manuscript', folder / 'manuscript')
    return folder


class Prose:
    """Deterministic English-like text: real function words and invented syllable words,
    drawn with a Zipf-like frequency so short common words repeat as in real prose (which
    matters to line breaking, hyphenation and WeasyPrint's text caches)."""

    FUNCTION_WORDS = ('the of and to a in that is was it for on as with by he his which at '
                      'from this not but be had they were an its their or this all would').split()
    ONSETS = ['', '', 'b', 'c', 'd', 'f', 'g', 'h', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w',
              'br', 'ch', 'cl', 'cr', 'dr', 'fr', 'gr', 'pl', 'pr', 'sh', 'st', 'th', 'tr']
    VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'i', 'ea', 'ou', 'io']
    CODAS = ['', '', '', 'n', 'r', 's', 't', 'l', 'nd', 'nt', 'st', 'ng', 'ct']

    def __init__(self, seed, size=4000):
        self.random = random.Random(seed)
        invented = {self._word() for _ in range(size)} - set(self.FUNCTION_WORDS)
        # Shortest first, so the frequent ranks get the short words; sorted for a fixed order.
        self.vocabulary = self.FUNCTION_WORDS + sorted(invented, key=lambda word: (len(word), word))
        # Zipf-Mandelbrot: 'the' comes out near its English share of about 5%.
        self.weights = [1 / (rank + 2.7) for rank in range(1, len(self.vocabulary) + 1)]

    def _word(self):
        syllables = self.random.choices((1, 2, 3, 4), weights=(5, 6, 3, 1))[0]
        return ''.join(self.random.choice(self.ONSETS) + self.random.choice(self.VOWELS)
                       + self.random.choice(self.CODAS) for _ in range(syllables))

    def words(self, count):
        return self.random.choices(self.vocabulary, self.weights, k=count)

    def title(self, count):
        return ' '.join(word.capitalize() for word in self.words(count))

    def sentence(self):
        words = self.words(self.random.randint(6, 24))
        if len(words) > 10:
            words[self.random.randint(3, len(words) - 4)] += ','
        return ' '.join(words).capitalize() + '.'

    def paragraph(self, length):
        """About `length` words of whole sentences; stopping half a sentence short keeps
        the book's total near the words asked for."""
        sentences = [self.sentence()]
        while sum(len(s.split()) for s in sentences) < length - 7:
            sentences.append(self.sentence())
        return ' '.join(sentences)

    def citation(self):
        return (f'[{self.title(1)}, *{self.title(self.random.randint(2, 5))}*, '
                f'Vol. {self.random.randint(1, 45)}, p. {self.random.randint(1, 700)}]')


def chapter_text(prose, number, words):
    """One chapter: a `#` heading, a few `##` sections, and a cited block quote every
    ~300 words, so the book has as many footnotes as the author's real prose."""
    sections = prose.random.randint(2, 4)
    blocks = [f'# Chapter {number}: {prose.title(prose.random.randint(2, 5))}']
    written = since_quote = 0
    for section in range(sections):
        blocks.append(f'## {prose.title(prose.random.randint(2, 4))}')
        while (left := words * (section + 1) / sections - written) > 0:
            if since_quote >= WORDS_PER_QUOTE:
                text = prose.paragraph(min(left, prose.random.randint(25, 70)))
                blocks.append(f'> {text} {prose.citation()}')
                since_quote = 0
            else:
                blocks.append(prose.paragraph(min(left, prose.random.randint(40, 140))))
            written += len(blocks[-1].split())
            since_quote += len(blocks[-1].split())
    return '\n\n'.join(blocks) + '\n'


def write_long_book(root, words):
    """A generated book of about `words` words, with metadata modelled on the lecture's."""
    folder = root / 'long'
    (folder / 'manuscript').mkdir(parents=True)
    prose = Prose(SEED)
    count = max(MIN_CHAPTERS, round(words / 7500))
    chapters = []
    for number in range(1, count + 1):
        path = f'manuscript/{number:03d}.md'
        (folder / path).write_text(chapter_text(prose, number, words / count), encoding='utf-8')
        chapters.append(path)
    metadata = yaml.safe_load((REPO / 'metadata.yaml').read_text(encoding='utf-8'))
    metadata.update(title='The Long Benchmark Book', subtitle='Generated prose for timing builds',
                    identifier=LONG_IDENTIFIER, chapters=chapters,
                    description=f'About {words} words of generated text with a cited quotation '
                                f'every {WORDS_PER_QUOTE} words, for benchmarking.')
    text = yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False)
    (folder / 'metadata.yaml').write_text(text, encoding='utf-8')
    return folder


# --- the measurements ------------------------------------------------------------------

def metadata(folder):
    return yaml.safe_load((folder / 'metadata.yaml').read_text(encoding='utf-8'))


def word_count(folder):
    return sum(len((folder / path).read_text(encoding='utf-8').split())
               for path in metadata(folder)['chapters'])


def output_mtimes(folder):
    """Modification times of the finished outputs (not the cache, which every build touches)."""
    return {path.name: path.stat().st_mtime_ns
            for path in (folder / 'build').iterdir() if path.is_file()}


def baseline(folder):
    """What a plain toolchain does with the same Markdown: pandoc to standalone HTML, then
    the weasyprint command for one PDF, in a folder of its own."""
    out = folder.parent / f'{folder.name}-baseline'
    out.mkdir()
    book = metadata(folder)
    html, pdf = str(out / 'base.html'), str(out / 'base.pdf')
    weasyprint = Path(sys.executable).parent / 'weasyprint'   # the venv's, beside its python
    return measure([pypandoc.get_pandoc_path(), *book['chapters'], '-s', '-o', html,
                    '--metadata', f'title={book["title"]}'],
                   [str(weasyprint), html, pdf],
                   cwd=folder)


def append_sentence(folder, note):
    """Change the chapter in the middle of the book, as an author's small edit would."""
    chapters = metadata(folder)['chapters']
    with open(folder / chapters[len(chapters) // 2], 'a', encoding='utf-8') as file:
        file.write(f'\nThe author added one more sentence here, {note}.\n')


def bench_book(name, folder):
    """All measurements for one book, as table rows."""
    shutil.rmtree(folder / 'build', ignore_errors=True)
    rows = [('ours, cold full build', measure(build_command(folder))),
            ('baseline, pandoc + weasyprint', baseline(folder))]
    before = output_mtimes(folder)
    noop = measure(build_command(folder))
    noop['outputs_unchanged'] = output_mtimes(folder) == before
    rows.append(('ours, no-op rebuild', noop))
    append_sentence(folder, 'for the EPUB-only rebuild')
    rows.append(('ours, 1 chapter changed, EPUB', measure(build_command(folder, ('epub',)))))
    append_sentence(folder, 'for the full rebuild')
    rows.append(('ours, 1 chapter changed, full', measure(build_command(folder))))
    base = rows[1][1]
    return [{'book': name, 'measurement': label, **figures,
             'wall_ratio': figures['wall'] / base['wall'], 'cpu_ratio': figures['cpu'] / base['cpu'],
             'memory_ratio': figures['peak_mb'] / base['peak_mb']}
            for label, figures in rows]


def bench_preview(folder):
    """The preview's two latencies after a save in the middle of the book: until its HTML,
    then its chapter's pages, are ready to show (in this process, as `invoke preview` runs
    them; the page's poll adds up to POLL_MS and the watcher 50 ms)."""
    from pressroom.preview import POLL_MS, Preview
    preview = Preview(folder)
    preview.rebuild()
    chapters = metadata(folder)['chapters']
    append_sentence(folder, 'for the preview')
    preview.rebuild([folder / chapters[len(chapters) // 2]])
    return {'html_s': round(preview.times['html'], 2), 'pages_s': round(preview.times['pages'], 2),
            'poll_ms': POLL_MS, 'watcher_ms': 50}


def bench_catalogue(root, count=8, words=6000):
    """`count` generated books built by the catalogue one at a time, then two at a time."""
    from pressroom.catalogue import catalogue
    folders = []
    for number in range(count):
        folder = write_long_book(root / f'shelf-{number}', words)
        folders.append(folder)
    figures = {}
    for label, workers in (('serial', 1), ('parallel', 2)):
        for folder in folders:
            shutil.rmtree(folder / 'build', ignore_errors=True)
        report = catalogue(folders, workers=workers)
        assert report['failed'] == 0, report
        figures[f'{label}_s'] = report['seconds']
    figures.update(books=count, words_each=words)
    return figures


# --- reporting -------------------------------------------------------------------------

def table(rows):
    lines = [f'{"book":<8} {"measurement":<32} {"wall s":>8} {"cpu s":>8} {"peak MB":>8} '
             f'{"wall/base":>9} {"cpu/base":>9} {"mem/base":>9}']
    for row in rows:
        note = {True: '  outputs unchanged', False: '  OUTPUTS REWRITTEN'}.get(
            row.get('outputs_unchanged'), '')
        lines.append(f'{row["book"]:<8} {row["measurement"]:<32} {row["wall"]:8.2f} '
                     f'{row["cpu"]:8.2f} {row["peak_mb"]:8.0f} {row["wall_ratio"]:9.2f} '
                     f'{row["cpu_ratio"]:9.2f} {row["memory_ratio"]:9.2f}{note}')
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--words', type=int, default=300000, help='size of the generated long book')
    parser.add_argument('--skip-long', action='store_true', help='benchmark only the lecture')
    parser.add_argument('--sizes-only', action='store_true', help='only the sizes of bench/sizes.py')
    options = parser.parse_args()
    import sizes  # beside this script, as run from bench/ (tests import this module alone)
    if options.sizes_only:
        return sizes_only()
    with tempfile.TemporaryDirectory(prefix='pressroom-bench-') as temporary:
        root = Path(temporary)
        books = {'lecture': copy_lecture(root)}
        if not options.skip_long:
            books['long'] = write_long_book(root, options.words)
        words = {name: word_count(folder) for name, folder in books.items()}
        rows = []
        for name, folder in books.items():
            print(f'benchmarking {name} ({words[name]} words)...', file=sys.stderr)
            rows += bench_book(name, folder)
        print('benchmarking the preview and the catalogue...', file=sys.stderr)
        preview = bench_preview(books.get('long', books['lecture']))
        shelf = bench_catalogue(root)
        print('benchmarking the sizes of bench/sizes.py...', file=sys.stderr)
        measured = sizes.bench_sizes(root, timed, SIZES_TEMPLATE)
    print(table(rows))
    print(f"preview ({'long' if 'long' in books else 'lecture'} book): HTML ready {preview['html_s']} s, "
          f"pages ready {preview['pages_s']} s after the save (the page polls every {preview['poll_ms']} ms, "
          f"the watcher waits {preview['watcher_ms']} ms)")
    print(f"catalogue of {shelf['books']} generated books of {shelf['words_each']} words: "
          f"{shelf['serial_s']} s one at a time, {shelf['parallel_s']} s two at a time")
    print(sizes.table(measured))
    write_figures({'words': words, 'results': rows, 'preview': preview, 'catalogue': shelf, 'sizes': measured})


def sizes_only():
    import sizes
    with tempfile.TemporaryDirectory(prefix='pressroom-bench-') as temporary:
        measured = sizes.bench_sizes(Path(temporary), timed, SIZES_TEMPLATE)
    print(sizes.table(measured))
    write_figures({'sizes': measured}, 'bench-sizes.json')


def write_figures(figures, name='bench.json'):
    report = {'machine': {'cpus': os.cpu_count(), 'platform': platform.platform(),
                          'python': platform.python_version()}, **figures}
    out = REPO / 'build' / name
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + '\n', encoding='utf-8')
    print(f'figures written to {out}')


if __name__ == '__main__':
    main()
