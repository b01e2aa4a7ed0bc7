"""Same sources, same bytes; a rebuild with nothing changed touches nothing."""

from pressroom.build import build
from pressroom.outputs import sha256

from .conftest import FIXTURES, copy_book


def test_two_builds_in_different_folders_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv('SOURCE_DATE_EPOCH', '1700000000')
    first = build(copy_book(FIXTURES / 'small-book', tmp_path / 'a'))
    second = build(copy_book(FIXTURES / 'small-book', tmp_path / 'b'))
    for name in first:
        assert sha256(first[name][0]) == sha256(second[name][0]), name


def test_rebuild_without_changes_rewrites_nothing(tmp_path):
    folder = copy_book(FIXTURES / 'small-book', tmp_path / 'book')
    first = build(folder)
    times = {name: path.stat().st_mtime_ns for name, (path, _) in first.items()}
    again = build(folder)
    assert not any(rebuilt for _, rebuilt in again.values())
    assert times == {name: path.stat().st_mtime_ns for name, (path, _) in again.items()}
