"""Dutch: “ ” and ‘ ’."""

from . import Language

LANGUAGE = Language(
    code='nl',
    name='Dutch',
    labels={
        'contents': 'Inhoud',
        'imprint': 'Colofon',
        'title-page': 'Titelpagina',
        'cover': 'Omslag',
        'cover-description': 'Omslag: {title}, door {authors}',
        'landmarks': 'Oriëntatiepunten',
        'pages': 'Pagina’s',
        'start': 'Begin',
        'and': '{first} en {second}',
        'date': '{day} {month} {year}',
        'published': 'Uitgegeven door {publisher}, {date}.',
        'set-in': 'Gezet in de {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, gedrukte uitgave ({publisher})',
        'translator': 'Vertaald door {names}',
        'editor': 'Bezorgd door {names}',
        'illustrator': 'Geïllustreerd door {names}',
        'introduction': 'Met een inleiding van {names}',
        'foreword': 'Met een voorwoord van {names}',
        'afterword': 'Met een nawoord van {names}',
        'summary': 'De publicatie is tekst met een gestructureerde inhoudsopgave, koppen en gekoppelde '
                   'voetnoten; {images}.',
        'summary-cover': 'de enige afbeelding is het omslag, beschreven door titel en auteur',
        'summary-described': 'de afbeeldingen hebben tekstbeschrijvingen',
        'summary-undescribed': 'sommige afbeeldingen hebben geen tekstbeschrijving',
    },
    months=('januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober',
            'november', 'december'),
    quotes=(('“', '”'), ('‘', '’')),
    numbered=('p', 'pp', 'blz', 'dl', 'nr', 'hfst', 'art', 'fig'),
    titled=('dhr', 'mevr', 'dr', 'prof', 'St', 'vgl', 'zie'),
    hyphenation={'before': 2, 'after': 3},
)
