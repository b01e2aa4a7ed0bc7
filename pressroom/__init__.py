"""pressroom: a Markdown book folder in, an EPUB, a screen PDF and print files out."""

from pathlib import Path

__version__ = '0.1.0'
STYLES_DIR = Path(__file__).resolve().parent.parent / 'styles'   # the look, and what is made for it
