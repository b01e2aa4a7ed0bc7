"""Italian: « » first, then “ ”."""

from . import Language

LANGUAGE = Language(
    code='it',
    name='Italian',
    labels={
        'contents': 'Indice',
        'imprint': 'Colophon',
        'title-page': 'Frontespizio',
        'cover': 'Copertina',
        'cover-description': 'Copertina: {title}, di {authors}',
        'landmarks': 'Punti di riferimento',
        'pages': 'Pagine',
        'start': 'Inizio',
        'and': '{first} e {second}',
        'date': '{day} {month} {year}',
        'published': 'Pubblicato da {publisher}, {date}.',
        'set-in': 'Composto in {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, edizione a stampa ({publisher})',
        'translator': 'Traduzione di {names}',
        'editor': 'A cura di {names}',
        'illustrator': 'Illustrazioni di {names}',
        'introduction': 'Con un’introduzione di {names}',
        'foreword': 'Con una prefazione di {names}',
        'afterword': 'Con una postfazione di {names}',
        'summary': 'La pubblicazione è testo con un indice strutturato, titoli e note a piè di pagina '
                   'collegate; {images}.',
        'summary-cover': 'la sua unica immagine è la copertina, descritta dal titolo e dall’autore',
        'summary-described': 'le sue immagini hanno descrizioni testuali',
        'summary-undescribed': 'alcune delle sue immagini non hanno una descrizione testuale',
    },
    months=('gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre',
            'ottobre', 'novembre', 'dicembre'),
    quotes=(('«', '»'), ('“', '”')),
    numbered=('p', 'pp', 'pag', 'vol', 'voll', 'cap', 'n', 'art', 'fig'),
    titled=('sig', 'Sig', 'Sig.ra', 'dott', 'Dott', 'prof', 'Prof', 'S', 'cfr'),
    hyphenation={'before': 2, 'after': 2},
)
