"""The tagged PDF's structure tree made to read as the book does, from what WeasyPrint writes.

WeasyPrint tags page by page. `mend` rebuilds its tree, per laid-out part, from the
element each structure element came from (typeset/upstream/tagging.py names it):

- the pieces of one element on successive pages become one element again: a chapter is
  one Sect, a paragraph that a page splits one P;
- a note becomes a Note (its number a Lbl, its paragraphs P) with its id, placed after the
  paragraph that calls it, and its call a Link to it inside a Reference, where WeasyPrint
  left a NonStruct call and a NonStruct note at the page foot;
- a link holds its text directly and one annotation covering it (a contents entry was
  Link inside Link, with four annotations, one of no width); a link with nothing in it goes;
- the book's title is the H1 it is on the title page, which the headings follow;
- every link annotation prints, as PDF/UA asks;
- marked content no element holds (the running heads) is an artifact.

`flatten_spans` then hands the content of the Spans that say nothing to their parents:
WeasyPrint makes a Span of every inline element: a smaller file, the same text in the
same order.
"""

import re

import pikepdf
from pikepdf import Name

from ...typeset.upstream.tagging import CLASSES, ID, IDENTITY, KEYS, TAG

PLAIN_SPAN = {'/Type', '/S', '/K', '/Pg', '/P'}
# Elements a note follows: the paragraph-level one its call is in.
BLOCKS = {Name(f'/{tag}') for tag in ('P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LBody', 'TD', 'TH', 'Caption', 'LI')}
PRINT_FLAG = 4
REPEATED = {Name.THead, Name.TFoot}
MARKED_RE = re.compile(rb'/\w+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC')


def mend(pdf):
    """The structure tree of `pdf` (one part, as WeasyPrint wrote it) rebuilt, in place."""
    if '/StructTreeRoot' not in pdf.Root:
        return
    document = pdf.Root.StructTreeRoot.K[0]
    notes = _detach_notes(document)
    _merge(document)
    _place_notes(pdf, document, notes)
    _join_links(pdf, document)
    for element in elements_under(document):
        if str(element.get(TAG, '')) == 'p' and 'title' in _classes(element):
            element.S = Name.H1
        for key in KEYS:
            if key in element:
                del element[key]
    for page in pdf.pages:
        for annotation in page.obj.get('/Annots', ()):
            annotation.F = int(annotation.get('/F', 0)) | PRINT_FLAG
    marked = _rebuild_parent_tree(pdf, document)
    for page in pdf.pages:
        _unreferenced_as_artifacts(page, marked.get(page.obj.objgen, {}))


def _unreferenced_as_artifacts(page, referenced):
    """Marked content no element holds (WeasyPrint tags the running heads, then leaves them
    out of the tree) made an artifact, as page furniture is."""
    def artifact(match):
        if int(match.group(1)) in referenced:
            return match.group()
        return b'/Artifact <</Type /Pagination>> BDC'
    for stream in _contents(page):
        data = stream.read_bytes()
        changed = MARKED_RE.sub(artifact, data)
        if changed != data:
            stream.write(changed)


def _contents(page):
    contents = page.obj.get('/Contents')
    if contents is None:
        return []
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


def kids_of(element):
    """A structure element's kids as a list (K may hold one, or none)."""
    kids = element.get('/K')
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def is_element(kid):
    """Whether a kid is a structure element (not marked content or an object reference)."""
    return isinstance(kid, pikepdf.Dictionary) and '/S' in kid


def elements_under(root):
    """Every structure element from `root` down, in reading order, parents before children."""
    stack = [root]
    while stack:
        element = stack.pop()
        if is_element(element):
            yield element
        stack.extend(reversed([kid for kid in kids_of(element) if is_element(kid)]))


def _classes(element):
    return str(element.get(CLASSES, '')).split()


def _detach_notes(document):
    """{note id: Note} taken out of the page feet (the footnote areas, which then go), each
    made a Note with its Lbl and paragraphs."""
    notes = {}
    for area in [kid for kid in kids_of(document) if is_element(kid) and IDENTITY not in kid]:
        for note in [kid for kid in kids_of(area) if is_element(kid) and 'fn' in _classes(kid)]:
            note.S = Name.Note
            note.ID = pikepdf.String(str(note[ID]))
            for part in kids_of(note):
                if is_element(part):
                    if str(part.get(TAG, '')).endswith('::footnote-marker'):
                        part.S = Name.Lbl
                    elif 'fn-p' in _classes(part):
                        part.S = Name.P
            _merge(note)
            notes[str(note[ID])] = note
        if all(is_element(kid) and 'fn' in _classes(kid) for kid in kids_of(area)):
            document.K = pikepdf.Array([kid for kid in kids_of(document) if not _same(kid, area)])
    return notes


