"""Print files in the press's inks, as a RIP separates them: no RGB drawn, text and formulas
on the black plate alone, total ink within the printer's limit, PDF/X metadata and a
registered output condition; and the preflight failing each of these when it is put back."""

import pikepdf
import pytest

from pressroom import printers
from pressroom.checks import preflight
from pressroom.checks.separations import _rendered, separations
from pressroom.outputs import output_path
from pressroom.writers.pdf.pages import resource_dictionaries

from .conftest import FIXTURES
from .test_print import with_printer

RGB_OPERATORS = {'rg', 'RG'}


@pytest.fixture(scope='module')
def feature_ingramspark(tmp_path_factory):
    return with_printer(FIXTURES / 'feature-book', tmp_path_factory.mktemp('feature-ingram') / 'book', 'ingramspark')


def _drawn_in_rgb(pdf):
    """(page, operator) of each colour set in RGB, in the pages and the forms they draw."""
    found = []
    for number, page in enumerate(pdf.pages, 1):
        owners = [page] + [form for resources in resource_dictionaries([page])
                           for form in resources.get('/XObject', {}).values() if form.get('/Subtype') == '/Form']
        for owner in owners:
            for operands, operator in pikepdf.parse_content_stream(owner):
                if str(operator) in RGB_OPERATORS or (str(operator) in ('cs', 'CS') and
                                                      str(operands[0]) == '/DeviceRGB'):
                    found.append((number, str(operator)))
    return found


def test_the_feature_book_prints_text_and_formulas_on_black_alone(feature, feature_ingramspark):
    book_ingram, _ = feature_ingramspark
    for book in (feature, book_ingram):
        press = printers.printer(book)
        for name in ('print', 'cover'):
            path = output_path(book, name)
            with pikepdf.open(path) as pdf:
                assert _drawn_in_rgb(pdf) == [], (press.label, name)
                intent = pdf.Root.OutputIntents[0]
                assert str(intent.OutputConditionIdentifier) == press.condition == 'CGATS TR 003'
                assert str(intent.RegistryName) == 'http://www.color.org'
                assert pdf.docinfo['/Trapped'] == pikepdf.Name('/False')
                pages = len(pdf.pages)
            assert separations(path, pages, press.ink_limit, preflight._words(path)) == [], (press.label, name)
        # the page of the formulas, separated: ink on the black plate and nowhere else
        path = output_path(book, 'print')
        page = next(number for number, words in preflight._words(path) if any(word == "Inline" for word, _ in words))
        for _, whole, _ in _rendered(path, page, page):
            cyan, magenta, yellow, black = whole.split()
            assert [plate.getextrema()[1] for plate in (cyan, magenta, yellow)] == [0, 0, 0]
            assert black.getextrema()[1] == 255


def test_the_preflight_fails_each_colour_fault_put_back(feature_ingramspark, tmp_path):
    book, results = feature_ingramspark
    path = results['print'][0]
    numbers = {number: words for number, words in preflight._words(path)}
    text_page = next(number for number, words in numbers.items() if len(words) > 100)
    faulty = tmp_path / 'faulty.pdf'
    with pikepdf.open(path) as pdf:
        page = pdf.pages[text_page - 1]
        page.contents_coalesce()
        content = page.obj.Contents.read_bytes()
        # the text black in RGB, as WeasyPrint wrote the formulas, and a block of four inks
        content = content.replace(b'0 0 0 1 scn', b'0 0 0 rg', 1).replace(b'0 0 0 1 k', b'0 0 0 rg', 1)
        page.obj.Contents.write(content + b' q 1 1 1 1 k 100 100 20 20 re f Q')
        pdf.docinfo['/Trapped'] = pikepdf.Name('/False_')
        del pdf.Root.OutputIntents[0]['/RegistryName']
        pdf.save(faulty)
    found = preflight.interior(book, faulty)
    messages = [(finding.level, finding.page, finding.message) for finding in found]
    assert any(level == 'error' and page == text_page and 'made of colour inks' in message and 'the text "'
               in message for level, page, message in messages), messages
    assert any(level == 'error' and page == text_page and '400 % total ink' in message and "printer's 240 %"
               in message for level, page, message in messages), messages
    assert any(level == 'error' and '/Trapped is /False_' in message for level, _, message in messages)
    assert any(level == 'warning' and 'not a registered printing condition' in message for level, _, message in messages)


def test_the_registered_profile_is_made_alike_everywhere_and_the_generic_stands_in_without_argyll(
        tmp_path, monkeypatch):
    from pressroom.assets import color
    made = []
    for cache in ('one', 'two'):
        monkeypatch.setenv('PRESSROOM_CACHE', str(tmp_path / cache))
        intent = color.output_intent('CGATS TR 003', 240)
        assert intent.registered and intent.identifier == 'CGATS TR 003' and '240 %' in intent.info
        made.append(intent.profile)
    assert made[0] == made[1] and made[0][36:40] == b'acsp'          # an ICC profile, the same bytes
    monkeypatch.setenv('PRESSROOM_CACHE', str(tmp_path / 'three'))
    monkeypatch.setattr(color, 'DATA_DIR', tmp_path / 'no-data')
    stand_in = color.output_intent('CGATS TR 003', 240)
    assert not stand_in.registered and stand_in.profile == color.DEBIAN_PROFILE.read_bytes()
