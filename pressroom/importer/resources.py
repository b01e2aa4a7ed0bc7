"""The pictures of an imported document, taken only from inside it.

A Word, ODT or EPUB file holds its pictures: pandoc extracts them, and only those are
taken. An HTML or Markdown file names files beside it: those inside its own folder are
taken, each named in a warning, so the author sees what came in; a picture anywhere else
(an absolute path, a path out of the folder, a link that leads out of it, a web address)
is left out with a warning. Each picture must be one every output shows (sources/images.py)
and is copied into the book's images/ under a name made from its bytes."""

import base64
import binascii
import hashlib
import os
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

from ..errors import BookError, warn
from ..sources.images import IMAGE_TYPES, check_image, image_type
from ..urls import SCHEME_RE
from .reading import MAX_INPUT

DATA_RE = re.compile(r'^data:image/(png|jpeg|gif|svg\+xml);base64,(.*)$', re.I | re.S)
EXTENSIONS = {'png': '.png', 'jpeg': '.jpg', 'gif': '.gif', 'svg+xml': '.svg'}


def place_images(blocks, source, zipped, media, folder):
    """Every picture of `blocks` copied into `folder`/images/ and its path made relative to
    chapters/; `media` is where pandoc extracted a zipped document's pictures. A picture
    that cannot be taken is left out (its description stays), with a warning naming it."""
    images, taken, copied = folder / 'images', {}, 0
    for image in _images(blocks):
        target = image['c'][2][0]
        if target not in taken:
            path = _resource(target, source, zipped, media, images)
            if path is not None and not _shows(path, target, source):
                if path.is_relative_to(images):
                    path.unlink()
                path = None
            if path is not None and not path.is_relative_to(images):
                copied += path.stat().st_size
                if copied > MAX_INPUT:
                    raise BookError(f'names pictures beside it of over {MAX_INPUT // 2**20} MB; '
                                    'no manuscript has more', source)
                path = _copy(path, images)
            taken[target] = path
        path = taken[target]
        if path is None:
            image['t'], image['c'] = 'Str', ''
        else:
            image['c'][2][0] = posixpath.relpath(path.as_posix(), (folder / 'chapters').as_posix())
    _drop_empty_figures(blocks)


def _drop_empty_figures(blocks):
    """A figure whose picture was left out goes too, caption and all."""
    for items in [node for node in _nodes(blocks) if isinstance(node, list)]:
        items[:] = [item for item in items if not _empty_figure(item)]


def _empty_figure(node):
    return isinstance(node, dict) and node.get('t') == 'Figure' and not _images(node['c'])


def _images(node):
    return [item for item in _nodes(node) if isinstance(item, dict) and item.get('t') == 'Image']


def _nodes(node):
    """Every dict and list in `node`, in document order, without recursion."""
    pending = [node]
    while pending:
        item = pending.pop()
        yield item
        if isinstance(item, dict):
            pending.append(item.get('c'))
        elif isinstance(item, list):
            pending.extend(reversed(item))


def _resource(target, source, zipped, media, images):
    """The file picture `target` may be taken from, or None (with a warning)."""
    shown = target if len(target) <= 80 else target[:77] + '...'
    data = DATA_RE.match(target)
    if data:
        return _decoded(data, shown, source, images)
    if SCHEME_RE.match(target):
        warn(f'picture {shown!r} is not in the document (it is a web or other address) and is left out', source)
        return None
    base = media if zipped else source.parent
    # realpath: a link inside the folder that leads out of it is followed to where it leads.
    root = Path(os.path.realpath(base))
    path = Path(os.path.realpath(base / unquote(target)))
    if not path.is_relative_to(root) or not path.is_file():
        where = 'held in the document' if zipped else "inside the document's folder"
        warn(f'picture {shown!r} is not a file {where} and is left out: copy it into the book\'s images/ '
             'by hand if it belongs to the book', source)
        return None
    if not zipped:
        warn(f"picture {shown!r} taken from the document's folder", source)
    return path


def _decoded(data, shown, source, images):
    """A picture written into the document as a data: URL, as a file in images/."""
    try:
        content = base64.b64decode(re.sub(r'\s+', '', data[2]), validate=True)
    except (binascii.Error, ValueError):
        warn(f'picture {shown!r} cannot be decoded and is left out', source)
        return None
    images.mkdir(exist_ok=True)
    path = images / f'{hashlib.sha256(content).hexdigest()[:12]}{EXTENSIONS[data[1].lower()]}'
    path.write_bytes(content)
    return path


def _shows(path, target, source):
    """Whether the picture is one every output shows; a warning says why not."""
    try:
        kind = check_image(path, 'picture', target if len(target) <= 80 else target[:77] + '...', source, None)
    except BookError as error:
        warn(f'{error.message}; it is left out', source)
        return False
    if kind not in IMAGE_TYPES:
        warn(f'picture {target[:80]!r} is a {kind} image, which e-readers need not show; export it as PNG '
             'or JPEG and add it by hand; it is left out', source)
        return False
    return True


def _copy(path, images):
    images.mkdir(exist_ok=True)
    copy = images / f'{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}{image_type(path)[1]}'
    shutil.copyfile(path, copy)
    return copy
