"""The language profiles' rules one at a time: labels and their overrides, quotation marks,
ids in any script, a face for every character, empty headings; no layout needed."""

import lxml.html
import pytest

from pressroom import languages
from pressroom.build import build
from pressroom.checks.lint import _pandoc_id, lint
from pressroom.errors import BookError
from pressroom.sources.metadata import load_book
from pressroom.transforms.typography import refine, smart_quotes

from .test_errors import edit, intermediate, small_book

NBSP, NARROW = '\u00a0', '\u202f'


def test_every_profile_has_every_label_with_its_fields_and_twelve_months():
    keys = languages.label_keys()
    for code in languages.CODES:
        found = languages.language(code)
        assert set(found.labels) == set(keys), code
        for key, text in found.labels.items():
            text.format(**dict.fromkeys(keys[key], ''))     # no field the pipeline does not give
            assert set(keys[key]) <= set(__import__('re').findall(r'{(\w+)}', text)), (code, key)
        assert len(found.months) == 12


def test_label_is_one_public_function_with_the_book_s_overrides_first():
    assert languages.label('de-AT', 'contents') == 'Inhalt'
    assert languages.label('de', 'contents', {'contents': 'Inhaltsverzeichnis'}) == 'Inhaltsverzeichnis'
    assert languages.label('ru', 'and', first='А', second='Б') == 'А и Б'
    assert languages.label('xx', 'contents') == 'Contents'       # no profile: English


def test_a_book_sets_its_own_labels_in_metadata(tmp_path):
    folder = small_book(tmp_path)
    edit(folder / 'metadata.yaml', 'lang: en-GB', 'lang: de\nlabels: {contents: "Inhaltsverzeichnis", '
         'published: "Verlegt bei {publisher} am {date}."}')
    page = lxml.html.fromstring(intermediate(folder))
    assert page.xpath('//nav[@id="contents"]/h2/text()') == ['Inhaltsverzeichnis']
    assert 'Verlegt bei Test Press am 15. März 2024.' in page.text_content()
    assert 'Ada Example und Ben Sample' in page.text_content()


@pytest.mark.parametrize('labels, message', [
    ('{contents: "Inhalt", nonsense: "x"}', "unknown label 'nonsense'; did you mean 'contents'?"),
    ('{published: "Verlegt bei {verlag}"}', "may use only {date}, {publisher}"),
    ('{contents: ""}', 'must be a non-empty string'),
])
def test_a_wrong_label_is_reported_with_its_line(tmp_path, labels, message):
    folder = small_book(tmp_path)
    edit(folder / 'metadata.yaml', 'lang: en-GB', f'lang: en-GB\nlabels: {labels}')
    with pytest.raises(BookError) as error:
        load_book(folder)
    assert message in str(error.value) and 'metadata.yaml:8' in str(error.value)


def test_a_language_without_a_profile_is_warned_of_and_keeps_its_direction(tmp_path, capsys):
    folder = small_book(tmp_path)
    edit(folder / 'metadata.yaml', 'lang: en-GB', 'lang: ur')
    assert '<html lang="ur" dir="rtl">' in intermediate(folder)
    assert "no profile of the language 'ur'" in capsys.readouterr().err


def test_hyphenation_defaults_come_from_the_language_and_the_book_wins(tmp_path):
    folder = small_book(tmp_path)
    edit(folder / 'metadata.yaml', 'lang: en-GB', 'lang: de-DE')
    assert load_book(folder).hyphenation['capitalised'] is True
    edit(folder / 'metadata.yaml', 'lang: de-DE', 'lang: de-DE\nhyphenation: {capitalised: false}')
    assert load_book(folder).hyphenation['capitalised'] is False


@pytest.mark.parametrize('tag, html, expected', [
    ('de', '<p><span class="q-double">a <span class="q-single">b</span> c</span></p>', '„a ‚b‘ c“'),
    ('fr', '<p><span class="q-double">a <span class="q-double">b</span></span></p>', f'«{NARROW}a “b”{NARROW}»'),
    ('ru', '<p><span class="q-double">a <span class="q-double">b</span></span></p>', '«a „b“\u200a»'),
    ('en', '<p><span class="q-single">a <span class="q-double">b</span></span></p>', '‘a “b”\u200a’'),   # as typed
    ('de-CH', '<p><span class="q-double">a</span></p>', '«a»'),
    ('en', '<p><span lang="de"><span class="q-double">a</span></span></p>', '„a“'),    # a passage's own
])
def test_quotations_get_their_language_s_marks_at_each_level(tag, html, expected):
    root = lxml.html.fragment_fromstring(html)
    refine(root, tag)
    assert root.text_content() == expected
    assert not root.xpath('//span[@class]')


def test_metadata_strings_get_the_language_s_quotation_marks():
    assert smart_quotes('Der "neue" Kurs', 'de') == 'Der „neue“ Kurs'
    assert smart_quotes('Le "cours"', 'fr') == 'Le «cours»'
    assert smart_quotes("the 'old course'", 'en-GB') == 'the ‘old course’'


@pytest.mark.parametrize('title, wanted', [
    ('Über die Lohnarbeit', 'über-die-lohnarbeit'),
    ('Что такое капитал', 'что-такое-капитал'),
    ('தமிழ் அச்சின் தொடக்கம்', 'தமழ-அசசன-தடககம'),          # pandoc drops the vowel signs
    ('ශ්‍රී ලංකාවේ මුද්‍රණය', 'ශර-ලකව-මදරණය'),
    ('1. Einleitung', 'einleitung'),
    ('Chapitre I. Un dogme', 'chapitre-i.-un-dogme'),
    ('12 34', 'section'),
])
def test_lint_gives_headings_the_ids_pandoc_gives_them(title, wanted):
    assert _pandoc_id(title) == wanted


def test_ids_in_any_script_are_ascii_and_links_to_them_follow(tmp_path):
    folder = small_book(tmp_path)
    edit(folder / 'chapters' / 'one.md', '# The First Chapter', '# Über die Lohnarbeit')
    edit(folder / 'chapters' / 'one.md', '[the second chapter](#the-second-chapter)', '[zwei](#äußere-umstände)')
    edit(folder / 'chapters' / 'two.md', '# The Second Chapter', '# Äußere Umstände {#äußere-umstände}')
    page = lxml.html.fromstring(intermediate(folder))
    assert page.xpath('//section[h1="Über die Lohnarbeit"]/@id') == ['uber-die-lohnarbeit']    # an English book
    assert page.xpath('//a[.="zwei"]/@href') == ['#aussere-umstande']
    assert all(ident.isascii() for ident in page.xpath('//@id'))
    assert lint(folder) == []


def test_a_character_no_face_has_stops_the_build_with_its_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    edit(folder / 'chapters' / 'two.md', '\n\n', '\n\nThe word 中 is Chinese.\n\n')
    with pytest.raises(BookError) as error:
        build(folder)
    message = str(error.value)
    assert "'中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D)" in message and 'chapters/two.md:3' in message
    assert not (folder / 'build' / 'a-small-test-book.pdf').exists()
    assert any("two.md:3: error: the character '中' (U+4E2D)" in line for line in lint(folder))


def test_an_empty_heading_stops_the_build_and_lint_names_it(tmp_path):
    folder = small_book(tmp_path)
    edit(folder / 'chapters' / 'two.md', '\n\n', '\n\n## {#nothing}\n\nText.\n\n')
    with pytest.raises(BookError) as error:
        intermediate(folder)
    assert 'chapters/two.md:3: a heading with no words' in str(error.value)
    assert any('two.md:3: error: a heading with no words' in line for line in lint(folder))
