"""The sizes a book can come in that once made a build run on for minutes: each built whole
(every output) at a tenth of the size and at the size, so the table shows the time a unit
of input costs and how the time grows from 1x to 10x input (10 is linear).

    python bench/run.py --sizes-only
"""

import shutil

import yaml

# name: (the size, its unit, the Markdown of a book that size), cheapest first
CASES = {
    # A list nested as deep as the nesting limit lets (60 levels: two a list, the chapter's own).
    'list depth': (28, 'level', lambda n: ['# List\n\n' + ''.join('    ' * d + '- item\n' for d in range(n))]),
    'code line': (1_000_000, 'byte', lambda n: ['# Code\n\n```\n' + ' '.join(['word'] * (n // 5)) + '\n```\n']),
    'table rows': (10000, 'row', lambda n: ['# Table\n\n| a | b | c |\n|---|---|---|\n' + ''.join(
        f'| {i} | cell {i} | x |\n' for i in range(n))]),
    'chapters': (5000, 'chapter', lambda n: [f'# Chapter {i}\n\nA short chapter of some words, number {i}.\n'
                                             for i in range(n)]),
    'notes': (20000, 'note', lambda n: ['# Notes\n\n' + '\n\n'.join(
        f'A sentence with a note.[^n{i}]\n\n[^n{i}]: The note {i}.' for i in range(n)) + '\n']),
    'formulas': (10000, 'formula', lambda n: ['# Math\n\n' + '\n\n'.join(
        f'Formula $x_{{{i}}} = \\frac{{a}}{{b+{i}}}$ here.' for i in range(n)) + '\n']),
}
# Books measured over a default bound have it raised, to show how the time grows.
RAISED = {'limits': {'chapters': 5000}}


def write_book(root, name, chapters, template):
    folder = root / name.replace(' ', '-')
    shutil.rmtree(folder, ignore_errors=True)
    (folder / 'c').mkdir(parents=True)
    metadata = yaml.safe_load(template.read_text(encoding='utf-8'))
    names = []
    for number, text in enumerate(chapters, 1):
        names.append(f'c/{number:05}.md')          # short names: metadata.yaml has a bound of its own
        (folder / names[-1]).write_text(text, encoding='utf-8')
    metadata.update(RAISED, chapters=names)
    (folder / 'metadata.yaml').write_text(yaml.safe_dump(metadata, sort_keys=False), encoding='utf-8')
    return folder


def bench_sizes(root, timed, template, cases=CASES):
    """Rows of figures; `timed(folder)` builds a book and measures it, `template` is the
    metadata.yaml the books take theirs from."""
    rows = []
    for name, (size, unit, make) in cases.items():
        figures = {}
        for share in (10, 1):
            count = max(1, size // share)
            folder = write_book(root, f'{name}-{count}', make(count), template)
            figures[count] = timed(folder)
            shutil.rmtree(folder, ignore_errors=True)
        small, whole = (figures[key] for key in sorted(figures))
        rows.append({'case': name, 'unit': unit, 'sizes': sorted(figures), 'small': small, 'whole': whole,
                     'per_unit_ms': round(1000 * whole['wall'] / size, 2) if 'error' not in whole else None,
                     'growth': round(whole['wall'] / small['wall'], 1) if 'error' not in {**whole, **small} else None})
    return rows


def table(rows):
    lines = [f'{"case":<12} {"sizes":>16} {"wall s (1x, 10x)":>20} {"peak MB":>10} {"ms a unit":>12} {"growth":>7}']
    for row in rows:
        small, whole = row['small'], row['whole']
        wall = f"{small['wall']:.1f}, {whole['wall']:.1f}" if 'error' not in whole else whole['error'][:60]
        lines.append(f"{row['case']:<12} {'/'.join(map(str, row['sizes'])):>16} {wall:>20} "
                     f"{whole.get('peak_mb', 0):10.0f} {row['per_unit_ms'] or '':>12} {row['growth'] or '':>7}")
    return '\n'.join(lines)
