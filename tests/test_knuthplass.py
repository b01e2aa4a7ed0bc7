"""Total-fit line breaking (typeset/knuthplass.py), held to an exhaustive search."""

import math
import random

import pytest

from pressroom.typeset import knuthplass
from pressroom.typeset.knuthplass import BOX, GLUE, PENALTY, Items, Rules
from pressroom.typeset.policy import NEVER

RULES = Rules(line_penalty=10, double_hyphen=10_000, final_hyphen=5_000, adjacent=10_000, short_last=400,
              last_line=20, max_run=2)


def paragraph(words, hyphens=(), stretch=2):
    """Items for words of the given widths, a space of 4 (+`stretch`/-1) between them, and a
    hyphenation point (hyphen width 3) in the words whose index is in `hyphens`."""
    items = Items()
    for index, width in enumerate(words):
        if index:
            items.add(GLUE, 4, stretch, 1)
        if index in hyphens:
            items.add(BOX, width / 2)
            items.add(PENALTY, 3, cost=50, flagged=True, hyphenation=True)
            items.add(BOX, width - width / 2)
        else:
            items.add(BOX, width)
    items.add(PENALTY, cost=NEVER)
    items.add(GLUE, stretch=1e6)
    items.add(PENALTY, cost=-NEVER)
    return items


def exhaustive(items, widths, rules, tolerance):
    """The least demerits of any breaking, found by trying every sequence of breaks (as a
    search over (break, line, fitness, hyphens in a row) states), or None."""
    kinds, costs, flagged = items.kinds, items.costs, items.flagged
    legal = [b for b in range(1, len(kinds)) if (kinds[b] == GLUE and kinds[b - 1] == BOX)
             or (kinds[b] == PENALTY and costs[b] < NEVER)]
    best = {(None, 0, 1, 0): 0.0}
    for b in legal:
        for (position, line, fitness, run), total in list(best.items()):
            if position is not None and position >= b:
                continue
            start = 0 if position is None else knuthplass._after(kinds, costs, position)
            if any(kinds[i] == PENALTY and costs[i] <= -NEVER for i in range(start, b)):
                continue
            width = sum(items.widths[i] for i in range(start, b) if kinds[i] != PENALTY)
            width += items.widths[b] if kinds[b] == PENALTY else 0
            stretch = sum(items.stretch[i] for i in range(start, b) if kinds[i] != PENALTY)
            shrink = sum(items.shrink[i] for i in range(start, b) if kinds[i] != PENALTY)
            target = widths[0] if line == 0 else widths[1]
            ratio = (target - width) / stretch if width < target and stretch else \
                (target - width) / shrink if width > target and shrink else (0 if width == target else math.inf)
            badness = 100 * abs(ratio) ** 3 if ratio != math.inf else math.inf
            if ratio < -1 or badness > tolerance:
                continue
            cost, hyphen = (costs[b], flagged[b]) if kinds[b] == PENALTY else (0, False)
            now = run + 1 if hyphen else 0
            if now > rules.max_run:
                continue
            demerits = (rules.line_penalty + badness) ** 2 + (cost * cost if cost > 0 else 0)
            demerits -= cost * cost if -NEVER < cost < 0 else 0
            demerits += rules.double_hyphen if hyphen and run else 0
            fit = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1 else 3
            demerits += rules.adjacent if abs(fit - fitness) > 1 else 0
            if cost <= -NEVER:
                demerits += rules.final_hyphen if run else 0
                demerits += rules.short_last if position is not None and width < rules.last_line else 0
            key = (b, line + 1, fit, min(now, rules.max_run))
            best[key] = min(best.get(key, math.inf), total + demerits)
    finals = [total for (position, *_), total in best.items() if position == len(kinds) - 1]
    return min(finals) if finals else None


@pytest.mark.parametrize('seed', range(60))
def test_the_chosen_breaks_have_the_least_demerits_of_any(seed):
    rng = random.Random(seed)
    words = [rng.randint(8, 40) for _ in range(rng.randint(8, 40))]
    items = paragraph(words, {index for index in range(len(words)) if rng.random() < 0.3})
    widths = (rng.randint(90, 130), rng.randint(110, 150))
    found = knuthplass.solutions(items, widths, RULES, 400)
    expected = exhaustive(items, widths, RULES, 400)
    if expected is None:
        assert found == {}
    else:
        assert min(solution.demerits for solution in found.values()) == pytest.approx(expected)


