"""The font configuration layouts share, its font copies kept out of the system's temporary
folder."""

import itertools
import os
import shutil
import tempfile
from pathlib import Path

from weasyprint.text.fonts import FontConfiguration

from ...paths import user_cache

_serials = itertools.count(1)


def font_configuration():
    """A WeasyPrint font configuration that copies the fonts it loads into a folder of the
    user cache, not a temporary one. WeasyPrint removes its folder only when the
    configuration is collected, which never happens in a worker process (it ends with
    os._exit) or in one that is killed: every build left copies of the book's fonts in
    /tmp. The folder is named by the process, and those of ended processes are removed.
    Its `serial` tells its fonts apart from another configuration's (runs.py caches widths)."""
    root = user_cache() / 'layout-fonts'
    root.mkdir(parents=True, exist_ok=True)
    for folder in root.iterdir():
        if not _running(folder.name.split('-', 1)[0]):
            shutil.rmtree(folder, ignore_errors=True)
    config = FontConfiguration()
    config._folder = Path(tempfile.mkdtemp(prefix=f'{os.getpid()}-', dir=root))
    config.serial = next(_serials)
    return config


def _running(pid):
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:         # another user's: alive
        pass
    return True
