"""The one check of whether CSS would load something: used on `style=` and `<style>` in
chapters and in SVG files alike."""

import re

import tinycss2

# CSS functions that take a URL or an image; vendor prefixes (-webkit-image-set) count too.
LOADING_FUNCTIONS = {'url', 'src', 'image', 'image-set', 'cross-fade', 'element'}
VENDOR_PREFIX_RE = re.compile(r'^-[a-z]+-')
# URLs that stay inside the file: a #fragment, or an inert raster image.
SELF_CONTAINED_RE = re.compile(r'^(#|data:image/(png|jpeg|gif)[;,])', re.I)


def fetches(nodes):
    """True when CSS (tinycss2 nodes) would load something from outside the file: an
    @import, or a url() or other loading function whose URL is not self-contained."""
    for node in nodes:
        if node.type == 'at-rule' and node.lower_at_keyword == 'import':
            return True
        if node.type == 'url' and not _self_contained(node.value):
            return True
        if node.type == 'function' and VENDOR_PREFIX_RE.sub('', node.lower_name) in LOADING_FUNCTIONS \
                and any(token.type == 'string' and not _self_contained(token.value) for token in node.arguments):
            return True
        nested = [*(getattr(node, 'prelude', None) or ()), *(getattr(node, 'content', None) or ()),
                  *(getattr(node, 'arguments', None) or ())]
        if fetches(nested):
            return True
    return False


def declarations_fetch(text):
    """`fetches` for the value of a style= attribute (or an SVG presentation attribute)."""
    return fetches(tinycss2.parse_component_value_list(text))


def stylesheet_fetches(text):
    """`fetches` for a whole stylesheet, as in a <style> element."""
    return fetches(tinycss2.parse_stylesheet(text))


def _self_contained(url):
    return bool(SELF_CONTAINED_RE.match(url.strip()))
