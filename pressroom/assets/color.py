"""The CMYK output intent of print files: an ICC profile installed from Debian's libgs-common."""

from pathlib import Path

from ..errors import SetupError
from ..outputs import write_atomic
from ..paths import user_cache

DEBIAN_PROFILE = Path('/usr/share/color/icc/ghostscript/default_cmyk.icc')
DEBIAN_COPYRIGHT = Path('/usr/share/doc/libgs-common/copyright')
# What the profile is, for a PDF/X output intent: a generic CMYK, not a registered press
# condition (no freely licensed FOGRA or GRACoL data is in the registries this project uses).
PROFILE_CONDITION = 'Generic CMYK (Ghostscript default_cmyk.icc)'


def cmyk_profile():
    """The profile in the user cache, copied from the installed one with its licence on first use.

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
