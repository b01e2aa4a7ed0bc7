"""metadata.yaml: a Book with defaults, or a BookError naming file and line."""

import pytest

from pressroom.errors import BookError
from pressroom.sources.metadata import SETTINGS, load_book, slugify

BASE = '''\
title: "Origins of the Left Opposition"
subtitle: "From Lenin's Last Struggle to the fight against \\"Socialism in One Country\\""
author: "Joseph Kishore"
date: "2025-08-24"
lang: "en-US"
publisher: "World Socialist Web Site"
rights: "© 2025 Joseph Kishore. All rights reserved."
identifier: "urn:uuid:b7d112b3-0da0-4c9c-ab52-0d1ca41ce511"
description: "Lecture to the SEP 2025 Summer School."
subjects:
  - "Trotskyism"
  - "Left Opposition (Soviet Union)"
chapters:
  - "manuscript/00-editorial-note.md"
  - "manuscript/01-introduction.md"
'''
LAST_LINE = BASE.count('\n')  # 15


def write(tmp_path, text):
    (tmp_path / 'metadata.yaml').write_text(text, encoding='utf-8')
    return tmp_path


def replace_line(key, new):
    lines = BASE.split('\n')
    index = next(i for i, line in enumerate(lines) if line.startswith(key + ':'))
    lines[index] = new
    return '\n'.join(lines), index + 1


def load_error(tmp_path, text):
    with pytest.raises(BookError) as info:
        load_book(write(tmp_path, text))
    return info.value


# --- a valid book -------------------------------------------------------------------

def test_valid_metadata_loads_all_fields(tmp_path):
    book = load_book(write(tmp_path, BASE))
    assert book.folder == tmp_path.resolve()
    assert book.title == 'Origins of the Left Opposition'
    assert book.subtitle == 'From Lenin\'s Last Struggle to the fight against "Socialism in One Country"'
    assert book.authors == ('Joseph Kishore',)
    assert book.date == '2025-08-24'
    assert book.lang == 'en-US'
    assert book.identifier == 'urn:uuid:b7d112b3-0da0-4c9c-ab52-0d1ca41ce511'
    assert book.subjects == ('Trotskyism', 'Left Opposition (Soviet Union)')
    assert book.chapters == ('manuscript/00-editorial-note.md', 'manuscript/01-introduction.md')
    assert book.cover is None


def test_settings_default_when_not_set(tmp_path):
    book = load_book(write(tmp_path, BASE))
    assert book.trim == (396.0, 612.0)          # 5.5in x 8.5in
    assert book.bleed == 9.0                    # 0.125in
    assert book.printer == SETTINGS['printer'] == 'kdp'
    assert book.crop_marks is False             # as KDP wants
    assert book.spine_per_page is None
    assert book.font == SETTINGS['font'] == 'EB Garamond'
    assert book.note_numbering == 'book'
    assert book.page_multiple == 2               # KDP's
    assert book.paper == 'white'
    assert book.cover_color == SETTINGS['cover_color']
    assert book.accessibility_summary == SETTINGS['accessibility_summary']


def test_settings_override_defaults(tmp_path):
    text = BASE + ('trim_size: "6in x 9in"\nbleed: "3mm"\ncrop_marks: true\n'
                   'note_numbering: chapter\npage_multiple: 16\npaper: cream\n'
                   'cover_color: "#102030"\nfont: "Libertinus Serif"\n')
    book = load_book(write(tmp_path, text))
    assert book.trim == (432.0, 648.0)
    assert book.bleed == pytest.approx(8.5039, abs=1e-3)
    assert book.crop_marks is True
    assert book.note_numbering == 'chapter'
    assert book.page_multiple == 16
    assert book.paper == 'cream'
    assert book.cover_color == '#102030'
    assert book.font == 'Libertinus Serif'


def test_unquoted_yaml_date_becomes_iso_string(tmp_path):
    text, _ = replace_line('date', 'date: 2025-08-24')
    assert load_book(write(tmp_path, text)).date == '2025-08-24'


def test_isbn_identifiers_accepted(tmp_path):
    for isbn in ('978-0-306-40615-7', 'urn:isbn:9780306406157', '0-306-40615-2'):
        text, _ = replace_line('identifier', f'identifier: "{isbn}"')
        assert load_book(write(tmp_path, text)).identifier == isbn


