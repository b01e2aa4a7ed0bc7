"""The screen PDF as a screen reader follows it: a PDF/UA rule checker (outloud), the tag
tree read element by element, the links as mupdf finds them, the text layer's hyphens;
and `invoke check` failing each fault when it is put back."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pikepdf
import pytest

from pressroom.checks import tagged
from pressroom.checks.validate import pdf_findings
from pressroom.outputs import output_path
from pressroom.typeset.paged import paged
from pressroom.writers.pdf import structure

OUTLOUD = Path(sys.executable).parent / 'outloud'


def _books(request):
    lecture, _ = request.getfixturevalue('lecture')
    return [lecture, request.getfixturevalue('feature')]


def _tree(path):
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        elements = list(structure.elements_under(pdf.Root.StructTreeRoot))
        yield pdf, pages, elements


def _inside(element, kind):
    while _is_element(element.get('/P')):
        element = element.P
        if tagged.is_a(element, kind):
            return True
    return False


def _is_element(value):
    return isinstance(value, pikepdf.Dictionary) and '/S' in value


@pytest.mark.parametrize('which', ['lecture', 'feature'])
def test_a_pdf_ua_checker_finds_no_error(which, request):
    book = request.getfixturevalue(which)
    book = book[0] if isinstance(book, tuple) else book
    run = subprocess.run([str(OUTLOUD), '--json', '-', str(output_path(book, 'pdf'))],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)['results'][0]
    errors = [finding for finding in report['findings'] if finding['severity'] == 'error']
    assert errors == [] and report['stats']['tagged']
    ran = {rule['rule'] for rule in report['rules'] if rule['status'] == 'ran'}
    assert len(ran) > 20 and report['stats']['features']['links']


def test_notes_are_notes_referenced_from_their_calls(lecture):
    book, _ = lecture
    for pdf, _, elements in _tree(output_path(book, 'pdf')):
        notes = [element for element in elements if tagged.is_a(element, 'Note')]
        assert len(notes) == 28 and len({str(note.ID) for note in notes}) == 28
        assert all(tagged.is_a(structure.kids_of(note)[0], 'Lbl') for note in notes)
        references = [element for element in elements if tagged.is_a(element, 'Reference')]
        targets = [str(annotation.Dest) for reference in references for link in structure.kids_of(reference)
                   for annotation in tagged._annotations(link)]
        assert sorted(targets) == sorted(str(note.ID) for note in notes)
        # each note follows the paragraph that calls it, in the same section
        for note in notes:
            siblings = structure.kids_of(note.P)
            index = next(n for n, kid in enumerate(siblings) if kid.objgen == note.objgen)
            assert any(tagged.is_a(siblings[index - 1 - back], 'P') for back in range(index))
        names = {str(name) for name, _ in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
        assert set(targets) <= names


def test_note_calls_are_links_a_viewer_finds(lecture):
    import pymupdf  # mupdf, as PyMuPDF drives it (outloud's own reader)
    book, _ = lecture
    with pymupdf.open(output_path(book, 'pdf')) as document:
        links = [(page.number + 1, link) for page in document for link in page.get_links()]
    assert len(links) == 28 + 14              # a link for each call, one for each contents entry
    assert all(link['from'].width > 0 and link['from'].height > 0 for _, link in links)


@pytest.mark.parametrize('which', ['lecture', 'feature'])
def test_one_p_a_paragraph_one_link_an_entry_and_an_h1_first(which, request):
    book = request.getfixturevalue(which)
    book = book[0] if isinstance(book, tuple) else book
    root = lxml.html.fromstring(paged(output_path(book, 'html').read_text(), book))
    paragraphs = [p for p in root.iter('p') if 'fn' not in p.xpath('string(ancestor::span[1]/@class)').split()]
    entries = root.xpath('//nav[@id="contents"]//a')
    for _, _, elements in _tree(output_path(book, 'pdf')):
        ps = [element for element in elements if tagged.is_a(element, 'P') and not _inside(element, 'Note')]
        titles = [element for element in elements if tagged.is_a(element, 'H1')]
        assert len(ps) + 1 == len(paragraphs)       # the title page's title is the H1
        contents = [element for element in elements if tagged.is_a(element, 'Link') and _inside(element, 'L')]
        assert len(contents) == len(entries)
        for link in contents:
            annotations = tagged._annotations(link)
            assert len(annotations) == 1 and not any(structure.is_element(kid) for kid in structure.kids_of(link))
            x0, y0, x1, y1 = (float(v) for v in annotations[0].Rect)
            assert x1 - x0 > 50 and y1 - y0 > 5
        headings = [element for element in elements if str(element.S)[:2] == '/H']
        assert tagged.is_a(headings[0], 'H1') and titles
        assert tagged.findings(output_path(book, 'pdf')) == []


def test_formulas_are_described_in_words(feature):
    for _, _, elements in _tree(output_path(feature, 'pdf')):
        described = [str(element.get('/Alt', '')) for element in elements if tagged.is_a(element, 'Figure')]
        assert 'the integral from 0 to 1 of x squared d x equals 1 over 3' in described
        assert 'E equals m c squared' in described
        assert not any('\\' in alt for alt in described)


def test_real_hyphens_stay_and_break_hyphens_join(lecture):
    book, _ = lecture
    text = subprocess.run(['pdftotext', str(output_path(book, 'pdf')), '-'], capture_output=True, text=True,
                          check=True).stdout
    source = output_path(book, 'html').read_text()
    ends = [line.split()[-1] for line in text.splitlines() if line.split()]
    real = [word for word in ends if word.endswith('\u2010')]
    assert real and not [word for word in ends if word.endswith('-')]     # break hyphens joined away
    for word in real:                      # an author's hyphen: the word is hyphenated in the source
        assert word[:-1] + '-' in source, word


def test_check_fails_each_tagging_fault_put_back(lecture, tmp_path):
    book, _ = lecture
    faulty = tmp_path / 'faulty.pdf'
    shutil.copy(output_path(book, 'pdf'), faulty)
    with pikepdf.open(faulty, allow_overwriting_input=True) as pdf:
        elements = list(structure.elements_under(pdf.Root.StructTreeRoot))
        note = next(element for element in elements if tagged.is_a(element, 'Note'))
        del note['/ID']
        links = [element for element in elements if tagged.is_a(element, 'Link')]
        links[1].K = pikepdf.Array([*structure.kids_of(links[1]), links[2]])       # a link inside a link
        first = next(element for element in elements if tagged.is_a(element, 'H1'))
        first.S = pikepdf.Name.H2
        for page in pdf.pages:
            for annotation in page.obj.get('/Annots', ()):
                annotation.F = 0
        pdf.save(faulty)
    messages = [finding.message for finding in pdf_findings(faulty, book, 'pdf') if finding.level == 'error']
    for wanted in ('without an ID', 'Link inside a Link', 'first heading is an H2', 'without the Print flag'):
        assert any(wanted in message for message in messages), (wanted, messages)
