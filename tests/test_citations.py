"""Citation brackets become pandoc inline notes; everything else in brackets stays."""

import re
from pathlib import Path

import pytest

from pressroom.errors import BookError
from pressroom.transforms.citations import Bracket, footnote_citations, looks_like_citation, scan

MANUSCRIPT = Path(__file__).parent.parent / 'manuscript'
NOTE_RE = re.compile(r'\^\[\[(.*?)\]\{\.citation\}\]', re.S)


def note(content):
    return f'^[[{content}]{{.citation}}]'


def kinds(text):
    return [(b.content, b.kind) for b in scan(text, 'ch.md')]


# --- hand-written cases -----------------------------------------------------------

def test_block_quote_citation_on_same_line_becomes_note_without_preceding_space():
    text = '> We must clearly appreciate this. [Lenin, *Collected Works*, Vol. 33]\n'
    assert footnote_citations(text, 'ch.md') == (
        '> We must clearly appreciate this.' + note('Lenin, *Collected Works*, Vol. 33') + '\n')


def test_block_quote_citation_on_its_own_quoted_line_joins_the_previous_line():
    text = '> We must clearly appreciate this.\n> [Ibid.]\n\nAfter.\n'
    assert footnote_citations(text, 'ch.md') == (
        '> We must clearly appreciate this.' + note('Ibid.') + '\n\nAfter.\n')


def test_multi_paragraph_block_quote_citation_stays_in_last_paragraph():
    text = ('> Comrade Stalin has unlimited authority.\n'
            '>\n'
            '> Comrade Trotsky, on the other hand... is distinguished. [Ibid.]\n')
    assert footnote_citations(text, 'ch.md') == (
        '> Comrade Stalin has unlimited authority.\n'
        '>\n'
        '> Comrade Trotsky, on the other hand... is distinguished.' + note('Ibid.') + '\n')


def test_only_last_paragraph_of_block_quote_has_citation_and_earlier_paragraphs_untouched():
    text = '> First.\n>\n> Second.\n>\n> Third. [Trotsky, *The Stalin School of Falsification*, 1937]\n'
    out = footnote_citations(text, 'ch.md')
    assert out.startswith('> First.\n>\n> Second.\n>\n> Third.^[[')
    assert NOTE_RE.findall(out) == ['Trotsky, *The Stalin School of Falsification*, 1937']


def test_inline_quotation_with_comma_then_citation_then_running_text():
    text = 'He wrote, "the party was aquiver," [Trotsky, p. 75] and went on.\n'
    assert footnote_citations(text, 'ch.md') == (
        'He wrote, "the party was aquiver,"' + note('Trotsky, p. 75') + ' and went on.\n')


def test_citation_after_curly_closing_quote():
    text = 'He wrote: “the decisions.” [“The Question of Party Generations,” December 23, 1923]\n'
    assert footnote_citations(text, 'ch.md') == (
        'He wrote: “the decisions.”'
        + note('“The Question of Party Generations,” December 23, 1923') + '\n')


def test_citation_after_straight_closing_quote():
    text = 'He wrote: "the decisions." [Ibid.]\n'
    assert footnote_citations(text, 'ch.md') == 'He wrote: "the decisions."' + note('Ibid.') + '\n'


def test_citation_after_nested_single_and_double_curly_quotes():
    text = ('Stalin argued “the theory of ‘permanent revolution.’” '
            '[Stalin, “The October Revolution and the Tactics of the Russian Communists,” December 1924]\n')
    out = footnote_citations(text, 'ch.md')
    assert out == ('Stalin argued “the theory of ‘permanent revolution.’”'
                   + note('Stalin, “The October Revolution and the Tactics of the Russian '
                          'Communists,” December 1924') + '\n')


def test_citation_after_quote_followed_by_period_outside_bracket():
    text = 'He called it "the height of absurdity" [Lenin, Vol. 45].\n'
    assert footnote_citations(text, 'ch.md') == (
        'He called it "the height of absurdity"' + note('Lenin, Vol. 45') + '.\n')


def test_citation_separated_by_tab_loses_the_tab():
    assert footnote_citations('He said so.\t[Ibid.]\n', 'ch.md') == 'He said so.' + note('Ibid.') + '\n'


def test_citation_in_nested_block_quote():
    assert footnote_citations('> > Nested words. [Src, p. 1]\n', 'ch.md') == (
        '> > Nested words.' + note('Src, p. 1') + '\n')