def _first_fit(words, width):
    """Lines as a first-fit breaker fills them (as many words as fit at their natural spaces)."""
    lines, line = [], []
    for word in words:
        if line and sum(line) + 4 * len(line) + word > width:
            lines.append(line)
            line = []
        line.append(word)
    return lines + [line]


def test_a_paragraph_is_set_as_a_whole_not_line_by_line():
    """Where first-fit leaves a line loose, total fit takes words from the lines before it
    so that no line is as loose: its worst line is better."""
    rng = random.Random(7)
    better = 0
    for _ in range(40):
        words = [rng.randint(8, 40) for _ in range(30)]
        greedy = _first_fit(words, 120)
        worst_greedy = max((120 - sum(line) - 4 * (len(line) - 1)) / (8 * (len(line) - 1))
                           for line in greedy[:-1] if len(line) > 1)
        best = min(knuthplass.solutions(paragraph(words, stretch=8), (120, 120), RULES, 1e9).values(),
                   key=lambda solution: solution.demerits)
        assert max(best.ratios[:-1]) <= worst_greedy + 1e-9
        better += max(best.ratios[:-1]) < worst_greedy - 0.1
    assert better >= 10          # 20 of the 40 here


def test_no_more_hyphens_in_a_row_than_the_book_allows():
    items = paragraph([30] * 40, set(range(40)))
    for allowed in (1, 2):
        rules = Rules(10, 0, 0, 0, max_run=allowed)
        best = min(knuthplass.solutions(items, (95, 95), rules, 10_000).values(), key=lambda s: s.demerits)
        flags = [items.flagged[b] for b in best.breaks]
        runs = ''.join('1' if flag else '0' for flag in flags).split('0')
        assert max(map(len, runs)) <= allowed


def test_solutions_by_line_count_and_a_line_kept_unhyphenated():
    items = paragraph([20, 25, 30, 22, 28, 24, 26, 21, 29, 23, 27, 25, 20, 30], set(range(14)))
    by_count = knuthplass.solutions(items, (110, 110), RULES, 5000, by_line=True)
    assert len(by_count) >= 2 and all(solution.lines == count for count, solution in by_count.items())
    best = min(by_count.values(), key=lambda solution: solution.demerits)
    hyphenated = [line for line, b in enumerate(best.breaks) if items.flagged[b]]
    assert hyphenated
    kept = knuthplass.solutions(items, (110, 110), RULES, 5000, unflagged={hyphenated[0]})
    assert kept and all(not items.flagged[solution.breaks[hyphenated[0]]] for solution in kept.values())


def test_a_word_wider_than_the_line_is_set_overfull_rather_than_failing():
    items = paragraph([20, 300, 20])
    assert knuthplass.solutions(items, (100, 100), RULES, 3000) == {}
    found = knuthplass.solutions(items, (100, 100), RULES, 3000, overfull=True)
    best = min(found.values(), key=lambda solution: solution.demerits)
    assert best.breaks[0] == 3 and best.ratios[0] == -1      # the wide word's line, set too long


def test_the_final_pass_sets_a_line_loose_rather_than_the_next_one_too_long():
    """A word too wide to join the line before it (a long code span): that line is set
    loose, never the two run together past the measure."""
    items = paragraph([30, 30, 90])
    assert knuthplass.solutions(items, (100, 100), RULES, 3000) == {}
    found = knuthplass.solutions(items, (100, 100), RULES, 3000, overfull=True)
    best = min(found.values(), key=lambda solution: solution.demerits)
    assert best.breaks[0] == 3 and best.ratios[0] > 1 and min(best.ratios) >= -1


def test_the_rest_of_a_paragraph_is_set_again_from_a_line_on():
    items = paragraph([20, 25, 30, 22, 28, 24, 26, 21, 29, 23, 27, 25, 20, 30], set(range(14)))
    best = min(knuthplass.solutions(items, (110, 110), RULES, 5000).values(), key=lambda s: s.demerits)
    again = knuthplass.solutions(items, (110, 110), RULES, 5000, start=best.breaks[1], line=2, by_line=True)
    assert again[best.lines].breaks == best.breaks[2:]
