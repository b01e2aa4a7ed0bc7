"""Polish: „ ” outside, « » inside; a one-letter word never ends a line."""

from . import Language

LANGUAGE = Language(
    code='pl',
    name='Polish',
    labels={
        'contents': 'Spis treści',
        'imprint': 'Metryka',
        'title-page': 'Strona tytułowa',
        'cover': 'Okładka',
        'cover-description': 'Okładka: {authors}, {title}',
        'landmarks': 'Punkty orientacyjne',
        'pages': 'Strony',
        'start': 'Początek',
        'and': '{first} i {second}',
        'date': '{day} {month} {year}',
        'published': 'Wydawca: {publisher}, {date}.',
        'set-in': 'Złożono krojem {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, wydanie drukowane ({publisher})',
        'translator': 'Przekład: {names}',
        'editor': 'Redakcja: {names}',
        'illustrator': 'Ilustracje: {names}',
        'introduction': 'Wstęp: {names}',
        'foreword': 'Przedmowa: {names}',
        'afterword': 'Posłowie: {names}',
        'summary': 'Publikacja jest tekstem ze strukturalnym spisem treści, nagłówkami i połączonymi '
                   'przypisami; {images}.',
        'summary-cover': 'jej jedynym obrazem jest okładka, opisana tytułem i autorem',
        'summary-described': 'jej obrazy mają opisy tekstowe',
        'summary-undescribed': 'niektóre jej obrazy nie mają opisu tekstowego',
    },
    months=('stycznia', 'lutego', 'marca', 'kwietnia', 'maja', 'czerwca', 'lipca', 'sierpnia', 'września',
            'października', 'listopada', 'grudnia'),
    quotes=(('„', '”'), ('«', '»')),
    numbered=('s', 't', 'nr', 'rozdz', 'art', 'rys', 'tab'),
    titled=('dr', 'prof', 'św', 'zob', 'por', 'ks'),
    bound=('a', 'i', 'o', 'u', 'w', 'z'),
    units=('r', 'w', 'zł', 'tys', 'mln'),
    hyphenation={'before': 2, 'after': 2},
)
