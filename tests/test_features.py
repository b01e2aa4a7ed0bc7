"""The feature book (tests/fixtures/feature-book): each construct a backlist holds, checked in
the HTML, the EPUB and the PDFs, and the whole book clean under the validators."""

import re
import subprocess
import zipfile

import lxml.html
import pikepdf
import pytest

from pressroom.build import build
from pressroom.checks.preflight import _words
from pressroom.checks.validate import ace, epubcheck, pdf_findings
from pressroom.errors import BookError
from pressroom.outputs import output_path
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES, copy_book
from .test_epub_screens import CHROMIUM

MATHML = '{http://www.w3.org/1998/Math/MathML}'


def html(book):
    return lxml.html.parse(str(output_path(book, 'html'))).getroot()


def epub_chapter(book, number):
    with zipfile.ZipFile(output_path(book, 'epub')) as archive:
        return lxml.html.fromstring(archive.read(f'EPUB/text/chapter-{number:02}.xhtml'))


def pages(book, name='pdf'):
    """[(page number, [(word, (x0, y0, x1, y1))])] of a PDF, in points from the bottom left."""
    return _words(output_path(book, name))


def page_text(book, name='pdf'):
    return [' '.join(word for word, _ in words) for _, words in pages(book, name)]


def inside_the_page(book, name='pdf'):
    """Words that reach into the page's outer 0.4in, where no text of ours belongs."""
    with pikepdf.open(output_path(book, name)) as pdf:
        trims = [[float(v) for v in page.obj.get('/TrimBox', page.mediabox)] for page in pdf.pages]
    outside = []
    for number, words in pages(book, name):
        left, bottom, right, top = trims[number - 1]
        outside += [(number, word) for word, (x0, _, x1, _) in words
                    if x0 < left + 0.4 * 72 or x1 > right - 0.4 * 72]
    return outside


# Tables

def test_tables_keep_caption_and_header_in_html_and_epub(feature):
    for root in (html(feature), epub_chapter(feature, 2)):
        tables = root.xpath('//table')
        assert len(tables) == 3
        assert tables[0].findtext('caption').strip() == 'Print runs by year'
        assert all(table.find('thead') is not None for table in tables)


def test_a_long_table_repeats_its_header_row_on_each_pdf_page(feature):
    text = page_text(feature)
    rows = [number for number, words in enumerate(text, 1) if re.search(r'\bItem (one|forty)\b', words)]
    header = [number for number, words in enumerate(text, 1) if 'Number Name of the item Value' in words]
    assert len(rows) == 2 and rows[1] == rows[0] + 1 and header == rows


def test_a_wide_table_and_long_code_lines_stay_inside_the_measure(feature):
    assert inside_the_page(feature) == []
    assert inside_the_page(feature, 'print') == []
    assert 'dropped' in ' '.join(page_text(feature))      # the wide table's last column is there


def test_a_wide_table_does_not_overflow_a_phone_screen(feature, tmp_path):
    """The EPUB's table chapter printed by Chromium on a page as wide as a phone (360 px):
    every word of the table is on the page, none past its edge."""
    folder = tmp_path / 'epub'
    with zipfile.ZipFile(output_path(feature, 'epub')) as archive:
        archive.extractall(folder)
    chapter = folder / 'EPUB' / 'text' / 'chapter-02.xhtml'
    chapter.write_text(chapter.read_text().replace(
        '</head>', '<style>@page { size: 360px 3000px; margin: 0 }</style></head>'))
    pdf = tmp_path / 'phone.pdf'
    subprocess.run([*CHROMIUM, f'--user-data-dir={tmp_path / "profile"}', '--no-pdf-header-footer',
                    f'--print-to-pdf={pdf}', chapter.as_uri()], check=True, capture_output=True, timeout=60)
    words = [word for _, page in _words(pdf) for word in page]
    assert words and max(box[2] for _, box in words) <= 360 * 0.75 + 0.5
    assert {'Binding', 'Abridged;', 'dropped'} <= {word for word, _ in words}


# Figures

