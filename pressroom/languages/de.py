"""German. Nouns are capitalised, so capitalised words must break like any other."""

from . import Language

LANGUAGE = Language(
    code='de',
    name='German',
    labels={
        'contents': 'Inhalt',
        'imprint': 'Impressum',
        'title-page': 'Titelseite',
        'cover': 'Umschlag',
        'cover-description': 'Umschlag: {title}, von {authors}',
        'landmarks': 'Orientierungspunkte',
        'pages': 'Seiten',
        'start': 'Anfang',
        'and': '{first} und {second}',
        'date': '{day}. {month} {year}',
        'published': 'Erschienen bei {publisher}, {date}.',
        'set-in': 'Gesetzt aus der {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, Druckausgabe ({publisher})',
        'translator': 'Übersetzt von {names}',
        'editor': 'Herausgegeben von {names}',
        'illustrator': 'Illustriert von {names}',
        'introduction': 'Mit einer Einleitung von {names}',
        'foreword': 'Mit einem Vorwort von {names}',
        'afterword': 'Mit einem Nachwort von {names}',
        'summary': 'Die Publikation ist Text mit einem gegliederten Inhaltsverzeichnis, Überschriften und '
                   'verlinkten Fußnoten; {images}.',
        'summary-cover': 'ihr einziges Bild ist der Umschlag, beschrieben durch Titel und Autor',
        'summary-described': 'ihre Bilder haben Textbeschreibungen',
        'summary-undescribed': 'einige ihrer Bilder haben keine Textbeschreibung',
    },
    months=('Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober',
            'November', 'Dezember'),
    quotes=(('„', '“'), ('‚', '‘')),
    numbered=('S', 'Bd', 'Bde', 'Nr', 'Abs', 'Art', 'Kap', 'Abb', 'Tab', 'Sp', 'H', 'Jg', 'Anm', 'Fn'),
    titled=('Dr', 'Prof', 'Hr', 'Fr', 'St', 'vgl', 'Vgl', 'bzw', 'sog', 'z', 'u', 'd', 'o'),
    hyphenation={'capitalised': True},
    transliteration={'ä': 'ae', 'ö': 'oe', 'ü': 'ue', 'ß': 'ss', 'Ä': 'Ae', 'Ö': 'Oe', 'Ü': 'Ue'},
    regions={'CH': {'quotes': (('«', '»'), ('‹', '›'))}, 'LI': {'quotes': (('«', '»'), ('‹', '›'))}},
)
