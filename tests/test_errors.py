"""A mistake in the book ends the build with one line naming the file, the line and what to
do, and a non-zero exit; never a traceback."""

import os
import re
import subprocess
import sys

import pypandoc
import pytest
from invoke import Exit

from pressroom.build import build
from pressroom.document.intermediate import build_document
from pressroom.errors import BookError
from pressroom.sources.chapters import read_chapters
from pressroom.sources.files import read_text
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES, ROOT, copy_book

INVOKE = [sys.executable, '-m', 'invoke']   # the tools of the environment the tests run in


# --- helpers shared with the other files of this issue ----------------------------------

def small_book(tmp_path, name='book'):
    """A fresh copy of the fixture book, without build/."""
    return copy_book(FIXTURES / 'small-book', tmp_path / name)


def edit(path, old, new):
    text = path.read_text(encoding='utf-8')
    assert old in text, f'{old!r} not in {path}'
    path.write_text(text.replace(old, new, 1), encoding='utf-8')


def run_task(task, folder, env=None, timeout=180):
    """`invoke TASK --book FOLDER` as a user runs it, in its own process."""
    return subprocess.run([*INVOKE, '-r', str(ROOT), task, '--book', str(folder)],
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def assert_one_line_error(result, *fragments):
    """Non-zero exit; stderr is exactly one `error:` line holding every fragment; no traceback."""
    assert result.returncode != 0
    assert 'Traceback' not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith('error: ')
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def intermediate(folder):
    """Metadata, chapters, citations and the HTML intermediate: everything up to the writers."""
    book = load_book(folder)
    return build_document(book, read_chapters(book), book.build_dir / '.cache' / 'html')


def error_of(folder, stage=intermediate):
    with pytest.raises(BookError) as info:
        stage(folder)
    error = info.value
    assert '\n' not in str(error)
    return error


def metadata(folder):
    return folder / 'metadata.yaml'


def where(path, text, shown=None):
    """`file:line` of the first line of `path` holding `text`, so tests follow the fixture's edits."""
    lines = path.read_text(encoding='utf-8').split('\n')
    return f'{shown or path}:{next(n for n, line in enumerate(lines, 1) if text in line)}'


def chapter(folder, name='two'):
    return folder / 'chapters' / f'{name}.md'


# --- metadata.yaml ---------------------------------------------------------------------

def test_malformed_yaml_names_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'lang: en-GB', 'lang: en-GB: x')
    error = error_of(folder)
    assert f'{error.path}:{error.line}' == where(metadata(folder), 'lang:')
    assert str(error) == (f'{where(metadata(folder), "lang:")}: malformed YAML: a colon and a space inside a '
                          'value; put the value in quotes, as in title: "A: B"')


def test_yaml_nested_too_deeply_is_malformed_not_a_crash(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'paper: cream', 'paper: ' + '[' * 3000 + ']' * 3000)
    assert str(error_of(folder)) == f'{metadata(folder)}: malformed YAML: nested too deeply'


def test_missing_required_key_names_file_and_what_to_add(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'publisher: "Test Press"\n', '')
    assert str(error_of(folder)) == (f"{metadata(folder)}: missing required key 'publisher'; "
                                     'add it (the README lists what each key holds)')


@pytest.mark.parametrize('old, new, message', [
    ('rights: "Text in the public domain."', 'rights: [1, 2]', 'rights: must be a non-empty string'),
    ('date: 2024-03-15', 'date: "15 March 2024"', "date: '15 March 2024' is not a date in the form YYYY-MM-DD"),
    ('chapters:\n  - chapters/one.md\n  - chapters/two.md', 'chapters: {}',
     'chapters: must be a chapter file or a non-empty list of them, relative to the book folder'),
    ('title: "A Small Test Book"', 'title: "A \\x01 Book"', 'title: holds the control character U+0001; delete it'),
    ('title: "A Small Test Book"', '7: "A Small Test Book"', "'7' is not a key name such as title"),
])
def test_mistyped_key_names_file_line_and_key(tmp_path, old, new, message):
    folder = small_book(tmp_path)
    edit(metadata(folder), old, new)
    assert str(error_of(folder)) == f'{where(metadata(folder), new)}: {message}'


def test_non_utf8_metadata_names_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    line = where(metadata(folder), 'Test Press')
    metadata(folder).write_bytes(metadata(folder).read_bytes().replace(b'Test Press', b'Test Pr\xe9ss'))
    assert str(error_of(folder)) == f'{line}: not UTF-8 text; save the file as UTF-8'