def test_figures_have_captions_and_descriptions_everywhere(feature):
    for root in (html(feature), epub_chapter(feature, 3)):
        figure = root.xpath('//figure')[0]
        assert figure.find('.//img').get('alt') == 'A plain grey square.'
        assert figure.findtext('figcaption').strip() == 'The square, a figure of the feature book'
    with pikepdf.open(output_path(feature, 'pdf')) as pdf:
        alts = [str(node.get('/Alt')) for node in _structure(pdf.Root.StructTreeRoot) if node.get('/S') == '/Figure']
    assert 'A plain grey square.' in alts


def test_a_picture_too_coarse_for_print_is_reported_once(feature):
    """The figure (600 px, with transparency) set 4 in wide: one warning, not one for its mask too."""
    findings = pdf_findings(output_path(feature, 'print'), feature, 'print')
    assert [finding.level for finding in findings if 'ppi' in finding.message] == ['warning']


# Code

def test_code_blocks_keep_their_lines_and_indents(feature):
    for root in (html(feature), epub_chapter(feature, 4)):
        lines = root.xpath('//pre/code/span[@class="line"]')
        assert [line.text_content() for line in lines][:2] == ['def count_words(text):',
                                                               '    """Count the words of a text."""']


def test_code_is_set_in_an_embedded_monospace_face(feature):
    fonts = subprocess.run(['pdffonts', str(output_path(feature, 'pdf'))], capture_output=True, text=True).stdout
    assert 'SourceCodePro-Regular' in fonts
    with zipfile.ZipFile(output_path(feature, 'epub')) as archive:
        names = archive.namelist()
        css = archive.read('EPUB/style/book.css').decode()
    assert 'EPUB/fonts/source-code-pro-regular.ttf' in names and 'EPUB/fonts/source-code-pro-LICENSE.txt' in names
    assert 'font-family: "Source Code Pro"' in css


def test_a_long_code_line_wraps_and_hangs_deeper_than_its_indent(feature):
    words = next(w for _, w in pages(feature) if any(word == 'count_words(text):' for word, _ in w))
    code = words[next(i for i, (word, _) in enumerate(words) if word == 'def'):]
    start = {word: box for word, box in reversed(code)}      # each word's first place in the code
    lines = {round(box[1]) for word, box in code if word in ('return', 'that', 'margin')}
    assert len(lines) == 3         # `return …` runs over onto two more lines
    assert start['that'][0] > start['return'][0] > start['def'][0]


# Lists, breaks and inline styles

def test_definition_lists_indent_the_definition(feature):
    assert [dt.text for dt in html(feature).iter('dt')] == ['Octavo', 'Quarto']
    assert len(epub_chapter(feature, 2).xpath('//dl/dd')) == 2
    words = dict(word for _, page in pages(feature) for word in page)
    assert words['Quarto'][0] + 12 < words['quarter'][0]       # its definition's line is indented


def test_a_section_break_is_an_ornament_in_every_output(feature):
    assert html(feature).xpath('//section[@id="figures"]//hr')
    assert epub_chapter(feature, 3).xpath('//hr')
    assert any('* * *' in text for text in page_text(feature))


def test_inline_styles_reach_every_output(feature):
    for root in (html(feature), epub_chapter(feature, 5)):
        assert root.xpath('//span[@class="smallcaps"]')[0].text == 'The Book of Names'
        assert root.xpath('//sub')[0].text == '2' and root.xpath('//sup')[0].text == '2'
        assert root.xpath('//del')[0].text == 'struck out'
        assert root.xpath('//span[@lang="fr"]')
    text = ' '.join(page_text(feature))
    assert 'struck out' in text and 'reconnaissance internationale' in text
    words = [word for _, page in pages(feature) for word in page]
    at = next(index for index, (word, _) in enumerate(words) if word == 'Water')
    (h, h_box), (two, two_box), (o, _) = words[at + 2:at + 5]
    assert (h, two, o) == ('H', '2', 'O') and two_box[1] < h_box[1] - 1        # the 2 sits below the line
    at = next(index for index in range(at, len(words)) if words[index][0] == 'm')
    assert words[at + 1][0] == '2' and words[at + 1][1][3] > words[at][1][3]   # ...and this one above it


# Mathematics

