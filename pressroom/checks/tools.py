"""The programs the checks run that pip does not install: each named, when it is missing,
with how to get it (exit 3); and the npm tools, installed into the user cache when first
needed, exactly as their lock files say. A build needs none of them."""

import fcntl
import filecmp
import shutil
import subprocess
from pathlib import Path

from ..errors import SetupError
from ..paths import user_cache

# command: (what needs it, the Debian package that brings it)
DEBIAN = {
    'java': ('EPUBCheck', 'default-jre-headless'),
    'chromium': ('DAISY Ace', 'chromium'),
    'npm': ('installing DAISY Ace', 'npm'),
    'node': ('DAISY Ace', 'nodejs'),
    'gs': ("the print preflight (Ghostscript, as a printer's RIP)", 'ghostscript'),
    'mutool': ('the print preflight', 'mupdf-tools'),
    'pdftotext': ('the print preflight and proof', 'poppler-utils'),
    'pdftoppm': ('the barcode check and proof', 'poppler-utils'),
    'pdffonts': ('the fonts check', 'poppler-utils'),
    'pdfimages': ("the print preflight's image check", 'poppler-utils'),
    'zbarimg': ("the cover's barcode check", 'zbar-tools'),
}
ACE = Path(__file__).parent / 'ace'      # DAISY Ace's package.json and package-lock.json


def require(command):
    """The path of `command`, or SetupError naming what needs it and how to install it."""
    found = shutil.which(command)
    if found is None:
        what, package = DEBIAN[command]
        raise SetupError(f'{command} is not installed, and {what} needs it: install it with '
                         f'`apt-get install {package}` (Debian and Ubuntu), or your system\'s {package} package')
    return found


def run(command, timeout=600):
    """`command` run with its program found (require), its output captured as text."""
    return subprocess.run([require(command[0]), *command[1:]], capture_output=True, text=True, check=False,
                          timeout=timeout)


def output(command):
    """`command`'s run, which must succeed: its failure on a built file is the environment's."""
    done = run(command)
    if done.returncode:
        raise SetupError(f'{command[0]} failed on a built file: {done.stderr.strip()[:200]}')
    return done


def npm_tools(locked, name):
    """node_modules of the npm packages `locked` (a folder with package.json and its lock
    file) names, installed with `npm ci` into the user cache's setup/`name` when missing or
    when the lock file has changed. npm writes node_modules/.package-lock.json last, so a
    half-done install is done again. Install scripts only download browsers (Debian's
    chromium is used instead), so they are skipped."""
    target = user_cache() / 'setup' / name
    lock = target / 'package-lock.json'
    done = target / 'node_modules' / '.package-lock.json'
    target.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f'.{name}.lock', 'w') as held:
        fcntl.flock(held, fcntl.LOCK_EX)         # one install at a time (the catalogue's workers check at once)
        if not (done.exists() and lock.exists() and filecmp.cmp(locked / 'package-lock.json', lock, shallow=False)):
            npm = require('npm')
            for file in ('package.json', 'package-lock.json'):
                shutil.copyfile(locked / file, target / file)
            run = subprocess.run([npm, 'ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
                                 cwd=target, capture_output=True, text=True, check=False)
            if run.returncode:
                raise SetupError(f'npm could not install {name} into {target}: {run.stderr.strip()[-300:]}')
    return target / 'node_modules'


def ace_command():
    """DAISY Ace's command, installed on first use; it drives Debian's chromium."""
    require('node')
    require('chromium')
    return npm_tools(ACE, 'ace') / '.bin' / 'ace-puppeteer'
