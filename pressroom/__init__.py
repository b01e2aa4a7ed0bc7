"""pressroom: a Markdown book folder in, an EPUB, a screen PDF and print files out."""

__version__ = '0.1.0'
