"""Caches: the one way their keys are made, and entries read and pruned safely.

A key covers everything an entry is made from and the pipeline's own code, so a change to
either never reuses a stale entry.
"""

import dataclasses
import functools
import hashlib
import json
import re
from pathlib import Path

CACHE_ENTRY_RE = re.compile(r'[0-9a-f]{64}\.(html|pdf|json)')


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
    for path in sorted(package.rglob('*.py')):
        digest.update(str(path.relative_to(package)).encode() + b'\0' + path.read_bytes())
    return digest.digest()


def cache_hit(path):
    """Whether a cache entry is there to read: a plain file, as a link is never followed."""
    return path.is_file() and not path.is_symlink()


def prune(folder, used):
    """Delete the entries of a cache folder that `used` (their names) does not hold."""
    for path in folder.glob('*'):
        if CACHE_ENTRY_RE.fullmatch(path.name) and path.name not in used:
            path.unlink()
