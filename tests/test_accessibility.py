"""DAISY Ace on the built EPUBs: no critical or serious accessibility violation.

Set-up installs Ace, so a missing Ace is a failure here, never a skip.
"""

import pytest

from pressroom.checks.validate import BLOCKING, ace


@pytest.mark.parametrize('book', ['lecture', 'small_book'])
def test_epub_has_no_critical_or_serious_ace_violation(book, request):
    epub = request.getfixturevalue(book)[1]['epub'][0]
    assert [finding for finding in ace(epub) if finding[0] in BLOCKING] == []