def _same(a, b):
    return isinstance(a, pikepdf.Object) and isinstance(b, pikepdf.Object) and a.is_indirect and \
        b.is_indirect and a.objgen == b.objgen


def _merge(element):
    """Neighbouring pieces of one element made one, at every depth; a table's header and
    footer rows repeated on a later page dropped (their text becomes an artifact)."""
    kids, seen = [], set()
    for kid in kids_of(element):
        identity = kid.get(IDENTITY) if is_element(kid) else None
        if identity is not None and kids and is_element(kids[-1]) and identity == kids[-1].get(IDENTITY):
            _absorb(kids[-1], kid)
        elif identity is not None and int(identity) in seen and kid.get('/S') in REPEATED:
            continue
        else:
            kids.append(kid)
            if identity is not None:
                seen.add(int(identity))
    if '/K' in element:
        element.K = pikepdf.Array(kids)
    for kid in kids:
        if is_element(kid):
            _merge(kid)


def _absorb(target, source):
    """`source`'s content added to `target`'s: marked content on another page is named with
    its page."""
    for kid in kids_of(source):
        if is_element(kid):
            kid.P = target
        elif isinstance(kid, int) and not _same(source.get('/Pg'), target.get('/Pg')):
            kid = pikepdf.Dictionary(Type=Name.MCR, Pg=source.Pg, MCID=kid)
        target.K = pikepdf.Array([*kids_of(target), kid])


def _place_notes(pdf, document, notes):
    """Each call made a Link inside a Reference, and its Note put after the block it is in."""
    after = {}
    calls = [element for element in elements_under(document) if str(element.get(TAG, '')).endswith('::footnote-call')]
    for call in calls:
        link = call.P
        note = notes.pop(str(call.get(ID, '')), None)
        _replace(link, call, [_marked(kid, call, link) for kid in kids_of(call)])
        reference = pdf.make_indirect(pikepdf.Dictionary(Type=Name.StructElem, S=Name.Reference, P=link.P,
                                                         K=pikepdf.Array([link])))
        if '/Pg' in link:
            reference.Pg = link.Pg
        _replace(link.P, link, [reference])
        link.P = reference
        if note is None:
            continue
        block = reference
        while block.P.get('/S') is not None and (block.get('/S') not in BLOCKS or block.P.get('/S') in BLOCKS):
            block = block.P
        anchor = after.get(block.objgen, block)
        parent = block.P
        kids = kids_of(parent)
        index = next(number for number, kid in enumerate(kids) if _same(kid, anchor))
        parent.K = pikepdf.Array([*kids[:index + 1], note, *kids[index + 1:]])
        note.P = parent
        after[block.objgen] = note
    for note in notes.values():           # a note whose call was not found stays, at the end
        note.P = document
        document.K = pikepdf.Array([*kids_of(document), note])


def _marked(kid, old, new):
    if isinstance(kid, int) and not _same(old.get('/Pg'), new.get('/Pg')):
        return pikepdf.Dictionary(Type=Name.MCR, Pg=old.Pg, MCID=kid)
    if is_element(kid):
        kid.P = new
    return kid


def _replace(parent, old, new):
    parent.K = pikepdf.Array([item for kid in kids_of(parent) for item in (new if _same(kid, old) else [kid])])


def _join_links(pdf, document):
    """Links inside a link handed to it; one annotation a link, covering all it held; empty
    links removed."""
    annotations_of = {}
    for page in pdf.pages:
        for annotation in page.obj.get('/Annots', ()):
            annotations_of[annotation.objgen] = page
    for link in [element for element in elements_under(document) if element.get('/S') == Name.Link]:
        _flatten_links(link)
        references = [kid for kid in kids_of(link)
                      if isinstance(kid, pikepdf.Dictionary) and kid.get('/Type') == Name.OBJR]
        if references:
            kept, *others = references
            rects = [[float(v) for v in reference.Obj.Rect] for reference in references]
            rects = [rect for rect in rects if rect[0] != rect[2] and rect[1] != rect[3]] or rects
            kept.Obj.Rect = pikepdf.Array([min(min(r[0], r[2]) for r in rects), min(min(r[1], r[3]) for r in rects),
                                           max(max(r[0], r[2]) for r in rects), max(max(r[1], r[3]) for r in rects)])
            for reference in others:
                page = annotations_of.get(reference.Obj.objgen)
                if page is not None:
                    page.obj.Annots = pikepdf.Array([a for a in page.obj.Annots if not _same(a, reference.Obj)])
            link.K = pikepdf.Array([kid for kid in kids_of(link) if not any(_same(kid, o) for o in others)])
    for element in list(elements_under(document)):
        if element.get('/S') == Name.Link and not kids_of(element) and is_element(element.get('/P')):
            _replace(element.P, element, [])


