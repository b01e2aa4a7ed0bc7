"""Stage 3, the intermediate: one semantic HTML5 document of the whole book, which every
writer reads."""
