"""Pages mended as TeX mends them: by setting a paragraph on the page otherwise, from the
demerits its line breaking already weighed, never by hand.

Two faults are mended, each page once, as it is made (upstream/pages.py lays it out
again with the change, before the pages after it are made), or else from the page before
it, both laid out again once the book is (`mend_before`):

- a hyphen on the page's last line: its paragraph is set again from its first line on
  the page with that line unhyphenated, in as many lines if it can be;
- a full page left more than `PAGES['short_lines']` lines short, more than the space on it
  may stretch to take up (upstream/stretch.py; a heading that would not
  fit with two lines of its text went on to the next page): paragraphs on the page are set
  a line tighter, the cheapest first, so that the heading and its lines come back (what
  they need is measured on the next page, made ahead for it); else a line looser, so
  that the page is full.

Plain data in and out: the page's lines come as `Line` facts, and the changes go back as
(plan, first line, solution) for the plan to adopt.
"""

from dataclasses import dataclass
from math import ceil, floor

from .policy import LINES, PAGES, PROOF


@dataclass(frozen=True)
class Line:
    plan: object               # paragraph.Plan, or None for a line set by WeasyPrint
    number: int                # the line's number in its paragraph
    hyphenated: bool
    height: float
    orphans: int = 2           # its paragraph's rules for lines left at a page's foot
    widows: int = 2            # and carried to the next page's head


@dataclass(frozen=True)
class Page:
    lines: list                # the main text's lines, in order (Line)
    full: bool                 # its text runs on to the next page, which no forced break starts
    short: float               # space left at its foot, px
    pitch: float               # the height of a line of its text, px
    room: float = 0.0          # how much its space may stretch (above headings, around displays), px


def mend_before(pages):
    """Where the last of `pages` (the page just made, and those before it) is left short and
    nothing on it can be set otherwise: a paragraph on a page before it set a line looser,
    so that a line comes over each page between, and the short page is filled by it. Each
    page it passes must be full and end without a hyphen then. [(index in `pages`, change)],
    or [] if none can be."""
    page = pages[-1]
    if not page.full or (page.short - page.room) / page.pitch <= PAGES['short_lines']:
        return []
    for back in range(2, min(len(pages), PAGES['look_back'] + 1) + 1):
        passed = pages[-back:-1]
        if any(len(before.lines) < 2 or before.lines[-2].hyphenated or not before.full for before in passed):
            return []
        found = _stepped(pages[-back], 1, 1)
        if found:
            return [(len(pages) - back, change) for change in found]
    return []


def mend(page, needed):
    """The changes that mend `page`: [(plan, first line, solution)], or []. `needed()` is
    the height the next page's first lines would need at this page's foot (None if unknown)."""
    if not page.lines or not page.pitch:
        return []
    last = page.lines[-1]
    if PAGES['foot_hyphen'] and last.plan is not None and last.hyphenated:
        change = _unhyphenate(page, last)
        if change:
            return [change]
    lines = page.short / page.pitch
    if page.full and (page.short - page.room) / page.pitch > PAGES['short_lines']:
        height = needed()
        pulled = ceil((height - page.short) / page.pitch) if height else None
        return (_stepped(page, -1, pulled) if pulled and pulled <= PAGES['tighter_per_page'] else []) \
            or _stepped(page, 1, min(floor(lines), ceil(lines - PAGES['short_lines'])))
    return []


def _first(page, plan):
    """The number of `plan`'s first line on the page."""
    return min(line.number for line in page.lines if line.plan is plan)


def _unhyphenate(page, last):
    """The cheapest of: the paragraph set again with its line at the foot unhyphenated, in
    as many lines; another paragraph on the page a line looser or tighter, so that the page
    ends on a line without a hyphen; that paragraph set again in any number of lines. Each
    keeps its word spaces within the proof's bounds, or the hyphen stays."""
    plan = last.plan
    first = _first(page, plan)
    found = plan.replan(first, {last.number}, LINES['emergency'])
    same = found.get(plan.solution.lines)
    if same is not None and _even(plan, first, same):
        return plan, first, same
    moved = _moved(page, last)
    if moved:
        return moved
    even = [solution for solution in found.values() if _even(plan, first, solution)]
    if not even:
        return None
    nearest = min(even, key=lambda solution: (abs(solution.lines - plan.solution.lines), solution.demerits))
    return plan, first, nearest


def _moved(page, last):
    """Another paragraph wholly on the page set a line looser (the foot's paragraph keeps a
    line fewer on the page, or none, as its orphans allow) or tighter (it keeps one more),
    where the line that then ends the page has no hyphen: the cheapest such change."""
    plan, number = last.plan, last.number
    first = _first(page, plan)
    on_page = number - first + 1
    options = []
    for other in _whole(page):
        if other is plan:
            continue
        for step in (1, -1):
            kept = on_page - step
            if 0 < kept < last.orphans:
                kept = 0
            end = first + kept - 1
            carried = plan.solution.lines - first - kept
            if kept and (end >= plan.solution.lines or plan.hyphenated[end]
                         or 0 < carried < last.widows):
                continue
            found = other.replan(0, tolerance=LINES['emergency'])
            now, then = found.get(other.solution.lines), found.get(other.solution.lines + step)
            if now is not None and then is not None and _even(other, 0, then):
                options.append((then.demerits - now.demerits, id(other), other, then))
    if not options:
        return None
    _, _, other, solution = min(options)
    return other, 0, solution


def _even(plan, first, solution):
    """Whether a paragraph set otherwise keeps every word space within the proof's bounds."""
    spaces = plan.spaces(first, solution)
    return all(PROOF['tight_em'] <= space <= PROOF['loose_em'] for space in spaces)


def _whole(page):
    """The plans of the paragraphs whose every line is on the page."""
    counts = {}
    for line in page.lines:
        if line.plan is not None:
            counts.setdefault(line.plan, set()).add(line.number)
    return [plan for plan, numbers in counts.items() if numbers == set(range(plan.solution.lines))]


def _stepped(page, step, count):
    """`count` paragraphs on the page each set a line looser (`step` 1) or tighter (-1), the
    cheapest first; [] unless that many can be (a page loosened takes as many as it can)."""
    count = min(count, PAGES['looser_per_page' if step > 0 else 'tighter_per_page'])
    options = []
    for plan in dict.fromkeys(line.plan for line in page.lines if line.plan is not None):
        first = _first(page, plan)
        found = plan.replan(first, tolerance=LINES['emergency'])
        now, then = found.get(plan.solution.lines), found.get(plan.solution.lines + step)
        if now is not None and then is not None and _even(plan, first, then):
            options.append((then.demerits - now.demerits, id(plan), plan, first, then))
    if count <= 0 or (step < 0 and len(options) < count):
        return []
    return [(plan, first, solution) for _, _, plan, first, solution in sorted(options)[:count]]
