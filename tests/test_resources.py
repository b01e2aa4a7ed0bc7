"""What a book brings besides its text: the cover and SVG images are checked before anything is
built, and the font instances and colour profile made from installed packages are safe to share."""

import dataclasses
import io
import os
import zipfile
from pathlib import Path

import fontpkg
import pypdfium2
import pytest
from PIL import Image

from pressroom.assets import color, fonts
from pressroom.build import build
from pressroom.checks.validate import epubcheck
from pressroom.sources.chapters import read_chapters
from pressroom.sources.metadata import load_book

from .conftest import FIXTURES, copy_book
from .test_errors import chapter, edit, error_of, metadata, where

GREEN = (0, 200, 0)


def small_book(tmp_path):
    return copy_book(FIXTURES / 'small-book', tmp_path / 'book')


def with_cover(folder, name):
    edit(metadata(folder), 'paper: cream', f'paper: cream\ncover: images/{name}')
    return folder


def with_figure(folder, svg):
    """Chapter two showing images/figure.svg on its line 3."""
    (folder / 'images' / 'figure.svg').write_text(svg, encoding='utf-8')
    chapter(folder).write_text('# The Second Chapter\n\n![A figure.](../images/figure.svg)\n',
                               encoding='utf-8')
    return folder


def svg(body, attributes=''):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="120" height="80" viewBox="0 0 120 80"{attributes}>{body}</svg>')


def licence_of(family):
    return (Path(family.files[0].path).parent.parent / 'LICENSE').read_bytes()


def ready(folder):
    """Everything checked before the writers start."""
    return read_chapters(load_book(folder))


# --- the cover ---------------------------------------------------------------------------------

@pytest.mark.parametrize('name, kind, stored, stored_kind', [
    ('cover.jpg', 'JPEG', 'cover.jpg', 'JPEG'),
    ('cover.tif', 'TIFF', 'cover.png', 'PNG'),     # not a type readers must show
])
def test_cover_is_stored_under_its_real_type_and_passes_epubcheck(tmp_path, name, kind, stored, stored_kind):
    folder = with_cover(small_book(tmp_path), name)
    Image.new('RGB', (160, 240), (29, 53, 87)).save(folder / 'images' / name, format=kind)
    path, _ = build(folder, ('epub',))['epub']
    assert epubcheck(path) == []
    with zipfile.ZipFile(path) as archive:
        image = Image.open(io.BytesIO(archive.read(f'EPUB/images/{stored}')))
    assert (image.format, image.size) == (stored_kind, (160, 240))


@pytest.mark.parametrize('name, content, problem', [
    ('cover.jpg', 'not a picture', 'cannot be read as an image ('),
    ('cover.svg', svg('<script>alert(1)</script>'), 'holds a <script>'),
])
def test_cover_that_is_not_a_usable_image_names_metadata_line(tmp_path, name, content, problem):
    folder = with_cover(small_book(tmp_path), name)
    (folder / 'images' / name).write_text(content, encoding='utf-8')
    error = error_of(folder, ready)
    assert str(error).startswith(f"{where(metadata(folder), 'cover:')}: cover 'images/{name}' {problem}")


# --- SVG images --------------------------------------------------------------------------------

@pytest.mark.parametrize('figure, problem', [
    (svg('<script>alert(1)</script>'), 'holds a <script>'),
    (svg('<rect width="9" height="9"/>', ' onload="alert(1)"'), 'has an event handler onload='),
    (svg('<image xlink:href="http://127.0.0.1:9/a.png" width="9" height="9"/>'),
     "links to 'http://127.0.0.1:9/a.png'"),
    (svg('<use href="other.svg#shape"/>'), "links to 'other.svg#shape'"),
    (svg('<rect width="9" height="9" style="fill: url(http://127.0.0.1:9/p.svg#g)"/>'),
     'has a style= that loads a resource'),
    (svg('<rect width="9" height="9" fill="url(//127.0.0.1:9/p.svg#g)"/>'),
     'has a fill= that loads a resource'),
    (svg('<style>@import "http://127.0.0.1:9/a.css";</style>'), 'has a <style> that loads a resource'),
    (svg('<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml"/></foreignObject>'),
     'holds a <foreignObject>'),
    (svg('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>'),
     'has a <set> that sets href='),
    ('<!DOCTYPE svg [<!ENTITY s "<script>alert(1)</script>">]>' + svg('&s;'), 'declares XML entities'),
    (svg('<rect width="9" height="9">'), 'is not well-formed SVG ('),
    ('<html xmlns="http://www.w3.org/1999/xhtml"/>', 'is not an SVG document'),
])
def test_svg_that_runs_fetches_or_is_malformed_names_chapter_and_line(tmp_path, figure, problem):
    error = error_of(with_figure(small_book(tmp_path), figure))
    assert str(error).startswith(f"chapters/two.md:3: image '../images/figure.svg' {problem}")


