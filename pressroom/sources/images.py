"""Images a book may show: files inside the book that every output can display, and SVGs
that neither run nor fetch anything."""

import os
import warnings
from pathlib import Path
from urllib.parse import unquote

from lxml import etree
from PIL import Image

from ..css import declarations_fetch, stylesheet_fetches
from ..errors import BookError
from ..urls import SCHEME_RE, url_problem
from .files import inside, regular_file

# The image types every output shows (EPUB 3 core media types that e-readers all display):
# format as Pillow names it -> (media type, file extension).
IMAGE_TYPES = {
    'PNG': ('image/png', '.png'),
    'JPEG': ('image/jpeg', '.jpg'),
    'GIF': ('image/gif', '.gif'),
    'SVG': ('image/svg+xml', '.svg'),
}


def _read_as(book, folder, path, src):
    """Where an image's path led, and where the author may have meant."""
    said = (f"it is read as {path.relative_to(book.folder)}, since an image's path starts from its "
            f"chapter's folder")
    meant = book.folder / unquote(src)
    if folder != Path('.') and meant.resolve().is_relative_to(book.folder) and meant.is_file():
        said += f'; did you mean {os.path.relpath(meant, book.folder / folder)!r}?'
    return said


def image_file(book, chapter, src, line):
    """The image file a chapter's `src` names: inside the book, relative to the chapter, and
    readable as an image; BookError otherwise."""
    if SCHEME_RE.match(src):
        raise BookError(f'image {src!r}: only files inside the book folder can be used', chapter.source, line)
    folder = chapter.path.parent.relative_to(book.folder)
    path = inside(book.folder, folder / unquote(src), 'image', chapter.source, line)
    if not path.exists():
        raise BookError(f'image {src!r} not found: {_read_as(book, folder, path, src)}', chapter.source, line)
    regular_file(path, f'image {src!r}', chapter.source, line)
    if check_image(path, 'image', src, chapter.source, line) not in IMAGE_TYPES:
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
        with warnings.catch_warnings():
            warnings.simplefilter('error', Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.verify()
            with Image.open(path) as image:      # verify() misses a file cut short
                image.load()
                return image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BookError(f'{what} {shown!r} has over {Image.MAX_IMAGE_PIXELS:,} pixels; scale it down',
                        source, line) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise BookError(f'{what} {shown!r} cannot be read as an image ({error}); export it again as '
                        'PNG or JPEG', source, line) from None


def image_type(path):
    """(media type, file extension) of an image file, by what it holds, not by its name."""
    if path.suffix.lower() == '.svg':
        return IMAGE_TYPES['SVG']
    with Image.open(path) as image:
        return IMAGE_TYPES[image.format]


SVG_NS = 'http://www.w3.org/2000/svg'
# Code, or HTML that could run or fetch: e-readers act on both inside an SVG.
SVG_ACTIVE_ELEMENTS = ('script', 'foreignObject')
SVG_LINK_ATTRIBUTES = ('href', 'src')     # by local name, so xlink:href too
SVG_ANIMATIONS = ('set', 'animate')       # they can set a link or a handler the checks never saw


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
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(dtd.iterentities()):
        return 'declares XML entities; export it again without them'
    if tree.docinfo.system_url or tree.docinfo.public_id:
        return 'names an external DTD, which a reader might fetch; export it again without a DOCTYPE'
    instructions = tree.xpath('//processing-instruction()') + [
        node for node in root.itersiblings(preceding=True) if isinstance(node, etree._ProcessingInstruction)]
    if instructions:
        return (f'holds the processing instruction <?{instructions[0].target}?>, which can load a '
                'stylesheet; export it again without it')
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
    if name == 'style' and stylesheet_fetches(''.join(element.itertext())):
        return 'has a <style> that loads a resource'
    for attribute, value in element.attrib.items():
        local = etree.QName(attribute).localname
        if local.lower().startswith('on'):
            return f'has an event handler {local}='
        if local in SVG_LINK_ATTRIBUTES and url_problem(local, value, 'svg'):
            return (f'links to {value.strip()[:60]!r} (only #fragments and plain PNG, JPEG or GIF data: '
                    'pictures may be used, as in a chapter)')
        # Presentation attributes (fill, filter, ...) take url() as style= does.
        if '(' in value and declarations_fetch(value):
            return f'has a {local}= that loads a resource'
    return None


def _link_or_handler(name):
    return name in SVG_LINK_ATTRIBUTES or name.lower().startswith('on')
