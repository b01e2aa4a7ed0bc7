"""The site's pages as HTML text: the index of the books, a page for each language and
subject (filters that need no script), and a page for each book.

Pages are plain semantic HTML in the language of what they show, styled by styles/site.css
and the book's own face and colour; nothing on them runs, and every link stays on the site
(or, with a base URL, names the site's own address).
"""

import html
import json
import re
from collections import Counter, defaultdict

from ..printers import INCH
from ..sources.metadata import slugify
from ..transforms.typography import display_text
from .labels import LABELS, direction, label, language_name, primary, size
from .shelf import subject_slug

SENTENCE_RE = re.compile(r'^(.{40,}?[.!?])\s')
LINE = 220              # characters of description on the index


def _e(text):
    return html.escape(display_text(str(text)), quote=True)


class Site:
    """The pages of one site: {path: HTML text}, and the text each typeface shows."""

    def __init__(self, shelf, lang, title, base_url, assets):
        self.shelf, self.lang, self.base_url, self.assets = shelf, lang, base_url, assets
        self.title = title or label(lang, 'books')
        self.pages, self.text = {}, defaultdict(str)
        self.languages = sorted({primary(record.book.lang) for record in shelf})
        self.subjects = unique_slugs(sorted({subject for record in shelf for subject in record.book.subjects},
                                            key=str.casefold), subject_slug)

    def build(self):
        face = Counter(record.book.font for record in self.shelf).most_common(1)[0][0]
        self._page('index.html', self.title, self.shelf, None, face, self.lang)
        for code in self.languages:
            # A language's page is in that language where the site has its words.
            chosen = [record for record in self.shelf if primary(record.book.lang) == code]
            lang = next(record.book.lang for record in chosen) if code in LABELS else self.lang
            self._page(f'languages/{code}.html', label(lang, 'books_in').format(language_name(code)),
                       chosen, ('language', code), face, lang)
        for subject, slug in self.subjects.items():
            chosen = [record for record in self.shelf if subject in record.book.subjects]
            lang = chosen[0].book.lang if all(primary(r.book.lang) == primary(chosen[0].book.lang)
                                              for r in chosen) else self.lang
            self._page(f'subjects/{slug}.html', label(lang, 'books_on').format(subject),
                       chosen, ('subject', subject), face, lang)
        for record in self.shelf:
            self._book(record)
        return self.pages

    # The index and its filtered pages
    def _page(self, path, heading, chosen, current, face, lang):
        up = '../' * path.count('/')
        cards = ''.join(self._card(record, up) for record in chosen)
        body = (f'<main id="main"><h1>{_e(heading)}</h1>{self._filters(up, current, lang)}'
                f'<ul class="books">{cards}</ul></main>')
        head = _og(self, path, 'website', heading, self.title, None)
        self._add(path, lang, heading, head, self._masthead(up, lang, 'skip') + body + self._footer(up, lang),
                  face, None)

    def _filters(self, up, current, lang):
        def item(href, text, here, lang=None):
            attributes = ' aria-current="page"' if here else ''
            language = f' lang="{lang}"' if lang else ''
            return f'<li><a href="{up}{href}"{attributes}{language}>{_e(text)}</a></li>'
        languages = [item('index.html', label(lang, 'all'), current is None)]
        languages += [item(f'languages/{code}.html', language_name(code), current == ('language', code), code)
                      for code in self.languages]
        subjects = [item(f'subjects/{slug}.html', subject, current == ('subject', subject))
                    for subject, slug in self.subjects.items()]
        return (f'<nav class="filters" aria-label="{_e(label(lang, "filter"))}">'
                f'<h2 id="by-language">{_e(label(lang, "language"))}</h2>'
                f'<ul aria-labelledby="by-language">{"".join(languages)}</ul>'
                f'<h2 id="by-subject">{_e(label(lang, "subject"))}</h2>'
                f'<ul aria-labelledby="by-subject">{"".join(subjects)}</ul></nav>')

    def _card(self, record, up):
        book, thumb = record.book, self.assets[record.slug]['thumbnail']
        href = f'{up}books/{record.slug}/index.html'
        subtitle = f'<p class="subtitle">{_e(book.subtitle)}</p>' if book.subtitle else ''
        return (f'<li class="book" lang="{book.lang}" dir="{direction(book.lang)}">'
                f'<img src="{up}books/{record.slug}/{thumb[0]}" width="{thumb[1]}" height="{thumb[2]}" alt="">'
                f'<div class="about"><h2><a href="{href}">{_e(book.title)}</a></h2>{subtitle}'
                f'<p class="authors">{_e(book.author_line)}</p>'
                f'<p class="meta">{_e(language_name(book.lang))} · <time datetime="{book.date}">{book.date}'
                f'</time></p><p class="line">{_e(first_line(book.description))}</p></div></li>')

    # A book's page
    def _book(self, record):
        book, lang, path = record.book, record.book.lang, f'books/{record.slug}/index.html'
        cover = self.assets[record.slug]['cover']
        credits = ''.join(f'<p class="credit">{_e(line)}</p>' for line in book.credits)
        subtitle = f'<p class="subtitle">{_e(book.subtitle)}</p>' if book.subtitle else ''
        description = ''.join(f'<p>{_e(part)}</p>' for part in book.description.split('\n\n') if part.strip())
        body = (f'<main id="main"><div class="book-head">'
                f'<img class="cover" src="{cover[0]}" width="{cover[1]}" height="{cover[2]}" '
                f'alt="{_e(label(lang, "cover").format(book.title))}">'
                f'<div class="titles"><h1>{_e(book.title)}</h1>{subtitle}'
                f'<p class="authors">{_e(label(lang, "by").format(book.author_line))}</p>{credits}'
                f'<div class="description">{description}</div></div></div>'
                f'{_downloads(record)}{_contents(record)}{_print_details(self, record)}</main>')
        head = _og(self, path, 'book', book.title, self.title, record) + _json_ld(self, record)
        self._add(path, lang, book.title, head, self._masthead('../../', lang, 'skip_book') + body +
                  self._footer('../../', lang), book.font, book.cover_color)

    # Shared parts
    def _masthead(self, up, lang, skip):
        return (f'<a class="skip" href="#main">{_e(label(lang, skip))}</a>'
                f'<header class="masthead"><a href="{up}index.html">{_e(self.title)}</a></header>')

    def _footer(self, up, lang):
        return (f'<footer><p><a href="{up}opds/catalog.xml" type="application/atom+xml;profile=opds-catalog;'
                f'kind=navigation">{_e(label(lang, "opds"))}</a></p></footer>')

    def _add(self, path, lang, title, head, body, face, accent):
        up = '../' * path.count('/')
        style = ''
        if accent:
            style = f' style="--accent: {accent}; --on-accent: {_on(accent)}; --link: {_link_colour(accent)}"'
        self.pages[path] = (
            f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(title)}</title><link rel="stylesheet" href="{up}fonts/fonts.css">'
            f'<link rel="stylesheet" href="{up}site.css">'
            f'<link rel="alternate" type="application/atom+xml;profile=opds-catalog;kind=navigation" '
            f'href="{up}opds/catalog.xml" title="OPDS">{head}</head>'
            f'<body class="face-{slugify(face)}"{style}>{body}</body></html>\n')
        self.text[face] += html.unescape(re.sub(r'<[^>]+>', ' ', body)) + title


