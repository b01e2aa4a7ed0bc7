"""`invoke lint` checks a manuscript without building it: one `file:line: message` per problem."""

import pytest

from pressroom.checks.lint import lint

from .test_errors import chapter, edit, metadata, run_task, small_book, where

QUOTE_WARNING = ('warning: straight quote " that pandoc cannot pair, so it may curl the wrong way; '
                 'pair it, or type “ or ” yourself')


def write_chapter(folder, text, name='two'):
    chapter(folder, name).write_text(text, encoding='utf-8')
    return folder


def test_fixture_book_is_clean(tmp_path):
    assert lint(small_book(tmp_path)) == []


def test_build_writes_nothing_when_linting(tmp_path):
    folder = small_book(tmp_path)
    lint(folder)
    assert not (folder / 'build').exists()


# --- the build's own errors, found without building --------------------------------------

def test_malformed_yaml_ends_the_list_with_file_and_line(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'lang: en-GB', 'lang: en-GB: x')
    assert lint(folder) == [f'{where(metadata(folder), "lang:")}: error: malformed YAML: a colon and a space '
                            'inside a value; put the value in quotes, as in title: "A: B"']


def test_missing_required_key_is_reported(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'publisher: "Test Press"\n', '')
    assert lint(folder) == [f"{metadata(folder)}: error: missing required key 'publisher'; add it "
                            '(the README lists what each key holds)']


@pytest.mark.parametrize('old, new, message', [
    ('lang: en-GB', 'lang: zz', "lang: 'zz' is not an ISO 639 language code; use one such as en or de"),
    ('trim_size: 6in x 9in', 'trim_size: 2in x 2in',
     "trim_size: '2in x 2in' leaves no room for text inside the page margins; make each side at least 3in"),
    ('paper: cream', 'paper: cream\nbleed: 1in', "bleed: '1in' must be between 0 and 0.5in"),
])
def test_bad_setting_is_reported_with_its_line(tmp_path, old, new, message):
    folder = small_book(tmp_path)
    edit(metadata(folder), old, new)
    assert lint(folder) == [f'{where(metadata(folder), new.split(chr(10))[-1])}: error: {message}']


def test_missing_font_is_reported_and_chapters_still_checked(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'font: Source Serif 4', 'font: Comic Sans')
    edit(chapter(folder), '[Ibid., p. 20]', '[Ibid., p. 20')
    assert lint(folder) == [
        f"{where(metadata(folder), 'font:')}: error: font 'Comic Sans' is not installed; installed: "
        'EB Garamond, Source Code Pro, Source Serif 4 (add the fontpkg wheel to pyproject.toml to use another)',
        f'{where(chapter(folder), "[Ibid.", "chapters/two.md")}: error: unbalanced "[": it is never closed '
        'in this paragraph (a citation bracket missing its "]"?)',
    ]


def test_missing_cover_is_reported_with_its_line(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'paper: cream', 'paper: cream\ncover: images/cover.png')
    assert lint(folder) == [f"{where(metadata(folder), 'cover:')}: error: cover 'images/cover.png' not found; "
                            'correct the path or remove the key']


def test_missing_chapter_is_reported_and_the_other_chapters_still_checked(tmp_path):
    folder = small_book(tmp_path)
    chapter(folder, 'one').unlink()
    edit(chapter(folder), '[Ibid., p. 20]', 'Ibid., p. 20]')
    assert lint(folder) == [
        f"{where(metadata(folder), 'chapters/one.md')}: error: chapter 'chapters/one.md' is listed but does "
        'not exist; create it or correct its path under chapters',
        f'{where(chapter(folder), "Ibid.", "chapters/two.md")}: error: unbalanced "]": no "[" opens it in this '
        'paragraph',
    ]


