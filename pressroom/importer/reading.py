"""The document read into pandoc's tree, confined and bounded as a build is: pandoc in its
sandbox with its heap and time capped, pictures extracted only from inside the file, and
what our own code reads (the package of an EPUB, the language of a Word or ODT file)
taken from inside the file too."""

import json
import zipfile
from collections import Counter

from lxml import etree

from ..errors import BookError
from ..transforms.pandoc import PandocFailed, run

MAX_INPUT = 200 * 1024 * 1024      # bytes, as stored and (DOCX, ODT, EPUB) unpacked: no manuscript is larger
MAX_NESTING = 100                  # blocks and inlines inside one another; a page sets 60
ZIPPED = ('docx', 'odt', 'epub')
XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
WORD = {'w': 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'}
FO = '{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}'


def check_size(source, reader):
    """BookError for a document larger than MAX_INPUT, stored or unpacked."""
    if source.stat().st_size > MAX_INPUT or _unpacked_size(source, reader) > MAX_INPUT:
        raise BookError(f'is larger than {MAX_INPUT // 2**20} MB, or unpacks to more; no manuscript is', source)


def _unpacked_size(source, reader):
    """What a zipped document (DOCX, ODT, EPUB) holds once unpacked, in bytes; 0 for others."""
    if reader not in ZIPPED:
        return 0
    try:
        with zipfile.ZipFile(source) as archive:
            return sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise BookError(f'is not a valid {reader.upper()} file (it is no zip archive)', source) from None


def read(source, reader, media):
    """pandoc's tree of the document, its pictures (of a zipped one) extracted into `media`."""
    arguments = [f'--from={reader}', '--to=json', '--sandbox', f'--extract-media={media}', str(source)]
    try:
        text = run(arguments, None, source, size=source.stat().st_size)
    except PandocFailed as error:
        raise BookError(f'pandoc cannot read it as {reader} ({error})', source) from None
    try:
        tree = json.loads(text)
    except RecursionError:
        tree = None
    if tree is None or depth(tree['blocks']) > MAX_NESTING:
        raise BookError(f'nests its parts (quotations, lists, sections) over {MAX_NESTING} deep, deeper '
                        'than any page can set; flatten them and import it again', source)
    return tree


def depth(blocks):
    """How deep pandoc elements (blocks and inlines) stand inside one another, counted
    without recursion, so no document can exhaust Python's stack."""
    deepest, pending = 0, [(blocks, 0)]
    while pending:
        node, level = pending.pop()
        if isinstance(node, dict):
            level += 't' in node
            deepest = max(deepest, level)
            if deepest > MAX_NESTING:
                return deepest
            pending.append((node.get('c'), level))
        elif isinstance(node, list):
            pending.extend((item, level) for item in node)
    return deepest


def _xml(archive, name):
    try:
        return etree.fromstring(archive.read(name), XML)
    except (KeyError, etree.XMLSyntaxError):
        return None


def declared_language(source, reader):
    """The language a Word or ODT file declares for its text (its default style's, else the
    one most of its text is marked with), or None; pandoc's readers leave it out."""
    if reader not in ('docx', 'odt'):
        return None
    with zipfile.ZipFile(source) as archive:
        if reader == 'docx':
            styles, document = _xml(archive, 'word/styles.xml'), _xml(archive, 'word/document.xml')
            found = styles.xpath('//w:docDefaults//w:lang/@w:val', namespaces=WORD) if styles is not None else []
            if not found and document is not None:
                marked = Counter(document.xpath('//w:lang/@w:val', namespaces=WORD))
                found = [value for value, _ in marked.most_common(1)]
            return found[0] if found else None
        meta = _xml(archive, 'meta.xml')
        found = meta.xpath('//*[local-name()="language"]/text()') if meta is not None else []
        if found:
            return found[0].strip()
        styles = _xml(archive, 'styles.xml')
        for style in (styles.iter() if styles is not None else ()):
            if style.get(f'{FO}language') not in (None, 'zxx', 'none'):
                country = style.get(f'{FO}country')
                return style.get(f'{FO}language') + (f'-{country}' if country not in (None, 'none') else '')
    return None


def epub_package(source):
    """What an EPUB's package document says of its titles and creators, where pandoc's reader
    loses the order: the main title, the subtitle and the authors (`dc:creator`s with no role
    or `aut`) as pandoc metadata values, or {}."""
    try:
        with zipfile.ZipFile(source) as archive:
            container = _xml(archive, 'META-INF/container.xml')
            name = container.xpath('//*[local-name()="rootfile"]/@full-path')[0]
            package = _xml(archive, name)
    except (AttributeError, IndexError, zipfile.BadZipFile):
        return {}
    if package is None:
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
