"""Read the manuscript: the chapters metadata.yaml lists, checked and confined to the book."""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import tinycss2
from lxml import etree
from PIL import Image

from .color import cmyk_profile
from .errors import BookError, warn
from .fonts import static_faces
from .sanitize import LOADING_FUNCTIONS

# Characters no HTML, EPUB or PDF text may hold; lxml refuses them, so they are
# reported here with their line rather than failing deep inside a writer.
INVALID_CHARS_RE = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
UNLISTED = 'chapter file is not listed in metadata.yaml and is left out; add it to chapters to include it'


@dataclass(frozen=True)
class Chapter:
    number: int      # 1-based position in the book
    path: Path       # absolute
    source: str      # path as written in metadata.yaml, for messages
    text: str


def read_text(path, shown=None):
    """The file's text, or a BookError naming the line with the first byte that is not UTF-8
    or the first control character."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise BookError(f'cannot be read ({error.strerror}); check the file and its permissions',
                        shown or path) from None
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as error:
        line = data.count(b'\n', 0, error.start) + 1
        raise BookError('not UTF-8 text; save the file as UTF-8', shown or path, line) from None
    text = text.removeprefix('\ufeff').replace('\r\n', '\n')
    invalid = INVALID_CHARS_RE.search(text)
    if invalid:
        raise BookError(f'control character U+{ord(invalid[0]):04X} in the text; delete it',
                        shown or path, text.count('\n', 0, invalid.start()) + 1)
    return text


def inside(folder, relative, what, source, line=None):
    """Resolve `relative` under `folder`, refusing anything that leaves it."""
    shown = str(relative)
    if Path(relative).is_absolute() or '://' in shown or '\0' in shown:
        raise BookError(f'{what} {shown!r} must be a path inside the book folder', source, line)
    try:
        path = (folder / relative).resolve()
    except RuntimeError:
        raise BookError(f'{what} {shown!r} is a loop of symbolic links', source, line) from None
    if not path.is_relative_to(folder):
        raise BookError(f'{what} {shown!r} points outside the book folder; '
                        'copy the file into the book folder', source, line)
    return path


def read_chapters(book):
    """The chapters in reading order, once every file the book names is checked to be there.

    A missing, empty or unreadable chapter, cover or font is a BookError; a chapter file
    the book does not list is a warning.
    """
    check_resources(book)
    chapters = [read_chapter(book, number) for number in range(1, len(book.chapters) + 1)]
    for path in unlisted_chapters(book, chapters):
        warn(UNLISTED, path)
    return chapters


def read_chapter(book, number):
    """Chapter `number` (1-based) as metadata.yaml lists it."""
    source = book.chapters[number - 1]
    metadata, line = book.folder / 'metadata.yaml', book.line('chapters', number - 1)
    path = inside(book.folder, source, 'chapter', metadata, line)
    if not path.is_file():
        raise BookError(f'chapter {source!r} is listed but does not exist; create it '
                        'or correct its path under chapters', metadata, line)
    text = read_text(path, source)
    if not text.strip():
        raise BookError('chapter is empty; write it, or remove it from chapters in metadata.yaml',
                        source, 1)
    return Chapter(number, path, source, text)


def check_resources(book):
    """The cover and the typeface metadata.yaml names must exist before anything is built.

    The font instances and the colour profile are made here too, in this process: the
    writers' worker processes are forked from it and find them ready.
    """
    metadata = book.folder / 'metadata.yaml'
    if book.cover:
        path = inside(book.folder, book.cover, 'cover', metadata, book.line('cover'))
        if not path.is_file():
            raise BookError(f'cover {book.cover!r} not found; correct the path or remove the key',
                            metadata, book.line('cover'))
        check_image(path, 'cover', book.cover, metadata, book.line('cover'))
    try:
        static_faces(book.font)
    except BookError as error:
        raise BookError(error.message, metadata, book.line('font')) from None
    cmyk_profile()


def unlisted_chapters(book, chapters):
    """Markdown files beside the listed chapters that the book leaves out, relative to its folder."""
    listed = {chapter.path for chapter in chapters}
    for folder in sorted({path.parent for path in listed}):
        for path in sorted(folder.glob('*.md')):
            if path not in listed and path.name.lower() != 'readme.md':
                yield path.relative_to(book.folder)


EPUB_IMAGE_TYPES = ('PNG', 'JPEG', 'GIF', 'WEBP', 'SVG')   # EPUB 3's core media types
URL_SCHEME_RE = re.compile(r'^[a-zA-Z][a-zA-Z0-9+.-]*:')


def image_file(book, chapter, src, line):
    """The image file a chapter's `src` names: inside the book, relative to the chapter, and
    readable as an image; BookError otherwise."""
    if URL_SCHEME_RE.match(src):
        raise BookError(f'image {src!r}: only files inside the book folder can be used', chapter.source, line)
    folder = chapter.path.parent.relative_to(book.folder)
    path = inside(book.folder, folder / unquote(src), 'image', chapter.source, line)
    if not path.is_file():
        raise BookError(f'image {src!r} not found', chapter.source, line)
    if check_image(path, 'image', src, chapter.source, line) not in EPUB_IMAGE_TYPES:
        raise BookError(f'image {src!r} is of a type e-readers need not show; export it as PNG or JPEG',
                        chapter.source, line)
    return path


def check_image(path, what, shown, source, line):
    """The image's format ('SVG', or as Pillow names it); BookError, naming `source` and
    `line`, unless it is an image every output can show: one Pillow reads, or an SVG that
    runs and fetches nothing."""
    if path.suffix.lower() == '.svg':
        problem = _svg_problem(path)
        if problem:
            raise BookError(f'{what} {shown!r} {problem}', source, line)
        return 'SVG'
    try:
        with Image.open(path) as image:
            image.verify()
            return image.format
    except (OSError, SyntaxError, ValueError) as error:
        raise BookError(f'{what} {shown!r} cannot be read as an image ({error}); export it again as '
                        'PNG or JPEG', source, line) from None


SVG_NS = 'http://www.w3.org/2000/svg'
# Code, or HTML that could run or fetch: e-readers act on both inside an SVG.
SVG_ACTIVE_ELEMENTS = ('script', 'foreignObject')
SVG_LINK_ATTRIBUTES = ('href', 'src')     # by local name, so xlink:href too
SVG_ANIMATIONS = ('set', 'animate')       # they can set a link or a handler the checks never saw
SVG_EMBEDDED = ('#', 'data:')             # URLs that stay inside the file


def _svg_problem(path):
    """Why the SVG file at `path` cannot go into a book, or None.

    It is parsed without network or entity expansion. A declared entity could hide a script
    or a link from these checks, so an SVG that declares one is refused.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        return f'is not well-formed SVG ({error}); export it again'
    if root.tag != f'{{{SVG_NS}}}svg':
        return 'is not an SVG document (its root must be <svg> in the SVG namespace); export it again'
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(dtd.iterentities()):
        return 'declares XML entities; export it again without them'
    for element in root.iter(etree.Element):
        problem = _svg_element_problem(element)
        if problem:
            return f'{problem}: books carry no active or external content; export the SVG without it'
    return None