def test_cart_insertion_kept_and_following_citation_noted_with_inline_markdown():
    text = ('allow foreign capital, "already buying up our officials with bribes," to '
            '"[cart] out what there is left of Russia." [Lenin, *CW*, Progress Publishers, Vol 45]\n')
    out = footnote_citations(text, 'ch.md')
    assert out == ('allow foreign capital, "already buying up our officials with bribes," to '
                   '"[cart] out what there is left of Russia."'
                   + note('Lenin, *CW*, Progress Publishers, Vol 45') + '\n')
    assert kinds(text) == [('cart', 'insertion'),
                           ('Lenin, *CW*, Progress Publishers, Vol 45', 'citation')]


def test_capital_letter_insertion_at_start_of_block_quote_untouched():
    text = ('> [T]he fundamental interest of proletarian class struggle requires that we never '
            'adopt a formal attitude to the national question.\n')
    assert footnote_citations(text, 'ch.md') == text
    assert kinds(text) == [('T', 'insertion')]


def test_name_insertion_untouched_while_ibid_after_it_is_noted():
    text = ('> The political responsibility must, of course, be laid on Stalin and '
            '[Felix] Dzerzhinsky. [Ibid.]\n')
    assert footnote_citations(text, 'ch.md') == (
        '> The political responsibility must, of course, be laid on Stalin and '
        '[Felix] Dzerzhinsky.' + note('Ibid.') + '\n')
    assert kinds(text) == [('Felix', 'insertion'), ('Ibid.', 'citation')]


def test_sic_is_editorial_and_untouched():
    text = 'He wrote "the ruffraff [sic] of the bureaucracy" in December.\n'
    assert footnote_citations(text, 'ch.md') == text
    assert kinds(text) == [('sic', 'editorial')]


def test_sic_after_closing_quote_is_not_a_citation():
    text = 'The word was "ruffraff" [sic].\n'
    assert footnote_citations(text, 'ch.md') == text


def test_phrase_insertion_inside_quotation_untouched():
    text = 'Stalin wrote that “such a weakening [of the monopoly] is becoming inevitable.”\n'
    assert footnote_citations(text, 'ch.md') == text
    assert kinds(text) == [('of the monopoly', 'insertion')]


def test_insertion_after_opening_straight_quote_following_em_dash_is_not_a_citation():
    # `"` after an em dash opens a quotation (smart_quotes treats it so too); the bracket
    # that follows begins the quoted words and must not become a footnote.
    text = 'Foreign capital would come—"[cart] out what there is left of Russia."\n'
    assert footnote_citations(text, 'ch.md') == text
    assert kinds(text)[0] == ('cart', 'insertion')


def test_paragraph_final_reference_after_running_text_is_citation():
    text = ('With this letter, the political foundations of the Left Opposition were laid. '
            '[See, "On the Founding of the Left Opposition"]\n')
    assert footnote_citations(text, 'ch.md') == (
        'With this letter, the political foundations of the Left Opposition were laid.'
        + note('See, "On the Founding of the Left Opposition"') + '\n')


def test_bracket_mid_sentence_after_comma_is_not_a_citation():
    text = 'Text, [Ibid.] more text.\n'
    assert footnote_citations(text, 'ch.md') == text


def test_inline_links_reference_links_and_definitions_untouched():
    text = ('See [the lecture](https://wsws.org/x). Also "quoted." [the site][wsws] and '
            'the [wsws] itself.\n\n[wsws]: https://wsws.org\n')
    assert footnote_citations(text, 'ch.md') == text
    assert {kind for _, kind in kinds(text)} == {'link'}


def test_shortcut_reference_link_after_quote_is_link_not_citation():
    text = 'He wrote "it is done." [WSWS]\n\n[wsws]: https://wsws.org\n'
    assert footnote_citations(text, 'ch.md') == text
    assert kinds(text)[0] == ('WSWS', 'link')


def test_footnote_reference_and_definition_untouched():
    text = 'He said "so."[^1] Then more.\n\n[^1]: A note with "a quote." [Src, p. 4]\n'
    assert footnote_citations(text, 'ch.md') == text
    assert all(kind == 'note' for _, kind in kinds(text))


def test_existing_inline_note_untouched():
    text = 'He said "so." ^[An aside [with a bracket].] Then more.\n'
    assert footnote_citations(text, 'ch.md') == text
    assert kinds(text) == [('An aside [with a bracket].', 'note')]


