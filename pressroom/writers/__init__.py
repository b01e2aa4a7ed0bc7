"""Stage 4, writers: one per output, each reading the HTML intermediate — the web page, the
EPUB, the PDFs (screen and print, laid out once) and the print cover."""
