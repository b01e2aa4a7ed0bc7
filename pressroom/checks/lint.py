"""Check a manuscript without building it: `file:line: message` lines editors can jump to."""

import posixpath
import re

import lxml.html

from ..assets import fonts, scripts
from ..errors import BookError
from ..sources import bibliography
from ..sources.chapters import UNLISTED, check_resources, linked_chapter, read_chapter, unlisted_chapters
from ..sources.images import image_file
from ..sources.metadata import CHAPTER_STARTS, load_book
from ..transforms import citations, math, pandoc
from . import manuscript

LINT_ERROR_RE = re.compile(r'(^|: )error: ')
HEADING_RE = re.compile(r'^(#{1,6})(?:\s+(.*?))?\s*(\{[^}]*\})?\s*$')
ID_ATTRIBUTE_RE = re.compile(r'\{[^}]*#([\w:.-]+)')
ANCHOR_LINK_RE = re.compile(r'\]\(#([^)\s]+)\)')
OTHER_LINK_RE = re.compile(r'\]\((?!#|https?://|mailto:)<?([^)\s>]+)', re.I)
IMAGE_RE = re.compile(r'!\[[^\]]*\]\(\s*<?([^)\s>]*)')
HTML_ID_RE = re.compile(r'<[^>]*\bid="([^"]+)"')
HTML_LINK_RE = re.compile(r'<a\b[^>]*\bhref="#([^"]+)"')
HTML_IMAGE_RE = re.compile(r'<img\b[^>]*\bsrc="([^"]*)"')
CHAPTER_START_RE = re.compile(r'chapter-start=["\']?([^"\'\s}]*)')
ATTRIBUTES_RE = re.compile(r'\{\s*(?:[#.][\w-]|-|[\w-]+=)[^{}\n]*\}')   # {#id .class key="value"}
OPENING_CONTEXT = '([{—–'    # a straight quote after these (or a space) opens a quotation
EMPHASIS = '*_'


class _Findings:
    """What lint has seen so far across the book, and the problems it found."""

    def __init__(self):
        self.problems = []   # (file, line or 0, `file:line: kind: message`)
        self.headings = {}   # (level, lowercased title): 'file:line' of the first
        self.anchors = {}    # id: 'file:line' where it is defined
        self.links = []      # (file, line, target id, chapter file it must be in, or None)

    def add(self, source, line, kind, message):
        self.problems.append((str(source), line, f'{source}:{line}: {kind}: {message}'))

    def add_error(self, error):
        for one in getattr(error, 'errors', [error]):
            located = str(BookError(f'error: {one.message}', one.path, one.line))
            if all(located != text for _, _, text in self.problems):    # pandoc's reading meets it again
                self.problems.append((str(one.path), one.line or 0, located))

    def add_findings(self, findings):
        for finding in dict.fromkeys(findings):     # as the build reports them: each once
            self.problems.append((str(finding.path), finding.line or 0, str(finding)))

    def report(self, chapters=()):
        """The problems in reading order: metadata.yaml first, then chapter by chapter, by line."""
        order = {source: rank for rank, source in enumerate(chapters, 1)}
        return [text for source, line, text in
                sorted(self.problems, key=lambda problem: (order.get(problem[0], 0), problem[1]))]


