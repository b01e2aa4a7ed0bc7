"""The document's blocks made into chapter files: its title block (the short lines that
name the book above the first heading) taken out for metadata.yaml, one chapter at each
heading of the top level used, and every chapter written back as Markdown by one pandoc
run, whatever the number of chapters."""

import json
import re
import uuid

from ..errors import BookError, warn
from ..sources.metadata import LIMITS, slugify
from ..transforms.pandoc import run
from .cleaning import plain_text
from .metadata import one_line

WRITER = 'markdown-smart'          # curly quotes and dashes stay the characters the document has
MAX_CHAPTERS = LIMITS['chapters']  # what a build takes by default
# pandoc escapes every square bracket it writes; a bracket pair that cannot be taken for a
# link (nothing after it that a link has) is given back as the author wrote it.
ESCAPED_BRACKETS_RE = re.compile(r'\\\[([^\[\]\n]*?)\\\](?![(\[{:])')
TITLE_LINES, TITLE_LINE_LENGTH = 4, 150     # what a title block can hold above the first heading
BY_RE = re.compile(r'^(?:by|von|par|de|por|di|door|av|af|przez|od)\s+(.+)$', re.I)
NAMES_SPLIT_RE = re.compile(r'\s*(?:,|;|&|\band\b|\bund\b|\bet\b)\s*')
PARTICLES = {'de', 'van', 'von', 'der', 'den', 'da', 'di', 'du', 'la', 'le', 'y', 'bin', 'ibn', 'al', 'ten', 'zu'}
BOLD_HEADING_LENGTH = 120


def title_block(blocks, meta, source):
    """The blocks without the short lines above the first heading that name the book, and
    what they name: {'title', 'subtitle', 'author'} for those metadata lacks. Lines that
    repeat metadata are dropped; a line `by A. Name` names the author; of the others, the
    first is the title, the last the author, one between them the subtitle."""
    if not any(block['t'] == 'Header' for block in blocks):
        return blocks, {}
    lines = []
    for block in blocks:
        text = one_line(plain_text(block['c'])) if block['t'] in ('Para', 'Plain') else None
        if not text or len(text) > TITLE_LINE_LENGTH or len(lines) == TITLE_LINES or _holds_note(block):
            break
        lines.append(text)
    known = {value.casefold() for key in ('title', 'subtitle') for value in meta.get(key, [])}
    known |= {name.casefold() for name in meta.get('author', [])}
    found, rest = {}, []
    for line in lines:
        by = BY_RE.match(line)
        if line.casefold() in known:
            continue
        if by and not meta.get('author') and _names(by[1]):
            found['author'] = _names(by[1])
        else:
            rest.append(line)
    if rest and not meta.get('title'):
        found['title'] = [rest.pop(0)]
    if rest and not meta.get('author') and 'author' not in found and _names(rest[-1]):
        found['author'] = _names(rest.pop())
    if rest and not meta.get('subtitle'):
        found['subtitle'] = [rest.pop(0)]
    if rest:           # more than a title block holds: the lines are the book's text
        return blocks, {}
    if found:
        said = ', '.join(f'{key} {" and ".join(values)!r}' for key, values in found.items())
        warn(f'took the lines above the first heading as the title block ({said}); check metadata.yaml',
             source)
    return blocks[len(lines):], found


def _names(line):
    """The names in a line such as `Ana Ruiz and J. R. Smith`, or [] if it reads as no names:
    each of a few words, none in lower case but a particle (van, de), and no digits."""
    names = [name for name in NAMES_SPLIT_RE.split(line) if name]
    words = [word for name in names for word in name.split()]
    if not names or any(len(name.split()) > 6 for name in names) or any(c.isdigit() for c in line):
        return []
    return names if all(not word[0].islower() or word in PARTICLES for word in words) else []


def _holds_note(block):
    return '"Note"' in json.dumps(block)


def headings_of(blocks, source):
    """The blocks, with chapter headings where the document has none: paragraphs that are
    one short bold line (as a manuscript without heading styles marks its chapters) become
    them, with a warning; a document with neither is one chapter, with a warning."""
    if any(block['t'] == 'Header' for block in blocks):
        return blocks
    bold = [index for index, block in enumerate(blocks) if _bold_line(block)]
    if len(bold) < 2:
        warn('has no headings to split into chapters, so it is one chapter: give its chapter titles a '
             'heading style (Heading 1 in Word, <h1> in HTML, # in Markdown) and import it again, or '
             'split the chapter file by hand', source)
        return blocks
    warn(f'has no headings; its {len(bold)} lines set in bold alone (the first: '
         f'{plain_text(blocks[bold[0]]["c"])[:60]!r}) are taken as chapter titles', source)
    blocks = list(blocks)
    for index in bold:
        inlines = blocks[index]['c'][0]['c']
        blocks[index] = {'t': 'Header', 'c': [1, ['', [], []], inlines]}
    return blocks


def _bold_line(block):
    if block['t'] not in ('Para', 'Plain'):
        return False
    content = [inline for inline in block['c'] if inline['t'] not in ('Space', 'SoftBreak')]
    return (len(content) == 1 and content[0]['t'] == 'Strong'
            and 0 < len(plain_text(content[0]['c']).strip()) <= BOLD_HEADING_LENGTH)


def split(blocks, source):
    """[(title, blocks)] at each heading of the top level used, which becomes `#`."""
    levels = [block['c'][0] for block in blocks if block['t'] == 'Header']
    top = min(levels, default=1)
    if levels.count(top) > MAX_CHAPTERS:
        raise BookError(f'has {levels.count(top):,} headings of its top level, more chapters than a book '
                        f'of {MAX_CHAPTERS:,} holds: give its parts or chapters the top heading level, or '
                        'split the document', source)
    chapters = []
    for block in blocks:
        if block['t'] == 'Header':
            block['c'][0] = max(1, block['c'][0] - top + 1)
            if block['c'][0] == 1:
                chapters.append((plain_text(block['c'][2]), []))
        if not chapters:
            chapters.append((None, []))
        chapters[-1][1].append(block)
    return chapters


def write_chapters(chapters, folder, version, source):
    """Each chapter's Markdown in chapters/NN-title.md; their paths, relative to `folder`.
    One pandoc run writes them all, a mark between them; notes go after the block that
    calls them, so each stays in its chapter."""
    mark = f'<!-- chapter {uuid.uuid4().hex} -->'
    blocks = [block for _, content in chapters
              for block in ({'t': 'RawBlock', 'c': ['markdown', mark]}, *content)]
    document = {'pandoc-api-version': version, 'meta': {}, 'blocks': blocks}
    text = run(['--from=json', f'--to={WRITER}', '--sandbox', '--wrap=none', '--reference-location=block'],
               json.dumps(document), source)
    texts = ESCAPED_BRACKETS_RE.sub(r'[\1]', text).split(mark)[1:]
    names = []
    for (title, _), markdown in zip(chapters, texts):
        if not markdown.strip():
            continue
        name = f'chapters/{len(names) + 1:02}-{slugify(title or "opening")[:40].strip("-") or "chapter"}.md'
        (folder / name).write_text(markdown.strip() + '\n', encoding='utf-8')
        names.append(name)
    return names