def test_unlisted_chapter_is_a_warning(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# Three\n', name='three')
    assert lint(folder) == ['chapters/three.md: warning: chapter file is not listed in metadata.yaml '
                            'and is left out; add it to chapters to include it']


def test_empty_and_non_utf8_chapters_are_both_reported(tmp_path):
    folder = write_chapter(small_book(tmp_path), '\n\n')
    chapter(folder, 'one').write_bytes(b'# One\n\nNa\xefve.\n')
    assert lint(folder) == [
        'chapters/one.md:3: error: not UTF-8 text; save the file as UTF-8',
        'chapters/two.md:1: error: chapter is empty; write it, or remove it from chapters in metadata.yaml',
    ]


def test_unterminated_citation_bracket_is_reported_with_its_line(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter\n\nOne line.\n\n"Quoted." [Lenin, *CW*, p. 3\n')
    assert lint(folder) == ['chapters/two.md:5: error: unbalanced "[": it is never closed in this '
                            'paragraph (a citation bracket missing its "]"?)']


@pytest.mark.parametrize('image, message', [
    ('![Lost.](lost.png)', "image 'lost.png' not found: it is read as chapters/lost.png, since an image's "
                           "path starts from its chapter's folder"),
    ('![Lost.](images/square.png)', "image 'images/square.png' not found: it is read as chapters/images/square.png, "
                                    "since an image's path starts from its chapter's folder; did you mean "
                                    "'../images/square.png'?"),
    ('![Out.](../../outside.png)', "image 'chapters/../../outside.png' points outside the book folder; "
                                   'copy the file into the book folder'),
    ('![Web.](http://127.0.0.1:9/x.png)', "image 'http://127.0.0.1:9/x.png': only files inside the book "
                                          'folder can be used'),
    ('<img src="file:///etc/hosts" alt="">', "image 'file:///etc/hosts': only files inside the book "
                                             'folder can be used'),
])
def test_bad_image_is_reported_with_its_line(tmp_path, image, message):
    folder = write_chapter(small_book(tmp_path), f'# The Second Chapter\n\nText.\n\n{image}\n')
    assert lint(folder) == [f'chapters/two.md:5: error: {message}']


def test_image_beside_the_chapter_folder_is_fine(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter\n\n![Square.](../images/square.png)\n\n'
                           '<img src="../images/square.png" alt="">\n')
    assert lint(folder) == []


# --- checks only lint makes ---------------------------------------------------------------

def test_unpaired_straight_quote_is_reported_with_its_line(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter\n\nFine "here."\n\nHe said "hello\nand left.\n\n'
                                                 'A 5\'10" man.\n')
    assert lint(folder) == [f'chapters/two.md:5: {QUOTE_WARNING}', f'chapters/two.md:8: {QUOTE_WARNING}']


def test_straight_quotes_pandoc_can_pair_are_not_reported(tmp_path):
    text = ('# The Second Chapter\n\n## The "New Course" {running-head="The Course"}\n\n'
            'A quotation "that runs\nover two lines," he said, *"in emphasis"* and "**bold**".\n\n'
            '[A span]{title="A title"} "after".\n\n'
            '> "Quoted in a block quote."\n\nIn code `say "hi` and escaped \\" stay straight on purpose.\n\n'
            '```\nprint("unpaired)\n```\n\n    indented "code\n')
    assert lint(write_chapter(small_book(tmp_path), text)) == []


def test_citation_like_bracket_not_ending_a_quotation_is_reported(tmp_path):
    folder = write_chapter(small_book(tmp_path),
                           '# The Second Chapter\n\nHe cited [Lenin, *Collected Works*, Vol. 33, p. 5] in passing.\n')
    assert lint(folder) == ['chapters/two.md:3: warning: [Lenin, *Collected Works*, Vol. 33, p. 5] reads '
                            'like a citation but does not end a quotation, so it stays in the text']


def test_citations_and_editorial_brackets_are_not_reported(tmp_path):
    text = ('# The Second Chapter\n\nHe wrote "the end." [Lenin, *CW*, Vol. 33, p. 5] Then [T]he rest [sic] went on,\n'
            'said [Felix] Dzerzhinsky.\n\n> A block quotation ends here. [Trotsky, *The New Course*, p. 12]\n')
    assert lint(write_chapter(small_book(tmp_path), text)) == []


def test_duplicate_heading_is_reported_with_both_places(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter\n\n## Notes\n\nA.\n\n## Notes\n\nB.\n')
    assert lint(folder) == ['chapters/two.md:7: warning: duplicate heading "Notes" (first at chapters/two.md:3)']


def test_headings_that_differ_in_their_code_are_not_duplicates(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter\n\n### Static `String` Helpers\n\nA.\n\n'
                                                 '### Static `Number` Helpers\n\nB.\n\n### Static `Number` Helpers\n\nC.\n')
    assert lint(folder) == ['chapters/two.md:11: warning: duplicate heading "Static `Number` Helpers" '
                            '(first at chapters/two.md:7)']


def test_duplicate_heading_across_chapters_is_reported(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter\n\n## A section\n\nAgain.\n')
    first = where(chapter(folder, 'one'), '## A section', 'chapters/one.md')
    assert lint(folder) == [f'chapters/two.md:3: warning: duplicate heading "A section" (first at {first})']


def test_duplicate_id_is_reported_with_both_places(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter\n\n[A span]{#first-section} and '
                                                 '<span id="first-section">raw</span>.\n')
    first = where(chapter(folder, 'one'), '{#first-section}', 'chapters/one.md')
    duplicate = f'warning: duplicate id #first-section (first at {first}); links to it reach only the first'
    assert lint(folder) == [f'chapters/two.md:3: {duplicate}', f'chapters/two.md:3: {duplicate}']


def test_link_to_missing_anchor_is_reported(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter\n\nSee [there](#nowhere),\n'
                                                 'and <a href="#gone">here</a>.\n')
    assert lint(folder) == ['chapters/two.md:3: warning: link to #nowhere, which no heading or id has, is set as plain text',
                            'chapters/two.md:4: warning: link to #gone, which no heading or id has, is set as plain text']


def test_links_to_headings_and_ids_in_any_chapter_are_fine(tmp_path):
    text = ('# The Second Chapter\n\n## Later Part {#later .special}\n\nSee [one](#the-first-chapter),\n'
            '[section](#first-section), [later](#later) and <a href="#mark">mark</a>.\n\n[marked]{#mark}\n')
    assert lint(write_chapter(small_book(tmp_path), text)) == []


def test_links_to_another_chapters_file_are_fine_and_their_ids_checked_in_that_file(tmp_path):
    text = ('# The Second Chapter\n\n## Later Part {#later}\n\nSee [one](one.md), [its section](one.md#first-section),\n'
            '[here](two.md#later), [wrong file](one.md#later) and [nowhere](three.md).\n')
    assert lint(write_chapter(small_book(tmp_path), text)) == [
        "chapters/two.md:6: warning: link to 'three.md', which is not in the book, is set as plain text",
        'chapters/two.md:6: warning: link to chapters/one.md#later, which no heading or id has, is set as plain text']


def test_a_chapter_start_that_is_not_a_choice_is_an_error(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter {chapter-start=sideways}\n\nText.\n')
    assert lint(folder) == ["chapters/two.md:1: error: chapter-start='sideways' is not one of right, any, continuous"]


def test_link_to_the_automatic_id_of_a_heading_with_its_own_id_is_reported(tmp_path):
    text = '# The Second Chapter\n\n## Later Part {#later}\n\nSee [later](#later-part).\n'
    assert lint(write_chapter(small_book(tmp_path), text)) == [
        'chapters/two.md:5: warning: link to #later-part, which no heading or id has, is set as plain text']


def test_headings_links_and_quotes_in_code_blocks_are_ignored(tmp_path):
    text = '# The Second Chapter\n\nText.\n\n```markdown\n# The Second Chapter\n[x](#nowhere) and "open\n```\n'
    assert lint(write_chapter(small_book(tmp_path), text)) == []


def test_fence_that_nothing_closes_is_read_as_text_like_pandoc_does(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter\n\nText.\n\n```\n![Lost.](lost.png)\n')
    assert lint(folder) == ["chapters/two.md:6: error: image 'lost.png' not found: it is read as chapters/lost.png, "
                            "since an image's path starts from its chapter's folder"]


def test_fence_closes_only_with_as_many_marks(tmp_path):
    text = '# The Second Chapter\n\n````\n```\n![Lost.](lost.png) "open\n````\n'
    assert lint(write_chapter(small_book(tmp_path), text)) == []


# --- the command --------------------------------------------------------------------------

def test_cli_lint_prints_problems_and_exits_non_zero_on_an_error(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter\n\nHe said "hello.\n\nSee [x.\n')
    result = run_task('lint', folder)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f'chapters/two.md:3: {QUOTE_WARNING}',
                                          'chapters/two.md:5: error: unbalanced "[": it is never closed in this '
                                          'paragraph (a citation bracket missing its "]"?)']
    assert result.stderr == ''


def test_cli_lint_exits_zero_with_only_warnings(tmp_path):
    folder = write_chapter(small_book(tmp_path), '# The Second Chapter\n\nHe said "hello.\n')
    result = run_task('lint', folder)
    assert (result.returncode, result.stdout, result.stderr) == (0, f'chapters/two.md:3: {QUOTE_WARNING}\n', '')


def test_cli_lint_exits_non_zero_on_a_metadata_error(tmp_path):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'lang: en-GB', 'lang: xx')
    result = run_task('lint', folder)
    assert result.returncode == 1
    assert result.stdout == (f"{where(metadata(folder), 'lang:')}: error: lang: 'xx' is not an ISO 639 language code; "
                             'use one such as en or de\n')


# --- what the build reports, lint reports the same way (checks/manuscript.py) -------------

def _build_lines(folder, capsys, strict=False):
    """The build's problems as lint prints them: its warnings, then its errors (all at once)."""
    from pressroom.build import build
    from pressroom.errors import BookError
    capsys.readouterr()
    try:
        build(folder, ('html',), strict=strict)
        errors = []
    except BookError as error:
        errors = [str(BookError(f'error: {one.message}', one.path, one.line))
                  for one in getattr(error, 'errors', [error])]
    return [line for line in capsys.readouterr().err.splitlines() if ': warning: ' in line] + errors


def test_an_undefined_note_an_empty_heading_and_an_untitled_chapter_the_same_in_lint_and_build(tmp_path, capsys):
    folder = write_chapter(small_book(tmp_path), 'Words before any heading.\n\n# The Second Chapter\n\n'
                                                 'The fen is patient.[^mud] Not a note: `[^code]`.\n\n##\n\n'
                                                 'Text.[^ok]\n\n[^ok]: A note.\n')
    expected = [
        'chapters/two.md:1: warning: text with no "# " heading above it is set as an untitled chapter',
        'chapters/two.md:5: error: note [^mud] is called here but never written; add a line "[^mud]: the note" '
        'below the paragraph, or remove the call',
        'chapters/two.md:7: error: a heading with no words; write its title, or remove the #',
    ]
    assert lint(folder) == expected
    assert sorted(_build_lines(folder, capsys)) == sorted(expected)


def test_placeholders_are_warnings_and_errors_under_strict_in_lint_and_build(tmp_path, capsys):
    folder = small_book(tmp_path)
    edit(metadata(folder), 'publisher: "Test Press"', 'publisher: "[to be written]"')
    line = where(metadata(folder), 'publisher:')
    assert lint(folder) == [f'{line}: warning: publisher is still a placeholder: write it in']
    assert _build_lines(folder, capsys) == [f'{line}: warning: publisher is still a placeholder: write it in']
    assert lint(folder, strict=True) == [f'{line}: error: publisher is still a placeholder: write it in']
    assert _build_lines(folder, capsys, strict=True) == [f'{line}: error: publisher is still a placeholder: write it in']


def test_build_keeps_only_the_current_titles_outputs(tmp_path):
    from pressroom.build import build
    folder = small_book(tmp_path)
    build(folder, ('html',))
    (folder / 'build' / 'notes.txt').write_text('mine')
    edit(metadata(folder), 'title: "A Small Test Book"', 'title: "A Renamed Book"')
    build(folder, ('html',))
    assert sorted(path.name for path in (folder / 'build').iterdir()) == ['.cache', 'a-renamed-book.html', 'notes.txt']
