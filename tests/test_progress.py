"""The progress line: stage, step and elapsed time on a terminal, nothing otherwise."""

import logging

from pressroom.build import Progress


def test_progress_stays_quiet_when_not_asked(capsys):
    progress = Progress(enabled=False)
    progress('laying out pages')
    logging.getLogger('weasyprint.progress').info('Step 5 - Creating layout - Page %d', 3)
    progress.done()
    assert capsys.readouterr().err == ''


def test_progress_shows_stage_step_and_elapsed_time_then_lets_go(capsys):
    progress = Progress(enabled=True)
    progress('laying out pages')
    logging.getLogger('weasyprint.progress').info('Step 5 - Creating layout - Page %d', 312)
    logging.getLogger('pressroom.progress').info('chapters/07.md')
    progress.done()
    lines = capsys.readouterr().err.split('\r')
    assert any('laying out pages: Creating layout - Page 312' in line for line in lines)
    assert any('laying out pages: chapters/07.md' in line for line in lines)
    assert all(line.startswith('[') and 's] ' in line for line in lines if line.strip())
    logging.getLogger('weasyprint.progress').info('Step 6 - Creating PDF')
    assert capsys.readouterr().err == ''
