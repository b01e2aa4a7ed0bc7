"""The two fixes to the pinned WeasyPrint and pydyf: each test fails without its fix."""

from pathlib import Path

import pydyf
import pytest
from weasyprint import HTML

from pressroom.errors import SetupError
from pressroom.writers.pdf import layout, upstream


@pytest.fixture
def released():
    """WeasyPrint and pydyf as released for the test, the fixes back afterwards."""
    upstream.remove()
    yield
    upstream.apply()


def test_page_references_are_read_from_a_cache_until_a_page_is_added():
    upstream.apply()
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({'Type': '/Page'}))
    first = pdf.page_references
    assert pdf.page_references is first and len(first) == 3
    pdf.add_page(pydyf.Dictionary({'Type': '/Page'}))
    assert len(pdf.page_references) == 4


def test_released_pydyf_rebuilds_the_page_references_on_every_read(released):
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({'Type': '/Page'}))
    assert pdf.page_references == pdf.page_references and pdf.page_references is not pdf.page_references


# A small page: a first paragraph calls a note; single lines fill the page down to where a
# two-line paragraph (orphans and widows 2) meets the page foot.
PAGE = '''<!DOCTYPE html><html lang="en"><style>
@page { size: 200pt 160pt; margin: 10pt; }
html { font: 10pt/12pt serif; }
p { margin: 0; orphans: 2; widows: 2; }
.fn { float: footnote; }
</style><body>
<p>Called here<span class="fn" id="n1">The note of the first paragraph.</span> and on.</p>
{filler}
<p>A paragraph of four lines that meets the foot of the page here. It runs on, and on,
and on to a fourth line and more words still to fill it out.</p>
</body></html>'''


def _stray_notes(fillers):
    """For each filler count, whether the note is set on another page than its call."""
    found = []
    for count in fillers:
        html = PAGE.replace('{filler}', '<p>x</p>' * count)
        document = HTML(string=html).render()
        found.append(any(call != text for call, text in layout._note_pages(document).values()))
    return found


def test_notes_stay_on_the_page_of_their_call(released):
    fillers = range(14)
    assert any(_stray_notes(fillers)), 'released WeasyPrint moves no note here: the test shows nothing'
    upstream.apply()
    assert not any(_stray_notes(fillers))


def test_fixes_refuse_other_versions(monkeypatch):
    monkeypatch.setitem(upstream.PINNED, 'weasyprint', (type('W', (), {'__version__': '71.0'}), '70.0'))
    with pytest.raises(SetupError, match='weasyprint 71.0 is installed, but pressroom is written for 70.0'):
        upstream.apply()


def test_a_fix_shows_its_own_lines_in_tracebacks():
    code = upstream._linebox_layout_keeping_notes.__code__
    assert code.co_filename == upstream.__file__
    source = Path(upstream.__file__).read_text(encoding='utf-8').splitlines()
    assert source[code.co_firstlineno - 1].startswith('def _linebox_layout_keeping_notes(')
