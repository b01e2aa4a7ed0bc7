"""metadata.yaml read as YAML: the mapping, the line of every key and item, and a fault
named at the line where it begins, in plain words."""

import yaml

from ..errors import BookError
from .files import read_text

MAX_METADATA = 100_000     # characters


class _Loader(yaml.SafeLoader):
    """YAML as metadata.yaml is written: dates stay text, for the schema to check with
    their line (PyYAML would fail on `2025-02-30` before any check could name it)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != 'tag:yaml.org,2002:timestamp']
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def read_mapping(path):
    """(mapping, lines, problems): the top-level mapping, the line of every key and item
    (see _lines), and the keys given twice."""
    text = read_text(path)
    if len(text) > MAX_METADATA:
        raise BookError(f'is {len(text):,} characters long; metadata.yaml holds a few keys, under '
                        f'{MAX_METADATA:,} characters: move long texts into the chapters', path)
    _refuse_aliases(text, path)
    try:
        root = yaml.compose(text, Loader=_Loader)
        mapping = yaml.load(text, Loader=_Loader)      # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        line, message = _yaml_fault(error, text)
        raise BookError(f'malformed YAML: {message}', path, line) from None
    except RecursionError:
        raise BookError('malformed YAML: nested too deeply', path) from None
    except ValueError as error:      # a YAML-typed value it cannot make, such as !!int x
        raise BookError(f'malformed value: {error}', path, _failing_line(root)) from None
    if not isinstance(mapping, dict):
        raise BookError('metadata.yaml must be a mapping of keys to values', path, 1)
    problems, seen = [], {}
    for key, _ in root.value:
        line = key.start_mark.line + 1
        if key.tag != 'tag:yaml.org,2002:str':      # 1:, true:, null: or a merge
            raise BookError(f'{key.value!r} is not a key name such as title', path, line)
        if key.value in seen:
            problems.append((line, f'{key.value}: given twice (first at line {seen[key.value]}); keep one'))
        seen.setdefault(key.value, line)
    return mapping, key_lines(root), problems


def _yaml_fault(error, text):
    """(line, message) for a YAML error, at the line where the fault begins: the quote or
    bracket left open, not the end of the file where PyYAML noticed."""
    problem = getattr(error, 'problem', None) or 'not valid YAML'
    context = getattr(error, 'context', None) or ''
    mark, opened = getattr(error, 'problem_mark', None), getattr(error, 'context_mark', None)
    last = text.count('\n') or 1
    at = min(mark.line + 1, last) if mark else None
    began = opened.line + 1 if opened else at
    if "'\\t'" in problem:
        return at, 'a tab; YAML indents with spaces only: replace the tab with spaces'
    if 'quoted scalar' in context and 'end of stream' in problem:
        return began, 'the quotation mark opened here is never closed; close it on this line'
    if 'flow sequence' in context or 'flow mapping' in context:
        bracket = '[' if 'sequence' in context else '{'
        return began, f'the "{bracket}" opened here is not closed where the value ends; close it'
    if 'simple key' in context:
        return began, 'a line that is not `key: value`; add the colon, or join it to the line above'
    if problem == 'mapping values are not allowed here':
        return at, 'a colon and a space inside a value; put the value in quotes, as in title: "A: B"'
    if 'block end' in problem:
        return at, 'indented differently from the lines before it; indent items of one list alike'
    return at, f'{problem}; check the quotes, brackets and indentation'


def _refuse_aliases(text, path):
    """YAML aliases let a few lines expand into gigabytes; metadata never needs them."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, 'anchor', None):
                raise BookError('uses a YAML anchor or alias (&name, *name); write each value out',
                                path, event.start_mark.line + 1)
    except yaml.YAMLError:
        return          # reported with its line when the file is loaded


def key_lines(node, path=()):
    """The line of each key (and of each list item) at any depth: {path: line}, a path
    being the top-level key alone, or a tuple of keys and indexes; a top-level list's
    items are also under (key, index)."""
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, key.value)
            lines.setdefault(here[0] if len(here) == 1 else here, key.start_mark.line + 1)
            lines.update(key_lines(value, here))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            lines.update(key_lines(item, (*path, index)))
    return lines


def _failing_line(root):
    """The line of the first top-level value YAML cannot construct."""
    for _, value in getattr(root, 'value', ()):
        try:
            _Loader('').construct_object(value, deep=True)
        except ValueError:
            return value.start_mark.line + 1
    return None
