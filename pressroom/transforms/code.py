"""Code blocks set line by line: each line of a `pre` an element of its own, with its indent
as `--indent` (in ch), so that styles/ can wrap a line too long for the measure and hang
what runs over deeper than the line itself starts, as verse does."""

import lxml.html

TAB = 8     # columns a tab moves to, as CSS's default tab-size


def set_lines(root):
    """Each plain-text `pre` (or `pre > code`) split at its newlines into `span.line`s."""
    for pre in root.iter('pre'):
        holder = pre[0] if len(pre) == 1 and pre[0].tag == 'code' and not (pre.text or '').strip() else pre
        if len(holder) or holder is not pre and (pre[0].tail or '').strip():
            continue        # raw HTML with markup inside: left as written
        text = (holder.text or '').removesuffix('\n')
        holder.text = None
        for line in text.split('\n'):
            span = lxml.html.Element('span', {'class': 'line'})
            span.text = line or None
            indent = len(line.expandtabs(TAB)) - len(line.expandtabs(TAB).lstrip())
            if indent and line.strip():
                span.set('style', f'--indent: {indent}ch')
            holder.append(span)