def _downloads(record):
    lang = record.book.lang
    items = ''.join(
        f'<li><a href="{item.name}" download="{item.name}" type="{item.mime}">{_e(label(lang, item.kind))}</a> '
        f'<span class="size">{size(lang, item.size)}</span></li>' for item in record.downloads)
    return (f'<section aria-labelledby="download"><h2 id="download">{_e(label(lang, "download"))}</h2>'
            f'<ul class="downloads">{items}</ul></section>')


def _contents(record):
    if not record.contents:
        return ''
    items = ''.join(f'<li>{_e(title)}</li>' for title in record.contents)
    lang = record.book.lang
    return (f'<section aria-labelledby="contents"><h2 id="contents">{_e(label(lang, "contents"))}</h2>'
            f'<ol class="contents">{items}</ol></section>')


def _print_details(site, record):
    book, lang = record.book, record.book.lang
    width, height = (value / INCH for value in book.trim)
    rows = [('pages', str(record.print_pages)),
            ('trim', f'{_number(lang, width)} × {_number(lang, height)} in '
                     f'({width * 25.4:.0f} × {height * 25.4:.0f} mm)')]
    if record.isbn:
        rows.append(('isbn', book.identifier.removeprefix('urn:isbn:')))
    rows += [('publisher', book.publisher), ('published', book.date),
             ('language', language_name(book.lang)), ('licence', book.rights)]
    cells = ''.join(f'<dt>{_e(label(lang, key))}</dt><dd>{_e(value)}</dd>' for key, value in rows)
    subjects = ''.join(f'<li><a href="../../subjects/{site.subjects[subject]}.html">{_e(subject)}</a></li>'
                       for subject in book.subjects)
    cells += f'<dt>{_e(label(lang, "subjects"))}</dt><dd><ul class="subjects">{subjects}</ul></dd>'
    return (f'<section aria-labelledby="print"><h2 id="print">{_e(label(lang, "print_edition"))}</h2>'
            f'<dl class="details">{cells}</dl></section>')


