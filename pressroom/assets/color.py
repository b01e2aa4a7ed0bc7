"""The CMYK profiles of print files.

Layout uses Ghostscript's generic CMYK profile (Debian's libgs-common) for WeasyPrint's
`device-cmyk()` colours. The print files name a registered output condition instead: its
ICC profile is made once, into the user cache, from the condition's characterisation
data in Debian's icc-profiles-free by Argyll's `colprof`, with the printer's total ink
limit. Without either package the generic profile stands in, and the preflight says so.
"""

import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import SetupError
from ..outputs import write_atomic
from ..paths import user_cache

DEBIAN_PROFILE = Path('/usr/share/color/icc/ghostscript/default_cmyk.icc')
DEBIAN_COPYRIGHT = Path('/usr/share/doc/libgs-common/copyright')
# What the generic profile is, for a PDF/X output intent: not a registered press condition.
PROFILE_CONDITION = 'Generic CMYK (Ghostscript default_cmyk.icc)'
DATA_DIR = Path('/usr/share/color/icc')
DATA_COPYRIGHT = Path('/usr/share/doc/icc-profiles-free/copyright')
REGISTRY = 'http://www.color.org'      # the ICC's registry of characterisation data
PROFILE_VERSION = 2                    # raised when the way profiles are made changes
PROFILE_DATE = (2026, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Condition:
    identifier: str        # as the ICC registry names it (OutputConditionIdentifier)
    data: str              # its characterisation data in icc-profiles-free
    description: str


CONDITIONS = {
    'FOGRA39': Condition('FOGRA39', 'FOGRA39L.ti3', 'Offset printing, ISO 12647-2:2004/Amd 1, '
                         'paper type 1 or 2 (gloss or matte coated), 115 g/m2, screen 60/cm'),
    'CGATS TR 003': Condition('CGATS TR 003', 'TR003.ti3', 'SWOP publication printing on grade 3 '
                              'coated paper (ANSI CGATS/SWOP TR 003-2007)'),
}


@dataclass(frozen=True)
class OutputIntent:
    profile: bytes
    identifier: str
    info: str
    registered: bool       # a registered condition (else the generic stand-in)


def output_intent(condition, ink_limit):
    """The output intent for a printer: its registered `condition` (a CONDITIONS key) with a
    profile separating to at most `ink_limit` per cent, made on first use; the generic
    profile where Argyll or the data is missing."""
    known = CONDITIONS[condition]
    made = _registered_profile(known, ink_limit)
    if made is None:
        return OutputIntent(cmyk_profile().read_bytes(), PROFILE_CONDITION, PROFILE_CONDITION, False)
    return OutputIntent(made.read_bytes(), known.identifier,
                        f'{known.description}; separated to {ink_limit} % total ink', True)


def _registered_profile(condition, ink_limit):
    """The condition's profile in the user cache, made by colprof from its data (a few
    seconds), or None without Argyll or the data. Written atomically, licence first."""
    folder = user_cache() / 'color'
    slug = condition.identifier.replace(' ', '-')
    profile = folder / f'{slug}-{ink_limit}-v{PROFILE_VERSION}.icc'
    if profile.exists():
        return profile
    data = DATA_DIR / condition.data
    if shutil.which('colprof') is None or not data.exists():
        return None
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copy(data, Path(scratch) / 'data.ti3')
        # -ql: a small table is enough for the few colours and images a book converts;
        # -L: black alone at most 95 %, so that dark greys keep some detail.
        run = subprocess.run(['colprof', '-ql', f'-l{ink_limit}', '-L95', '-D',
                              f'{condition.identifier} ({ink_limit} %)', '-C', 'Made with Argyll from '
                              f'{condition.data}', '-O', 'out.icc', 'data'],
                             cwd=scratch, capture_output=True, text=True, check=False)
        made = Path(scratch) / 'out.icc'
        if run.returncode or not made.exists():
            raise SetupError(f'Argyll\'s colprof could not make the {condition.identifier} profile: '
                             f'{(run.stderr or run.stdout).strip()[-300:]}')
        if DATA_COPYRIGHT.exists():
            write_atomic(folder / 'COPYRIGHT-icc-profiles-free', DATA_COPYRIGHT.read_bytes())
        # colprof stamps the time into the header: a fixed one, so every machine makes the same bytes
        data = bytearray(made.read_bytes())
        data[24:36] = struct.pack('>6H', *PROFILE_DATE)
        write_atomic(profile, bytes(data))
    return profile


def cmyk_profile():
    """The generic profile in the user cache, copied from the installed one with its licence
    on first use.

    Written atomically, licence first: processes that copy at once never show another a
    half-written file, and the profile is there only once both are.
    """
    folder = user_cache() / 'color'
    profile = folder / 'cmyk.icc'
    if not profile.exists():
        if not DEBIAN_PROFILE.exists():
            raise SetupError(f'CMYK profile {DEBIAN_PROFILE} is missing: install Debian\'s libgs-common '
                             '(apt-get install libgs-common; ./book does it for you)')
        write_atomic(folder / 'COPYRIGHT', DEBIAN_COPYRIGHT.read_bytes())
        write_atomic(profile, DEBIAN_PROFILE.read_bytes())
    return profile


def profile_css():
    return (f'@color-profile device-cmyk {{ src: url("{cmyk_profile().as_uri()}"); '
            'components: cyan, magenta, yellow, black; }\n')
