"""Portuguese: « » then “ ” in Portugal, “ ” then ‘ ’ in Brazil."""

from . import Language

LANGUAGE = Language(
    code='pt',
    name='Portuguese',
    labels={
        'contents': 'Índice',
        'imprint': 'Ficha técnica',
        'title-page': 'Folha de rosto',
        'cover': 'Capa',
        'cover-description': 'Capa: {title}, de {authors}',
        'landmarks': 'Pontos de referência',
        'pages': 'Páginas',
        'start': 'Início',
        'and': '{first} e {second}',
        'date': '{day} de {month} de {year}',
        'published': 'Publicado por {publisher}, {date}.',
        'set-in': 'Composto em {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, edição impressa ({publisher})',
        'translator': 'Tradução de {names}',
        'editor': 'Edição de {names}',
        'illustrator': 'Ilustrações de {names}',
        'introduction': 'Com uma introdução de {names}',
        'foreword': 'Com um prefácio de {names}',
        'afterword': 'Com um posfácio de {names}',
        'summary': 'A publicação é texto com um índice estruturado, títulos e notas de rodapé ligadas; '
                   '{images}.',
        'summary-cover': 'a sua única imagem é a capa, descrita pelo título e pelo autor',
        'summary-described': 'as suas imagens têm descrições textuais',
        'summary-undescribed': 'algumas das suas imagens não têm descrição textual',
    },
    months=('janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro',
            'novembro', 'dezembro'),
    quotes=(('«', '»'), ('“', '”')),
    numbered=('p', 'pp', 'pág', 'vol', 'cap', 'n', 'n.º', 'art', 'fig'),
    titled=('Sr', 'Sra', 'D', 'Dr', 'Dra', 'S', 'cf'),
    hyphenation={'before': 2, 'after': 2},
    regions={'BR': {'quotes': (('“', '”'), ('‘', '’'))}},
)
