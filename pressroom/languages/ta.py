"""Tamil: “ ” and ‘ ’; no hyphenation dictionary, so lines break between words only."""

from . import Language

LANGUAGE = Language(
    code='ta',
    name='Tamil',
    script='Taml',
    labels={
        'contents': 'பொருளடக்கம்',
        'imprint': 'பதிப்பு விவரம்',
        'title-page': 'தலைப்புப் பக்கம்',
        'cover': 'அட்டை',
        'cover-description': 'அட்டை: {authors} எழுதிய {title}',
        'landmarks': 'வழிகாட்டிகள்',
        'pages': 'பக்கங்கள்',
        'start': 'தொடக்கம்',
        'and': '{first} மற்றும் {second}',
        'date': '{day} {month} {year}',
        'published': '{publisher} வெளியீடு, {date}.',
        'set-in': '{faces} எழுத்துருவில் அச்சிடப்பட்டது.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, அச்சுப் பதிப்பு ({publisher})',
        'translator': 'மொழிபெயர்ப்பு: {names}',
        'editor': 'பதிப்பாசிரியர்: {names}',
        'illustrator': 'ஓவியங்கள்: {names}',
        'introduction': 'அறிமுகம்: {names}',
        'foreword': 'முன்னுரை: {names}',
        'afterword': 'பின்னுரை: {names}',
        'summary': 'இந்த வெளியீடு கட்டமைக்கப்பட்ட பொருளடக்கம், தலைப்புகள், இணைக்கப்பட்ட அடிக்குறிப்புகள் '
                   'கொண்ட உரை; {images}.',
        'summary-cover': 'இதன் ஒரே படம் அட்டை, அதன் தலைப்பாலும் ஆசிரியர் பெயராலும் விவரிக்கப்படுகிறது',
        'summary-described': 'இதன் படங்களுக்கு உரை விளக்கங்கள் உள்ளன',
        'summary-undescribed': 'இதன் சில படங்களுக்கு உரை விளக்கம் இல்லை',
    },
    months=('ஜனவரி', 'பிப்ரவரி', 'மார்ச்', 'ஏப்ரல்', 'மே', 'ஜூன்', 'ஜூலை', 'ஆகஸ்ட்', 'செப்டம்பர்', 'அக்டோபர்',
            'நவம்பர்', 'டிசம்பர்'),
    quotes=(('“', '”'), ('‘', '’')),
    numbered=('ப', 'பக்'),
)
