"""Line blocks (`| ` lines in Markdown) set as verse: each line an element of its own, so
that styles/ can hang a line that runs over, keep it ragged and unhyphenated, and space
the stanzas (one line block each)."""

import lxml.html


def set_lines(root):
    """Each `div.line-block`'s lines, which pandoc separates with <br>, as `span.line`."""
    for block in root.xpath('.//div[contains(concat(" ", @class, " "), " line-block ")]'):
        lines, current = [], _line(block.text)
        for child in list(block):
            block.remove(child)
            if child.tag == 'br':
                lines.append(current)
                current = _line(child.tail)
            else:
                current.append(child)
        lines.append(current)
        block.text = None
        block.extend(line for line in lines if line.text or len(line))


def _line(text):
    line = lxml.html.Element('span', {'class': 'line'})
    line.text = (text or '').lstrip('\n') or None
    return line
