"""The shared HTML intermediate: one semantic HTML5 document that every writer reads.

Layout of the document (writers and styles/ rely on it):
  head     title, lang, author, description, keywords and dcterms.* metadata; no
           stylesheet, as each writer brings its own
  header.titlepage, section.imprint, nav.toc (role doc-toc)
  section.chapter (one per `#` heading; role doc-chapter; classes from the heading;
                   data-running-head, empty for an untitled chapter)
    ... headings, paragraphs, sections (section.level2, .level3 ...)
    a.noteref#noteref-N[href=#note-N]            the note call, where the bracket stood
    div.notes > aside.footnote#note-N            the note (class citation for citations)
"""

import html
import json
import os
import posixpath
from dataclasses import dataclass, field

import lxml.html
from lxml.html import builder as E

from .. import cache
from ..errors import BookError, recorded_warnings, warn, warn_again
from ..outputs import iso_time
from ..sources.chapters import linked_chapter
from ..sources.images import image_file
from ..sources.metadata import CHAPTER_STARTS, isbn_digits
from ..transforms import code, math, pandoc, typography, verse
from ..transforms.sanitize import line_of, sanitize
from .ids import RESERVED_IDS, free_id, unique_ids

EXTERNAL_LINKS = ('http://', 'https://', 'mailto:')
# Deeper than lxml's HTML parser reads (it cuts the tree at 256 levels), whatever the book's limits.
MOST_NESTING = 200


@dataclass
class _Numbering:
    """Note and id state carried from chapter to chapter."""
    per_chapter: bool
    count: int = 0          # notes so far in the book: the unique part of note ids
    label: int = 0          # the number the reader sees
    ids: set = field(default_factory=set)
    # (chapter source, id as written) -> id in the book, and (source, None) -> its first section
    targets: dict = field(default_factory=dict)


def build_document(book, chapters, cache_dir):
    """The intermediate as an HTML string, from the chapters in reading order. `cache_dir`
    keeps pandoc's output; its sibling `refined/`, each chapter refined (`_refined`)."""
    fragments = pandoc.to_html([(chapter.source, chapter.text) for chapter in chapters], cache_dir)
    numbering = _Numbering(per_chapter=book.note_numbering == 'chapter', ids=set(RESERVED_IDS))
    refined = cache_dir.parent / 'refined'
    refined.mkdir(parents=True, exist_ok=True)
    sections, used = [], set()
    for chapter, fragment in zip(chapters, fragments):
        sections.extend(_chapter_sections(book, chapter, fragment, numbering, refined, used))
    cache.prune(refined, used)
    _resolve_links(sections, {chapter.source: chapter.text for chapter in chapters}, numbering.targets)
    return _document(book, sections)


def _resolve_links(sections, texts, targets):
    """A link must reach the web, a mail address, or an id somewhere in the book (the EPUB
    and the PDFs find it in any chapter). A link to another chapter's file (`two.md`,
    `two.md#id`) becomes a link to that chapter or id. Any other (a path, a missing file or
    anchor) is set as plain text with a warning, so no reader meets a dangling link."""
    ids = {'titlepage', 'imprint', 'contents'} | {found for section in sections
                                                  for found in section.xpath('descendant-or-self::*/@id')}
    for section in sections:
        source = section.get('data-source')
        for link in section.xpath('.//a[@href]'):
            href = link.get('href')
            if href.lower().startswith(EXTERNAL_LINKS) or (href.startswith('#') and href[1:] in ids):
                continue
            linked = linked_chapter(source, href)
            target = targets.get(linked) if linked else None
            if target in ids:
                link.set('href', '#' + target)
                continue
            shown = href if len(href) <= 60 else href[:57] + '...'
            warn(f'link to {shown!r}, which is not in the book, is set as plain text',
                 source, line_of(texts.get(source, ''), href))
            link.drop_tag()


def _chapter_sections(book, chapter, fragment, numbering, refined, used):
    root = lxml.html.fragment_fromstring(fragment, create_parent='div')
    _check_bounds(book, chapter, root, numbering)
    _check_images(book, chapter, root)      # first, so a bad src gets its own clear error
    root = _refined(chapter, root, refined, used)
    if numbering.per_chapter:
        numbering.label = 0
    notes, made = _number_notes(root, numbering, chapter)
    written = [(element, element.get('id')) for element in root.xpath('//*[@id]')]
    for part in (root, *notes.values()):
        unique_ids(part, numbering.ids, chapter, made)
    sections = _split_sections(book, root, chapter, numbering.ids)
    where = posixpath.normpath(chapter.source)
    numbering.targets.update({(where, ident): element.get('id') for element, ident in written})
    if sections:
        numbering.targets[(where, None)] = sections[0].get('id')
    for section in sections:
        owned = [notes.pop(ref.get('href')[1:]) for ref in section.iter('a')
                 if 'noteref' in ref.classes and ref.get('href')[1:] in notes]
        if owned:
            section.append(E.DIV(*owned, **{'class': 'notes'}))
    return sections


