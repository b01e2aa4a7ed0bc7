"""The CMYK output intent of print files: an ICC profile installed from Debian's libgs-common."""

from pathlib import Path

from . import STYLES_DIR
from .errors import BookError
from .output import write_atomic

DEBIAN_PROFILE = Path('/usr/share/color/icc/ghostscript/default_cmyk.icc')
DEBIAN_COPYRIGHT = Path('/usr/share/doc/libgs-common/copyright')


def cmyk_profile():
    """styles/color/cmyk.icc, copied from the installed profile with its licence on first use.

    Written atomically, licence first: processes that copy at once never show another a
    half-written file, and the profile is there only once both are.
    """
    folder = STYLES_DIR / 'color'
    profile = folder / 'cmyk.icc'
    if not profile.exists():
        if not DEBIAN_PROFILE.exists():
            raise BookError(f'CMYK profile {DEBIAN_PROFILE} is missing: install Debian\'s '
                            'libgs-common (the set-up command does)')
        write_atomic(folder / 'COPYRIGHT', DEBIAN_COPYRIGHT.read_bytes())
        write_atomic(profile, DEBIAN_PROFILE.read_bytes())
    return profile


def profile_css():
    return (f'@color-profile device-cmyk {{ src: url("{cmyk_profile().as_uri()}"); '
            'components: cyan, magenta, yellow, black; }\n')
