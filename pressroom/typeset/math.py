"""MathML typeset for the PDFs, which WeasyPrint cannot draw: each formula becomes an SVG
picture (ziamath, in its STIX Two Math face), sized in em so that it follows the text it
sits in, on the text's baseline, described in words (mathspeech.py) for readers who hear it."""

import base64
import copy
from functools import lru_cache

import lxml.etree
import lxml.html

from ..writers.mathspeech import describe

MATHML = 'http://www.w3.org/1998/Math/MathML'
SIZE = 10        # points the SVG is drawn at; the CSS scales it to the text's size (1em = SIZE)


def typeset(root):
    """Each <math> in the parsed page document replaced by its picture, in place."""
    for formula in list(root.iter('math')):
        lang = next((node.get('lang') for node in formula.iterancestors() if node.get('lang')), None)
        picture = lxml.html.Element('img', {'class': 'math', 'alt': describe(formula, lang)})
        svg, width, height, depth = _draw(_mathml(formula))
        picture.set('src', 'data:image/svg+xml;base64,' + base64.b64encode(svg.encode()).decode())
        picture.set('style', f'width: {width / SIZE:.3f}em; height: {height / SIZE:.3f}em; '
                             f'vertical-align: {-depth / SIZE:.3f}em')
        picture.tail = formula.tail
        formula.getparent().replace(formula, picture)


def _mathml(formula):
    """The formula as MathML text ziamath reads: no `semantics` wrapper or TeX annotation."""
    formula = copy.deepcopy(formula)
    for semantics in formula.findall('semantics'):
        if len(semantics):
            formula.replace(semantics, semantics[0])
    for annotation in list(formula.iter('annotation', 'annotation-xml')):
        annotation.getparent().remove(annotation)
    formula.tail = None
    formula.attrib.pop('xmlns', None)
    formula.set('xmlns', MATHML)
    return lxml.etree.tostring(formula, encoding='unicode')


@lru_cache(maxsize=1024)
def _draw(mathml):
    """(SVG text, width, height, depth below the baseline), in points at SIZE."""
    import ziamath
    drawn = ziamath.Math(mathml, size=SIZE)
    svg = drawn.svg()
    root = lxml.etree.fromstring(svg.encode())
    _, top, width, height = (float(number) for number in root.get('viewBox').split())
    return svg, width, height, height + top
