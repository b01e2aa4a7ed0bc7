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