def test_several_authors_and_author_line(tmp_path):
    text, _ = replace_line('author', 'author: ["David North", "Joseph Kishore"]')
    book = load_book(write(tmp_path, text))
    assert book.authors == ('David North', 'Joseph Kishore')
    assert book.author_line == 'David North and Joseph Kishore'


def test_slug_from_title(tmp_path):
    book = load_book(write(tmp_path, BASE))
    assert book.slug == 'origins-of-the-left-opposition'
    assert slugify('The “Lessons of October,” 1924') == 'the-lessons-of-october-1924'
    assert slugify('“”') == 'book'


def test_utf8_bom_and_crlf_accepted(tmp_path):
    (tmp_path / 'metadata.yaml').write_bytes(('\ufeff' + BASE).replace('\n', '\r\n').encode('utf-8'))
    assert load_book(tmp_path).title == 'Origins of the Left Opposition'


# --- errors -------------------------------------------------------------------------

def test_missing_metadata_file_is_book_error(tmp_path):
    with pytest.raises(BookError) as info:
        load_book(tmp_path)
    assert 'metadata.yaml' in str(info.value)


def test_malformed_yaml_reports_its_line(tmp_path):
    text, line = replace_line('lang', 'lang: en: US')
    error = load_error(tmp_path, text)
    assert error.line == line == 5
    assert str(error).startswith(f'{tmp_path.resolve() / "metadata.yaml"}:5: malformed YAML')


def test_malformed_yaml_at_end_of_file_reports_a_line_inside_the_file(tmp_path):
    error = load_error(tmp_path, BASE + 'cover: [unclosed\n')
    assert 'malformed YAML' in str(error)
    assert error.line == LAST_LINE + 1


def test_yaml_that_is_not_a_mapping_is_error(tmp_path):
    error = load_error(tmp_path, '- just\n- a list\n')
    assert error.line == 1
    assert 'mapping' in str(error)


def test_unknown_key_reports_its_line(tmp_path):
    error = load_error(tmp_path, BASE + 'colour: red\n')
    assert error.line == LAST_LINE + 1
    assert "unknown key 'colour'" in str(error)
    assert str(error).startswith(f'{tmp_path.resolve() / "metadata.yaml"}:{LAST_LINE + 1}: ')


@pytest.mark.parametrize('key', ['title', 'author', 'date', 'lang', 'publisher', 'rights',
                                 'identifier', 'description'])
def test_missing_required_key_is_named(tmp_path, key):
    text = '\n'.join(line for line in BASE.split('\n') if not line.startswith(key + ':'))
    error = load_error(tmp_path, text)
    assert f"missing required key '{key}'" in str(error)
    assert str(error).startswith(str(tmp_path.resolve() / 'metadata.yaml'))


@pytest.mark.parametrize('value', ['"24 August 2025"', '"2025-02-30"', '""'])
def test_bad_date_reports_line(tmp_path, value):
    text, line = replace_line('date', f'date: {value}')
    error = load_error(tmp_path, text)
    assert error.line == line
    assert str(error).startswith(f'{tmp_path.resolve() / "metadata.yaml"}:{line}: date:')


def test_impossible_unquoted_date_is_book_error_not_crash(tmp_path):
    # YAML itself builds a date from `2025-02-30` and fails with ValueError.
    text, line = replace_line('date', 'date: 2025-02-30')
    error = load_error(tmp_path, text)
    assert error.line == line


def test_date_with_time_is_rejected_or_reduced_to_yyyy_mm_dd(tmp_path):
    text, _ = replace_line('date', 'date: 2025-08-24 10:00:00')
    try:
        date = load_book(write(tmp_path, text)).date
    except BookError:
        return
    assert date == '2025-08-24'


@pytest.mark.parametrize('value', ['English', 'en_US', 'en-us', 'EN'])
def test_bad_lang_reports_line(tmp_path, value):
    text, line = replace_line('lang', f'lang: "{value}"')
    error = load_error(tmp_path, text)
    assert error.line == line
    assert 'lang:' in str(error) and 'BCP 47' in str(error)


@pytest.mark.parametrize('value, problem', [
    ('book-1', 'neither an ISBN nor a URI'),
    ('uuid:b7d112b3-0da0-4c9c-ab52-0d1ca41ce511', 'neither an ISBN nor a URI'),
    ('urn:uuid:not-a-uuid', 'is not a UUID URN'),
    ('12345', 'an ISBN has 10 or 13 digits; this has 5'),
    ('978-0-306-40615', 'an ISBN has 10 or 13 digits; this has 12'),
    ('978-0-306-40615-8', 'the check digit is 8, but the digits before it give 7'),
    ('0-306-40615-3', 'the check digit is 3, but the digits before it give 2'),
])
def test_bad_identifier_reports_line(tmp_path, value, problem):
    text, line = replace_line('identifier', f'identifier: "{value}"')
    error = load_error(tmp_path, text)
    assert error.line == line
    assert problem in str(error)


