"""Total-fit line breaking: Knuth and Plass's algorithm ("Breaking Paragraphs into Lines",
1981), as TeX breaks paragraphs.

A paragraph is a row of items: boxes (what is set), glue (a space that may stretch and
shrink) and penalties (a place to break, at a cost, `flagged` when the break shows a
hyphen). Every way of breaking it into lines whose spaces stay within the tolerance is
weighed at once, by demerits: each line's badness (100 r³ for its adjustment ratio r) and
penalty, more for two hyphens in a row, for a hyphen on the last full line, and for a
loose line beside a tight one. The cheapest wins.

Plain data in and out, no WeasyPrint: paragraph.py makes the items, the engine imposes
the breaks.
"""

from dataclasses import dataclass
from math import inf

from .policy import FITNESS, NEVER

BOX, GLUE, PENALTY = 0, 1, 2
LOOSE_MOST = 100 * NEVER     # the badness of a line with no space to stretch, in the final pass
_TIGHT, _DECENT, _LOOSE = FITNESS


class Items:
    """A paragraph as parallel lists, one entry per item. `hyphenation[i]` marks a penalty
    that only a pass with hyphenation may break at."""

    __slots__ = ('kinds', 'widths', 'stretch', 'shrink', 'costs', 'flagged', 'hyphenation')

    def __init__(self):
        self.kinds, self.widths, self.stretch, self.shrink = [], [], [], []
        self.costs, self.flagged, self.hyphenation = [], [], []

    def __len__(self):
        return len(self.kinds)

    def add(self, kind, width=0.0, stretch=0.0, shrink=0.0, cost=0, flagged=False, hyphenation=False):
        self.kinds.append(kind)
        self.widths.append(width)
        self.stretch.append(stretch)
        self.shrink.append(shrink)
        self.costs.append(cost)
        self.flagged.append(flagged)
        self.hyphenation.append(hyphenation)


@dataclass(frozen=True)
class Rules:
    """What the breaker weighs (policy.LINES and the book's `hyphenation:`)."""
    line_penalty: float
    double_hyphen: float
    final_hyphen: float
    adjacent: float
    short_last: float = 0       # demerits of a last line shorter than `last_line` px
    last_line: float = 0
    max_run: int = NEVER        # hyphenated lines in a row, at most
    evenness: float = 0         # badness is 100 (|r|³ + evenness r²): a line a little loose costs more


@dataclass(frozen=True)
class Solution:
    breaks: tuple               # the item index ending each line
    ratios: tuple               # each line's adjustment ratio
    demerits: float

    @property
    def lines(self):
        return len(self.breaks)


class _Node:
    __slots__ = ('position', 'line', 'fitness', 'run', 'width', 'stretch', 'shrink', 'demerits',
                 'previous', 'flagged', 'ratio')

    def __init__(self, position, line, fitness, run, width, stretch, shrink, demerits, previous, flagged, ratio):
        self.position, self.line, self.fitness, self.run = position, line, fitness, run
        self.width, self.stretch, self.shrink = width, stretch, shrink
        self.demerits, self.previous, self.flagged, self.ratio = demerits, previous, flagged, ratio


