"""Pages mended as TeX mends them: by setting a paragraph on the page otherwise, from the
demerits its line breaking already weighed, never by hand.

Two faults are mended, each page once, as it is made (upstream/pages.py lays it out
again with the change, before the pages after it are made):

- a hyphen on the page's last line: its paragraph is set again from its first line on
  the page with that line unhyphenated, in as many lines if it can be;
- a full page left more than `PAGES['short_lines']` lines short (a heading that would not
  fit with two lines of its text went on to the next page): paragraphs on the page are
  set a line looser, the cheapest first, until it is full or none can be.

Plain data in and out: the page's lines come as `Line` facts, and the changes go back as
(plan, first line, solution) for the plan to adopt.
"""

from dataclasses import dataclass

from .policy import LINES, PAGES


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


def mend(page):
    """The changes that mend `page`: [(plan, first line, solution)], or []."""
    if not page.lines:
        return []
    last = page.lines[-1]
    if PAGES['foot_hyphen'] and last.plan is not None and last.hyphenated:
        change = _unhyphenate(page, last)
        if change:
            return [change]
    if page.full and page.short > (PAGES['short_lines'] + 0.5) * page.pitch:
        return _fill(page)
    return []


def _first(page, plan):
    """The number of `plan`'s first line on the page."""
    return min(line.number for line in page.lines if line.plan is plan)


def _unhyphenate(page, last):
    """The cheapest of: the paragraph set again with its line at the foot unhyphenated, in
    as many lines; another paragraph on the page a line looser or tighter, so that the page
    ends on a line without a hyphen; that paragraph set again in any number of lines."""
    plan = last.plan
    first = _first(page, plan)
    found = plan.replan(first, unflagged={last.number})
    same = found.get(plan.solution.lines)
    if same is not None:
        return plan, first, same
    moved = _moved(page, last)
    if moved:
        return moved
    found = found or plan.replan(first, {last.number}, LINES['emergency'])
    if not found:
        return None
    nearest = min(found, key=lambda count: (abs(count - plan.solution.lines), found[count].demerits))
    return plan, first, found[nearest]


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
            found = other.replan(0)
            now, then = found.get(other.solution.lines), found.get(other.solution.lines + step)
            if now is not None and then is not None:
                options.append((then.demerits - now.demerits, id(other), other, then))
    if not options:
        return None
    _, _, other, solution = min(options)
    return other, 0, solution


def _whole(page):
    """The plans of the paragraphs whose every line is on the page."""
    counts = {}
    for line in page.lines:
        if line.plan is not None:
            counts.setdefault(line.plan, set()).add(line.number)
    return [plan for plan, numbers in counts.items() if numbers == set(range(plan.solution.lines))]


def _fill(page):
    """Paragraphs set a line looser, the cheapest first, as many as the space left takes."""
    wanted = min(int(page.short / page.pitch - PAGES['short_lines'] + 0.5), PAGES['looser_per_page'])
    options = []
    for plan in dict.fromkeys(line.plan for line in page.lines if line.plan is not None):
        first = _first(page, plan)
        lines = plan.solution.lines
        found = plan.replan(first)
        now, looser = found.get(lines), found.get(lines + 1)
        if now is not None and looser is not None:
            options.append((looser.demerits - now.demerits, id(plan), plan, first, looser))
    return [(plan, first, looser) for _, _, plan, first, looser in sorted(options)[:max(wanted, 0)]]