def test_clean_svg_renders_into_the_epub_and_the_pdf_and_passes_epubcheck(tmp_path):
    figure = svg('<style>.mark { stroke: none; }</style>'
                 f'<defs><rect id="square" width="60" height="60" fill="rgb{GREEN}"/></defs>'
                 '<use xlink:href="#square" class="mark" x="10" y="10"/>'
                 '<image href="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" width="1" height="1"/>')
    folder = with_figure(small_book(tmp_path), figure)
    results = build(folder, ('epub', 'pdf'))
    assert epubcheck(results['epub'][0]) == []
    with zipfile.ZipFile(results['epub'][0]) as archive:
        stored = [name for name in archive.namelist() if name.endswith('.svg')]
        assert [archive.read(name) for name in stored] == [figure.encode()]
        chapter_two = archive.read('EPUB/text/chapter-02.xhtml').decode('utf-8')
    assert f'src="../{stored[0].removeprefix("EPUB/")}"' in chapter_two
    assert any(_shows_green(page) for page in pypdfium2.PdfDocument(results['pdf'][0]))


def _shows_green(page):
    pixels = page.render(scale=0.5).to_pil().convert('RGB').getcolors(1 << 24)
    return any(r < 40 and g > 160 and b < 40 for _, (r, g, b) in pixels)


# --- font instances and the colour profile -----------------------------------------------------

@pytest.fixture
def user_cache(tmp_path, monkeypatch):
    """An empty user cache for the colour profile and the fonts, whose instancing is replaced
    by a quick stand-in naming the family's version."""
    folder = tmp_path / 'cache'
    monkeypatch.setenv('PRESSROOM_CACHE', str(folder))
    monkeypatch.setattr(fonts, '_instance',
                        lambda family, style, weight: f'{family.version} {style} {weight}'.encode())
    return folder


def test_font_instances_and_colour_profile_are_ready_once_the_chapters_are_read(tmp_path, user_cache):
    # The writers' worker processes are forked after this: none of them has to make these.
    ready(small_book(tmp_path))
    faces = fonts.static_faces('Source Serif 4')
    assert all(path.is_file() for path in faces.files.values())
    assert faces.license.read_bytes() == licence_of(fontpkg.family('Source Serif 4'))
    assert (user_cache / 'color' / 'cmyk.icc').read_bytes() == color.DEBIAN_PROFILE.read_bytes()
    assert (user_cache / 'color' / 'COPYRIGHT').read_bytes() == color.DEBIAN_COPYRIGHT.read_bytes()


class Interrupted(BaseException):
    """A copy stopped midway, as by a killed process."""


def test_copies_cut_short_leave_no_partial_file_and_are_made_again(user_cache, monkeypatch):
    faces = fonts.static_faces('Source Serif 4')
    faces.license.unlink()

    def interrupted(descriptor):
        raise Interrupted
    with monkeypatch.context() as patch:
        patch.setattr(os, 'fsync', interrupted)
        for prepare in (color.cmyk_profile, lambda: fonts.static_faces('Source Serif 4')):
            with pytest.raises(Interrupted):
                prepare()
    assert list((user_cache / 'color').iterdir()) == []
    assert not faces.license.exists() and sorted(faces.license.parent.glob('.*')) == []
    assert color.cmyk_profile().read_bytes() == color.DEBIAN_PROFILE.read_bytes()
    assert faces.license.parent == fonts.static_faces('Source Serif 4').license.parent
    assert faces.license.read_bytes() == licence_of(fontpkg.family('Source Serif 4'))


def test_upgrading_a_font_package_makes_fresh_instances(user_cache, monkeypatch):
    installed = fontpkg.family('Source Serif 4')
    old = fonts.static_faces('Source Serif 4')
    assert old.license.parent.name == f'source-serif-4-{installed.version}-{fonts.INSTANCES_VERSION}'
    monkeypatch.setattr(fontpkg, 'family', lambda name: dataclasses.replace(installed, version='99.0'))
    new = fonts.static_faces('Source Serif 4')
    assert new.license.parent != old.license.parent
    assert new.files['regular'].read_bytes() == b'99.0 normal 400'
    assert old.files['regular'].read_bytes() == f'{installed.version} normal 400'.encode()


def test_chapter_image_of_a_type_e_readers_need_not_show_is_refused(tmp_path):
    folder = small_book(tmp_path)
    Image.new('RGB', (8, 8), 'grey').save(folder / 'images' / 'square.png', format='TIFF')
    assert str(error_of(folder)) == (f"{where(chapter(folder, 'one'), 'square.png', 'chapters/one.md')}: image "
                                     "'../images/square.png' is of a type e-readers need not show; export it as "
                                     'PNG or JPEG')
