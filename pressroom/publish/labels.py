"""The words the published site shows, in each book's language, held as data.

`label(lang, key)` is the one lookup: when the shared language profiles hold these words,
it reads them from there. A language without a table here gets the English words and a
warning, once, naming the language.
"""

from ..errors import warn

LABELS = {
    'en': {
        'books': 'Books', 'all': 'All', 'all_books': 'All books', 'skip': 'Skip to the books',
        'skip_book': 'Skip to the book', 'filter': 'Choose books', 'language': 'Language',
        'subject': 'Subject', 'subjects': 'Subjects', 'books_in': 'Books in {}', 'books_on': 'Books on {}',
        'download': 'Download', 'contents': 'Contents', 'print_edition': 'Print edition', 'pages': 'Pages',
        'trim': 'Trim size', 'isbn': 'ISBN', 'publisher': 'Publisher', 'published': 'Published',
        'licence': 'Licence', 'cover': 'Cover of {}', 'opds': 'Catalogue for e-reader apps (OPDS)',
        'pdf': 'PDF for reading on screen', 'epub': 'EPUB for e-readers and apps',
        'kepub': 'EPUB for Kobo e-readers', 'by': 'by {}', 'number': '{:,.1f}',
        'search': 'Search the books', 'one_word': 'one word of a title, author or subject',
    },
    'de': {
        'books': 'Bücher', 'all': 'Alle', 'all_books': 'Alle Bücher', 'skip': 'Zu den Büchern',
        'skip_book': 'Zum Buch', 'filter': 'Bücher auswählen', 'language': 'Sprache',
        'subject': 'Thema', 'subjects': 'Themen', 'books_in': 'Bücher auf {}', 'books_on': 'Bücher zum Thema {}',
        'download': 'Herunterladen', 'contents': 'Inhalt', 'print_edition': 'Druckausgabe', 'pages': 'Seiten',
        'trim': 'Format', 'isbn': 'ISBN', 'publisher': 'Verlag', 'published': 'Erschienen',
        'licence': 'Lizenz', 'cover': 'Umschlag von {}', 'opds': 'Katalog für E-Reader-Apps (OPDS)',
        'pdf': 'PDF zum Lesen am Bildschirm', 'epub': 'EPUB für E-Reader und Apps',
        'kepub': 'EPUB für Kobo-E-Reader', 'by': 'von {}', 'number': '{:.1f}',
        'search': 'Bücher durchsuchen', 'one_word': 'ein Wort aus Titel, Autor oder Thema',
    },
    'fr': {
        'books': 'Livres', 'all': 'Tous', 'all_books': 'Tous les livres', 'skip': 'Aller aux livres',
        'skip_book': 'Aller au livre', 'filter': 'Choisir des livres', 'language': 'Langue',
        'subject': 'Sujet', 'subjects': 'Sujets', 'books_in': 'Livres en {}', 'books_on': 'Livres sur : {}',
        'download': 'Télécharger', 'contents': 'Table des matières', 'print_edition': 'Édition imprimée',
        'pages': 'Pages', 'trim': 'Format', 'isbn': 'ISBN', 'publisher': 'Éditeur', 'published': 'Parution',
        'licence': 'Licence', 'cover': 'Couverture de {}', 'opds': 'Catalogue pour liseuses (OPDS)',
        'pdf': 'PDF pour la lecture à l’écran', 'epub': 'EPUB pour liseuses et applications',
        'kepub': 'EPUB pour liseuses Kobo', 'by': 'par {}', 'number': '{:.1f}',
        'search': 'Chercher un livre', 'one_word': 'un mot du titre, de l’auteur ou du sujet',
    },
    'es': {
        'books': 'Libros', 'all': 'Todos', 'all_books': 'Todos los libros', 'skip': 'Ir a los libros',
        'skip_book': 'Ir al libro', 'filter': 'Elegir libros', 'language': 'Idioma',
        'subject': 'Tema', 'subjects': 'Temas', 'books_in': 'Libros en {}', 'books_on': 'Libros sobre {}',
        'download': 'Descargar', 'contents': 'Índice', 'print_edition': 'Edición impresa', 'pages': 'Páginas',
        'trim': 'Formato', 'isbn': 'ISBN', 'publisher': 'Editorial', 'published': 'Publicado',
        'licence': 'Licencia', 'cover': 'Cubierta de {}', 'opds': 'Catálogo para lectores electrónicos (OPDS)',
        'pdf': 'PDF para leer en pantalla', 'epub': 'EPUB para lectores electrónicos y aplicaciones',
        'kepub': 'EPUB para lectores Kobo', 'by': 'de {}', 'number': '{:.1f}',
        'search': 'Buscar libros', 'one_word': 'una palabra del título, autor o tema',
    },
    'ru': {
        'books': 'Книги', 'all': 'Все', 'all_books': 'Все книги', 'skip': 'К книгам',
        'skip_book': 'К книге', 'filter': 'Выбрать книги', 'language': 'Язык',
        'subject': 'Тема', 'subjects': 'Темы', 'books_in': 'Книги на языке: {}', 'books_on': 'Книги на тему: {}',
        'download': 'Скачать', 'contents': 'Содержание', 'print_edition': 'Печатное издание',
        'pages': 'Страниц', 'trim': 'Формат', 'isbn': 'ISBN', 'publisher': 'Издатель', 'published': 'Издано',
        'licence': 'Лицензия', 'cover': 'Обложка книги «{}»', 'opds': 'Каталог для приложений чтения (OPDS)',
        'pdf': 'PDF для чтения с экрана', 'epub': 'EPUB для электронных книг и приложений',
        'kepub': 'EPUB для Kobo', 'by': '{}', 'number': '{:.1f}',
        'search': 'Поиск книг', 'one_word': 'одно слово из названия, имени автора или темы',
    },
}
DECIMAL_COMMA = {'de', 'fr', 'es', 'ru'}
# Each language named in itself, as a reader choosing among them looks for it.
AUTONYMS = {
    'ar': 'العربية', 'de': 'Deutsch', 'el': 'Ελληνικά', 'en': 'English', 'es': 'Español', 'fr': 'Français',
    'it': 'Italiano', 'nl': 'Nederlands', 'pl': 'Polski', 'pt': 'Português', 'ru': 'Русский', 'si': 'සිංහල',
    'ta': 'தமிழ்', 'tr': 'Türkçe', 'uk': 'Українська', 'he': 'עברית', 'fa': 'فارسی', 'zh': '中文', 'ja': '日本語',
}
RIGHT_TO_LEFT = {'ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv'}
_WARNED = set()


def primary(lang):
    """The language of a BCP 47 tag without its script or region: en-US → en."""
    return lang.split('-')[0].lower()


def label(lang, key):
    """The site's word for `key` in the language of the tag `lang`."""
    table = LABELS.get(primary(lang))
    if table is None:
        if primary(lang) not in _WARNED:
            _WARNED.add(primary(lang))
            warn(f'the site has no words in {lang!r} yet; its pages for those books use English ones')
        table = LABELS['en']
    return table[key]


def language_name(lang):
    """A language named in itself, or its tag when the site does not know the name."""
    return AUTONYMS.get(primary(lang), primary(lang))


def direction(lang):
    return 'rtl' if primary(lang) in RIGHT_TO_LEFT else 'ltr'


def size(lang, count):
    """A file size as readers of `lang` write it: 1.2 MB, 1,2 MB; 40 kB under a megabyte."""
    if count < 1_000_000:
        return f'{max(1, round(count / 1000))}\u00a0kB'
    megabytes = label(lang, 'number').format(count / 1_000_000)
    if primary(lang) in DECIMAL_COMMA:
        megabytes = megabytes.replace('.', ',')
    return f'{megabytes}\u00a0MB'