def solutions(items, widths, rules, tolerance, *, hyphenate=True, start=None, line=0,
              unflagged=frozenset(), by_line=False, overfull=False):
    """{line count: the best Solution with that many lines} of the paragraph `items`, lines
    `widths` (first, the rest) px wide, within `tolerance` (badness). Only the best overall
    unless `by_line` (or `unflagged`: line numbers whose break may not show a hyphen).
    `start` (an item index breaking line `line` - 1) sets only what follows it. With
    `overfull` (the final pass), a line too loose is taken, and one no break can make short
    enough is set too long, rather than failing.
    {} if no breaking fits."""
    kinds, costs, flags, hyphenation = items.kinds, items.costs, items.flagged, items.hyphenation
    cum_w, cum_y, cum_z = _sums(items)
    first, rest = widths
    by_line = by_line or bool(unflagged)
    begin = _after(kinds, costs, start) if start is not None else 0
    root = _Node(start, line, 1, 0, cum_w[begin], cum_y[begin], cum_z[begin], 0.0, None, False, 0.0)
    active, head, n = [root], 0, len(kinds)
    for b in range(begin + 1, n):
        kind = kinds[b]
        if kind == BOX:
            continue
        if kind == GLUE:
            if kinds[b - 1] != BOX:
                continue
            cost, flagged, extra = 0, False, 0.0
        else:
            cost = costs[b]
            if cost >= NEVER or (hyphenation[b] and not hyphenate):
                continue
            flagged, extra = flags[b], items.widths[b]
        forced = cost <= -NEVER
        length_at, stretch_at, shrink_at = cum_w[b] + extra, cum_y[b], cum_z[b]
        best = {}
        deactivated = None
        index = head
        while index < len(active):
            node = active[index]
            target = first if node.line == 0 else rest
            length = length_at - node.width
            if length < target:
                y = stretch_at - node.stretch
                ratio = (target - length) / y if y > 0 else inf
            elif length > target:
                z = shrink_at - node.shrink
                ratio = (target - length) / z if z > 0 else -inf
            else:
                ratio = 0.0
            if ratio < -1:
                if index == head:
                    head += 1
                    if deactivated is None or node.demerits < deactivated.demerits:
                        deactivated = node
                index += 1
                continue
            index += 1
            badness = 100 * (abs(ratio) ** 3 + rules.evenness * ratio * ratio) if ratio != inf else inf
            if badness > tolerance:
                if overfull and ratio > 0:
                    # The final pass: a line too loose is set loose (its cost the most a line may
                    # have, and more the looser) rather than let a later line run too long.
                    badness = min(badness, LOOSE_MOST)
                elif node.line != 0 and not forced:
                    break           # later nodes make shorter lines still
                else:
                    continue
            _weigh(best, node, ratio, badness, cost, flagged, forced, rules, unflagged, by_line,
                   length - extra if forced else 0.0)
        if forced:
            head = len(active)
        if not best and overfull and head == len(active) and deactivated is not None:
            # No line can end here but one too long: take it rather than fail (TeX's final pass).
            _weigh(best, deactivated, -1.0, NEVER, cost, flagged, forced, rules, frozenset(), by_line, 0.0)
        if best:
            after = _after(kinds, costs, b)
            for demerits, node, ratio, fitness, run in best.values():
                active.append(_Node(b, node.line + 1, fitness, run, cum_w[after], cum_y[after], cum_z[after],
                                    demerits, node, flagged, ratio))
        if head > 64 and head * 2 > len(active):
            del active[:head]
            head = 0
    return _chosen(active[head:], n - 1)


def _weigh(best, node, ratio, badness, cost, flagged, forced, rules, unflagged, by_line, last_length):
    """Record the break after `node` in `best` if it is the cheapest of its kind so far."""
    run = node.run + 1 if flagged else 0
    if run > rules.max_run or (flagged and node.line in unflagged):
        return
    demerits = (rules.line_penalty + badness) ** 2
    if cost > 0:
        demerits += cost * cost
    elif cost > -NEVER:
        demerits -= cost * cost
    if flagged and node.flagged:
        demerits += rules.double_hyphen
    fitness = 0 if ratio < _TIGHT else 1 if ratio <= _DECENT else 2 if ratio <= _LOOSE else 3
    if abs(fitness - node.fitness) > 1:
        demerits += rules.adjacent
    if forced:
        if node.flagged:
            demerits += rules.final_hyphen
        if last_length < rules.last_line and node.previous is not None:
            demerits += rules.short_last
    total = node.demerits + demerits
    key = (node.line + 1 if by_line else 0, fitness, min(run, rules.max_run))
    if key not in best or total < best[key][0]:
        best[key] = (total, node, ratio, fitness, run)


def _sums(items):
    """Running totals of width, stretch and shrink before each item (penalties count only
    where a line breaks at them)."""
    cum_w, cum_y, cum_z = [0.0], [0.0], [0.0]
    w = y = z = 0.0
    for kind, width, stretch, shrink in zip(items.kinds, items.widths, items.stretch, items.shrink):
        if kind != PENALTY:
            w += width
            y += stretch
            z += shrink
        cum_w.append(w)
        cum_y.append(y)
        cum_z.append(z)
    return cum_w, cum_y, cum_z


def _after(kinds, costs, position):
    """The index a line starts at after a break at `position`: glue and penalties there
    are discarded up to the next box (or forced break)."""
    index = position + 1 if kinds[position] == PENALTY else position
    while index < len(kinds) and kinds[index] != BOX and not (kinds[index] == PENALTY and costs[index] <= -NEVER
                                                                and index > position):
        index += 1
    return index


def _chosen(nodes, last):
    """The best solution for each line count among the nodes ending the paragraph."""
    found = {}
    for node in nodes:
        if node.position == last and (node.line not in found or node.demerits < found[node.line].demerits):
            found[node.line] = node
    return {count: _solution(node) for count, node in sorted(found.items())}


def _solution(node):
    breaks, ratios, demerits = [], [], node.demerits
    while node.previous is not None:
        breaks.append(node.position)
        ratios.append(node.ratio)
        node = node.previous
    return Solution(tuple(reversed(breaks)), tuple(reversed(ratios)), demerits)
