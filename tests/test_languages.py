"""Every language the publisher prints: a small book in each (tests/fixtures/languages), built
once per session, read as its readers' tools read it: EPUBCheck and Ace, the contents' page
numbers, no glyph drawn as a box, and each language's labels, quotation marks and spaces in
the HTML and the PDF's text; right to left in Arabic."""

import re
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor

import lxml.html
import pikepdf
import pytest

from pressroom.build import build
from pressroom.checks import preflight
from pressroom.checks.lint import lint
from pressroom.checks.validate import BLOCKING, ace, epubcheck
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES, copy_book

CODES = ('de', 'fr', 'es', 'it', 'pt', 'ru', 'tr', 'el', 'ar', 'ta', 'si')
NBSP, NARROW = '\u00a0', '\u202f'
# A line of the printed contents as poppler lays it out: its number after the leaders, or
# before the line when it reads a right-to-left one.
BIDI = '[\\s\u200e\u200f\u202a-\u202e]*'
CONTENTS_LINE_RE = re.compile(rf'(?:\. ?){{4,}}\.?{BIDI}(\d+){BIDI}$|^{BIDI}(\d+)[^\n]*(?:\. ?){{4,}}', re.M)


@pytest.fixture(scope='session')
def books(tmp_path_factory):
    """{code: (Book, build results)} for every language book, each built once."""
    built = {}
    for code in CODES:
        folder = copy_book(FIXTURES / 'languages' / code, tmp_path_factory.mktemp(code) / 'book')
        built[code] = load_book(folder), build(folder)
    return built


def html(books, code):
    return books[code][1]['html'][0].read_text(encoding='utf-8')


def pdf_text(path, *options):
    return subprocess.run(['pdftotext', *options, str(path), '-'], capture_output=True, text=True,
                          check=True).stdout


def words(text):
    """Text as a string of words, without the bidi controls poppler writes around a
    right-to-left run."""
    return ' '.join(re.sub('[\u200e\u200f\u202a-\u202e]', '', text).split())


