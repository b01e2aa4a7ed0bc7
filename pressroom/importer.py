"""`invoke import FILE --book DIR`: a book folder made from a DOCX, ODT, HTML, EPUB or Markdown
file by pandoc, ready to build.

The document is read once into pandoc's tree (its pictures extracted into the folder's
images/), cleaned of what belongs to its old container (an EPUB's cover, title page, contents
and page markers; raw HTML; empty anchors), split into one chapter file at each top-level
heading, and written back as Markdown with its footnotes and its bracketed text as written.
metadata.yaml takes the document's own properties; a value it lacks is a placeholder that
`invoke lint` points out.
"""

import hashlib
import json
import posixpath
import re
import shutil
import tempfile
import uuid
from datetime import date
from pathlib import Path

import pypandoc
import yaml

from .errors import BookError, warn
from .sources.metadata import LANG_RE, URI_RE, UUID_RE, isbn_problem, slugify
from .starter import PLACEHOLDER
from .transforms.pandoc import pandoc_version

READERS = {'.docx': 'docx', '.odt': 'odt', '.html': 'html', '.htm': 'html', '.xhtml': 'html',
           '.epub': 'epub', '.md': 'markdown', '.markdown': 'markdown', '.txt': 'markdown'}
WRITER = 'markdown-smart'          # curly quotes and dashes stay the characters the document has
MAX_INPUT = 200 * 1024 * 1024      # bytes, as stored and (DOCX, ODT, EPUB) unpacked: no manuscript is larger
# pandoc's heap bounded, so that no document can take the machine's memory.
PANDOC_LIMITS = ['+RTS', '-M2g', '-RTS']
# Parts of an EPUB that the build makes itself: left out, by file name or section id/class.
CONTAINER_PARTS = {'cover', 'titlepage', 'title-page', 'halftitle', 'halftitlepage', 'imprint', 'colophon',
                   'copyright', 'copyright-page', 'uncopyright', 'toc', 'nav', 'contents', 'landmarks'}
# pandoc escapes every square bracket it writes; a bracket pair that cannot be taken for a
# link (nothing after it that a link has) is given back as the author wrote it.
ESCAPED_BRACKETS_RE = re.compile(r'\\\[([^\[\]\n]*?)\\\](?![(\[{:])')
BACKLINK_RE = re.compile(r'^\s*[\[(]?[0-9a-z*†‡§]{0,4}[\])]?\.?\s*$|^\s*[↩↑^]\s*$', re.I)
KEPT_SPAN_CLASSES = {'smallcaps', 'underline', 'mark'}
INLINE_KINDS = {'Str', 'Space', 'SoftBreak', 'LineBreak', 'Emph', 'Strong', 'Span', 'Link', 'Image', 'Note',
                'Code', 'Math', 'RawInline', 'Quoted', 'Cite', 'SmallCaps', 'Strikeout', 'Superscript',
                'Subscript', 'Underline'}


