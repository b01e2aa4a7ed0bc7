"""Print files drawn in the press's inks: every colour CMYK or grey, black and grey on the
black plate alone, and the output intent the printer's registered condition.

WeasyPrint writes the colours of SVG (ziamath's formulas), of its own stylesheet (a rule's
grey) and of any `rgb()` a style sets as DeviceRGB, and `device-cmyk()` in a CMYK space
tagged with the layout's profile. A RIP separates RGB black into all four inks (C72 M68 Y67
K100 through Ghostscript's profile, 296 % ink on a formula) and converts a tagged CMYK that
is not the output intent's. So, in the pages and the forms they draw: a neutral RGB colour
becomes that much black alone, any other is separated through the output profile, and
tagged CMYK and grey become the device spaces, which a PDF/X file prints as they are.
"""

import io
import re

import pikepdf
from pikepdf import Name
from PIL import Image, ImageCms

from ...assets.color import REGISTRY
from .pages import resource_dictionaries

FILL, STROKE = 0, 1
RGB_OPERATORS = {'rg': FILL, 'RG': STROKE}
SET_SPACE = {'cs': FILL, 'CS': STROKE}
SET_COLOUR = {'sc': FILL, 'scn': FILL, 'SC': STROKE, 'SCN': STROKE}
CMYK = {FILL: 'k', STROKE: 'K'}
SET_BY_OPERATOR = {'k': (FILL, '/DeviceCMYK'), 'K': (STROKE, '/DeviceCMYK'), 'g': (FILL, '/DeviceGray'),
                   'G': (STROKE, '/DeviceGray')}
NEUTRAL = 0.004            # RGB components this close are a grey (WeasyPrint writes 6 digits)
# A stream that may draw in RGB: one with an rg or RG operator, or that sets a colour space
# when its resources hold an RGB one.
RGB_OPERATOR_RE = re.compile(rb'(?<![A-Za-z])(?:rg|RG)(?![A-Za-z])')
SPACE_OPERATOR_RE = re.compile(rb'(?<![A-Za-z])(?:cs|CS)(?![A-Za-z])')


def press_colours(pdf, intent):
    """Rewrite `pdf` (pikepdf, in place) in the inks of `intent` (color.OutputIntent) and
    give it that output intent."""
    separate = _Separation(intent.profile)
    for page in pdf.pages:
        _recolour(page, page.obj.get('/Resources'), separate)
    for resources in resource_dictionaries(pdf.pages):
        for form in resources.get('/XObject', {}).values():
            if form.get('/Subtype') == Name.Form:
                _recolour(form, form.get('/Resources'), separate)
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFX, OutputConditionIdentifier=pikepdf.String(intent.identifier),
        OutputCondition=pikepdf.String(intent.info), Info=pikepdf.String(intent.info),
        **({'RegistryName': pikepdf.String(REGISTRY)} if intent.registered else {}),
        DestOutputProfile=pdf.make_stream(intent.profile, N=4)))])


def _device_spaces(resources):
    """Tagged CMYK and grey spaces made device spaces, in place; the names of the RGB ones."""
    rgb = set()
    if resources is None:
        return rgb
    for key, space in list(resources.get('/ColorSpace', {}).items()):
        family = space[0] if isinstance(space, pikepdf.Array) else space
        components = int(space[1].get('/N', 0)) if family == Name.ICCBased else None
        if components == 4:
            resources.ColorSpace[key] = Name.DeviceCMYK
        elif components == 1:
            resources.ColorSpace[key] = Name.DeviceGray
        elif family in (Name.DeviceRGB, Name.CalRGB) or components == 3:
            rgb.add(key)
    return rgb


def _recolour(owner, resources, separate):
    """The content of a page or a form (`owner`) with its RGB colours in CMYK or black."""
    rgb_spaces = _device_spaces(resources)
    streams = _contents(owner) if isinstance(owner, pikepdf.Page) else [owner]
    if not any(RGB_OPERATOR_RE.search(data) or rgb_spaces and SPACE_OPERATOR_RE.search(data)
               for data in (stream.read_bytes() for stream in streams)):
        return
    if isinstance(owner, pikepdf.Page):
        owner.contents_coalesce()
        stream = owner.obj.Contents
    else:
        stream = owner
    changed, kept = False, []
    spaces = [[None, None]]            # fill and stroke space names, per saved graphics state
    for operands, operator in pikepdf.parse_content_stream(stream):
        name = str(operator)
        if name == 'q':
            spaces.append(list(spaces[-1]))
        elif name == 'Q' and len(spaces) > 1:
            spaces.pop()
        elif name in SET_BY_OPERATOR:
            spaces[-1][SET_BY_OPERATOR[name][0]] = SET_BY_OPERATOR[name][1]
        elif name in SET_SPACE:
            space = str(operands[0])
            spaces[-1][SET_SPACE[name]] = space
            if space == '/DeviceRGB' or space in rgb_spaces:
                changed = True
                continue               # the colour set next says which CMYK it is
        elif name in RGB_OPERATORS or (name in SET_COLOUR and len(operands) == 3 and (
                spaces[-1][SET_COLOUR[name]] in rgb_spaces | {'/DeviceRGB'})):
            side = RGB_OPERATORS.get(name, SET_COLOUR.get(name))
            kept.append((separate([float(value) for value in operands]), pikepdf.Operator(CMYK[side])))
            spaces[-1][side] = '/DeviceCMYK'
            changed = True
            continue
        kept.append((operands, operator))
    if changed:
        stream.write(pikepdf.unparse_content_stream(kept))


def _contents(page):
    contents = page.obj.get('/Contents')
    if contents is None:
        return []
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


class _Separation:
    """RGB colours as the press prints them: greys on black alone, colours through the
    output profile (LittleCMS, relative colorimetric), each colour worked out once."""

    def __init__(self, profile):
        self.transform = ImageCms.buildTransform(
            ImageCms.createProfile('sRGB'), ImageCms.ImageCmsProfile(io.BytesIO(profile)), 'RGB', 'CMYK',
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
        self.known = {}

    def __call__(self, rgb):
        key = tuple(round(value, 4) for value in rgb)
        if key not in self.known:
            if max(key) - min(key) <= NEUTRAL:
                cmyk = (0, 0, 0, round(1 - sum(key) / 3, 4))
            else:
                pixel = Image.new('RGB', (1, 1), tuple(round(value * 255) for value in key))
                inks = ImageCms.applyTransform(pixel, self.transform).getpixel((0, 0))
                cmyk = tuple(round(ink / 255, 4) for ink in inks)
            self.known[key] = list(cmyk)
        return self.known[key]
