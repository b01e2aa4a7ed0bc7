"""A line's letters drawn widened or narrowed as its plan set them (lines.py `_expand`):
the glyphs of a text box scaled horizontally by its text matrix, so ligatures, kerning
and the text a reader copies stay as they are."""

from weasyprint.draw import text
from weasyprint.matrix import Matrix

_upstream = text.draw_first_line


def install():
    text.draw_first_line = draw_first_line


def uninstall():
    text.draw_first_line = _upstream


def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """WeasyPrint's draw_first_line, with the text matrix scaled by the box's `_pr_scale`."""
    scale = getattr(textbox, '_pr_scale', 1)
    if scale != 1:
        matrix = Matrix(a=scale) @ matrix
    return _upstream(stream, textbox, text_overflow, block_ellipsis, matrix)