def test_span_untouched():
    text = 'He said "so." [small caps]{.smallcaps}\n'
    assert footnote_citations(text, 'ch.md') == text
    assert kinds(text) == [('small caps', 'span')]


def test_image_untouched():
    text = 'The end of it. ![A portrait](lenin.png)\n'
    assert footnote_citations(text, 'ch.md') == text
    assert kinds(text) == [('A portrait', 'link')]


def test_pandoc_citation_keys_untouched():
    text = 'As argued "before." [@north1993, p. 5]\n\nAnd again. [-@trotsky1937]\n'
    assert footnote_citations(text, 'ch.md') == text
    assert [kind for _, kind in kinds(text)] == ['note', 'note']


def test_brackets_in_code_span_ignored_even_when_unbalanced():
    text = 'Type `a[0` here and "quote." `[x]`\n'
    assert footnote_citations(text, 'ch.md') == text
    assert list(scan(text, 'ch.md')) == []


def test_brackets_in_fenced_code_ignored_even_when_unbalanced():
    text = 'Before.\n\n```\nx = a[0\n"done." [Src]\n```\n\n~~~\n]\n~~~\n\nAfter.\n'
    assert footnote_citations(text, 'ch.md') == text
    assert list(scan(text, 'ch.md')) == []


def test_backtick_fence_line_inside_tilde_fence_does_not_close_it():
    text = 'Before.\n\n~~~\n```\nx = a[0\n~~~\n\nAfter.\n'
    assert footnote_citations(text, 'ch.md') == text


def test_brackets_in_indented_code_block_ignored():
    text = 'Before.\n\n    x = a[0\n\nAfter.\n'
    assert footnote_citations(text, 'ch.md') == text


def test_escaped_brackets_ignored():
    text = 'A literal \\[ bracket and \\[T\\]he escaped insertion.\n'
    assert footnote_citations(text, 'ch.md') == text
    assert list(scan(text, 'ch.md')) == []


def test_unbalanced_open_bracket_reports_its_line():
    text = 'Fine.\n\nStill fine.\n\nHe wrote "this." [Lenin, Vol. 33\n'
    with pytest.raises(BookError) as info:
        footnote_citations(text, 'manuscript/02.md')
    assert info.value.line == 5
    assert str(info.value).startswith('manuscript/02.md:5: ')
    assert 'unbalanced "["' in str(info.value)


def test_unbalanced_open_bracket_in_multi_line_block_quote_reports_line_of_bracket():
    text = '# Title\n\n> line one\n> line two [open\n> line three.\n'
    with pytest.raises(BookError) as info:
        list(scan(text, 'ch.md'))
    assert info.value.line == 4
    assert str(info.value).startswith('ch.md:4: ')


def test_unbalanced_close_bracket_reports_its_line_after_fenced_code():
    text = '```\n[a\n```\n\nText\nmore ] here\n'
    with pytest.raises(BookError) as info:
        footnote_citations(text, 'ch.md')
    assert info.value.line == 6
    assert str(info.value).startswith('ch.md:6: ')
    assert 'unbalanced "]"' in str(info.value)


def test_missing_opening_bracket_of_citation_is_an_error():
    text = 'He argued “lack of faith.” Stalin, “The October Revolution,” December 1924]\n'
    with pytest.raises(BookError) as info:
        footnote_citations(text, 'ch.md')
    assert info.value.line == 1


def test_bracket_does_not_balance_across_paragraphs():
    text = 'Opened [here.\n\nClosed here].\n'
    with pytest.raises(BookError) as info:
        list(scan(text, 'ch.md'))
    assert info.value.line == 1


def test_citation_spanning_two_lines_in_block_quote():
    text = ('> The crisis will strike heavy blows. [Trotsky, "The New Course,"\n'
            '> *The Challenge of the Left Opposition*, p. 83]\n')
    out = footnote_citations(text, 'ch.md')
    assert out == ('> The crisis will strike heavy blows.^[[Trotsky, "The New Course,"\n'
                   '> *The Challenge of the Left Opposition*, p. 83]{.citation}]\n')
    (bracket,) = scan(text, 'ch.md')
    assert bracket.kind == 'citation' and bracket.line == 1
    assert bracket.content == 'Trotsky, "The New Course,"\n*The Challenge of the Left Opposition*, p. 83'