def import_book(source, folder):
    """Write a book folder at `folder` (new or empty) from the document `source`; its
    metadata path."""
    source, folder = Path(source), Path(folder)
    reader = READERS.get(source.suffix.lower())
    if reader is None:
        raise BookError(f'cannot import a {source.suffix or "file without an extension"}; import a '
                        f'{", ".join(sorted(set(READERS)))} file', source)
    if not source.is_file():
        raise BookError('not found, or not a file', source)
    if source.stat().st_size > MAX_INPUT or _unpacked_size(source, reader) > MAX_INPUT:
        raise BookError(f'is larger than {MAX_INPUT // 2**20} MB, or unpacks to more; no manuscript is', source)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BookError('is not an empty folder: give a new one', folder)
    pandoc_version()
    # Made beside it and moved into place whole: a failed import leaves nothing behind.
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f'.{folder.name}-', dir=folder.parent))
    try:
        _write_book(source, reader, work)
        if folder.exists():
            folder.rmdir()
        work.rename(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return folder / 'metadata.yaml'


def _write_book(source, reader, folder):
    (folder / 'chapters').mkdir()
    tree = _read(source, reader, folder / 'images')
    blocks = _clean(_without_container(tree['blocks']) if reader == 'epub' else tree['blocks'])
    _place_images(blocks, source, folder)
    chapters = _write_chapters(_split(blocks), folder, tree['pandoc-api-version'])
    if not chapters:
        raise BookError('has no text to make a book of', source)
    meta = {**tree['meta'], **(_epub_package(source) if reader == 'epub' else {})}
    (folder / 'metadata.yaml').write_text(yaml.safe_dump(_metadata(meta, source, chapters), allow_unicode=True,
                                                         sort_keys=False), encoding='utf-8')


def _unpacked_size(source, reader):
    """What a zipped document (DOCX, ODT, EPUB) holds once unpacked, in bytes; 0 for others."""
    if reader not in ('docx', 'odt', 'epub'):
        return 0
    import zipfile
    try:
        with zipfile.ZipFile(source) as archive:
            return sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise BookError(f'is not a valid {reader.upper()} file (it is no zip archive)', source) from None


def _read(source, reader, media):
    try:
        text = pypandoc.convert_file(str(source), 'json', format=reader,
                                     extra_args=['--sandbox', f'--extract-media={media}', *PANDOC_LIMITS])
    except RuntimeError as error:
        raise BookError(f'pandoc cannot read it as {reader} ({" ".join(str(error).split())[:200]})',
                        source) from None
    return json.loads(text)


# --- cleaning ---------------------------------------------------------------------------------

def _without_container(blocks):
    """An EPUB's blocks without the files the build makes itself (cover, title page, contents,
    imprint). pandoc marks where each file begins with an empty anchor named after it."""
    kept, skipping = [], True       # pandoc puts the cover picture before the first file
    for block in blocks:
        name = _file_anchor(block)
        if name is not None:
            skipping = Path(name).stem.lower() in CONTAINER_PARTS
            continue
        if skipping or _names_container(block):
            continue
        kept.append(block)
    return kept


def _file_anchor(block):
    """The file name of `[]{#chapter-01.xhtml}`, pandoc's mark for an EPUB file's start."""
    if block['t'] == 'Para' and len(block['c']) == 1 and block['c'][0]['t'] == 'Span':
        (ident, _, _), content = block['c'][0]['c']
        if not content and re.search(r'\.x?html?$', ident):
            return ident
    return None


def _names_container(block):
    if block['t'] != 'Div':
        return False
    ident, classes, _ = block['c'][0]
    return bool({ident.rsplit('_', 1)[-1].lower(), *classes} & CONTAINER_PARTS)


def _clean(blocks):
    """Blocks without raw HTML (a <nav> with all it holds), empty anchors, page markers and
    the wrappers of sections; ids of the EPUB's files made plain again."""
    out, in_nav = [], 0
    for block in blocks:
        kind = block['t']
        if kind == 'RawBlock':
            text = block['c'][1]
            in_nav += text.count('<nav') - text.count('</nav')
            continue
        if in_nav > 0:
            continue
        if kind == 'Div':       # a section's wrapper: its id goes to its heading, as in Markdown
            content = _clean(block['c'][1])
            if content and content[0]['t'] == 'Header' and block['c'][0][0]:
                content[0]['c'][1][0] = _plain_id(block['c'][0][0])
            out += content
            continue
        if kind == 'Header':
            level, (ident, classes, attributes), inlines = block['c']
            block = {'t': 'Header', 'c': [level, [_plain_id(ident), [], []], _inlines(inlines)]}
        else:
            block = _verse(_walk(block))
        if block['t'] == 'Para' and not block['c']:
            continue
        out.append(block)
    return out


def _walk(node):
    """`node` with every list of blocks or inlines in it cleaned."""
    if isinstance(node, list):
        if node and all(isinstance(item, dict) and 't' in item for item in node):
            return _inlines(node) if any(item['t'] in INLINE_KINDS for item in node) else _clean(node)
        return [_walk(item) for item in node]
    if isinstance(node, dict) and 'c' in node:
        return {**node, 'c': _walk(node['c'])}
    return node


def _inlines(inlines):
    out = []
    for inline in inlines:
        kind = inline['t']
        if kind == 'RawInline':
            continue
        if kind == 'Span':
            (ident, classes, attributes), content = inline['c']
            content = _inlines(content)
            lang = [pair for pair in attributes if pair[0] == 'lang']
            if lang or set(classes) & KEPT_SPAN_CLASSES:
                out.append({'t': 'Span', 'c': [['', [c for c in classes if c in KEPT_SPAN_CLASSES], lang], content]})
            else:
                out += content
            continue
        if kind == 'Link':
            (ident, classes, attributes), content, (url, title) = inline['c']
            if url.startswith('#') or re.match(r'^[^:/?#]+\.x?html?(#|$)', url):
                url = '#' + _plain_id(url.rsplit('#', 1)[-1] if '#' in url else url)
            if url.startswith('#') or url.lower().startswith(('http://', 'https://', 'mailto:')):
                out.append({'t': 'Link', 'c': [['', [], []], _inlines(content), [url, title]]})
            else:           # a link to a file or a script: its text is kept
                out += _inlines(content)
            continue
        if kind == 'Note':
            out.append({'t': 'Note', 'c': _without_backlink(_clean(inline['c']))})
            continue
        if kind == 'Image':
            _, alt, target = inline['c']
            out.append({'t': 'Image', 'c': [['', [], []], _inlines(alt), target]})
            continue
        out.append(_walk(inline) if 'c' in inline else inline)
    return out


def _verse(block):
    """A paragraph broken into lines (a poem, an address) as a line block, which the build
    sets as verse."""
    if block['t'] != 'Para' or not any(inline['t'] == 'LineBreak' for inline in block['c']):
        return block
    lines = [[]]
    for inline in block['c']:
        if inline['t'] == 'LineBreak':
            lines.append([])
        else:
            lines[-1].append(inline)
    for line in lines:
        while line and line[0]['t'] in ('Space', 'SoftBreak'):
            line.pop(0)
        while line and line[-1]['t'] in ('Space', 'SoftBreak'):
            line.pop()
    return {'t': 'LineBlock', 'c': [line for line in lines if line]}


def _without_backlink(blocks):
    """A note's blocks without the link back to its call that an EPUB note opens with
    (`1`, `↩`, `[1]`): the build makes its own."""
    if blocks and blocks[0]['t'] in ('Para', 'Plain') and blocks[0]['c'] and blocks[0]['c'][0]['t'] == 'Link':
        link = blocks[0]['c'][0]
        if link['c'][2][0].startswith('#') and BACKLINK_RE.match(_plain_text(link['c'][1])):
            rest = blocks[0]['c'][1:]
            while rest and rest[0]['t'] in ('Space', 'SoftBreak'):
                rest = rest[1:]
            blocks = [{**blocks[0], 'c': rest}, *blocks[1:]]
    return blocks


def _plain_id(ident):
    """`chapter-03.xhtml_a-section` (pandoc's EPUB id) as `a-section`."""
    return re.sub(r'^.*?\.x?html?_', '', ident)


# --- pictures ---------------------------------------------------------------------------------

def _place_images(blocks, source, folder):
    """Every picture a file in the folder's images/, its path relative to chapters/; one that
    is not a local file of the document is left out, with a warning."""
    images = folder / 'images'
    for image in _images(blocks):
        target = image['c'][2][0]
        path = Path(target)
        if not path.is_absolute():
            path = source.parent / target
        if re.match(r'^[a-z][a-z0-9+.-]*:', target, re.I) or not path.is_file():
            warn(f'picture {target[:80]!r} is not a file of the document and is left out', source)
            image['t'], image['c'] = 'Str', ''
            continue
        path = path.resolve()
        if not path.is_relative_to(images.resolve()):
            images.mkdir(exist_ok=True)
            copy = images / f'{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}{path.suffix.lower()}'
            shutil.copyfile(path, copy)
            path = copy.resolve()
        image['c'][2][0] = posixpath.relpath(path.as_posix(), (folder / 'chapters').resolve().as_posix())


def _images(node):
    if isinstance(node, list):
        for item in node:
            yield from _images(item)
    elif isinstance(node, dict):
        if node.get('t') == 'Image':
            yield node
        yield from _images(node.get('c'))


# --- chapters ---------------------------------------------------------------------------------

def _split(blocks):
    """[(title, blocks)] at each heading of the top level used, which becomes `#`."""
    levels = [block['c'][0] for block in blocks if block['t'] == 'Header']
    top = min(levels, default=1)
    chapters = []
    for block in blocks:
        if block['t'] == 'Header':
            block['c'][0] = max(1, block['c'][0] - top + 1)
            if block['c'][0] == 1:
                chapters.append((_plain_text(block['c'][2]), []))
        if not chapters:
            chapters.append((None, []))
        chapters[-1][1].append(block)
    return chapters


def _write_chapters(chapters, folder, version):
    names = []
    for title, blocks in chapters:
        markdown = _markdown(blocks, version)
        if not markdown.strip():
            continue
        name = f'chapters/{len(names) + 1:02}-{slugify(title or "opening")[:40].strip("-") or "chapter"}.md'
        (folder / name).write_text(markdown, encoding='utf-8')
        names.append(name)
    return names


def _markdown(blocks, version):
    document = {'pandoc-api-version': version, 'meta': {}, 'blocks': blocks}
    text = pypandoc.convert_text(json.dumps(document), WRITER, format='json',
                                 extra_args=['--sandbox', '--wrap=none'])
    return ESCAPED_BRACKETS_RE.sub(r'[\1]', text).rstrip() + '\n'



def _plain_text(inlines):
    parts = []
    for inline in inlines:
        if inline['t'] == 'Str':
            parts.append(inline['c'])
        elif inline['t'] in ('Space', 'SoftBreak', 'LineBreak'):
            parts.append(' ')
        elif inline['t'] in ('Emph', 'Strong', 'SmallCaps', 'Strikeout', 'Underline', 'Superscript', 'Subscript'):
            parts.append(_plain_text(inline['c']))
        elif inline['t'] in ('Span', 'Quoted') or inline['t'] == 'Link':
            parts.append(_plain_text(inline['c'][1]))
    return ''.join(parts)


# --- metadata ---------------------------------------------------------------------------------

def _metadata(meta, source, chapters):
    """metadata.yaml's mapping from the document's properties; placeholders where it has none."""
    def text(*keys):
        for key in keys:
            values = _meta_texts(meta.get(key))
            if values:
                return values[0]
        return None
    authors = _meta_texts(meta.get('author')) or _meta_texts(meta.get('creator')) or [PLACEHOLDER]
    return {
        'title': text('title') or PLACEHOLDER,
        **({'subtitle': text('subtitle')} if text('subtitle') else {}),
        'author': authors if len(authors) > 1 else authors[0],
        'date': _date(text('date')),
        'lang': _lang(text('lang', 'language')),
        'publisher': text('publisher') or PLACEHOLDER,
        'rights': text('rights', 'copyright') or PLACEHOLDER,
        'identifier': _identifier(text('identifier', 'isbn'), source),
        'description': text('description', 'abstract', 'subject') or PLACEHOLDER,
        'subjects': _meta_texts(meta.get('subject')) or _meta_texts(meta.get('keywords')) or [PLACEHOLDER],
        'chapters': chapters,
    }


def _epub_package(source):
    """What an EPUB's package document says of its titles and creators, where pandoc's reader
    loses the order: the main title, the subtitle and the authors (`dc:creator`s with no role
    or `aut`) as pandoc metadata values, or {}."""
    import zipfile

    from lxml import etree
    try:
        with zipfile.ZipFile(source) as archive:
            container = etree.fromstring(archive.read('META-INF/container.xml'))
            name = container.xpath('//*[local-name()="rootfile"]/@full-path')[0]
            package = etree.fromstring(archive.read(name), etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, IndexError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}
    refined = {}
    for meta in package.xpath('//*[local-name()="meta"][@refines]'):
        refined.setdefault(meta.get('refines').lstrip('#'), {})[meta.get('property')] = (meta.text or '').strip()
    found = {}
    for title in package.xpath('//*[local-name()="metadata"]/*[local-name()="title"]'):
        kind = 'subtitle' if refined.get(title.get('id'), {}).get('title-type') == 'subtitle' else 'title'
        if (title.text or '').strip():
            found.setdefault(kind, {'t': 'MetaString', 'c': ' '.join(title.text.split())})
    authors = [' '.join(creator.text.split()) for creator in package.xpath('//*[local-name()="creator"]')
               if (creator.text or '').strip() and refined.get(creator.get('id'), {}).get('role', 'aut') == 'aut'
               and creator.get('{http://www.idpf.org/2007/opf}role', 'aut') == 'aut']
    if authors:
        found['author'] = {'t': 'MetaList', 'c': [{'t': 'MetaString', 'c': name} for name in authors]}
    return found


def _meta_texts(value):
    """A metadata value as a list of plain strings."""
    if value is None:
        return []
    kind, content = value['t'], value.get('c')
    if kind == 'MetaList':
        return [text for item in content for text in _meta_texts(item)]
    if kind == 'MetaMap':
        return _meta_texts(content.get('text') or content.get('name'))
    if kind == 'MetaString':
        texts = [content]
    elif kind == 'MetaInlines':
        texts = [_plain_text(content)]
    elif kind == 'MetaBlocks':
        texts = [' '.join(_plain_text(block['c']) for block in content if block['t'] in ('Para', 'Plain'))]
    else:
        texts = []
    return [' '.join(text.split()) for text in texts if text.strip()]


def _date(value):
    """The document's date as YYYY-MM-DD (a year alone becomes 1 January), else today's."""
    match = re.match(r'^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?', value or '')
    if match:
        try:
            return date(int(match[1]), int(match[2] or 1), int(match[3] or 1)).isoformat()
        except ValueError:
            pass
    return date.today().isoformat()


def _lang(value):
    value = (value or '').replace('_', '-')
    if value and '-' in value:
        head, tail = value.split('-', 1)
        value = f'{head.lower()}-{tail.upper() if len(tail) == 2 else tail}'
    return value if LANG_RE.match(value or '') else 'en-US'


def _identifier(value, source):
    """The document's identifier if it is one a book may have, else a urn:uuid: made from
    the document's bytes, so that importing the same file again gives the same book."""
    value = (value or '').strip()
    if value and (UUID_RE.match(value) or URI_RE.match(value) or isbn_problem(value) is None):
        return value
    digest = hashlib.sha256(source.read_bytes()).digest()
    return f'urn:uuid:{uuid.UUID(bytes=digest[:16], version=4)}'