@pytest.mark.parametrize('lang, message', [
    ('xx', "lang: 'xx' is not an ISO 639 language code; use one such as en or de"),
    ('en-YY', "lang: 'YY' is not an ISO 3166 region code; use one such as US or GB"),
    ('english', "lang: 'english' is not a BCP 47 language tag such as en-US"),
])
def test_unknown_language_code_names_file_and_line(tmp_path, lang, message):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'lang: en-GB', f'lang: {lang}')
    assert str(error_of(folder)) == f'{where(metadata(folder), "lang:")}: {message}'


@pytest.mark.parametrize('lang', ['de', 'fr-CA', 'es-419', 'zh-Hant-TW', 'haw', 'sr-Latn'])
def test_known_language_codes_load(tmp_path, lang):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'lang: en-GB', f'lang: {lang}')
    assert load_book(folder).lang == lang


@pytest.mark.parametrize('trim, message', [
    ('0in x 9in', "'0in x 9in' is outside the sizes a printer binds (2in to 18in a side)"),
    ('6in x 9in x 2in', "'6in x 9in x 2in' is not a trim size such as 5.5in x 8.5in, or a name such as A5 or US Trade"),
    ('US Trad', "'US Trad' is not a trim size such as 5.5in x 8.5in; did you mean US Trade?"),
    ('6 x 9', "'6' is not a length such as 0.125in or 3mm"),
    ('2in x 2in', "'2in x 2in' leaves no room for text inside the page margins; make each side at least 3in"),
    ('10in x 3in', "'10in x 3in' is a strip, not a page; neither side may be over 3 times the other"),
])
def test_nonsense_trim_size_names_file_and_line(tmp_path, trim, message):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'trim_size: 6in x 9in', f'trim_size: {trim}')
    assert str(error_of(folder)) == f'{where(metadata(folder), "trim_size:")}: trim_size: {message}'


@pytest.mark.parametrize('bleed, message', [
    ('1in', "bleed: '1in' must be between 0 and 0.5in"),
    ('-1mm', "bleed: '-1mm' is not a length such as 0.125in or 3mm"),
])
def test_nonsense_bleed_names_file_and_line(tmp_path, bleed, message):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'paper: cream', f'paper: cream\nbleed: {bleed}')
    assert str(error_of(folder)) == f'{where(metadata(folder), "bleed:")}: {message}'


# --- chapters ---------------------------------------------------------------------------

def test_listed_but_missing_chapter_names_its_line_in_metadata(tmp_path):
    folder = small_book(tmp_path)
    chapter(folder).unlink()
    assert str(error_of(folder)) == (f"{where(metadata(folder), 'chapters/two.md')}: chapter 'chapters/two.md' "
                                     'is listed but does not exist; create it or correct its path under chapters')


def test_unlisted_chapter_is_a_warning_and_the_build_goes_on(tmp_path, capsys):
    folder = small_book(tmp_path)
    chapter(folder, 'three').write_text('# Three\n\nLeft out.\n', encoding='utf-8')
    html = intermediate(folder)
    assert capsys.readouterr().err == ('chapters/three.md: warning: chapter file is not listed in '
                                       'metadata.yaml and is left out; add it to chapters to include it\n')
    assert 'The Second Chapter' in html and 'Left out.' not in html


@pytest.mark.parametrize('text', ['', '\n  \n\t\n'])
def test_empty_chapter_names_file_and_line(tmp_path, text):
    folder = small_book(tmp_path)
    chapter(folder).write_text(text, encoding='utf-8')
    assert str(error_of(folder)) == ('chapters/two.md:1: chapter is empty; write it, '
                                     'or remove it from chapters in metadata.yaml')


def test_non_utf8_chapter_names_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    chapter(folder).write_bytes(b'# Two\n\nCaf\xe9 society.\n')   # line 3
    assert str(error_of(folder)) == 'chapters/two.md:3: not UTF-8 text; save the file as UTF-8'


def test_control_character_in_chapter_names_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    chapter(folder).write_text('# Two\n\nA form\x0cfeed.\n', encoding='utf-8')
    assert str(error_of(folder)) == 'chapters/two.md:3: control character U+000C in the text; delete it'


def test_chapter_that_is_a_loop_of_symlinks_names_its_line_in_metadata(tmp_path):
    folder = small_book(tmp_path)
    chapter(folder).unlink()
    chapter(folder).symlink_to(chapter(folder, 'loop'))
    chapter(folder, 'loop').symlink_to(chapter(folder))
    assert str(error_of(folder)) == (f"{where(metadata(folder), 'chapters/two.md')}: chapter 'chapters/two.md' "
                                     'is a loop of symbolic links')


def test_unreadable_file_names_file_and_cause(tmp_path):
    with pytest.raises(BookError) as info:
        read_text(tmp_path, 'chapters/two.md')
    assert str(info.value) == 'chapters/two.md: the file is a folder, not a file'


# --- citations --------------------------------------------------------------------------