def test_scan_reports_offsets_and_lines_into_chapter_text():
    text = 'Intro.\n\n> Quote one.\n> Quote two. [Ibid.]\n'
    (bracket,) = scan(text, 'ch.md')
    assert isinstance(bracket, Bracket)
    assert text[bracket.start] == '[' and text[bracket.end] == ']'
    assert text[bracket.start + 1:bracket.end] == 'Ibid.'
    assert bracket.line == 4


def test_looks_like_citation():
    assert looks_like_citation('Lenin, *CW*, Progress Publishers, Vol 45')
    assert looks_like_citation('*Was There an Alternative?*, Mehring Books, p. 62')
    assert not looks_like_citation('of the monopoly')
    assert not looks_like_citation('cart')
    assert not looks_like_citation('1937')  # a number alone, no comma


# --- quotations in other languages ------------------------------------------------

def test_citation_after_german_quotation_closed_by_high_quote():
    text = 'Er nannte es „die Höhe der Absurdität.“ [Lenin, *Werke*, Bd. 45, S. 62] und schwieg.\n'
    assert footnote_citations(text, 'ch.md') == (
        'Er nannte es „die Höhe der Absurdität.“' + note('Lenin, *Werke*, Bd. 45, S. 62') + ' und schwieg.\n')


def test_citation_after_german_single_quotation_inside_double():
    text = 'Er schrieb: „Das nannte er ‚absurd.‘“ [Ebd., S. 3]\n'
    assert footnote_citations(text, 'ch.md') == 'Er schrieb: „Das nannte er ‚absurd.‘“' + note('Ebd., S. 3') + '\n'


def test_editorial_insertion_inside_german_quotation_stays_in_the_text():
    text = ('Stalin schrieb, „eine solche Schwächung [des Monopols] wird unvermeidlich.“ '
            '[Stalin, *Werke*, Bd. 5, S. 12] Danach nichts.\n')
    assert footnote_citations(text, 'ch.md') == (
        'Stalin schrieb, „eine solche Schwächung [des Monopols] wird unvermeidlich.“'
        + note('Stalin, *Werke*, Bd. 5, S. 12') + ' Danach nichts.\n')
    assert kinds(text) == [('des Monopols', 'insertion'), ('Stalin, *Werke*, Bd. 5, S. 12', 'citation')]


def test_english_opening_curly_quote_before_a_bracket_still_opens_a_quotation():
    # “ closes only a quotation that „ opened: in English it opens one.
    text = 'He said “[the party] must go” and left.\n'
    assert footnote_citations(text, 'ch.md') == text
    assert kinds(text) == [('the party', 'insertion')]


@pytest.mark.parametrize('space', [' ', '\u00a0', '\u202f'], ids=['space', 'no-break', 'narrow'])
def test_citation_after_french_guillemets_with_a_space_inside(space):
    text = f'Il a dit\u00a0: «{space}C’est absurde.{space}» [Lénine, *Œuvres*, t. 45, p. 62] et il est parti.\n'
    assert footnote_citations(text, 'ch.md') == (
        f'Il a dit\u00a0: «{space}C’est absurde.{space}»' + note('Lénine, *Œuvres*, t. 45, p. 62')
        + ' et il est parti.\n')


def test_citation_after_french_guillemets_loses_the_no_break_space_before_it():
    text = 'Il a dit\u00a0: «\u00a0C’est absurde.\u00a0»\u00a0[Lénine, t. 45]\n'
    assert footnote_citations(text, 'ch.md') == (
        'Il a dit\u00a0: «\u00a0C’est absurde.\u00a0»' + note('Lénine, t. 45') + '\n')


def test_citation_after_danish_quotation_closed_by_left_guillemet():
    text = 'Han kaldte det »toppen af absurditet.« [Lenin, *Værker*, bd. 45, s. 62] og gik.\n'
    assert footnote_citations(text, 'ch.md') == (
        'Han kaldte det »toppen af absurditet.«' + note('Lenin, *Værker*, bd. 45, s. 62') + ' og gik.\n')


def test_danish_opening_guillemet_after_a_closed_quotation_is_not_read_as_french_closing():
    text = 'Han sagde »ja« og »[partiet] må gå« til sidst.\n'
    assert footnote_citations(text, 'ch.md') == text
    assert kinds(text) == [('partiet', 'insertion')]


# --- the lecture's tricky cases, copied from the manuscript -------------------------

