"""The slug line a commercial printer wants outside the bleed, beside the crop marks: the
book, the page, the printer profile and the build date, drawn on every sheet."""

import html

from weasyprint import HTML

from ...assets import fonts
from ...outputs import iso_time
from ...paths import stylesheet
from ...printers import printer
from ...typeset.fetch import book_fetcher
from ...typeset.layout import render, weasyprint_errors
from ...units import css_length

STYLESHEET = 'slug.css'


def slug_overlay(book, pages, sheet, margin):
    """A PDF with one sheet-sized page for each of `pages` print pages, holding its slug line
    in the `margin` (points) below the bleed, clear of the crop marks."""
    width, height = sheet
    label = f'{book.title} · {printer(book).label} · {iso_time(book)[:10]}'
    body = ''.join(f'<div data-slug="{html.escape(label)} · page {number} of {pages}"></div>'
                   for number in range(1, pages + 1))
    faces = fonts.font_face_css(fonts.text_faces(book), lambda path: path.as_uri())
    css = (f'@page {{ size: {css_length(width)} {css_length(height)}; '
           f'margin: 0 {css_length(margin)} {css_length(margin)} {css_length(margin + book.bleed + 12)}; }}')
    document = HTML(string=f'<!DOCTYPE html><html lang="{book.lang}"><body>{body}</body></html>',
                    url_fetcher=book_fetcher(book))
    with weasyprint_errors():
        return render(document, [stylesheet(STYLESHEET, book)], css, book, faces).write_pdf()