def test_epubcheck_and_ace_pass_every_language(books):
    """Two at a time, as the machine has two cores: each validator starts a JVM or a browser."""
    epubs = [results['epub'][0] for _, results in books.values()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        checked = list(pool.map(epubcheck, epubs))
        accessible = list(pool.map(ace, epubs))
    assert {path.name: found for path, found in zip(epubs, checked) if found} == {}
    assert {path.name: [f for f in found if f[0] in BLOCKING] for path, found in zip(epubs, accessible)
            if any(f[0] in BLOCKING for f in found)} == {}


@pytest.mark.parametrize('code', CODES)
def test_contents_numbers_are_the_pages_of_the_headings(books, code):
    """The printed contents gives each heading the page its bookmark goes to, in the screen
    PDF and the print interior; the preflight finds no entry without a number."""
    book, results = books[code]
    root = lxml.html.fromstring(html(books, code))
    titles = [' '.join(a.text_content().split()) for a in root.xpath('//nav[@id="contents"]//a')]
    with pikepdf.open(results['pdf'][0]) as pdf:
        with pdf.open_outline() as outline:
            pages = {}
            stack = list(outline.root)
            while stack:
                item = stack.pop(0)
                pages.setdefault(' '.join(item.title.split()), pikepdf.Page(item.destination[0]).index + 1
                                 if isinstance(item.destination, pikepdf.Array) else None)
                stack[:0] = list(item.children)
        count = len(pdf.pages)
    wanted = [pages[title] for title in titles]
    assert None not in wanted and len(wanted) >= 3
    for name in ('pdf', 'print'):
        found = CONTENTS_LINE_RE.findall(pdf_text(results[name][0], '-layout'))
        printed = [int(after or before) for after, before in found]
        assert printed == wanted, name
        assert preflight.contents(results[name][0], count) == []


def test_preflight_fails_a_contents_entry_without_a_page_number(tmp_path):
    from weasyprint import HTML
    path = tmp_path / 'contents.pdf'
    HTML(string='<p>Über die Lohnarbeit . . . . . . . . . . . . 000</p><p>Äußere Umstände . . . . . . . . . . 9</p>'
         ).write_pdf(path)
    found = preflight.contents(path, 12)
    assert [finding.level for finding in found] == ['error']
    assert 'Über die Lohnarbeit' in found[0].message


@pytest.mark.parametrize('code', CODES)
def test_no_glyph_is_drawn_as_a_box(books, code):
    """No text in any PDF (pages, print interior, cover) is drawn with glyph 0, the .notdef
    box, every font is embedded, and Ghostscript and mutool read each without a warning."""
    _, results = books[code]
    for name in ('pdf', 'print', 'cover'):
        with pikepdf.open(results[name][0]) as pdf:
            for page in pdf.pages:
                for operands, operator in pikepdf.parse_content_stream(page):
                    strings = (operands[0] if str(operator) == 'TJ' else operands) if str(operator) in (
                        'TJ', 'Tj') else []
                    for string in strings:
                        if isinstance(string, pikepdf.String):
                            data = bytes(string)
                            assert b'\0\0' not in [data[i:i + 2] for i in range(0, len(data), 2)], (name, code)
        assert preflight.fonts(results[name][0]) == []
        assert preflight.consumers(results[name][0]) == []        # Ghostscript and mutool


@pytest.mark.parametrize('code, family', [('ar', 'NotoNaskhArabic'), ('ta', 'NotoSerifTamil'),
                                          ('si', 'NotoSerifSinhala')])
def test_a_script_the_book_face_lacks_is_set_in_its_own_face_in_every_output(books, code, family):
    _, results = books[code]
    for name in ('pdf', 'cover'):
        fonts = subprocess.run(['pdffonts', str(results[name][0])], capture_output=True, text=True).stdout
        assert family in fonts.replace('-', '').replace(' ', ''), name
    with zipfile.ZipFile(results['epub'][0]) as epub:
        names = epub.namelist()
        css = epub.read('EPUB/style/book.css').decode()
    assert any(name.startswith(f'EPUB/fonts/{family}') for name in names)
    assert re.search(r'font-family: "Noto [A-Za-z ]+", "EB Garamond", serif', css)     # the script's face leads


LABELS = {
    'de': ('Inhalt', 'Impressum', 'Karl Marx und Friedrich Engels', 'Erschienen bei Verlag Beispiel, 1. März 2024.'),
    'fr': ('Table des matières', 'Achevé d’imprimer', 'Jeanne Exemple et Paul Modèle', 'le 1er mai 2024'),
    'es': ('Índice', 'Créditos', 'Publicado por Editorial Prueba, 1 de junio de 2024.'),
    'it': ('Indice', 'Pubblicato da Edizioni Prova, 1 luglio 2024.'),
    'pt': ('Índice', 'Ficha técnica', '1 de agosto de 2024'),
    'ru': ('Содержание', 'Выходные данные', 'Карл Маркс и Фридрих Энгельс', '15 марта 2024 г.'),
    'tr': ('İçindekiler', 'Künye', '1 Eylül 2024'),
    'el': ('Περιεχόμενα', 'Μαρία Παράδειγμα και Νίκος Δοκιμή', '1 Οκτωβρίου 2024'),
    'ar': ('المحتويات', 'بيانات النشر', 'ليلى المثال وسمير التجربة', 'Noto Naskh Arabic'),
    'ta': ('பொருளடக்கம்', 'பதிப்பு விவரம்', 'Noto Serif Tamil'),
    'si': ('පටුන', 'ප්‍රකාශන තොරතුරු', 'Noto Serif Sinhala', '2025 ජනවාරි 15'),
}
# What each language's typography makes of the fixture's text, in the HTML.
CONVENTIONS = {
    'de': ('„Aber“, wird man sagen, „der Arbeiter verkauft doch seine ‚Arbeit‘.“', f'Bd.{NBSP}4, S.{NBSP}479',
           f'1.{NBSP}Oktober'),
    'fr': (f'«{NARROW}La presse est l’artillerie de la pensée{NARROW}; elle avance “sans cesse”.{NARROW}»',
           f'Pourquoi{NARROW}?', f'tout change{NARROW}!', f'L’imprimeur dit{NBSP}:', f't.{NBSP}2, p.{NBSP}45',
           f'M.{NBSP}Dupont'),
    'es': ('«La letra es “el alma” del libro.»', f'p.{NBSP}45'),
    'it': ('«La carta è “paziente” e aspetta.»', f'vol.{NBSP}2, p.{NBSP}45'),
    'pt': ('«A letra é “a alma” do livro.»', f'vol.{NBSP}2, p.{NBSP}45'),
    'ru': ('«Но ведь рабочий, — скажут нам, — продаёт свой „труд“.»', f'т.{NBSP}4, с.{NBSP}45',
           f'В.{NBSP}И.{NBSP}Ленина', f'1917{NBSP}г.', f'в{NBSP}1917'),
    'tr': ('“Harf, kitabın ‘ruhu’ sayılır.”', f's.{NBSP}45'),
    'el': ('«Το γράμμα είναι “η ψυχή” του βιβλίου.»', f'σ.{NBSP}45'),
    'ar': ('«الحرف هو “روح” الكتاب.»',),
    'ta': ('“எழுத்து நூலின் ‘உயிர்’ ஆகும்.”',),
    'si': ('“අකුර පොතේ ‘ප්‍රාණය’ යි.”',),
}


@pytest.mark.parametrize('code', CODES)
def test_labels_quotes_and_spaces_follow_the_language(books, code):
    """In the HTML and in the PDF's text: the labels in the book's language, its quotation
    marks, no-break spaces and citations footnoted after its marks; editorial brackets stay."""
    page = html(books, code)
    text = ' '.join(lxml.html.fromstring(page).text_content().split(' '))
    for expected in LABELS[code] + CONVENTIONS[code]:
        assert expected in text, expected
    assert len(re.findall(r'<aside[^>]*class="footnote citation"', page)) == 2
    assert re.search(r'\[[^\]\d]+\]', text)           # the editorial bracket is in the text
    if code in ('de', 'fr', 'es', 'it', 'pt', 'ru', 'tr', 'el'):   # scripts poppler reads in order
        printed = words(pdf_text(books[code][1]['pdf'][0]))
        for expected in LABELS[code][:1] + CONVENTIONS[code]:     # names and the imprint's heading: small caps
            assert words(expected) in printed, expected


def test_greek_small_capitals_drop_their_accents(books):
    assert '<span class="smallcaps">Θουκυδίδη</span>' in html(books, 'el')       # the text keeps them
    printed = pdf_text(books['el'][1]['pdf'][0])
    assert 'Θουκυδιδη.' in printed and 'Ο Θουκυδίδης γράφει' in printed
    assert 'Στοιχεία έκδοσης' in html(books, 'el') and 'Στοιχεια εκδοσης' in printed     # the imprint's heading


def test_german_hyphenation_breaks_capitalised_nouns_by_default(books):
    book, _ = books['de']
    assert book.hyphenation['capitalised'] is True
    assert books['ru'][0].hyphenation['word'] == 7


@pytest.mark.parametrize('code, name', [('de', 'ueber-lohnarbeit-und-kapital'), ('ru', 'nayomnyy-trud-i-kapital'),
                                        ('el', 'dokimia-gia-tin-typografia'), ('fr', 'ecrits-sur-l-imprimerie')])
def test_file_names_are_transliterated(books, code, name):
    assert books[code][1]['epub'][0].name == f'{name}.epub'


def test_arabic_reads_right_to_left_in_every_output(books):
    book, results = books['ar']
    page = html(books, 'ar')
    assert '<html lang="ar" dir="rtl">' in page
    assert '<span lang="en" dir="ltr">book</span>' in page       # a left-to-right passage inside
    with zipfile.ZipFile(results['epub'][0]) as epub:
        opf = epub.read('EPUB/content.opf').decode()
        chapter = epub.read('EPUB/text/chapter-01.xhtml').decode()
    assert 'page-progression-direction="rtl"' in opf
    assert re.search(r'<html[^>]*dir="rtl"', chapter) and re.search(r'<body[^>]*dir="rtl"', chapter)
    # The PDF: the contents on the right with its numbers on the left, text set from the
    # right margin, and the text layer in reading order. (Poppler's word boxes spell
    # right-to-left words backwards.)
    boxes = preflight._words(results['pdf'][0])
    with pikepdf.open(results['pdf'][0]) as pdf:
        width = float(pdf.pages[0].mediabox[2])
    contents = next(found for _, found in boxes if any(word == 'المحتويات'[::-1] for word, _ in found))
    heading = next(box for word, box in contents if word == 'المحتويات'[::-1])
    numbers = [box for word, box in contents if word.isdigit()]
    assert width - heading[2] < heading[0]                  # the heading is on the right
    assert numbers and all(box[2] < width / 2 for box in numbers)
    chapter = next(found for _, found in boxes if any(word == 'المتنبي:'[::-1] for word, _ in found))
    right_edges = sorted(box[2] for _, box in chapter)
    assert sum(edge > right_edges[-1] - 0.5 for edge in right_edges) >= 4    # the lines end at the right margin
    # In reading order as PDFium (Chrome's viewer) reads it; quotation marks and brackets come
    # out as the mirrored glyphs drawn for them.
    import pypdfium2
    document = pypdfium2.PdfDocument(results['pdf'][0])
    read = words(''.join(page.get_textpage().get_text_range() for page in document))
    document.close()
    assert 'قال المتنبي: »الخيل والليل والبيداء تعرفني، والسيف والرمح والقرطاس' in read
    assert 'مقالات' in words(pdf_text(results['pdf'][0], '-l', '1'))     # not spaced out
    # The cover spread: front, spine, back; the barcode on the back still reads (preflight).
    cover = preflight._words(results['cover'][0])[0][1]
    with pikepdf.open(results['cover'][0]) as pdf, pikepdf.open(results['print'][0]) as interior:
        middle, count = float(pdf.pages[0].mediabox[2]) / 2, len(interior.pages)
    assert [box[2] < middle for word, box in cover if word == 'مقالات'[::-1]] == [True]
    assert preflight.cover(book, results['cover'][0], count) == []


def test_a_passage_in_a_right_to_left_script_gets_its_own_direction(books):
    assert '<span lang="ar" dir="rtl">كتاب</span>' in html(books, 'es')


@pytest.mark.parametrize('code', CODES)
def test_lint_finds_nothing_in_the_language_books(code):
    """Its id rule is pandoc's: no false duplicate for non-Latin headings, links found."""
    assert lint(FIXTURES / 'languages' / code) == []
