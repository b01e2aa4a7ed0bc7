"""Caches: the one way their keys are made, and entries read, written and pruned safely.

A key covers everything an entry is made from and the pipeline's own code, so a change to
either never reuses a stale entry. Every entry is sealed with an HMAC under a secret kept in
the user cache: a build folder that arrives with the book (or is tampered with) can only
cause a rebuild, never put its own bytes into an output.
"""

import dataclasses
import functools
import hashlib
import hmac
import json
import os
import re
import tempfile
from pathlib import Path

from .errors import warn
from .outputs import write_atomic
from .paths import user_cache

TAG_SIZE = 32

CACHE_ENTRY_RE = re.compile(r'[0-9a-f]{64}\.(html|pdf|json|png)')


def key(*parts):
    """A hex digest of `parts` (bytes, text, or plain data such as a Book) and the code."""
    digest = hashlib.sha256(code_digest())
    for part in parts:
        data = part if isinstance(part, bytes) else _canonical(part).encode('utf-8')
        digest.update(len(data).to_bytes(8, 'big') + data)
    return digest.hexdigest()


def _canonical(value):
    if isinstance(value, str):
        return value
    if dataclasses.is_dataclass(value):       # only the fields that make it what it is
        value = {field.name: getattr(value, field.name)
                 for field in dataclasses.fields(value) if field.compare}
    return json.dumps(value, sort_keys=True, default=str)


@functools.cache
def code_digest():
    """A digest of the pipeline's own code: a change to it makes every output stale."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*package.rglob('*.py'), *package.rglob('*.lua')]):
        digest.update(str(path.relative_to(package)).encode() + b'\0' + path.read_bytes())
    return digest.digest()


def cache_hit(path):
    """Whether a cache entry is there to read: a plain file, as a link is never followed."""
    return path.is_file() and not path.is_symlink()


def read(path):
    """The entry's bytes, or None when there is none, or it was not sealed by this user's
    builds (then it is dropped, with a note)."""
    if not cache_hit(path):
        return None
    data = path.read_bytes()
    body = data[TAG_SIZE:]
    if hmac.compare_digest(data[:TAG_SIZE], _tag(body)):
        return body
    warn(f'{path.name}: a cache entry this user\'s builds did not write is ignored and made again',
         path.parent)
    path.unlink(missing_ok=True)
    return None


def read_json(path):
    body = read(path)
    try:
        return None if body is None else json.loads(body)
    except ValueError:
        return None


def write(path, data):
    write_atomic(path, _tag(data) + data)


def _tag(data):
    return hmac.new(_secret(), data, hashlib.sha256).digest()


@functools.cache
def _secret():
    """The user's cache secret, made once; when two builds make it at once, one wins."""
    path = user_cache() / 'secret'
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, 'wb') as file:
            file.write(os.urandom(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_bytes()


def prune(folder, used):
    """Delete the entries of a cache folder that `used` (their names) does not hold."""
    for path in folder.glob('*'):
        if CACHE_ENTRY_RE.fullmatch(path.name) and path.name not in used:
            path.unlink()