def lint(folder, strict=False):
    """Every problem found, one line each; a broken metadata.yaml ends the list. The problems
    a build reports (checks/manuscript.py) are found the same way here; `strict` makes
    placeholders errors, as it does for the build."""
    found = _Findings()
    book = _attempt(found, load_book, folder)
    if book is False:
        return found.report()
    _attempt(found, check_resources, book)
    found.add_findings(manuscript.placeholders(book, strict))
    chapters = [chapter for number in range(1, len(book.chapters) + 1)
                if (chapter := _attempt(found, read_chapter, book, number))]
    for path in unlisted_chapters(book, chapters):
        found.problems.append((str(path), 0, f'{path}: warning: {UNLISTED}'))
    have = _covered(book)
    for chapter in chapters:
        _check_chapter(book, chapter, found, {posixpath.normpath(source): source for source in book.chapters})
        for char in scripts.missing(have, chapter.text) if have else ():
            found.add(chapter.source, chapter.text.count('\n', 0, chapter.text.index(char)) + 1, 'error',
                      f'the character {char!r} (U+{ord(char):04X}) is in no face the book has; name a face that '
                      f'has it in styles/{scripts.CHOICES}, or write it otherwise')
    _check_converted(book, chapters, found)
    for source, line, target, chapter in found.links:
        where = found.anchors.get(target)
        if where is None or chapter and not where.startswith(f'{chapter}:'):
            shown = f'{chapter}#{target}' if chapter else f'#{target}'
            found.add(source, line, 'warning', f'link to {shown}, which no heading or id has, is set as plain text')
    return found.report(book.chapters)


def has_errors(problems):
    """Whether lint's lines hold an error (a warning alone passes)."""
    return any(LINT_ERROR_RE.search(problem) for problem in problems)


def _check_converted(book, chapters, found):
    """What only pandoc's reading of the chapters tells, as the build finds it: math it
    cannot read, empty headings, untitled chapters, citations no bibliography holds. Lint
    writes nothing, so the conversions are not kept."""
    citing = _attempt(found, bibliography.citing, book, chapters) if chapters else None
    for chapter in chapters:
        fragment = _attempt(found, pandoc.convert, chapter.source, chapter.text, citing or None)
        if fragment is False:
            continue
        found.add_findings(manuscript.chapter_findings(chapter, fragment, citing))
        if '$' in chapter.text:     # TeX math pandoc cannot read stops the build: pandoc alone can tell
            _attempt(found, math.mend, lxml.html.fragment_fromstring(fragment, create_parent='div'),
                     chapter.source, chapter.text)


def _covered(book):
    """The characters the book's faces have, or None if its face is not installed (which
    check_resources reports)."""
    try:
        return scripts.covered(fonts.primaries(book), scripts.chosen(book))
    except BookError:
        return None


def _attempt(found, check, *args):
    """`check(*args)`, or False with its BookError listed: one broken file hides no other."""
    try:
        return check(*args)
    except BookError as error:
        found.add_error(error)
        return False


def _check_chapter(book, chapter, found, listed):
    brackets = _attempt(found, lambda: list(citations.scan(chapter.text, chapter.source))) or []
    for bracket in brackets:
        if bracket.kind == 'insertion' and citations.looks_like_citation(bracket.content):
            found.add(chapter.source, bracket.line, 'warning',
                      f'[{bracket.content}] reads like a citation but does not end a quotation, '
                      'so it stays in the text')
    for text, masked, lines in citations.prose(chapter.text):
        _check_headings(chapter.source, text, masked, lines, found)
        _check_ids_and_links(chapter.source, text, masked, lines, found, listed)
        _check_images(book, chapter, text, masked, lines, found)
        for index in _unpaired_quotes(ATTRIBUTES_RE.sub(lambda match: ' ' * len(match[0]), masked)):
            found.add(chapter.source, lines[index], 'warning',
                      'straight quote " that pandoc cannot pair, so it may curl the wrong way; '
                      'pair it, or type “ or ” yourself')


def _check_headings(source, text, masked, lines, found):
    """Headings open a paragraph (pandoc wants a blank line before one), one per line. A
    heading is found in the masked text, its title read from the text (its code spans kept)."""
    offset = 0
    for original, line_text in zip(text.split('\n'), masked.split('\n')):
        heading = HEADING_RE.match(line_text)
        if not heading:
            return
        written = original[heading.start(2):heading.end(2)] if heading[2] is not None else ''
        line, title = lines[offset], written.strip().rstrip('#').strip()
        start = CHAPTER_START_RE.search(heading[3] or '')
        if start and start[1] not in CHAPTER_STARTS:
            found.add(source, line, 'error', f'chapter-start={start[1]!r} is not one of {", ".join(CHAPTER_STARTS)}')
        key = (len(heading[1]), title.lower())
        if key in found.headings:
            found.add(source, line, 'warning', f'duplicate heading "{title}" (first at {found.headings[key]})')
        else:
            found.headings[key] = f'{source}:{line}'
            if not ID_ATTRIBUTE_RE.match(heading[3] or ''):     # an explicit id replaces pandoc's
                _define(found, _pandoc_id(title), source, line)
        offset += len(line_text) + 1


