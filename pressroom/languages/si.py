"""Sinhala: “ ” and ‘ ’; dates year first; no hyphenation dictionary."""

from . import Language

LANGUAGE = Language(
    code='si',
    name='Sinhala',
    script='Sinh',
    labels={
        'contents': 'පටුන',
        'imprint': 'ප්‍රකාශන තොරතුරු',
        'title-page': 'මාතෘකා පිටුව',
        'cover': 'කවරය',
        'cover-description': 'කවරය: {authors} ලියූ {title}',
        'landmarks': 'මාර්ගෝපදේශ',
        'pages': 'පිටු',
        'start': 'ආරම්භය',
        'and': '{first} සහ {second}',
        'date': '{year} {month} {day}',
        'published': '{publisher} විසින් {date} දින ප්‍රකාශිතයි.',
        'set-in': 'අකුරු: {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, මුද්‍රිත සංස්කරණය ({publisher})',
        'translator': 'පරිවර්තනය: {names}',
        'editor': 'සංස්කරණය: {names}',
        'illustrator': 'සිතුවම්: {names}',
        'introduction': 'හැඳින්වීම: {names}',
        'foreword': 'පෙරවදන: {names}',
        'afterword': 'පසුවදන: {names}',
        'summary': 'මෙම ප්‍රකාශනය ව්‍යුහගත පටුනක්, මාතෘකා සහ සම්බන්ධිත පාදසටහන් සහිත පාඨයකි; {images}.',
        'summary-cover': 'එහි එකම රූපය කවරයයි, එය මාතෘකාවෙන් සහ කතුවරයාගෙන් විස්තර කෙරේ',
        'summary-described': 'එහි රූපවලට පාඨ විස්තර ඇත',
        'summary-undescribed': 'එහි සමහර රූපවලට පාඨ විස්තරයක් නැත',
    },
    months=('ජනවාරි', 'පෙබරවාරි', 'මාර්තු', 'අප්‍රේල්', 'මැයි', 'ජූනි', 'ජූලි', 'අගෝස්තු', 'සැප්තැම්බර්', 'ඔක්තෝබර්',
            'නොවැම්බර්', 'දෙසැම්බර්'),
    quotes=(('“', '”'), ('‘', '’')),
)