LECTURE_CASES = [
    # (markdown, expected citation contents)
    ('> We have always urged and reiterated *the elementary truth of Marxism*—that *the joint '
     'efforts of the workers of several advanced countries are needed for the victory of '
     'socialism.* [Lenin, "Notes of a publicist," *Collected Works*, Progress Publishers, '
     'Vol. 33, pp. 204-211, emphasis added]\n',
     ['Lenin, "Notes of a publicist," *Collected Works*, Progress Publishers, Vol. 33, '
      'pp. 204-211, emphasis added']),
    ('> etc. Absolutely! [“Memo Combatting Dominant Nation Chauvinism,” *Lenin Collected '
     'Works*, Vol. 33]\n',
     ['“Memo Combatting Dominant Nation Chauvinism,” *Lenin Collected Works*, Vol. 33']),
    ('> like a fly in milk. ["On the Question of Nationalities and \'Autonomization,\'" '
     'December 30-31, 1922]\n',
     ['"On the Question of Nationalities and \'Autonomization,\'" December 30-31, 1922']),
    ('> ...than ours... [quoted in Ibid.]\n', ['quoted in Ibid.']),
    ('> Through the Years. [*Was There an Alternative? 1923-1927; Trotskyism: A Look Back '
     'Through the Years*, Mehring Books, p. 62]\n',
     ['*Was There an Alternative? 1923-1927; Trotskyism: A Look Back Through the Years*, '
      'Mehring Books, p. 62']),
    ('> \\(a) the fundamentally improper regime; and (b) the dissatisfaction. [Trotsky, '
     'October 8, 1923 Letter to the Central Committee and the Central Control Commission of '
     'the Russian Communist Party]\n',
     ['Trotsky, October 8, 1923 Letter to the Central Committee and the Central Control '
      'Commission of the Russian Communist Party']),
    ('"The center of gravity ... as the organized vanguard of the proletariat." [in *The '
     'Challenge of the Left Opposition (1923-25)*, Pathfinder Press, 2002, pg. 137]\n',
     ['in *The Challenge of the Left Opposition (1923-25)*, Pathfinder Press, 2002, pg. 137']),
    ('> the retarded development of *the European revolution*. [Preface to *The New Course*, '
     'January 1924, in *The Challenge of the Left Opposition*, pp. 70-71, emphasis added]\n',
     ['Preface to *The New Course*, January 1924, in *The Challenge of the Left Opposition*, '
      'pp. 70-71, emphasis added']),
    ('the party put the question of the ‘new course’ on the order of the day.” [*Ibid.*, 76]\n',
     ['*Ibid.*, 76']),
    ('“...could be derived from the study of October.” [*Lessons of October*]\n',
     ['*Lessons of October*']),
    ('> ...as it was formulated in 1905.” [David North, preface to *Leon Trotsky and the '
     'Struggle for Socialism in the Twenty-First Century*]\n',
     ['David North, preface to *Leon Trotsky and the Struggle for Socialism in the '
      'Twenty-First Century*']),
]


@pytest.mark.parametrize('markdown, contents', LECTURE_CASES)
def test_lecture_citation_becomes_note_with_text_unchanged(markdown, contents):
    out = footnote_citations(markdown, 'ch.md')
    assert NOTE_RE.findall(out) == contents
    # The only change: ` [X]` became the note call.
    assert NOTE_RE.sub(lambda m: f' [{m[1]}]', out) == markdown


# --- the real manuscript ------------------------------------------------------------

