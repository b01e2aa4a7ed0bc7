"""Stage 1, sources: the book folder read and checked — metadata.yaml, the chapter files,
their images — and never anything outside it."""
