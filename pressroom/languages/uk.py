"""Ukrainian: «…» outside, „…“ inside; names in file names by the official transliteration."""

from . import Language

LANGUAGE = Language(
    code='uk',
    name='Ukrainian',
    labels={
        'contents': 'Зміст',
        'imprint': 'Вихідні дані',
        'title-page': 'Титульна сторінка',
        'cover': 'Обкладинка',
        'cover-description': 'Обкладинка: {authors}. {title}',
        'landmarks': 'Орієнтири',
        'pages': 'Сторінки',
        'start': 'Початок',
        'and': '{first} і {second}',
        'date': '{day} {month} {year} р.',
        'published': '{publisher}, {date}.',
        'set-in': 'Набрано шрифтом {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, друковане видання ({publisher})',
        'translator': 'Переклад: {names}',
        'editor': 'Редактор: {names}',
        'illustrator': 'Ілюстрації: {names}',
        'introduction': 'Вступна стаття: {names}',
        'foreword': 'Передмова: {names}',
        'afterword': 'Післямова: {names}',
        'summary': 'Видання містить текст зі структурованим змістом, заголовками та пов’язаними '
                   'виносками; {images}.',
        'summary-cover': 'єдине зображення — обкладинка, описана назвою та автором',
        'summary-described': 'його зображення мають текстові описи',
        'summary-undescribed': 'деякі зображення не мають текстового опису',
    },
    months=('січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня',
            'листопада', 'грудня'),
    quotes=(('«', '»'), ('„', '“')),
    numbered=('с', 'т', 'розд', 'ч', 'вип', 'кн', 'рис', 'табл', 'ст'),
    titled=('див', 'пор', 'ім', 'проф'),
    bound=('а', 'в', 'і', 'й', 'к', 'о', 'у', 'з'),
    units=('р', 'рр', 'ст', 'тис', 'млн', 'млрд', 'грн', 'с'),
    hyphenation={'word': 7, 'before': 3, 'after': 3},
    transliteration={
        'а': 'a', 'б': 'b', 'в': 'v', 'г': 'h', 'ґ': 'g', 'д': 'd', 'е': 'e', 'є': 'ie', 'ж': 'zh', 'з': 'z',
        'и': 'y', 'і': 'i', 'ї': 'i', 'й': 'i', 'к': 'k', 'л': 'l', 'м': 'm', 'н': 'n', 'о': 'o', 'п': 'p',
        'р': 'r', 'с': 's', 'т': 't', 'у': 'u', 'ф': 'f', 'х': 'kh', 'ц': 'ts', 'ч': 'ch', 'ш': 'sh',
        'щ': 'shch', 'ь': '', 'ю': 'iu', 'я': 'ia', '’': '',
    },
)
