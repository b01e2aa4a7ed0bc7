"""The parts of the intermediate its metadata makes: the document around the chapters, its
head, the title page, the imprint and the contents, in the book's language (languages/)."""

import functools
import html

import lxml.html
from lxml.html import builder as E

from .. import languages
from ..assets import fonts
from ..outputs import iso_time
from ..sources.metadata import isbn_digits
from ..transforms import typography


def document(book, sections):
    """The whole intermediate: the front matter the book's metadata makes, then `sections`."""
    body = [_titlepage(book), _imprint(book, sections), _toc(book, sections), *sections]
    content = '\n'.join(lxml.html.tostring(element, encoding='unicode') for element in body)
    return TEMPLATE.format(lang=html.escape(book.lang), dir=languages.direction(book.lang),
                           title=html.escape(book.title), head=_head(book), body=content)


TEMPLATE = '''<!DOCTYPE html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{head}
</head>
<body>
{body}
</body>
</html>
'''


def _head(book):
    meta = [('author', author) for author in book.authors] + [
        ('dcterms.contributor', f'{name} ({role})') for name, role in book.contributors] + [
        ('description', book.description),
        ('keywords', ', '.join(book.subjects)),
        ('dcterms.title', book.title),
        ('dcterms.alternative', book.subtitle or ''),
        ('dcterms.identifier', book.identifier),
        ('dcterms.publisher', book.publisher),
        ('dcterms.rights', book.rights),
        ('dcterms.date', book.date),
        ('dcterms.created', iso_time(book)),
        ('dcterms.modified', iso_time(book)),
        ('generator', 'pressroom'),
    ]
    return '\n'.join(f'<meta name="{name}" content="{html.escape(value)}">'
                     for name, value in meta if value)


def _titlepage(book):
    parts = [E.P(typography.display_text(book.title, book.lang), **{'class': 'title'})]
    if book.subtitle:
        parts.append(E.P(typography.display_text(book.subtitle, book.lang), **{'class': 'subtitle'}))
    parts.append(E.P(book.author_line, **{'class': 'author'}))
    parts += [E.P(credit, **{'class': 'credit'}) for credit in book.credits]
    parts.append(E.P(book.publisher, **{'class': 'publisher'}))
    return E.HEADER(*parts, id='titlepage', **{'class': 'titlepage'})


def _imprint(book, sections):
    """The imprint, in the book's language; it names every face the book is set in."""
    label = functools.partial(languages.book_label, book)
    lines = [book.rights, *(f'{credit}.' for credit in book.credits),
             label('published', publisher=book.publisher, date=languages.long_date(book, book.date))]
    if isbn_digits(book.identifier):
        lines.append(label('isbn', isbn=book.identifier.removeprefix('urn:isbn:')))
    text = ''.join(section.text_content() for section in sections) + ''.join(lines)
    lines.append(label('set-in', faces=languages.names(book, fonts.families_used(book, text))))
    return E.SECTION(E.H2(label('imprint')), *[E.P(line) for line in lines],
                     id='imprint', role='doc-colophon', **{'class': 'imprint'})


def _toc(book, sections):
    """The printed contents: chapters and their sections, two levels as books set them."""
    entries = []
    for section in sections:
        heading = section.find('h1')
        if heading is None:
            continue
        item = E.LI(E.A(heading_text(heading), href=f'#{section.get("id")}'))
        children = [E.LI(E.A(title, href=f'#{ident}')) for ident, title, _ in outline(section)]
        if children:
            item.append(E.OL(*children))
        entries.append(item)
    return E.NAV(E.H2(languages.book_label(book, 'contents')), E.OL(*entries), id='contents', role='doc-toc',
                 **{'class': 'toc'})


def outline(section):
    """[(id, title, subsections)] below `section`, nested as deep as its headings go."""
    entries = []
    for sub in section.iterfind('section'):
        heading = next(iter(sub.xpath('h2|h3|h4|h5|h6')), None)
        if heading is not None and sub.get('id'):
            entries.append((sub.get('id'), heading_text(heading), outline(sub)))
    return entries


def heading_text(heading):
    """A heading's words without its note calls, for contents, bookmarks and running heads."""
    text = ''.join(part for part in heading.xpath('.//text()[not(ancestor::a[contains(@class, "noteref")])]'))
    return ' '.join(text.split())