def _flatten_links(link):
    """Links nested in `link` (WeasyPrint's for its ::before and ::after) dissolved into it."""
    kids = []
    for kid in kids_of(link):
        if is_element(kid) and kid.get('/S') == Name.Link:
            _flatten_links(kid)
            kids += [_marked(inner, kid, link) for inner in kids_of(kid)]
        else:
            kids.append(kid)
    link.K = pikepdf.Array(kids)


def _rebuild_parent_tree(pdf, document):
    """The parent tree made anew from the tree: for each page's marked content and each
    annotation, the element that holds it."""
    pages = {page.obj.objgen: page for page in pdf.pages}
    marked, annotations = {}, {}
    for element in elements_under(document):
        for kid in kids_of(element):
            if isinstance(kid, int) and '/Pg' in element:
                marked.setdefault(element.Pg.objgen, {})[kid] = element
            elif isinstance(kid, pikepdf.Dictionary) and kid.get('/Type') == Name.MCR:
                marked.setdefault(kid.Pg.objgen, {})[int(kid.MCID)] = element
            elif isinstance(kid, pikepdf.Dictionary) and kid.get('/Type') == Name.OBJR:
                annotations[int(kid.Obj.StructParent)] = element
    nums = []
    for objgen, page in pages.items():
        if '/StructParents' in page.obj:
            found = marked.get(objgen, {})
            nums += [int(page.obj.StructParents),
                     pikepdf.Array([found.get(number) for number in range(max(found, default=-1) + 1)])]
    for key in sorted(annotations):
        nums += [key, annotations[key]]
    pairs = sorted(zip(nums[::2], nums[1::2]), key=lambda pair: pair[0])
    pdf.Root.StructTreeRoot.ParentTree = pdf.make_indirect(pikepdf.Dictionary(
        Nums=pikepdf.Array([item for pair in pairs for item in pair])))
    return marked


def flatten_spans(pdf):
    """Hand the content of each plain Span to its parent, in place."""
    if '/StructTreeRoot' not in pdf.Root:
        return
    moved = {}
    stack = [pdf.Root.StructTreeRoot]
    order = []
    while stack:                      # parents before children; flattened children first
        element = stack.pop()
        order.append(element)
        stack.extend(kid for kid in kids_of(element) if is_element(kid))
    for element in reversed(order):
        kids = []
        for kid in kids_of(element):
            if is_element(kid) and kid.get('/S') == Name.Span and set(kid.keys()) <= PLAIN_SPAN:
                kids += [_rehomed(inner, kid, element) for inner in kids_of(kid)]
                moved[kid.objgen] = element
            else:
                kids.append(kid)
        if '/K' in element:
            element.K = pikepdf.Array(kids)
    _repoint_parent_tree(pdf, moved)


def _rehomed(kid, span, parent):
    """A Span's kid as its parent's: marked content on another page is named with its page."""
    if is_element(kid):
        kid.P = parent
        return kid
    if isinstance(kid, int) and span.get('/Pg') is not None and (
            parent.get('/Pg') is None or span.Pg.objgen != parent.Pg.objgen):
        return pikepdf.Dictionary(Type=Name.MCR, Pg=span.Pg, MCID=kid)
    return kid


def _repoint_parent_tree(pdf, moved):
    """The parent tree names, for each marked content, the element that now holds it."""
    def owner(element):
        while isinstance(element, pikepdf.Dictionary) and element.objgen in moved:
            element = moved[element.objgen]
        return element
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    for index in range(1, len(nums), 2):
        value = nums[index]
        if isinstance(value, pikepdf.Array):
            nums[index] = pikepdf.Array([owner(element) for element in value])
        else:
            nums[index] = owner(value)
