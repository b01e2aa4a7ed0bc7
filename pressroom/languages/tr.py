"""Turkish: “ ” outside, ‘ ’ inside."""

from . import Language

LANGUAGE = Language(
    code='tr',
    name='Turkish',
    labels={
        'contents': 'İçindekiler',
        'imprint': 'Künye',
        'title-page': 'Başlık sayfası',
        'cover': 'Kapak',
        'cover-description': 'Kapak: {authors}, {title}',
        'landmarks': 'Yer işaretleri',
        'pages': 'Sayfalar',
        'start': 'Başlangıç',
        'and': '{first} ve {second}',
        'date': '{day} {month} {year}',
        'published': 'Yayımlayan: {publisher}, {date}.',
        'set-in': 'Dizgi: {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, basılı baskı ({publisher})',
        'translator': 'Çeviren: {names}',
        'editor': 'Yayına hazırlayan: {names}',
        'illustrator': 'Resimleyen: {names}',
        'introduction': 'Giriş: {names}',
        'foreword': 'Önsöz: {names}',
        'afterword': 'Sonsöz: {names}',
        'summary': 'Yayın; yapılandırılmış bir içindekiler tablosu, başlıklar ve bağlantılı dipnotlar '
                   'içeren bir metindir; {images}.',
        'summary-cover': 'tek görseli, başlığı ve yazarıyla betimlenen kapaktır',
        'summary-described': 'görsellerinin metin açıklamaları vardır',
        'summary-undescribed': 'bazı görsellerinin metin açıklaması yoktur',
    },
    months=('Ocak', 'Şubat', 'Mart', 'Nisan', 'Mayıs', 'Haziran', 'Temmuz', 'Ağustos', 'Eylül', 'Ekim',
            'Kasım', 'Aralık'),
    quotes=(('“', '”'), ('‘', '’')),
    numbered=('s', 'ss', 'c', 'no', 'bl', 'md'),
    titled=('Dr', 'Prof', 'Doç', 'bkz', 'krş'),
    hyphenation={'before': 2, 'after': 2},
)
