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

import json
import os
import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote

import lxml.html
from lxml.html import builder as E

from .. import cache, languages
from ..checks import manuscript
from ..errors import BookError, recorded_warnings, warn, warn_again
from ..sources import bibliography
from ..sources.chapters import linked_chapter
from ..sources.images import image_file
from ..sources.metadata import CHAPTER_STARTS
from ..transforms import code, math, pandoc, typography, verse
from ..transforms.sanitize import line_of, sanitize
from . import frontmatter
from .frontmatter import heading_text, outline  # noqa: F401  (the writers read them here)
from .ids import RESERVED_IDS, free_id, unique_ids

EXTERNAL_LINKS = ('http://', 'https://', 'mailto:')
# Deeper than lxml's HTML parser reads (it cuts the tree at 256 levels), whatever the book's limits.
MOST_NESTING = 200
# A heading with nothing in it (`#` alone, or `# {#id}`), as Markdown writes one.

@dataclass
class _Numbering:
    """Note and id state carried from chapter to chapter."""
    per_chapter: bool
    count: int = 0          # notes so far in the book: the unique part of note ids
    label: int = 0          # the number the reader sees
    ids: set = field(default_factory=set)
    # (chapter source, id as written) -> id in the book, and (source, None) -> its first section
    targets: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)    # id as the author wrote it -> id in the book (the first)


def build_document(book, chapters, cache_dir):
    """The intermediate as an HTML string, from the chapters in reading order. `cache_dir`
    keeps pandoc's output; its sibling `refined/`, each chapter refined (`_refined`)."""
    citing = bibliography.citing(book, chapters)
    fragments = pandoc.to_html([(chapter.source, chapter.text) for chapter in chapters], cache_dir, citing)
    manuscript.report(manuscript.chapters_findings(chapters, fragments, citing))
    numbering = _Numbering(per_chapter=book.note_numbering == 'chapter',
                           ids=set(RESERVED_IDS))
    if languages.language(book.lang) is None and set(languages.label_keys()) - set(book.labels):
        warn(f'pressroom has no profile of the language {book.lang!r}: the words it writes into the book '
             '(contents, imprint, navigation) are in English; give them in labels:',
             book.folder / 'metadata.yaml', book.line('lang'))
    refined = cache_dir.parent / 'refined'
    refined.mkdir(parents=True, exist_ok=True)
    sections, used = [], set()
    for chapter, fragment in zip(chapters, fragments):
        sections.extend(_chapter_sections(book, chapter, fragment, numbering, refined, used))
    cache.prune(refined, used)
    _resolve_links(sections, {chapter.source: chapter.text for chapter in chapters}, numbering)
    return frontmatter.document(book, sections)


def _resolve_links(sections, texts, numbering):
    """A link must reach the web, a mail address, or an id somewhere in the book (the EPUB
    and the PDFs find it in any chapter), as the author wrote it or as the book renamed it.
    A link to another chapter's file (`two.md`, `two.md#id`) becomes a link to that chapter
    or id. Any other (a path, a missing file or anchor) is set as plain text with a
    warning, so no reader meets a dangling link."""
    targets = numbering.targets
    ids = {'titlepage', 'imprint', 'contents'} | {found for section in sections
                                                  for found in section.xpath('descendant-or-self::*/@id')}
    for section in sections:
        source = section.get('data-source')
        for link in section.xpath('.//a[@href]'):
            href = link.get('href')
            if href.lower().startswith(EXTERNAL_LINKS) or (href.startswith('#') and href[1:] in ids):
                continue
            if href.startswith('#') and numbering.written.get(unquote(href[1:])) in ids:
                link.set('href', '#' + numbering.written[unquote(href[1:])])
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
    root = _refined(book, chapter, root, refined, used)
    if numbering.per_chapter:
        numbering.label = 0
    notes, made = _number_notes(root, numbering, chapter)
    written = [(element, element.get('id')) for element in root.xpath('//*[@id]')]
    for part in (root, *notes.values()):
        unique_ids(part, numbering.ids, chapter, made, book.lang)
    sections = _split_sections(book, root, chapter, numbering.ids)
    where = posixpath.normpath(chapter.source)
    numbering.targets.update({(where, ident): element.get('id') for element, ident in written})
    for element, ident in written:
        numbering.written.setdefault(ident, element.get('id'))
    if sections:
        numbering.targets[(where, None)] = sections[0].get('id')
    for section in sections:
        owned = [notes.pop(ref.get('href')[1:]) for ref in section.iter('a')
                 if 'noteref' in ref.classes and ref.get('href')[1:] in notes]
        if owned:
            section.append(E.DIV(*owned, **{'class': 'notes'}))
    return sections


def _refined(book, chapter, root, folder, used):
    """The chapter's HTML mended, made safe and typeset (math, quotes and dashes as the
    book's language sets them, verse, code), none of which depends on the other chapters:
    kept in `folder` by the chapter's text with the warnings it gave, so that an edit refines
    its own chapter alone. Always read back from its text, so that a build from the cache
    and one without are alike."""
    name = cache.key('refined', book.lang, chapter.source, chapter.text,
                     lxml.html.tostring(root, encoding='unicode')) + '.json'
    used.add(name)
    entry = cache.read_json(folder / name)
    if entry is None:
        with recorded_warnings() as warnings:
            math.mend(root, chapter.source, chapter.text)
            sanitize(root, chapter.source, chapter.text)
            math.label(root)
            typography.refine(root, book.lang)
            _directions(root, book.lang)
            verse.set_lines(root)
            code.set_lines(root)
        entry = {'html': lxml.html.tostring(root, encoding='unicode'), 'warnings': warnings}
        cache.write(folder / name, json.dumps(entry).encode('utf-8'))
    else:
        warn_again(entry['warnings'])
    return lxml.html.fragment_fromstring(entry['html'])


def _directions(root, lang):
    """A passage in a language written the other way (`[نص]{lang=ar}` in an English book,
    `[text]{lang=en}` in an Arabic one) gets its own direction; code runs left to right."""
    for element in root.xpath('.//*[@lang]'):
        around = typography.language_of(element.getparent(), lang)
        if languages.direction(element.get('lang')) != languages.direction(around) and not element.get('dir'):
            element.set('dir', languages.direction(element.get('lang')))
    if languages.direction(lang) == 'rtl':
        for element in root.xpath('.//pre[not(@dir)]|.//code[not(@dir) and not(ancestor::pre)]'):
            element.set('dir', 'ltr')


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
    if any(_is_content(node) for node in loose):        # checks/manuscript.py warns of it
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
            cited = 'citation' in (ref.getparent().get('class') or '').split()     # citeproc's note
            notes[f'note-{number}'] = _aside(pandoc_notes[target], number, label, cited)
        ref.attrib.update({'href': f'#note-{number}', 'class': 'noteref', 'role': 'doc-noteref'})
        for child in list(ref):
            ref.remove(child)
        ref.text = None
        ref.append(E.SUP(str(label)))
        made.add(ref)
    made |= {node for aside in notes.values() for node in (aside, *aside.xpath('.//a[@role="doc-backlink"]'))}
    return notes, made


def _aside(item, number, label, cited=False):
    for back in item.xpath('.//a[contains(@class, "footnote-back")]'):
        back.drop_tree()
    kind = 'footnote citation' if cited or item.xpath('./p/span[@class="citation"]') else 'footnote'
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