@pytest.mark.parametrize('value', ['https://standardebooks.org/ebooks/jane-austen/persuasion',
                                   'doi:10.1000/182', 'urn:nbn:de:101:1-2024', '0-8044-2957-X'])
def test_uris_and_isbn_10s_are_identifiers(tmp_path, value):
    text, _ = replace_line('identifier', f'identifier: "{value}"')
    assert load_book(write(tmp_path, text)).identifier == value


@pytest.mark.parametrize('value', ['"5 x 8"', '"5.5in"', '"1in x 8in"', '"20in x 30in"'])
def test_bad_trim_size_reports_line(tmp_path, value):
    error = load_error(tmp_path, BASE + f'trim_size: {value}\n')
    assert error.line == LAST_LINE + 1
    assert 'trim_size:' in str(error)


@pytest.mark.parametrize('value', ['"1in"', '"-1mm"', '"wide"'])
def test_bad_bleed_reports_line(tmp_path, value):
    error = load_error(tmp_path, BASE + f'bleed: {value}\n')
    assert error.line == LAST_LINE + 1
    assert 'bleed' in str(error)


def test_bleed_of_exactly_half_inch_allowed(tmp_path):
    assert load_book(write(tmp_path, BASE + 'bleed: "0.5in"\n')).bleed == 36.0


@pytest.mark.parametrize('key, value', [
    ('note_numbering', 'page'),
    ('page_multiple', '3'),
    ('page_multiple', '"4"'),
    ('paper', 'blue'),
    ('crop_marks', '"yes"'),
    ('cover_color', 'red'),
])
def test_bad_setting_reports_key_and_line(tmp_path, key, value):
    error = load_error(tmp_path, BASE + f'{key}: {value}\n')
    assert error.line == LAST_LINE + 1
    assert f'{key}:' in str(error)


def test_boolean_page_multiple_is_rejected(tmp_path):
    # `true == 1` in Python, but `page_multiple: true` is not a page count.
    error = load_error(tmp_path, BASE + 'page_multiple: true\n')
    assert error.line == LAST_LINE + 1


def test_empty_required_string_is_error(tmp_path):
    text, line = replace_line('publisher', 'publisher: "  "')
    error = load_error(tmp_path, text)
    assert error.line == line
    assert 'non-empty string' in str(error)


def test_empty_chapter_list_is_error(tmp_path):
    text = BASE.split('chapters:')[0] + 'chapters: []\n'
    error = load_error(tmp_path, text)
    assert 'chapters:' in str(error)
    assert error.line == LAST_LINE - 2


def test_yaml_aliases_are_refused_before_they_expand(tmp_path):
    text, line = replace_line('subtitle', 'subtitle: &s "Sub"')
    error = load_error(tmp_path, text)
    assert 'YAML anchor or alias' in str(error) and error.line == line
    bomb = ''.join(f'k{n}: &k{n} [{", ".join([f"*k{n - 1}"] * 9) if n else "x"}]\n' for n in range(12))
    assert 'alias' in str(load_error(tmp_path, BASE + bomb))


@pytest.mark.parametrize('key', ['title', 'publisher'])
def test_a_line_break_in_a_one_line_key_is_refused_with_its_line(tmp_path, key):
    text, line = replace_line(key, f'{key}: "First\\rbody {{ color: red }}"')
    error = load_error(tmp_path, text)
    assert error.line == line and 'line break' in str(error)


def test_a_date_needs_a_four_digit_year(tmp_path):
    text, line = replace_line('date', 'date: "0001-01-01"')
    error = load_error(tmp_path, text)
    assert error.line == line and 'four-digit year' in str(error)


@pytest.mark.parametrize('epoch', ['-1', 'yesterday', '99999999999999999999', '1'])
def test_a_bad_source_date_epoch_is_the_environment_s_fault(tmp_path, monkeypatch, epoch):
    from pressroom.errors import SetupError
    from pressroom.outputs import build_time
    monkeypatch.setenv('SOURCE_DATE_EPOCH', epoch)
    with pytest.raises(SetupError, match='SOURCE_DATE_EPOCH'):
        build_time(load_book(write(tmp_path, BASE)))


