"""A paragraph's inline boxes read as plain runs for the line breaker (paragraph.py), and
text measured as WeasyPrint measures it (Pango, with the box's own style).

Each text box is given `_pr_at`, its byte offset in the paragraph: the breaks the breaker
chooses are offsets, and lines.py finds them again in the boxes WeasyPrint splits.
"""

from weasyprint.formatting_structure import boxes
from weasyprint.layout.inline import atomic_box
from weasyprint.layout.percent import resolve_percentages
from weasyprint.text.line_break import create_layout, line_size

from ..paragraph import Face, Fixed, Text

# Style values that change how text is shaped, and so its width.
SHAPING = ('font_family', 'font_style', 'font_stretch', 'font_weight', 'font_size', 'font_kerning',
           'font_variant_ligatures', 'font_variant_position', 'font_variant_caps', 'font_variant_numeric',
           'font_variant_alternates', 'font_variant_east_asian', 'font_feature_settings',
           'font_variation_settings', 'font_language_override', 'lang', 'letter_spacing', 'word_spacing')
WRAPPING = ('normal', 'pre-line')
_widths = {}                # (text, shaping key) -> px, for the life of the process
MAX_WIDTHS = 200_000


def read(context, linebox, containing_block):
    """The runs of `linebox`'s in-flow content, in order, or None if it holds something the
    breaker cannot weigh (a box whose size depends on the line)."""
    runs, faces = [], {}
    at = 0
    for kind, box in _content(linebox):
        if kind == 'text':
            face = faces.get(id(box.style))
            if face is None:
                face = faces[id(box.style)] = _face(box.style)
            box._pr_at = at
            runs.append(Text(box.text, face, at))
            at += len(box.text.encode())
        elif kind == 'edge':
            if box:
                runs.append(Fixed(box))
        else:
            resolve_percentages(box, containing_block)        # as split_inline_level does first
            laid = atomic_box(context, box, 0, None, containing_block, [], [])
            runs.append(Fixed(laid.margin_width()))
    return runs


def _content(box):
    """('text', box), ('edge', width) or ('atom', box) for what a line holds, in order."""
    for child in box.children:
        if not child.is_in_normal_flow():
            continue
        if isinstance(child, boxes.TextBox):
            if child.text:
                yield 'text', child
        elif isinstance(child, boxes.InlineBox):
            resolve_percentages(child, box)
            yield 'edge', _edge(child, 'left')
            yield from _content(child)
            yield 'edge', _edge(child, 'right')
        else:
            yield 'atom', child


def _edge(box, side):
    margin = getattr(box, f'margin_{side}')
    return (0 if margin == 'auto' else margin) + getattr(box, f'padding_{side}') + getattr(box, f'border_{side}_width')


def _face(style):
    key = (getattr(style.font_config, 'serial', None), repr([style[name] for name in SHAPING]))
    code = 'monospace' in style['font_family'] and style['overflow_wrap'] != 'normal'
    return Face(style, style['font_size'], style['hyphens'], style['lang'], tuple(style['hyphenate_limit_chars']),
                style['hyphenate_character'], style['white_space'] in WRAPPING, code, key)


def measure(text, face):
    """The advance of `text` in `face`, in px, as WeasyPrint measures a line of it."""
    found = _widths.get((text, face.key))
    if found is None:
        if len(_widths) > MAX_WIDTHS:
            _widths.clear()
        layout = create_layout(text, face.style, None, None, 0)     # held: it owns the line
        line, _ = layout.get_first_line()
        found = _widths[(text, face.key)] = line_size(line, face.style)[0]
    return found