def _number(lang, value):
    text = f'{value:.3f}'.rstrip('0').rstrip('.')
    return text.replace('.', ',') if primary(lang) in ('de', 'fr', 'es', 'ru') else text


def _og(site, path, kind, title, site_name, record):
    """Open Graph: what a link to the page shows where it is shared. A page's and an image's
    address must be absolute, so they are given only with a base URL."""
    tags = [('og:type', kind), ('og:title', title), ('og:site_name', site_name)]
    if record:
        book = record.book
        tags += [('og:description', first_line(book.description)), ('og:locale', book.lang.replace('-', '_')),
                 ('book:release_date', book.date), *(('book:tag', subject) for subject in book.subjects)]
        if record.isbn:
            tags.append(('book:isbn', record.isbn))
    if site.base_url:
        tags.append(('og:url', site.base_url + path))
        if record:
            tags.append(('og:image', f'{site.base_url}books/{record.slug}/{site.assets[record.slug]["cover"][0]}'))
    return ''.join(f'<meta property="{name}" content="{_e(value)}">' for name, value in tags)


def _json_ld(site, record):
    """schema.org/Book: the book and its editions, for search engines and library tools."""
    book = record.book
    here = f'{site.base_url}books/{record.slug}/' if site.base_url else ''
    data = {
        '@context': 'https://schema.org', '@type': 'Book', 'name': book.title, 'inLanguage': book.lang,
        'author': [{'@type': 'Person', 'name': name} for name in book.authors],
        'datePublished': book.date, 'publisher': {'@type': 'Organization', 'name': book.publisher},
        'description': book.description, 'keywords': ', '.join(book.subjects),
        'copyrightNotice': book.rights, 'image': here + site.assets[record.slug]['cover'][0],
        'identifier': book.identifier,
        'workExample': [{'@type': 'Book', 'bookFormat': 'https://schema.org/EBook', 'encodingFormat': item.mime,
                         'url': here + item.name, 'contentSize': str(item.size)} for item in record.downloads]
        + [{'@type': 'Book', 'bookFormat': 'https://schema.org/Paperback', 'numberOfPages': record.print_pages,
            **({'isbn': record.isbn} if record.isbn else {})}],
    }
    if book.subtitle:
        data['alternativeHeadline'] = book.subtitle
    if book.contributors:
        data['contributor'] = [{'@type': 'Person', 'name': name, 'roleName': role} for name, role in book.contributors]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace('<', '\\u003c')
    return f'<script type="application/ld+json">{text}</script>'


def first_line(text):
    """The description's first sentence, cut at a word to about LINE characters."""
    text = ' '.join(text.split())
    found = SENTENCE_RE.match(text + ' ')
    line = found[1] if found else text
    if len(line) > LINE:
        line = line[:LINE].rsplit(' ', 1)[0].rstrip(',;:') + '…'
    return line


def unique_slugs(values, make):
    """{value: slug}, a slug that two values share told apart by a number."""
    slugs, taken = {}, Counter()
    for value in values:
        slug = make(value)
        taken[slug] += 1
        slugs[value] = slug if taken[slug] == 1 else f'{slug}-{taken[slug]}'
    return slugs


def _luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one, other):
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _on(accent):
    """White or near-black text on the book's colour, whichever reads better."""
    return '#ffffff' if _contrast(accent, '#ffffff') >= _contrast(accent, '#1a1a1a') else '#1a1a1a'


def _link_colour(accent):
    """The book's colour for links on white where it is dark enough to read (WCAG AA, 4.5:1)."""
    return accent if _contrast(accent, '#ffffff') >= 4.5 else '#1a1a1a'
