"""Small operations on PDF files with pikepdf, shared by the PDF writer and the cover."""

import hashlib
import io
import uuid

import pikepdf


def fix_ids(pdf, seed):
    """Ids WeasyPrint draws from chance or the folder path, derived from the book instead."""
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta['xmpMM:DocumentID'] = f'xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}'
    permanent = pikepdf.String(hashlib.md5(seed.encode()).digest())
    pdf.trailer.ID = pikepdf.Array([permanent, permanent])


def page_count(data):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def padded_count(pages, multiple):
    return -(-pages // multiple) * multiple


def add_blank_page(pdf):
    """A blank page at the end, with the page boxes of the last one. It has no content
    stream at all: an empty one is written as 0 compressed bytes, which Ghostscript, mutool
    and pdf.js refuse."""
    last = pdf.pages[-1].obj
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=last.MediaBox, TrimBox=last.TrimBox, BleedBox=last.BleedBox,
        Resources=pikepdf.Dictionary())))


def resource_dictionaries(pages):
    """The resources of `pages` and of the forms drawn on them, each once."""
    seen = set()
    pending = [page.obj.get('/Resources') for page in pages]
    while pending:
        resources = pending.pop()
        if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
            continue
        seen.add(resources.objgen)
        yield resources
        pending += [form.get('/Resources') for form in resources.get('/XObject', {}).values()
                    if form.get('/Subtype') == pikepdf.Name.Form]


# What a PDF of ours may do when opened or clicked: follow a link, jump to a page.
SAFE_ACTIONS = (pikepdf.Name.URI, pikepdf.Name.GoTo)
SAFE_SCHEMES = ('http:', 'https:', 'mailto:')


def make_inert(pdf):
    """Nothing in the file runs, fetches or embeds, whatever went into it: no document or
    page actions, JavaScript, embedded files or forms; links only to pages or to web and
    mail addresses; no annotation but links."""
    for key in ('/OpenAction', '/AA', '/AcroForm'):
        if key in pdf.Root:
            del pdf.Root[key]
    names = pdf.Root.get('/Names')
    for key in ('/JavaScript', '/EmbeddedFiles'):
        if names is not None and key in names:
            del names[key]
    for page in pdf.pages:
        if '/AA' in page.obj:
            del page.obj['/AA']
        if '/Annots' in page.obj:
            kept = [annotation for annotation in page.obj.Annots if _inert_link(annotation)]
            page.obj.Annots = pikepdf.Array(kept)


def _inert_link(annotation):
    if annotation.get('/Subtype') != pikepdf.Name.Link or '/AA' in annotation:
        return False
    action = annotation.get('/A')
    if action is None:
        return '/Dest' in annotation
    if action.get('/S') not in SAFE_ACTIONS or '/Next' in action:
        return False
    return pikepdf.Name.GoTo == action.S or str(action.get('/URI', '')).lower().startswith(SAFE_SCHEMES)
