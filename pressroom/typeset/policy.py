"""The typesetting policy as data: how lines are broken, how pages are mended, and the
thresholds the proof holds the pages to. The engine and `invoke proof` read these tables
and nothing else, so a change of policy is a change here.

Lengths are in em of the text's own size (a note's em is the note's), penalties and
demerits in TeX's units: a break's cost grows with the square of its badness, and
10,000 or more means never.
"""

NEVER = 10_000

# How lines are broken (knuthplass.py, paragraph.py). The face's own word space stretches
# and shrinks by these; with `tolerance` (the most badness a line may have, 100 r³ for an
# adjustment ratio r) they bound the word space of a justified line.
LINES = {
    'stretch': 0.04,            # em a word space may grow at r = 1
    'shrink': 0.043,            # em it may give at r = -1 (never more): 0.15 em at the least, letters narrowed
    # The letters of a justified line widen or narrow with its spaces, by at most this
    # fraction of their width (at r = ±1), as pdfTeX's font expansion and a layout
    # program's glyph scaling do: the glyphs are scaled, so ligatures and kerning stay as
    # the face has them. Most of a line's give is here, so its word spaces stay even.
    'expansion': 0.04,
    'pretolerance': 100,        # a paragraph set without hyphens if every line is this good
    'tolerance': 400,           # else with hyphens, within this
    'emergency': 3000,          # else anything short of overfull: a word no line can take
    'evenness': 0,              # badness is 100 (|r|³ + evenness r²)
    'line_penalty': 10,
    'hyphen_penalty': 400,      # a break inside a word
    'explicit_penalty': 50,     # a break after a hyphen or dash the author wrote
    'slash_penalty': 200,       # a break after a slash
    'code_penalty': 300,        # a break inside a word of code (paragraph.CODE_BREAK_RE)
    'double_hyphen': 10_000,    # demerits: two hyphenated lines in a row
    'final_hyphen': 5_000,      # demerits: a hyphen on the paragraph's last full line
    'adjacent': 10_000,         # demerits: a loose line beside a tight one (fitness classes)
    'short_last': 400,          # demerits: a last line shorter than `last_line` em
    'last_line': 2.0,
    # Ragged text (not justified, hyphens auto): the space left at a line's end stretches.
    'ragged': 3.0,
}

# Fitness classes by adjustment ratio: tight, decent, loose, very loose.
FITNESS = (-0.5, 0.5, 1.0)

# How pages are mended (pagefix.py), once per page and only where a paragraph on it can
# be set otherwise with its word spaces within the proof's bounds (PROOF): a hyphen on the
# page's last line, and a full page left short.
PAGES = {
    'foot_hyphen': True,        # the last line of a page never ends with a hyphen
    'short_lines': 1,           # a full page may end at most this many lines short
    'looser_per_page': 1,       # paragraphs a page may set a line looser to fill itself
    'tighter_per_page': 3,      # paragraphs a page may set a line tighter to take a heading
    'look_back': 2,             # pages before a short one where a looser paragraph may fill it
}

# Where a full page's leftover space may go (upstream/stretch.py): above headings and
# around displays, at most these many points each.
STRETCH = {
    'above': {'h2': 20, 'h3': 16, 'h4': 14},
    'around': {'blockquote': 16, 'figure': 20, 'table': 16, 'pre': 10, 'hr': 12, 'dl': 10},
    'around_classes': {'line-block': 6, 'equation': 8, 'epigraph': 8},
}

# What `invoke proof` holds the pages to (checks/proof.py), and the tests with it.
PROOF = {
    'loose_em': 0.40,           # a justified line's mean word space above this is loose
    'tight_em': 0.15,           # and below this tight
    'space_sd_em': 0.035,       # the spread of word space over the justified lines
    'hyphenated_share': 0.06,   # of the lines of text
}
