"""Print files made PDF/X-1a:2001, as IngramSpark asks by default: CMYK and grey only (RGB
images separated through the CMYK output profile by LittleCMS, as Pillow's ImageCms
offers), nothing transparent, PDF 1.3 without object streams, and the PDF/X-1a keys.

WeasyPrint lays the pages out as PDF/X-4 (its text and rules are already DeviceCMYK, by
styles/); this turns such a file into PDF/X-1a, or says what in the design prevents it.
"""

import io
import re

import pikepdf
from pikepdf import Name
from PIL import Image, ImageCms

from ...errors import BookError

ALLOWED = (Name.DeviceCMYK, Name.DeviceGray)
NAMED_SPACE_RE = re.compile(rb'/([^\s/\[\]()<>{}%]+)\s+(?:cs|CS)\b')
SAVE_OPTIONS = {'force_version': '1.3', 'object_stream_mode': pikepdf.ObjectStreamMode.disable}


def make_x1a(pdf, profile):
    """Rewrite `pdf` (pikepdf, in place) as PDF/X-1a:2001, its images separated through the
    CMYK `profile` (ICC bytes) of its output intent (inks.py sets it)."""
    rgb_to_cmyk = _transform(profile)
    for resources, drawing in _resources_and_what_they_draw(pdf):
        _colour_spaces(resources, drawing)
        _opaque(resources)
        for image in list(resources.get('/XObject', {}).values()):
            if image.get('/Subtype') == Name.Image:
                _separate(pdf, image, rgb_to_cmyk)
    for page in pdf.pages:
        if '/Group' in page.obj:       # a transparency group, with nothing transparent left in it
            del page.obj['/Group']
    for key in ('/Metadata', '/StructTreeRoot', '/MarkInfo'):
        if key in pdf.Root:
            del pdf.Root[key]
    pdf.docinfo['/GTS_PDFXVersion'] = pikepdf.String('PDF/X-1:2001')
    pdf.docinfo['/GTS_PDFXConformance'] = pikepdf.String('PDF/X-1a:2001')
    pdf.docinfo['/Trapped'] = Name('/False')      # not trapped: the printer traps, if anyone


def _transform(profile):
    srgb = ImageCms.createProfile('sRGB')
    cmyk = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    return ImageCms.buildTransform(srgb, cmyk, 'RGB', 'CMYK', renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


def _colour_spaces(resources, drawing):
    """Named colour spaces: ICC CMYK and grey become device spaces; unused others go; a used
    RGB or Lab one is the design's to change. `drawing` is the content drawn with them."""
    spaces = resources.get('/ColorSpace')
    if spaces is None:
        return
    used = {b'/' + name for name in NAMED_SPACE_RE.findall(drawing)}
    for key in list(spaces.keys()):
        space = spaces[key]
        family = space[0] if isinstance(space, pikepdf.Array) else space
        if family == Name.ICCBased and int(space[1].get('/N', 0)) in (1, 4):
            spaces[key] = Name.DeviceCMYK if int(space[1].N) == 4 else Name.DeviceGray
        elif family not in ALLOWED:
            if key.encode() in used:
                raise BookError(f'the print file draws in {family} colour ({key}), which PDF/X-1a does not '
                                'allow: use device-cmyk() colours in styles/')
            del spaces[key]


def _opaque(resources):
    for state in resources.get('/ExtGState', {}).values():
        if float(state.get('/ca', 1)) < 1 or float(state.get('/CA', 1)) < 1 or \
                state.get('/SMask', Name.None_) != Name.None_:
            raise BookError('the print file has transparency (opacity or a soft mask), which PDF/X-1a '
                            'does not allow: remove it from styles/ or the images')


def _separate(pdf, image, rgb_to_cmyk):
    """An RGB (or ICC-tagged) image separated to CMYK, its transparency flattened on white."""
    space = image.get('/ColorSpace')
    family = space[0] if isinstance(space, pikepdf.Array) else space
    if family in ALLOWED and '/SMask' not in image:
        return
    if family == Name.ICCBased and int(space[1].N) in (1, 4) and '/SMask' not in image:
        image.ColorSpace = Name.DeviceCMYK if int(space[1].N) == 4 else Name.DeviceGray
        return
    picture = pikepdf.PdfImage(image).as_pil_image()
    if '/SMask' in image:
        mask = pikepdf.PdfImage(image.SMask).as_pil_image().convert('L')
        flat = Image.new('RGB', picture.size, 'white')
        flat.paste(picture.convert('RGB'), mask=mask)
        picture = flat
        del image['/SMask']
    cmyk = ImageCms.applyTransform(picture.convert('RGB'), rgb_to_cmyk)
    image.write(cmyk.tobytes())     # saved compressed (compress_streams)
    image.ColorSpace, image.BitsPerComponent = Name.DeviceCMYK, 8
    for key in ('/DecodeParms', '/Decode', '/Intent'):
        if key in image:
            del image[key]


def _resources_and_what_they_draw(pdf):
    """[(resources, the content drawn with them)] for the pages and the forms they draw: pages
    may share one dictionary, so each comes once, with all its content."""
    found = {}
    pending = [(page.obj.get('/Resources'), page.obj.get('/Contents')) for page in pdf.pages]
    while pending:
        resources, contents = pending.pop()
        if resources is None:
            continue
        key = resources.objgen if resources.is_indirect else id(resources)
        streams = contents if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
        if key in found:
            found[key][1].extend(streams)
            continue
        found[key] = (resources, list(streams))
        pending += [(form.get('/Resources'), form) for form in resources.get('/XObject', {}).values()
                    if form.get('/Subtype') == Name.Form]
    return [(resources, b' '.join(stream.read_bytes() for stream in streams))
            for resources, streams in found.values()]
