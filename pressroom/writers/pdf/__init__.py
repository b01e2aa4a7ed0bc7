"""The PDF writer: the intermediate reshaped for pages (paged), laid out by WeasyPrint in
parts (layout, parts), joined into one print master (join), from which the screen PDF and
the print interior are cut (variants)."""