def _refined(chapter, root, folder, used):
    """The chapter's HTML mended, made safe and typeset (math, quotes and dashes, verse,
    code), none of which depends on the other chapters: kept in `folder` by the chapter's
    text with the warnings it gave, so that an edit refines its own chapter alone. Always
    read back from its text, so that a build from the cache and one without are alike."""
    name = cache.key('refined', chapter.source, chapter.text, lxml.html.tostring(root, encoding='unicode')) + '.json'
    used.add(name)
    entry = cache.read_json(folder / name)
    if entry is None:
        with recorded_warnings() as warnings:
            math.mend(root, chapter.source, chapter.text)
            sanitize(root, chapter.source, chapter.text)
            math.label(root)
            typography.refine(root)
            verse.set_lines(root)
            code.set_lines(root)
        entry = {'html': lxml.html.tostring(root, encoding='unicode'), 'warnings': warnings}
        cache.write(folder / name, json.dumps(entry).encode('utf-8'))
    else:
        warn_again(entry['warnings'])
    return lxml.html.fragment_fromstring(entry['html'])


def _check_bounds(book, chapter, root, numbering):
    """Notes and nesting a layout can take in reasonable time; BookError beyond the book's limits."""
    limits = book.limits
    notes = numbering.count + len(root.xpath('//a[contains(@class, "footnote-ref")]'))
    if notes > limits['notes']:
        raise BookError(f'the book has over {limits["notes"]:,} notes by this chapter; raise limits: notes '
                        'in metadata.yaml if it really needs them', chapter.source)
    deepest = max((sum(1 for _ in element.iterancestors()) for element in root.iter()), default=0)
    if deepest > min(limits['nesting'], MOST_NESTING):
        raise BookError(f'quotations, lists, formulas or raw HTML nested {deepest} deep, more than a page can '
                        f'set; flatten them, or raise limits: nesting in metadata.yaml (at most {MOST_NESTING})',
                        chapter.source)


def _split_sections(book, root, chapter, ids):
    """One section.chapter per `#` heading; text above the first one, or in a chapter
    without one, gets its own untitled section."""
    sections, loose = [], []
    for child in list(root):
        if child.tag == 'section' and 'level1' in child.classes:
            sections.append(child)
        else:
            loose.append(child)
    if any(_is_content(node) for node in loose):
        warn('text with no "# " heading above it is set as an untitled chapter', chapter.source)
        sections.insert(0, E.SECTION(*loose, id=_untitled_id(chapter, ids), **{'class': 'level1'}))
    elif not sections:
        warn('chapter has nothing to read (only comments or blank space) and is left out',
             chapter.source)
    for section in sections:
        section.classes.add('chapter')
        section.set('role', 'doc-chapter')
        section.set('data-source', chapter.source)
        heading = section.find('h1')
        if heading is not None:
            heading.attrib.pop('class', None)
        section.set('data-running-head', _running_head(heading))
        section.set('data-start', _start(book, chapter, heading))
    return sections


def _start(book, chapter, heading):
    """Where the chapter opens: `# Title {chapter-start=any}` overrides the book's chapter_start."""
    start = heading.attrib.pop('data-chapter-start', None) if heading is not None else None
    if start is None:
        return book.chapter_start
    if start not in CHAPTER_STARTS:
        raise BookError(f'chapter-start={start!r} is not one of {", ".join(CHAPTER_STARTS)}', chapter.source,
                        line_of(chapter.text, 'chapter-start='))
    return start


def _untitled_id(chapter, ids):
    """`chapter-N`, unless a heading already has that id."""
    ident = f'chapter-{chapter.number}'
    if ident in ids:
        ident = free_id(ident, ids)
    ids.add(ident)
    return ident


def _is_content(node):
    """Words or a picture; a comment or blank space (`<p>&nbsp;</p>`) is not."""
    return isinstance(node.tag, str) and bool(
        node.text_content().strip() or node.xpath('descendant-or-self::img'))


def _running_head(heading):
    """What the PDF's running head shows for a chapter, taken off its heading: nothing for
    an untitled one, so the previous chapter's title does not run on."""
    if heading is None:
        return ''
    # `# Title {running-head="Short"}` shortens it.
    return heading.attrib.pop('data-running-head', None) or heading_text(heading)