def test_unterminated_citation_bracket_names_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    edit(chapter(folder), '[Ibid., p. 20]', '[Ibid., p. 20')
    assert str(error_of(folder)) == (f'{where(chapter(folder), "[Ibid.", "chapters/two.md")}: unbalanced "[": '
                                     'it is never closed in this paragraph (a citation bracket missing its "]"?)')


def test_unbalanced_closing_bracket_names_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    edit(chapter(folder), '[Ibid., p. 20]', 'Ibid., p. 20]')
    assert str(error_of(folder)) == (f'{where(chapter(folder), "Ibid.", "chapters/two.md")}: unbalanced "]": '
                                     'no "[" opens it in this paragraph')


# --- images, cover, font -----------------------------------------------------------------

def test_missing_image_names_chapter_and_line(tmp_path):
    folder = small_book(tmp_path)
    (folder / 'images' / 'square.png').unlink()
    assert str(error_of(folder)) == (f"{where(chapter(folder, 'one'), 'square.png', 'chapters/one.md')}: "
                                     "image '../images/square.png' not found: it is read as images/square.png, since an image's "
                                     "path starts from its chapter's folder")


def test_image_that_is_not_an_image_names_chapter_and_line(tmp_path):
    folder = small_book(tmp_path)
    (folder / 'images' / 'square.png').write_bytes(b'\x89PNG\r\n\x1a\n truncated')
    message = str(error_of(folder))
    assert message.startswith(f"{where(chapter(folder, 'one'), 'square.png', 'chapters/one.md')}: "
                              "image '../images/square.png' cannot be read as an image (")
    assert message.endswith('export it again as PNG or JPEG') and '\n' not in message


def test_missing_cover_names_metadata_line(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'paper: cream', 'paper: cream\ncover: images/cover.png')
    assert str(error_of(folder)) == (f"{where(metadata(folder), 'cover:')}: cover 'images/cover.png' not found; "
                                     'correct the path or remove the key')


def test_missing_font_names_metadata_line(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'font: Source Serif 4', 'font: Comic Sans')
    assert str(error_of(folder)) == (f"{where(metadata(folder), 'font:')}: font 'Comic Sans' is not installed; "
                                     'installed: EB Garamond, Source Code Pro, Source Serif 4 '
                                     '(add the fontpkg wheel to pyproject.toml to use another)')


# --- pandoc and WeasyPrint ----------------------------------------------------------------

def test_pandoc_failure_is_wrapped_with_its_cause(tmp_path, monkeypatch):
    from pressroom.transforms import pandoc
    folder = small_book(tmp_path)
    failure = pandoc.PandocFailed('pandoc: out of memory\n')

    def fail(*args, **kwargs):
        raise failure
    monkeypatch.setattr(pandoc, 'run', fail)
    error = error_of(folder)
    assert str(error) == ('chapters/one.md: pandoc could not convert this chapter (pandoc: out of memory); '
                          'if the chapter looks right, report this with the chapter attached')
    assert error.__cause__ is failure


def test_a_tex_macro_that_doubles_without_end_is_stopped_by_pandoc_s_caps(tmp_path, monkeypatch):
    from pressroom.transforms import pandoc
    monkeypatch.setattr(pandoc, 'PANDOC_HEAP', '200m')          # the cap is 2 GB; the test keeps it small
    folder = small_book(tmp_path)
    macros = ['\\newcommand{\\a}{xx}'] + [f'\\newcommand{{\\{b}}}{{\\{a}\\{a}\\{a}\\{a}}}'
                                         for a, b in zip('abcdefghijkl', 'bcdefghijklm')]
    (folder / 'chapters' / 'two.md').write_text('# Two\n\n' + '\n'.join(macros) + '\n\n$\\m$\n')
    assert 'pandoc needs over 200MB of memory for it and was stopped' in str(error_of(folder))
    monkeypatch.setattr(pandoc, 'PANDOC_HEAP', '2g')
    monkeypatch.setattr(pandoc, 'SECONDS', 1)
    assert 'pandoc took over 1 s over it and was stopped' in str(error_of(folder))


def test_nesting_too_deep_for_the_layout_is_refused_first(tmp_path):
    folder = small_book(tmp_path)
    # Block quotes nested this deep exhaust WeasyPrint's recursion during layout.
    chapter(folder).write_text('# Two\n\n' + '>' * 300 + ' Deep.\n', encoding='utf-8')
    error = error_of(folder, lambda folder: build(folder, ('pdf',)))
    # Refused before the layout, which would exhaust WeasyPrint's recursion, naming the chapter.
    assert str(error).startswith('chapters/two.md: quotations, lists, formulas or raw HTML nested ')


# --- through the command line --------------------------------------------------------------

def test_cli_malformed_yaml_is_one_line_with_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'lang: en-GB', 'lang: en-GB: x')
    assert_one_line_error(run_task('build', folder), f'{where(metadata(folder), "lang:")}: malformed YAML')


