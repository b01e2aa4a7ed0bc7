"""The progress line: stage, step and elapsed time on a terminal, nothing otherwise."""

import logging

from pressroom.build import Progress

STEPS = logging.getLogger('pressroom.progress')


def test_progress_stays_quiet_when_not_asked(capsys):
    progress = Progress(enabled=False)
    progress('laying out pages')
    STEPS.info('part %d of %d laid out', 3, 9)
    progress.done()
    assert capsys.readouterr().err == ''


def test_progress_shows_stage_step_and_elapsed_time_then_lets_go(capsys):
    progress = Progress(enabled=True)
    progress('laying out pages')
    STEPS.info('part %d of %d laid out', 3, 9)
    STEPS.info('pandoc: %s', 'chapters/07.md')
    progress.done()
    lines = capsys.readouterr().err.split('\r')
    assert any('laying out pages: part 3 of 9 laid out' in line for line in lines)
    assert any('laying out pages: pandoc: chapters/07.md' in line for line in lines)
    assert all(line.startswith('[') and 's] ' in line for line in lines if line.strip())
    STEPS.info('page numbers')
    assert capsys.readouterr().err == ''
