"""The EPUB's XHTML as XML readers need it, where the intermediate is HTML: MathML and SVG
in their own namespaces and SVG names in their own case, and the package declaring what
each file holds."""

import zipfile

from lxml import etree

from ..transforms.sanitize import SVG, SVG_ATTRIBUTES

# XHTML is XML: MathML and SVG are themselves only in their namespaces (raw ones in a
# chapter often come without); and the package declares which files hold them, or scripts.
NAMESPACES = {'math': 'http://www.w3.org/1998/Math/MathML', 'svg': 'http://www.w3.org/2000/svg'}
SVG_CASE = {name.lower(): name for name in SVG | SVG_ATTRIBUTES}
PROPERTIES = {'mathml': '{http://www.w3.org/1998/Math/MathML}math', 'svg': '{http://www.w3.org/2000/svg}svg',
              'scripted': '{http://www.w3.org/1999/xhtml}script'}


def declare_namespaces(element):
    """XHTML is XML: each outermost <math> and <svg> is declared in its own namespace, and
    an `xlink:` attribute (SVG 1.1's links) needs its namespace declared, on the outermost
    SVG around it, or on the element itself."""
    for node in element.iter(*NAMESPACES):
        if not any(above.tag in NAMESPACES for above in node.iterancestors()):
            node.set('xmlns', NAMESPACES[node.tag])
    for node in element.iter():
        if isinstance(node.tag, str) and any(name.startswith('xlink:') for name in node.attrib):
            outer = next((a for a in reversed(list(node.iterancestors())) if a.tag == 'svg'), node)
            outer.set('xmlns:xlink', 'http://www.w3.org/1999/xlink')


def final_documents(raw):
    """The package document and the XHTML files as readers need them, where ebooklib's HTML
    parser left them otherwise: SVG names in their own case again (viewBox, linearGradient),
    and each file's `mathml`, `svg` and `scripted` properties as the files hold them
    (EPUBCheck OPF-014, OPF-015), whatever was declared before. {entry name: bytes}."""
    replaced = {}
    with zipfile.ZipFile(raw) as archive:
        package = etree.fromstring(archive.read('EPUB/content.opf'))
        for item in package.iterfind('.//{*}manifest/{*}item'):
            if item.get('media-type') != 'application/xhtml+xml':
                continue
            name = 'EPUB/' + item.get('href')
            document = etree.fromstring(archive.read(name))
            if _svg_cased(document):
                replaced[name] = etree.tostring(document, encoding='utf-8', xml_declaration=True)
            kept = [value for value in (item.get('properties') or '').split() if value not in PROPERTIES]
            found = [value for value, tag in PROPERTIES.items() if next(document.iter(tag), None) is not None]
            if kept or found:
                item.set('properties', ' '.join(kept + found))
            else:
                item.attrib.pop('properties', None)
    replaced['EPUB/content.opf'] = etree.tostring(package, encoding='utf-8', xml_declaration=True)
    return replaced


def _svg_cased(document):
    """SVG elements and attributes named in their own case; whether any was not."""
    changed = False
    for node in document.iter(f'{{{NAMESPACES["svg"]}}}*'):
        local = etree.QName(node).localname
        if SVG_CASE.get(local, local) != local:
            node.tag, changed = f'{{{NAMESPACES["svg"]}}}{SVG_CASE[local]}', True
        for attribute in [name for name in node.attrib if SVG_CASE.get(name, name) != name]:
            node.set(SVG_CASE[attribute], node.attrib.pop(attribute))
            changed = True
    return changed