def test_math_is_mathml_with_its_tex_on_screens(feature):
    for root in (html(feature), epub_chapter(feature, 6)):
        formulas = root.xpath('//*[local-name()="math"]')
        assert len(formulas) == 3
        assert formulas[0].get('alttext') == 'E = mc^2'
        assert [f.get('display') for f in formulas] == ['inline', 'block', 'inline']
    with zipfile.ZipFile(output_path(feature, 'epub')) as archive:
        opf = archive.read('EPUB/content.opf').decode()
    assert re.search(r'href="text/chapter-06.xhtml"[^>]*properties="mathml"', opf)


def test_math_is_typeset_in_the_pdfs_not_left_as_tex(feature):
    for name in ('pdf', 'print'):
        text = ' '.join(page_text(feature, name))
        assert '\\frac' not in text and '$$' not in text and 'mc^2' not in text
    with pikepdf.open(output_path(feature, 'pdf')) as pdf:
        alts = [str(node.get('/Alt')) for node in _structure(pdf.Root.StructTreeRoot) if node.get('/S') == '/Figure']
    # described in words a screen reader reads, not in TeX
    assert {'E equals m c squared', 'the integral from 0 to 1 of x squared d x equals 1 over 3'} <= set(alts)


def test_displayed_math_broken_into_lines_as_mathjax_allows_is_set_as_rows(tmp_path):
    folder = copy_book(FIXTURES / 'feature-book', tmp_path / 'book')
    chapter = folder / 'chapters' / 'math.md'
    chapter.write_text(chapter.read_text() + '\n$$\np(a) = 0.5\\\\\np(b) = 0.25\n$$\n')
    build(folder, ('html',))
    formula = html(load_book(folder)).xpath('//*[local-name()="math"]')[-1]
    assert len(formula.xpath('.//*[local-name()="mtr"]')) == 2


def test_math_pandoc_cannot_read_stops_the_build_naming_the_line(tmp_path):
    folder = copy_book(FIXTURES / 'feature-book', tmp_path / 'book')
    chapter = folder / 'chapters' / 'math.md'
    chapter.write_text(chapter.read_text() + '\nBroken: $\\frac{1}{$ here.\n')
    with pytest.raises(BookError) as error:
        build(folder, ('html',))
    assert error.value.path.name == 'math.md' and error.value.line == 9
    assert 'could not be read' in str(error.value)


# Links between chapters

def test_links_to_another_chapters_file_resolve_in_every_output(feature):
    links = {a.text: a.get('href') for a in html(feature).iter('a')}
    assert links['its first table'] == '#tbl:runs' and links['chapter on code'] == '#code'
    epub_links = {a.text: a.get('href') for a in epub_chapter(feature, 3).iter('a')}
    assert epub_links['its first table'] == 'chapter-02.xhtml#tbl:runs'
    assert epub_links['the project’s home'] == 'https://example.org/pressroom'


# The whole book

def test_the_feature_book_is_clean_under_the_validators(feature):
    for name in ('epub', 'kepub'):
        assert epubcheck(output_path(feature, name)) == []
    assert [finding for finding in ace(output_path(feature, 'epub')) if finding[0] in ('critical', 'serious')] == []
    for name in ('pdf', 'print', 'cover'):
        assert [f for f in pdf_findings(output_path(feature, name), feature, name) if f.level == 'error'] == []


def _structure(node, depth=0):
    """Every element of a tagged PDF's structure tree."""
    if depth > 200:
        return
    kids = node.get('/K')
    if isinstance(kids, pikepdf.Dictionary):
        kids = [kids]
    for kid in kids or ():
        if isinstance(kid, pikepdf.Dictionary) and '/S' in kid:
            yield kid
            yield from _structure(kid, depth + 1)


def test_the_proof_does_not_count_wrapped_code_as_loose_text(feature):
    """Code is set ragged in a monospaced face; a run-over line of it reaching the margin
    is not a justified line with wide spaces."""
    from pressroom.checks.proof import _monospaced, _read, proof
    pages, *_ = _read(output_path(feature, 'pdf'))
    code = set(' '.join(html(feature).xpath('//pre')[0].text_content().split()).split())
    lines = [line for page in pages for block in page.body for line in block if len(line.words) > 3]
    monospaced = [[word for *_, word in line.words] for line in lines if _monospaced(line)]
    assert len(monospaced) == 4 and all(set(words) <= code for words in monospaced)   # its lines of 4+ words
    assert proof(output_path(feature, 'pdf')).totals()['loose lines'] == 0
