"""Non-breaking spaces and en dashes (refine_text) and curly quotes for metadata (smart_quotes)."""

import pytest

from pressroom.transforms.typography import display_text, refine, refine_text, smart_quotes

NBSP = '\u00a0'


@pytest.mark.parametrize('text, expected', [
    ('see p. 62 here', f'see p.{NBSP}62 here'),
    ('pp. 204 and on', f'pp.{NBSP}204 and on'),
    ('Vol. 33', f'Vol.{NBSP}33'),
    ('vol. 33', f'vol.{NBSP}33'),
    ('No. 5', f'No.{NBSP}5'),
    ('Vol. IV', f'Vol.{NBSP}IV'),
])
def test_abbreviation_before_number_gets_non_breaking_space(text, expected):
    assert refine_text(text) == expected


@pytest.mark.parametrize('text', [
    'Vol 45',                # no period: nothing to bind
    'the p. and q. letters',  # no number follows
    'No. we refused.',
    'help. 5 people came',    # `p.` only as a whole word
])
def test_abbreviation_rule_leaves_other_text_alone(text):
    assert refine_text(text) == text


def test_initials_stay_with_the_name():
    assert refine_text('J. V. Stalin wrote') == f'J.{NBSP}V.{NBSP}Stalin wrote'


def test_sentence_end_before_capital_is_not_treated_as_initial():
    assert refine_text('He refused. The party') == 'He refused. The party'


def test_page_range_after_pp_gets_en_dash_and_nbsp():
    assert refine_text('Vol. 33, pp. 204-211, emphasis added') == (
        f'Vol.{NBSP}33, pp.{NBSP}204–211, emphasis added')


def test_page_range_after_p_gets_en_dash():
    assert refine_text('p. 70-71') == f'p.{NBSP}70–71'


def test_number_ranges_get_en_dash():
    assert refine_text('December 30-31, 1922 and 1923-1927') == 'December\xa030–31, 1922 and 1923–1927'
    assert refine_text('Lenin, Vladimir Ilich, 1870-1924') == 'Lenin, Vladimir Ilich, 1870–1924'
    assert refine_text('pages 204-211, in 1923-25, August 2-9') == 'pages 204–211, in 1923–25, August\xa02–9'


@pytest.mark.parametrize('text', ['call 555-1234', '12-3456-7890', 'ISBN 978-0-306-40615-7', '2025-08-24',
                                  'COVID-19', 'won 3-2', 'version 1.2-3', 'rooms 30-12'])
def test_numbers_joined_by_a_hyphen_that_are_no_range_keep_it(text):
    assert refine_text(text) == text


def test_a_date_is_not_broken_between_month_and_day():
    assert refine_text('on October 1, 1923') == 'on October\xa01, 1923'
    assert refine_text('on 1 October 1923') == 'on 1\xa0October\xa01923'
    assert refine_text('you may 5 times') == 'you may 5 times'


def test_nested_quotation_marks_get_a_hair_space():
    assert refine_text('‘Autonomization.’”') == '‘Autonomization.’\u200a”'
    assert refine_text('“‘Socialism') == '“\u200a‘Socialism'
    assert refine_text('it’s “fine”') == 'it’s “fine”'


def test_display_text_keeps_a_short_quoted_phrase_on_one_line():
    text = display_text('the fight against "Socialism in One Country"')
    assert text == 'the fight against “Socialism\xa0in\xa0One\xa0Country”'
    long = display_text('"one two three four five six"')
    assert '\xa0' not in long


def test_refine_text_is_idempotent():
    text = 'J. V. Stalin, Vol. 33, pp. 204-211, 1923-1927'
    once = refine_text(text)
    assert refine_text(once) == once


def test_refine_changes_text_but_not_code_or_pre():
    etree = pytest.importorskip('lxml.etree')
    root = etree.fromstring('<section><p>See p. 62 and <code>p. 62</code></p>'
                            '<pre>pp. 1-2 <b>Vol. 3</b></pre></section>')
    refine(root)
    p, pre = root
    assert p.text == f'See p.{NBSP}62 and '
    assert p[0].text == 'p. 62'
    assert pre.text == 'pp. 1-2 '
    assert pre[0].text == 'Vol. 3'


def test_refine_changes_text_following_inline_code():
    # The tail of <code> is prose in the paragraph, not code.
    etree = pytest.importorskip('lxml.etree')
    root = etree.fromstring('<p>Run <code>x</code> as in Vol. 3, pp. 5-7.</p>')
    refine(root)
    assert root[0].text == 'x'
    assert root[0].tail == f' as in Vol.{NBSP}3, pp.{NBSP}5–7.'


def test_smart_quotes_double_quotes():
    assert smart_quotes('the fight against "Socialism in One Country"') == (
        'the fight against “Socialism in One Country”')


def test_smart_quotes_apostrophe_and_single_quotes():
    assert smart_quotes("Lenin's Last Struggle") == 'Lenin’s Last Struggle'
    assert smart_quotes("the 'old course'") == 'the ‘old course’'


def test_smart_quotes_opening_quote_after_bracket_and_dash():
    assert smart_quotes('("x") and —"y"') == '(“x”) and —“y”'


def test_smart_quotes_dashes():
    assert smart_quotes('1917--1924 --- a struggle') == '1917–1924 — a struggle'


def test_smart_quotes_leaves_curly_quotes_alone():
    text = 'The “Lessons of October,” Lenin’s'
    assert smart_quotes(text) == text