# --- every mistake at once -----------------------------------------------------------

def test_five_mistakes_give_five_lines_each_with_its_line_and_key(tmp_path):
    text = BASE.replace('date: "2025-08-24"', 'date: "24/08/2025"').replace('lang: "en-US"', 'lang: "english"')
    text = text.replace('author: "Joseph Kishore"', 'autor: "Joseph Kishore"')
    text += 'paper: blue\ntrim_size: "5.5in by 8.5in"\n'
    error = load_error(tmp_path, text)
    path = tmp_path.resolve() / 'metadata.yaml'
    lines = str(error).split('\n')
    assert lines == [
        f"{path}:3: unknown key 'autor'; did you mean 'author'?",
        f"{path}:4: date: '24/08/2025' is not a date in the form YYYY-MM-DD",
        f"{path}:5: lang: 'english' is not a BCP 47 language tag such as en-US",
        f"{path}:16: paper: 'blue' is not one of white, cream",
        f"{path}:17: trim_size: '5.5in by 8.5in' is not a trim size such as 5.5in x 8.5in, or a name such as "
        'A5 or US Trade',
    ]
    assert [(e.line, e.path) for e in error.errors][0] == (3, path)


def test_a_key_given_twice_is_named_with_both_lines(tmp_path):
    error = load_error(tmp_path, BASE + 'title: "Another"\n')
    assert str(error).endswith(f':{LAST_LINE + 1}: title: given twice (first at line 1); keep one')


def test_nested_mistakes_name_the_inner_key(tmp_path):
    error = load_error(tmp_path, BASE + 'limits:\n  chapter_mb: 0\n  words: 5\n')
    assert sorted(str(error).split('\n')) == sorted([
        f"{tmp_path.resolve() / 'metadata.yaml'}:{LAST_LINE + 2}: limits: chapter_mb: 0 is not a whole number from 1 to 5000",
        f"{tmp_path.resolve() / 'metadata.yaml'}:{LAST_LINE + 3}: limits: unknown key 'words'; see the README for the keys "
        'a book may set'])


def test_pandocs_key_names_are_taken_as_aliases(tmp_path):
    text = BASE.replace('subjects:', 'subject:').replace('author: "Joseph Kishore"',
                                                         'author:\n  - name: "Joseph Kishore"\n    affiliation: "SEP"')
    book = load_book(write(tmp_path, text + 'cover-image: cover.png\nreference-section-title: "Works cited"\n'))
    assert book.subjects == ('Trotskyism', 'Left Opposition (Soviet Union)')
    assert book.authors == ('Joseph Kishore',) and book.cover == 'cover.png'
    assert book.bibliography_title == 'Works cited'
    error = load_error(tmp_path, text + 'subjects: [History]\n')
    assert "subject: pandoc's name for subjects, which is given too; keep one" in str(error)


@pytest.mark.parametrize('text, line, message', [
    ('title: A\nsubjects:\n\t- a\n', 3, 'a tab; YAML indents with spaces only: replace the tab with spaces'),
    ('title: "A book\nauthor: B\ndate: 2020-01-01\n', 1, 'the quotation mark opened here is never closed'),
    ("title: A\nsubjects: [a, b\nauthor: B\n", 2, 'the "[" opened here is not closed'),
    ('title: A\nauthor B\ndate: 2020-01-01\n', 2, 'a line that is not `key: value`'),
])
def test_yaml_faults_are_named_where_they_begin_in_plain_words(tmp_path, text, line, message):
    error = load_error(tmp_path, text)
    assert error.line == line and message in str(error) and 'scanning' not in str(error)


@pytest.mark.parametrize('name, size', [('A5', (419.5276, 595.2756)), ('US Trade', (432.0, 648.0)),
                                        ('royal', (442.08, 663.12)), ('b-format', (365.6693, 561.2598))])
def test_named_trim_sizes(tmp_path, name, size):
    book = load_book(write(tmp_path, BASE + f'trim_size: {name}\n'))
    assert book.trim == pytest.approx(size)


def test_a_placeholder_title_never_names_a_file(tmp_path):
    text, _ = replace_line('title', 'title: "[to be written]"')
    folder = write(tmp_path / 'my-novel', text) if (tmp_path / 'my-novel').mkdir() is None else None
    book = load_book(folder)
    assert book.title == 'my-novel' and book.slug == 'my-novel'
    assert book.placeholders == (('title', 1),)
