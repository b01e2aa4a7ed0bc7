"""A saddle-stitched booklet for a copy shop: the trimmed pages imposed two up on sheets
twice the trim's width, padded with blanks to a multiple of four and ordered so that the
printed stack, folded in the middle, reads in order. Printed duplex, flipped on the short
edge, nothing is turned upside down."""

import io

import pikepdf

from .pages import make_inert, padded_count


def impose(screen_pdf):
    """The booklet as PDF bytes, from the screen PDF's bytes (its pages are cut to the trim)."""
    with pikepdf.open(io.BytesIO(screen_pdf)) as source, pikepdf.new() as booklet:
        count = padded_count(len(source.pages), 4)
        box = [float(v) for v in source.pages[0].obj.MediaBox]
        width, height = box[2] - box[0], box[3] - box[1]
        forms = {}
        for left, right in sides(count):
            page = booklet.add_blank_page(page_size=(2 * width, height))
            drawing = []
            for slot, number in enumerate((left, right)):
                if number > len(source.pages):
                    continue                      # a blank page of the padding
                if number not in forms:
                    form = source.make_indirect(source.pages[number - 1].as_form_xobject())
                    forms[number] = booklet.copy_foreign(form)
                name = page.add_resource(forms[number], pikepdf.Name.XObject, pikepdf.Name(f'/P{number}'))
                drawing.append(f'q 1 0 0 1 {slot * width - box[0]:g} {-box[1]:g} cm {name} Do Q')
            page.obj.Contents = booklet.make_stream(' '.join(drawing).encode() or b' ')
        for key in ('/Title', '/Author'):
            if key in source.docinfo:
                booklet.docinfo[key] = pikepdf.String(str(source.docinfo[key]))
        make_inert(booklet)
        output = io.BytesIO()
        booklet.save(output, deterministic_id=True, compress_streams=True)
        return output.getvalue()


def sides(count):
    """(left page, right page) of each printed side, front then back of every sheet, for a
    booklet of `count` pages (a multiple of four), 1-based."""
    order = []
    for sheet in range(count // 4):
        order.append((count - 2 * sheet, 2 * sheet + 1))          # front
        order.append((2 * sheet + 2, count - 2 * sheet - 1))      # back
    return order
