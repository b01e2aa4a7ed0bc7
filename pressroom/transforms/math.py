"""TeX math, which pandoc turns into MathML: read again or refused where pandoc could not
read it, and given its source as `alttext`, which reading systems without MathML show and speak."""

from ..errors import BookError
from .sanitize import line_of

TEX = 'application/x-tex'


def mend(root, source, text):
    """Each formula pandoc left as TeX source (it could not parse it) read again where TeX
    allows what pandoc's reader does not: lines broken with `\\` in displayed math, as
    MathJax sets them, become a `gathered` block. BookError at the first that still fails."""
    for span in root.xpath('.//span[contains(concat(" ", @class, " "), " math ")]'):
        formula = span.text_content().strip()
        bare = formula.strip('$').removeprefix('\\(').removesuffix('\\)').removeprefix('\\[').removesuffix('\\]')
        mathml = _gathered(bare, source) if 'display' in span.classes and '\\\\' in bare else None
        if mathml is None:
            shown = formula if len(formula) <= 60 else formula[:57] + '...'
            raise BookError(f'TeX math "{shown}" could not be read; check its braces and commands '
                            '(pandoc reads the TeX that MathJax and KaTeX read)', source,
                            line_of(text, formula) or line_of(text, bare))
        mathml.tail = span.tail
        span.getparent().replace(span, mathml)


def _gathered(tex, source):
    """The MathML of displayed `tex`, its lines set as rows of a `gathered` block, or None."""
    import lxml.html

    from .pandoc import PandocFailed, run
    try:
        html = run(['--from=markdown', '--to=html5', '--mathml', '--sandbox'],
                   f'$$\\begin{{gathered}}{tex}\\end{{gathered}}$$', source)
    except PandocFailed:
        return None
    return next(lxml.html.fragment_fromstring(html, create_parent='div').iter('math'), None)


def label(root):
    """Every <math> gets `alttext`: its TeX, as written; a paragraph that is only a displayed
    formula is marked `equation`, for styles/ to centre it and set the text after it flush."""
    for formula in root.iter('math'):
        tex = tex_source(formula)
        if tex and not formula.get('alttext'):
            formula.set('alttext', tex)
        holder = formula.getparent()
        if formula.get('display') == 'block' and holder.tag == 'p' and len(holder) == 1 \
                and not (holder.text or '').strip() and not (formula.tail or '').strip():
            holder.classes.add('equation')


def tex_source(formula):
    """The TeX a <math> element was made from, or its text."""
    for annotation in formula.iter('annotation'):
        if annotation.get('encoding') == TEX:
            return ' '.join((annotation.text or '').split())
    return ' '.join(formula.text_content().split())

