"""The HTML writer: the intermediate as a page to read in a browser."""

from ..paths import stylesheet

WEB_CSS = ('base.css', 'web.css')   # inlined into the page


def web_page(html, book):
    """The intermediate with its browser styles inlined: it depends on nothing outside
    build/, and reads the same wherever it is copied."""
    css = ''.join(stylesheet(name, book).read_text(encoding='utf-8') for name in WEB_CSS)
    return html.replace('</head>', f'<style media="screen">\n{css}</style>\n</head>', 1)