def _svg_element_problem(element):
    name = etree.QName(element).localname
    if name in SVG_ACTIVE_ELEMENTS:
        return f'holds a <{name}>'
    target = element.get('attributeName', '')
    if name in SVG_ANIMATIONS and _link_or_handler(target.split(':')[-1]):
        return f'has a <{name}> that sets {target}='
    if name == 'style' and _css_fetches(tinycss2.parse_stylesheet(''.join(element.itertext()))):
        return 'has a <style> that loads a resource'
    for attribute, value in element.attrib.items():
        local = etree.QName(attribute).localname
        if local.lower().startswith('on'):
            return f'has an event handler {local}='
        if local in SVG_LINK_ATTRIBUTES and _external(value):
            return f'links to {value.strip()!r} (only #fragments and data: URLs may be used)'
        # Presentation attributes (fill, filter, ...) take url() as style= does.
        if '(' in value and _css_fetches(tinycss2.parse_component_value_list(value)):
            return f'has a {local}= that loads a resource'
    return None


def _link_or_handler(name):
    return name in SVG_LINK_ATTRIBUTES or name.lower().startswith('on')


def _external(url):
    return not url.strip().lower().startswith(SVG_EMBEDDED)


def _css_fetches(nodes):
    """True when CSS would load something from outside the file: an @import, or a url() (or
    another loading function) whose URL is not a #fragment or data: URL."""
    for node in nodes:
        if node.type == 'at-rule' and node.lower_at_keyword == 'import':
            return True
        if node.type == 'url' and _external(node.value):
            return True
        if node.type == 'function' and node.lower_name in LOADING_FUNCTIONS and any(
                token.type == 'string' and _external(token.value) for token in node.arguments):
            return True
        nested = [*(getattr(node, 'prelude', None) or ()), *(getattr(node, 'content', None) or ()),
                  *(getattr(node, 'arguments', None) or ())]
        if _css_fetches(nested):
            return True
    return False
