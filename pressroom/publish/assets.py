"""What the site's pages show besides their text: the covers at two sizes, and the books'
typefaces cut down to the characters the pages use, as WOFF2 with their licence."""

import io

from ..assets import fonts
from ..sources.metadata import slugify
from .shelf import COVER_TYPES

COVER_WIDTH = 600           # pixels: 300 CSS pixels on a screen of twice the density
THUMBNAIL_WIDTH = 240


def covers(record):
    """{'cover': (file, width, height, type), 'thumbnail': (...)} in CSS pixels, and {file: bytes}."""
    extension, data = record.cover
    if extension == '.svg':        # drawn at any size; shown as an image, it runs nothing
        width, height = record.book.trim
        made = {name: (f'{name}.svg', size // 2, round(size / 2 * height / width), COVER_TYPES['.svg'])
                for name, size in (('cover', COVER_WIDTH), ('thumbnail', THUMBNAIL_WIDTH))}
        return made, {'cover.svg': data, 'thumbnail.svg': data}
    from PIL import Image
    image = Image.open(io.BytesIO(data))
    image.load()
    kind = 'PNG' if extension in ('.png', '.gif') else 'JPEG'
    image = image.convert('RGBA' if kind == 'PNG' and 'A' in image.getbands() else 'RGB')
    made, files = {}, {}
    for name, width in (('cover', COVER_WIDTH), ('thumbnail', THUMBNAIL_WIDTH)):
        width = min(width, image.width)
        height = round(image.height * width / image.width)
        output = io.BytesIO()
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        if kind == 'PNG':
            resized.save(output, format='PNG', optimize=True)
        else:
            resized.save(output, format='JPEG', quality=88, optimize=True, progressive=True)
        file = f'{name}{".png" if kind == "PNG" else ".jpg"}'
        files[file] = output.getvalue()
        made[name] = (file, width // 2, height // 2, 'image/png' if kind == 'PNG' else 'image/jpeg')
    return made, files


def typefaces(text_by_family):
    """{path under the site: bytes}: each family's four faces subset to the text the pages set
    in it, fonts/fonts.css naming them, and each family's licence (the OFL asks for it)."""
    files, rules = {}, []
    for family in sorted(text_by_family):
        faces = fonts.static_faces(family)
        for path in faces.files.values():
            files[f'fonts/{path.stem}.woff2'] = _woff2(fonts.subset(path, text_by_family[family]))
        files[f'fonts/{faces.slug}-LICENSE.txt'] = faces.license.read_bytes()
        rules.append(fonts.font_face_css({family: faces}, lambda path: f'{path.stem}.woff2', named=True))
        rules.append(f'.face-{slugify(family)} {{ font-family: "{faces.family}", serif; }}\n')
    files['fonts/fonts.css'] = ''.join(rules).encode()
    return files


def _woff2(data):
    from fontTools.ttLib import TTFont
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    font.flavor = 'woff2'
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()
