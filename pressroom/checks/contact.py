"""The contact sheet: every spread of a PDF on one picture, for the eye."""

import tempfile
from pathlib import Path

from ..errors import SetupError
from . import tools


def contact_sheet(path, out, columns=4, dpi=24):
    """Every spread of the PDF at `path` as one PNG at `out`: the first page alone on the right."""
    from PIL import Image
    with tempfile.TemporaryDirectory() as folder:
        tools.output(['pdftoppm', '-r', str(dpi), '-png', str(path), f'{folder}/p'])
        images = [Image.open(file).convert('RGB') for file in sorted(Path(folder).glob('p-*.png'),
                                                                     key=lambda p: int(p.stem.split('-')[1]))]
        if not images:
            raise SetupError(f'pdftoppm made no pages of {path}')
        width, height = images[0].size
        pairs = [(None, images[0])] + [tuple(images[i:i + 2]) for i in range(1, len(images), 2)]
        gutter = 12
        sheet = Image.new('RGB', (columns * (2 * width + gutter) + gutter,
                                  -(-len(pairs) // columns) * (height + gutter) + gutter), (160, 160, 160))
        for index, pair in enumerate(pairs):
            x = gutter + (index % columns) * (2 * width + gutter)
            y = gutter + (index // columns) * (height + gutter)
            for side, image in enumerate(pair):
                if image is not None:
                    sheet.paste(image.resize((width, height)), (x + side * width, y))
        sheet.save(out, optimize=True)
    return out