MANUSCRIPT_CITATIONS = [
    'Lenin, "Notes of a publicist," *Collected Works*, Progress Publishers, Vol. 33, pp. 204-211, emphasis added',
    'Lenin, *CW*, Progress Publishers, Vol 45',
    '“The New Economic Policy of Soviet Russia and the Perspectives of the World Revolution,” November 14, 1922, in *The First Five Years of the Communist International*, Monad Press, pg. 242',
    '“Re The Monopoly Of Foreign Trade,” Lenin, *Collected Works*, Vol. 33',
    '“Memo Combatting Dominant Nation Chauvinism,” *Lenin Collected Works*, Vol. 33',
    '"On the Question of Nationalities and \'Autonomization,\'" December 30-31, 1922',
    'Ibid.',
    '"Lenin, Trotsky and the Origins of the Left Opposition," David North, November 1993',
    'quoted in Ibid.',
    '*Was There an Alternative? 1923-1927; Trotskyism: A Look Back Through the Years*, Mehring Books, p. 62',
    'Trotsky, *The Stalin School of Falsification*, 1937',
    'Lenin, *Letter to the Congress*',
    'Ibid.',
    '"Lenin, Trotsky and the Origins of the Left Opposition"',
    'Lenin, *Addition to the Letter*',
    'Lenin, *To Comrade Stalin*',
    '"Leon Trotsky and the Fate of Socialism in the Twentieth Century: A Reply to Professor Eric Hobsbawm," in *The Russian Revolution and the Unfinished 20th Century*',
    'See, "On the Founding of the Left Opposition"',
    'Trotsky, October 8, 1923 Letter to the Central Committee and the Central Control Commission of the Russian Communist Party',
    '"Declaration of the 46"',
    'in *The Challenge of the Left Opposition (1923-25)*, Pathfinder Press, 2002, pg. 137',
    'Preface to *The New Course*, January 1924, in *The Challenge of the Left Opposition*, pp. 70-71, emphasis added',
    '“The Question of Party Generations,” December 23, 1923, *Ibid.* pp. 75-76',
    '*Ibid.*, 76',
    '“The Social Composition of the Party,” December 1923, *Ibid.* p. 83',
    '*Lessons of October*',
    'Stalin, “The October Revolution and the Tactics of the Russian Communists,” December 1924',
    'David North, preface to *Leon Trotsky and the Struggle for Socialism in the Twenty-First Century*',
]
EDITORIAL_INSERTIONS = ['cart', 'of the monopoly', 'T', 'Felix']


def test_manuscript_has_28_citations_and_only_the_four_insertions_remain_in_brackets():
    chapters = sorted(MANUSCRIPT.glob('*.md'))
    assert len(chapters) == 5
    notes, remaining, per_file = [], [], {}
    for chapter in chapters:
        text = chapter.read_text(encoding='utf-8')
        out = footnote_citations(text, chapter.name)
        found = NOTE_RE.findall(out)
        per_file[chapter.name[:2]] = len(found)
        notes += found
        rest = NOTE_RE.sub('', out)
        remaining += re.findall(r'\[([^\]]*)\]', rest)
        assert rest.count('[') == rest.count(']')
        # Nothing else changed: putting ` [X]` back gives the chapter as written.
        assert NOTE_RE.sub(lambda m: f' [{m[1]}]', out) == text
    assert len(notes) == 28
    assert notes == MANUSCRIPT_CITATIONS
    assert per_file == {'00': 0, '01': 0, '02': 16, '03': 9, '04': 3}
    assert sorted(remaining) == sorted(EDITORIAL_INSERTIONS)


def test_manuscript_scan_classifies_citations_and_insertions():
    found = {'citation': 0, 'insertion': 0}
    for chapter in sorted(MANUSCRIPT.glob('*.md')):
        for bracket in scan(chapter.read_text(encoding='utf-8'), chapter.name):
            found[bracket.kind] = found.get(bracket.kind, 0) + 1
    assert found == {'citation': 28, 'insertion': 4}


# --- through pandoc -----------------------------------------------------------------

def test_pandoc_renders_note_with_emphasis_inside_citation_span():
    pypandoc = pytest.importorskip('pypandoc')
    md = ('He wrote that foreign capital would "[cart] out what there is left of Russia." '
          '[Lenin, *CW*, Progress Publishers, Vol 45]\n')
    html = pypandoc.convert_text(footnote_citations(md, 'ch.md'), 'html5', format='markdown')
    body, _, notes = html.partition('<section id="footnotes"')
    assert 'role="doc-noteref"' in body
    assert '[cart] out what there is left of Russia.' in body.replace('\n', ' ')
    assert 'Progress Publishers' not in body
    assert re.search(r'<span class="citation">Lenin, <em>CW</em>, Progress\s+Publishers, Vol 45</span>',
                     notes)


def test_pandoc_renders_two_line_block_quote_citation_as_single_note():
    pypandoc = pytest.importorskip('pypandoc')
    md = ('> The crisis will strike heavy blows. [Trotsky,\n'
          '> *The New Course*, p. 83]\n')
    html = pypandoc.convert_text(footnote_citations(md, 'ch.md'), 'html5', format='markdown')
    assert html.count('role="doc-noteref"') == 1
    assert re.search(r'<span class="citation">Trotsky,\s+<em>The New Course</em>,\s+p\.\s83</span>', html)
    assert '&gt;' not in html
