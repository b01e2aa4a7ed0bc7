"""Check a manuscript without building it: `file:line: message` lines editors can jump to."""

import re

from . import citations
from .assemble import read_chapters
from .errors import BookError
from .metadata import load_book

HEADING_RE = re.compile(r'^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$')
ANCHOR_LINK_RE = re.compile(r'\]\(#([^)\s]+)\)')
EXPLICIT_ID_RE = re.compile(r'\{[^}]*#([\w:.-]+)')


def lint(folder):
    """Every problem found, one line each; the first fatal one ends the list."""
    try:
        book = load_book(folder)
        chapters = read_chapters(book)
    except BookError as error:
        return [_error_line(error)]
    problems, headings, anchors, links = [], {}, set(), []
    for chapter in chapters:
        try:
            brackets = list(citations.scan(chapter.text, chapter.source))
        except BookError as error:
            problems.append(_error_line(error))
            continue
        for bracket in brackets:
            if bracket.kind == 'insertion' and citations.looks_like_citation(bracket.content):
                problems.append(f'{chapter.source}:{bracket.line}: warning: [{bracket.content}] reads '
                                'like a citation but does not end a quotation, so it stays in the text')
        for number, line in enumerate(chapter.text.split('\n'), 1):
            _check_line(chapter.source, number, line, headings, anchors, links, problems)
    for source, number, target in links:
        if target not in anchors:
            problems.append(f'{source}:{number}: error: link to #{target}, which no heading or id has')
    return problems


def _error_line(error):
    return str(BookError(f'error: {error.message}', error.path, error.line))


def _check_line(source, number, line, headings, anchors, links, problems):
    heading = HEADING_RE.match(line)
    if heading:
        title = heading[2]
        key = (len(heading[1]), title.lower())
        if key in headings:
            problems.append(f'{source}:{number}: warning: duplicate heading "{title}" '
                            f'(first at {headings[key]})')
        headings.setdefault(key, f'{source}:{number}')
        anchors.add(_pandoc_id(title))
    anchors.update(EXPLICIT_ID_RE.findall(line))
    links.extend((source, number, target) for target in ANCHOR_LINK_RE.findall(line))
    if '"' in line and line.count('"') % 2 and not line.lstrip().startswith(('```', '    ')):
        problems.append(f'{source}:{number}: warning: unpaired straight quote; '
                        'check the quotation opens and closes')


def _pandoc_id(title):
    """The identifier pandoc gives a heading (its auto_identifiers rule)."""
    text = re.sub(r'[^\w\s_.-]', '', re.sub(r'[*_`]', '', title)).strip().lower()
    text = re.sub(r'\s+', '-', text)
    return re.sub(r'^[^a-z]+', '', text) or 'section'
