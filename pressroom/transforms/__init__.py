"""Stage 2, transforms: each chapter's Markdown made into clean HTML — citations footnoted,
converted by pandoc, sanitised, typographic refinements."""
