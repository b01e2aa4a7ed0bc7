"""Russian: «ёлочки» outside, „лапки“ inside; dates with months in the genitive."""

from . import Language

LANGUAGE = Language(
    code='ru',
    name='Russian',
    labels={
        'contents': 'Содержание',
        'imprint': 'Выходные данные',
        'title-page': 'Титульный лист',
        'cover': 'Обложка',
        'cover-description': 'Обложка: {authors}. {title}',
        'landmarks': 'Ориентиры',
        'pages': 'Страницы',
        'start': 'Начало',
        'and': '{first} и {second}',
        'date': '{day} {month} {year} г.',
        'published': '{publisher}, {date}.',
        'set-in': 'Набрано шрифтом {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, печатное издание ({publisher})',
        'translator': 'Перевод: {names}',
        'editor': 'Редактор: {names}',
        'illustrator': 'Иллюстрации: {names}',
        'introduction': 'Вступительная статья: {names}',
        'foreword': 'Предисловие: {names}',
        'afterword': 'Послесловие: {names}',
        'summary': 'Издание содержит текст со структурированным оглавлением, заголовками и связанными '
                   'сносками; {images}.',
        'summary-cover': 'единственное изображение — обложка, описанная названием и автором',
        'summary-described': 'у его изображений есть текстовые описания',
        'summary-undescribed': 'у некоторых изображений нет текстового описания',
    },
    months=('января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября',
            'ноября', 'декабря'),
    quotes=(('«', '»'), ('„', '“')),
    numbered=('с', 'т', 'гл', 'ч', 'вып', 'кн', 'стр', 'рис', 'табл', 'разд', 'ст'),
    titled=('см', 'ср', 'им', 'тов', 'проф', 'акад'),
    bound=('а', 'в', 'и', 'к', 'о', 'с', 'у', 'я'),
    units=('г', 'гг', 'в', 'вв', 'тыс', 'млн', 'млрд', 'руб', 'коп', 'с', 'стр'),
    hyphenation={'word': 7, 'before': 3, 'after': 3},
    transliteration={
        'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'д': 'd', 'е': 'e', 'ё': 'yo', 'ж': 'zh', 'з': 'z', 'и': 'i',
        'й': 'y', 'к': 'k', 'л': 'l', 'м': 'm', 'н': 'n', 'о': 'o', 'п': 'p', 'р': 'r', 'с': 's', 'т': 't',
        'у': 'u', 'ф': 'f', 'х': 'kh', 'ц': 'ts', 'ч': 'ch', 'ш': 'sh', 'щ': 'shch', 'ъ': '', 'ы': 'y',
        'ь': '', 'э': 'e', 'ю': 'yu', 'я': 'ya',
    },
)