def _check_ids_and_links(source, text, masked, lines, found, listed):
    for pattern, paragraph in ((ID_ATTRIBUTE_RE, masked), (HTML_ID_RE, text)):
        for match in pattern.finditer(paragraph):
            _define(found, match[1], source, lines[match.start()])
    for pattern, paragraph in ((ANCHOR_LINK_RE, masked), (HTML_LINK_RE, text)):
        found.links += [(source, lines[match.start()], match[1], None) for match in pattern.finditer(paragraph)]
    for match in OTHER_LINK_RE.finditer(masked):
        if _is_image_target(masked, match.start()):
            continue
        linked = linked_chapter(source, match[1])
        chapter = listed.get(linked[0]) if linked else None
        if chapter:                     # another chapter's file: the build links to it
            if linked[1]:
                found.links.append((source, lines[match.start()], linked[1], chapter))
            continue
        found.add(source, lines[match.start()], 'warning',
                  f'link to {match[1]!r}, which is not in the book, is set as plain text')


def _is_image_target(masked, index):
    """Whether the `](` at `index` closes an image's description (`![...](file)`), not a link."""
    opening = masked.rfind('[', 0, index)
    return opening > 0 and masked[opening - 1] == '!'


def _define(found, anchor, source, line):
    if anchor in found.anchors:
        found.add(source, line, 'warning', f'duplicate id #{anchor} (first at {found.anchors[anchor]}); '
                  'links to it reach only the first')
    else:
        found.anchors[anchor] = f'{source}:{line}'


def _check_images(book, chapter, text, masked, lines, found):
    """Image files as the build will look for them: inside the book, relative to the chapter."""
    for pattern, paragraph in ((IMAGE_RE, masked), (HTML_IMAGE_RE, text)):
        for match in pattern.finditer(paragraph):
            src, line = match[1], lines[match.start()]
            try:
                image_file(book, chapter, src, line)
            except BookError as error:
                found.add_error(error)


def _unpaired_quotes(masked):
    """Offsets of straight double quotes that pandoc's smart quotes cannot pair."""
    unpaired, opening = [], None
    for match in re.finditer('"', masked):
        before, after = _neighbour(masked, match.start() - 1, -1), _neighbour(masked, match.end(), 1)
        if not (before.isspace() or before in OPENING_CONTEXT):
            if opening is None:
                unpaired.append(match.start())
            opening = None
        elif after.isspace():
            unpaired.append(match.start())      # stands alone between spaces
        else:
            if opening is not None:
                unpaired.append(opening)
            opening = match.start()
    return sorted(unpaired + ([opening] if opening is not None else []))


def _neighbour(text, index, step):
    """The character at `index` or beyond it in the direction `step`, past emphasis marks."""
    while 0 <= index < len(text) and text[index] in EMPHASIS:
        index += step
    return text[index] if 0 <= index < len(text) else ' '


def _pandoc_id(title):
    """The identifier pandoc gives a heading (its auto_identifiers rule): letters and digits
    of any script (not the marks that join them: Tamil's vowel signs go), _ . and -, spaces
    as hyphens, lower case, and nothing before the first letter."""
    text = re.sub(r'[^\w\s.-]', '', re.sub(r'[*_`]', '', title)).strip().lower()
    text = re.sub(r'\s+', '-', text)
    return re.sub(r'^[\W\d_]+', '', text) or 'section'
