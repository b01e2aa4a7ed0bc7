"""French: a narrow no-break space inside « » and before ; ! ?, a no-break space before :
(the Imprimerie nationale's rules), and the first of the month written 1er."""

from . import Language

NARROW = '\u202f'

LANGUAGE = Language(
    code='fr',
    name='French',
    labels={
        'contents': 'Table des matières',
        'imprint': 'Achevé d’imprimer',
        'title-page': 'Page de titre',
        'cover': 'Couverture',
        'cover-description': 'Couverture : {title}, par {authors}',
        'landmarks': 'Repères',
        'pages': 'Pages',
        'start': 'Début',
        'and': '{first} et {second}',
        'date': '{day} {month} {year}',
        'published': 'Publié par {publisher}, le {date}.',
        'set-in': 'Composé en {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, édition imprimée ({publisher})',
        'translator': 'Traduit par {names}',
        'editor': 'Édité par {names}',
        'illustrator': 'Illustré par {names}',
        'introduction': 'Avec une introduction de {names}',
        'foreword': 'Avec une préface de {names}',
        'afterword': 'Avec une postface de {names}',
        'summary': 'La publication est un texte avec une table des matières structurée, des titres et des '
                   'notes liées ; {images}.',
        'summary-cover': 'sa seule image est la couverture, décrite par son titre et son auteur',
        'summary-described': 'ses images ont des descriptions textuelles',
        'summary-undescribed': 'certaines de ses images n’ont pas de description textuelle',
    },
    months=('janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre',
            'novembre', 'décembre'),
    quotes=(('«', '»'), ('“', '”')),
    quote_space=NARROW,
    punctuation_space={';': NARROW, '!': NARROW, '?': NARROW, ':': '\u00a0'},
    numbered=('p', 'pp', 't', 'vol', 'chap', 'art', 'fig', 'no', 'n°', 'éd', 'col'),
    titled=('M', 'MM', 'Mme', 'Mmes', 'Mlle', 'Dr', 'Me', 'Mgr', 'St', 'Ste', 'cf'),
    hyphenation={'before': 2, 'after': 3},
    first_day='1er',
    regions={'CH': {'quote_space': '', 'punctuation_space': {}}},
)
