"""The EPUB's pages as a reading system's web engine shows them: headless Chromium, on a
600 x 900 screen (a small e-reader's)."""

import subprocess
import zipfile

import pytest
from PIL import Image, ImageChops

SCREEN = (600, 900)
CHROMIUM = ['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars']


def screenshot(tmp_path, epub, name):
    folder = tmp_path / 'epub'
    with zipfile.ZipFile(epub) as archive:
        archive.extractall(folder)
    shot = tmp_path / f'{name.replace("/", "-")}.png'
    subprocess.run([*CHROMIUM, f'--user-data-dir={tmp_path / "profile"}', f'--screenshot={shot}',
                    f'--window-size={SCREEN[0]},{SCREEN[1]}', (folder / 'EPUB' / name).as_uri()],
                   check=True, capture_output=True, timeout=60)
    return Image.open(shot).convert('RGB')


def ink(image):
    """The box of everything that is not white."""
    return ImageChops.difference(image, Image.new('RGB', image.size, 'white')).getbbox()


@pytest.mark.parametrize('built', ['lecture', 'small_book'])
def test_the_cover_page_shows_the_whole_cover_on_a_small_screen(built, request, tmp_path):
    book, results = request.getfixturevalue(built)
    left, top, right, bottom = ink(screenshot(tmp_path, results['epub'][0], 'cover.xhtml'))
    width, height = book.trim
    assert right <= SCREEN[0] and bottom <= SCREEN[1]
    # all of it: as tall as the screen (the cover is taller than the screen's ratio), in its own proportions
    assert (top, bottom) == (0, SCREEN[1])
    assert (right - left) / (bottom - top) == pytest.approx(width / height, abs=0.01)


def test_the_title_page_is_centred(lecture, tmp_path):
    book, results = lecture
    left, _, right, _ = ink(screenshot(tmp_path, results['epub'][0], 'text/titlepage.xhtml'))
    assert abs(left - (SCREEN[0] - right)) <= 6
