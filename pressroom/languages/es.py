"""Spanish: « » first, then “ ”, then ‘ ’ (the Real Academia's order)."""

from . import Language

LANGUAGE = Language(
    code='es',
    name='Spanish',
    labels={
        'contents': 'Índice',
        'imprint': 'Créditos',
        'title-page': 'Portada interior',
        'cover': 'Cubierta',
        'cover-description': 'Cubierta: {title}, de {authors}',
        'landmarks': 'Puntos de referencia',
        'pages': 'Páginas',
        'start': 'Inicio',
        'and': '{first} y {second}',
        'date': '{day} de {month} de {year}',
        'published': 'Publicado por {publisher}, {date}.',
        'set-in': 'Compuesto en {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, edición impresa ({publisher})',
        'translator': 'Traducción de {names}',
        'editor': 'Edición de {names}',
        'illustrator': 'Ilustraciones de {names}',
        'introduction': 'Con una introducción de {names}',
        'foreword': 'Con un prólogo de {names}',
        'afterword': 'Con un epílogo de {names}',
        'summary': 'La publicación es texto con un índice estructurado, encabezados y notas al pie '
                   'enlazadas; {images}.',
        'summary-cover': 'su única imagen es la cubierta, descrita por su título y su autor',
        'summary-described': 'sus imágenes tienen descripciones textuales',
        'summary-undescribed': 'algunas de sus imágenes no tienen descripción textual',
    },
    months=('enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre',
            'noviembre', 'diciembre'),
    quotes=(('«', '»'), ('“', '”'), ('‘', '’')),
    numbered=('p', 'pp', 'pág', 'págs', 't', 'vol', 'vols', 'cap', 'núm', 'art', 'fig'),
    titled=('Sr', 'Sra', 'Srta', 'D', 'Dña', 'Dr', 'Dra', 'Sto', 'Sta', 'cf'),
    hyphenation={'before': 2, 'after': 2},
)