def _number_notes(root, numbering, chapter):
    """Give every note call and note a book-unique id and its reader-facing number; a call
    that leads to no note of pandoc's (raw HTML that looks like one) is set as plain text."""
    # pandoc's notes block, known by its role: an author's "Footnotes" section has its id too.
    # Raw HTML left open (an unclosed <p>) can wrap it, so it is looked for at any depth.
    blocks = root.xpath('.//section[@role="doc-endnotes"]')
    pandoc_notes = {li.get('id'): li for block in blocks for li in block.xpath('./ol/li')}
    for block in blocks:
        block.drop_tree()
    notes, seen, made = {}, {}, set()
    for ref in root.xpath('//a[contains(@class, "footnote-ref")]'):
        target = ref.get('href', '')[1:]
        if target not in seen and target not in pandoc_notes:
            warn(f'a note call to {target[:40]!r}, which is no note, is set as plain text', chapter.source,
                 line_of(chapter.text, 'footnote-ref'))
            ref.drop_tag()
            continue
        if target in seen:               # a second call of the same note
            number, label = seen[target]
            ref.set('id', f'noteref-{number}-{len(notes)}')
        else:
            numbering.count += 1
            numbering.label += 1
            number, label = seen[target] = numbering.count, numbering.label
            ref.set('id', f'noteref-{number}')
            notes[f'note-{number}'] = _aside(pandoc_notes[target], number, label)
        ref.attrib.update({'href': f'#note-{number}', 'class': 'noteref', 'role': 'doc-noteref'})
        for child in list(ref):
            ref.remove(child)
        ref.text = None
        ref.append(E.SUP(str(label)))
        made.add(ref)
    made |= {node for aside in notes.values() for node in (aside, *aside.xpath('.//a[@role="doc-backlink"]'))}
    return notes, made


def _aside(item, number, label):
    for back in item.xpath('.//a[contains(@class, "footnote-back")]'):
        back.drop_tree()
    kind = 'footnote citation' if item.xpath('./p/span[@class="citation"]') else 'footnote'
    aside = E.ASIDE(id=f'note-{number}', role='doc-footnote', **{'class': kind})
    aside.extend(list(item))
    backlink = E.A(str(label), href=f'#noteref-{number}', role='doc-backlink',
                   **{'class': 'note-label'})
    first = aside[0] if len(aside) and aside[0].tag == 'p' else None
    if first is None:
        first = E.P()
        aside.insert(0, first)
    backlink.tail = ' ' + (first.text or '')
    first.text = None
    first.insert(0, backlink)
    return aside


def _check_images(book, chapter, root):
    """Images must be files inside the book folder; their src becomes relative to build/."""
    for image in list(root.iter('img')):
        src = image.get('src', '')
        if not src.strip():
            warn('an image with no file (src) is left out', chapter.source)
            image.drop_tree()
            continue
        line = line_of(chapter.text, src)
        path = image_file(book, chapter, src, line)
        if not image.get('alt', '').strip():
            warn(f'image {src!r} has no description: write one in ![...] for readers who '
                 'cannot see it', chapter.source, line)
        image.set('src', os.path.relpath(path, book.build_dir))


def _document(book, sections):
    body = [_titlepage(book), _imprint(book), _toc(sections), *sections]
    content = '\n'.join(lxml.html.tostring(element, encoding='unicode') for element in body)
    return TEMPLATE.format(
        lang=html.escape(book.lang), title=html.escape(book.title), head=_head(book), body=content)


TEMPLATE = '''<!DOCTYPE html>
<html lang="{lang}">
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
    parts = [E.P(typography.display_text(book.title), **{'class': 'title'})]
    if book.subtitle:
        parts.append(E.P(typography.display_text(book.subtitle), **{'class': 'subtitle'}))
    parts.append(E.P(book.author_line, **{'class': 'author'}))
    parts += [E.P(credit, **{'class': 'credit'}) for credit in book.credits]
    parts.append(E.P(book.publisher, **{'class': 'publisher'}))
    return E.HEADER(*parts, id='titlepage', **{'class': 'titlepage'})


def _imprint(book):
    lines = [book.rights, *(f'{credit}.' for credit in book.credits),
             f'Published by {book.publisher}, {_long_date(book.date)}.']
    if isbn_digits(book.identifier):
        lines.append(f'ISBN {book.identifier.removeprefix("urn:isbn:")}')
    lines.append(f'Set in {book.font}.')
    return E.SECTION(E.H2('Imprint'), *[E.P(line) for line in lines],
                     id='imprint', role='doc-colophon', **{'class': 'imprint'})


def _long_date(iso):
    from datetime import date
    day = date.fromisoformat(iso)
    return f'{day.day} {day:%B %Y}'


def _toc(sections):
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
    return E.NAV(E.H2('Contents'), E.OL(*entries), id='contents', role='doc-toc',
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
