"""The CMYK output intent of print files: an ICC profile installed from Debian's libgs-common."""

import shutil
from pathlib import Path

from .errors import BookError

DEBIAN_PROFILE = Path('/usr/share/color/icc/ghostscript/default_cmyk.icc')
DEBIAN_COPYRIGHT = Path('/usr/share/doc/libgs-common/copyright')
STYLES_DIR = Path(__file__).resolve().parent.parent / 'styles'


def cmyk_profile():
    """styles/color/cmyk.icc, copied from the installed profile with its licence on first use."""
    folder = STYLES_DIR / 'color'
    profile = folder / 'cmyk.icc'
    if not profile.exists():
        if not DEBIAN_PROFILE.exists():
            raise BookError(f'CMYK profile {DEBIAN_PROFILE} is missing: install Debian\'s '
                            'libgs-common (the set-up command does)')
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEBIAN_COPYRIGHT, folder / 'COPYRIGHT')
        shutil.copyfile(DEBIAN_PROFILE, profile)
    return profile


def profile_css():
    return (f'@color-profile device-cmyk {{ src: url("{cmyk_profile().as_uri()}"); '
            'components: cyan, magenta, yellow, black; }\n')