def test_cli_missing_chapter_is_one_line_with_metadata_line(tmp_path):
    folder = small_book(tmp_path)
    chapter(folder).unlink()
    assert_one_line_error(run_task('build', folder), f"{where(metadata(folder), 'chapters/two.md')}: "
                                                     "chapter 'chapters/two.md' is listed but does not exist")


def test_cli_non_utf8_chapter_is_one_line_with_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    chapter(folder).write_bytes(b'# Two\n\n\xff\n')
    assert_one_line_error(run_task('build', folder), 'chapters/two.md:3: not UTF-8 text')


def test_cli_unterminated_citation_is_one_line_with_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    edit(chapter(folder), '[Ibid., p. 20]', '[Ibid., p. 20')
    assert_one_line_error(run_task('build', folder),
                          f'{where(chapter(folder), "[Ibid.", "chapters/two.md")}: unbalanced "["')


def test_cli_missing_image_is_one_line_with_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    (folder / 'images' / 'square.png').unlink()
    assert_one_line_error(run_task('epub', folder), f"{where(chapter(folder, 'one'), 'square.png', 'chapters/one.md')}: "
                                                    "image '../images/square.png' not found: it is read as images/square.png, since an image's "
                                     "path starts from its chapter's folder")


def test_cli_missing_cover_is_one_line_not_a_traceback_from_the_epub_writer(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'paper: cream', 'paper: cream\ncover: images/cover.png')
    assert_one_line_error(run_task('build', folder),
                          f"{where(metadata(folder), 'cover:')}: cover 'images/cover.png' not found")


def test_cli_unknown_language_is_one_line_with_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'lang: en-GB', 'lang: xx-GB')
    assert_one_line_error(run_task('pdf', folder), f"{where(metadata(folder), 'lang:')}: lang: 'xx' is not an ISO 639")


def test_cli_pandoc_failure_is_one_line_with_pandocs_message(tmp_path):
    folder = small_book(tmp_path)
    fake = tmp_path / 'pandoc'
    # A pandoc that answers pypandoc's questions like the real one, then fails every conversion.
    fake.write_text(f'#!/bin/sh\ncase "$*" in *--from=*) ;; *) exec {pypandoc.get_pandoc_path()} "$@";; esac\n'
                    'cat >/dev/null; echo "pandoc: simulated failure: cannot allocate" >&2; exit 83\n')
    fake.chmod(0o755)
    line = assert_one_line_error(run_task('html', folder, env={'PYPANDOC_PANDOC': str(fake)}),
                                 'pandoc could not convert this chapter', 'simulated failure: cannot allocate')
    assert re.match(r'error: chapters/(one|two)\.md: ', line)


def test_cli_weasyprint_failure_is_one_line_with_its_cause(tmp_path):
    folder = small_book(tmp_path)
    chapter(folder).write_text('# Two\n\n' + '>' * 300 + ' Deep.\n', encoding='utf-8')
    assert_one_line_error(run_task('pdf', folder),
                          'error: chapters/two.md: quotations, lists, formulas or raw HTML nested ')


def test_cli_success_prints_no_error(tmp_path):
    """The control for the tests above: the unbroken book builds, silently on stderr."""
    result = run_task('html', small_book(tmp_path))
    assert (result.returncode, result.stderr) == (0, '')


# --- the last line of defence --------------------------------------------------------------

def _task_wrapper():
    from pressroom.cli import _book_errors
    return _book_errors


def test_unexpected_exception_becomes_one_line_naming_it_as_a_bug(monkeypatch):
    monkeypatch.delenv('PRESSROOM_TRACEBACK', raising=False)

    def broken():
        raise KeyError('note-7')
    with pytest.raises(Exit) as info:
        _task_wrapper()(broken)()
    assert info.value.code == 2
    assert info.value.message == ("error: pressroom failed unexpectedly (KeyError: 'note-7'); this is a "
                                  'bug: rerun with PRESSROOM_TRACEBACK=1 and report what it prints')


def test_unexpected_exception_shows_its_traceback_when_asked_and_still_exits_2(monkeypatch, capsys):
    monkeypatch.setenv('PRESSROOM_TRACEBACK', '1')

    def broken():
        raise KeyError('note-7')
    with pytest.raises(Exit) as info:
        _task_wrapper()(broken)()
    assert info.value.code == 2
    assert "raise KeyError('note-7')" in capsys.readouterr().err


def test_check_before_any_build_says_to_build_first(tmp_path):
    from pressroom.checks.validate import validate_outputs
    folder = small_book(tmp_path)
    with pytest.raises(BookError, match=r'nothing to check for html, epub, kepub, pdf, print, cover: run pressroom build first'):
        validate_outputs(folder)
