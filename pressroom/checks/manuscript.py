"""What the build and lint both find in a book, one function for each kind of problem, so
that the two report the same: placeholders still to write, note calls with no note, citations
no bibliography holds, empty headings and untitled chapters."""

import re
from dataclasses import dataclass

import lxml.html

from ..errors import BookError, raise_all, warn
from ..sources import bibliography
from ..transforms.citations import FOOTNOTE_DEF_RE, prose, scan

NOTE_LABEL_RE = re.compile(r'^\^([^\s\]^]+)$')
NOTE_DEFINITION_RE = re.compile(r'^ {0,3}\[\^([^\s\]]+)\]:', re.M)
EMPTY_HEADING_RE = re.compile(r'^ {0,3}#{1,6}(?:[ \t]+(?:\{[^}]*\})?)?[ \t#]*$')


@dataclass(frozen=True)
class Finding:
    level: str          # 'error' or 'warning'
    message: str
    path: object        # the file, as messages show it
    line: int | None = None

    def __str__(self):
        return str(BookError(f'{self.level}: {self.message}', self.path, self.line))


def report(findings):
    """The build's way: warnings printed, then every error raised at once."""
    findings = list(dict.fromkeys(findings))     # a call repeated on one line is one problem
    for finding in findings:
        if finding.level == 'warning':
            warn(finding.message, finding.path, finding.line)
    raise_all([BookError(finding.message, finding.path, finding.line)
               for finding in findings if finding.level == 'error'])


def placeholders(book, strict=False):
    """metadata.yaml values still holding the starter's placeholder: warnings, errors under --strict."""
    for key, line in book.placeholders:
        also = (f"; until it is, the outputs carry the folder's name, {book.folder.name}"
                if key == 'title' else '')
        yield Finding('error' if strict else 'warning', f'{key} is still a placeholder: write it in{also}',
                      book.folder / 'metadata.yaml', line)


def notes(chapter):
    """Note calls (`[^mud]`) with no note of that label: pandoc would print them as text."""
    text = chapter.text
    defined = set(NOTE_DEFINITION_RE.findall(text))
    for bracket in scan(text, chapter.source):
        label = NOTE_LABEL_RE.match(bracket.content)
        line_start = text.rfind('\n', 0, bracket.start) + 1
        definition = FOOTNOTE_DEF_RE.match(text[line_start:]) and not text[line_start:bracket.start].strip()
        if label and label[1] not in defined and not definition:
            yield Finding('error', f'note [^{label[1]}] is called here but never written; add a line '
                                   f'"[^{label[1]}]: the note" below the paragraph, or remove the call',
                          chapter.source, bracket.line)


def citations(chapter, citing):
    """pandoc citations of keys no bibliography file holds; without a bibliography, those in
    brackets (`[@key, p. 3]`), which could only be citations (a bare @name stays as written).
    `citing` is False where the bibliography could not be read, which is reported itself."""
    if citing is False:
        return
    if citing is None:
        for bracket in scan(chapter.text, chapter.source):
            for match in bibliography.CITATION_RE.finditer(bracket.content):
                yield Finding('error', f'cites @{match[1].strip("{}")}, but metadata.yaml names no bibliography: '
                                       'add one (bibliography: references.bib), or write the source out in brackets',
                              chapter.source, bracket.line)
        return
    for key, line in bibliography.cited_keys(chapter.text):
        if key not in citing.keys:
            files = ', '.join(path.name for path in citing.files)
            yield Finding('error', f'cites @{key}, which {files} does not hold; add the entry, correct the key, '
                                   'or write \\@ for an @ that cites nothing', chapter.source, line)


def structure(chapter, fragment):
    """From pandoc's HTML of the chapter: headings with no words (a note call is none), and text above the
    chapter's first `#` heading (set as an untitled chapter)."""
    root = lxml.html.fragment_fromstring(fragment, create_parent='div')
    empty = [lines[offset] for paragraph, _, lines in prose(chapter.text)
             for offset in _line_starts(paragraph) if EMPTY_HEADING_RE.match(paragraph[offset:].split('\n')[0])]
    headings = root.xpath('.//h1|.//h2|.//h3|.//h4|.//h5|.//h6')
    untitled = [heading for heading in headings if not heading.xpath('.//img') and not ''.join(
        heading.xpath('.//text()[not(ancestor::a[contains(@class, "footnote-ref")])]')).strip()]
    for index in range(len(untitled)):
        yield Finding('error', 'a heading with no words; write its title, or remove the #',
                      chapter.source, empty[index] if index < len(empty) else None)
    loose = []
    for child in root:
        if child.tag == 'section' and 'level1' in child.classes:
            break
        loose.append(child)
    if any(isinstance(node.tag, str) and (node.text_content().strip() or node.xpath('descendant-or-self::img'))
           for node in loose):
        first = next((number for number, text in enumerate(chapter.text.split('\n'), 1) if text.strip()), 1)
        yield Finding('warning', 'text with no "# " heading above it is set as an untitled chapter',
                      chapter.source, first)


def _line_starts(text):
    return [0] + [index + 1 for index, char in enumerate(text) if char == '\n']


def chapter_findings(chapter, fragment, citing):
    """Every finding of one chapter, from its text and pandoc's HTML of it."""
    return [*notes(chapter), *citations(chapter, citing), *structure(chapter, fragment)]


def chapters_findings(chapters, fragments, citing):
    """chapter_findings of every chapter, with pandoc's HTML of each (`fragments`)."""
    return [finding for chapter, fragment in zip(chapters, fragments)
            for finding in chapter_findings(chapter, fragment, citing)]
