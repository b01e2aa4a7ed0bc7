"""Hebrew: written right to left; ” “ as Israeli books set them, then ’ ‘."""

from . import Language

LANGUAGE = Language(
    code='he',
    name='Hebrew',
    script='Hebr',
    labels={
        'contents': 'תוכן העניינים',
        'imprint': 'פרטי ההוצאה',
        'title-page': 'עמוד השער',
        'cover': 'כריכה',
        'cover-description': 'כריכה: {title}, מאת {authors}',
        'landmarks': 'ציוני דרך',
        'pages': 'עמודים',
        'start': 'התחלה',
        'and': '{first} ו{second}',
        'date': '{day} ב{month} {year}',
        'published': 'יצא לאור בהוצאת {publisher}, {date}.',
        'set-in': 'סודר באות {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, מהדורה מודפסת ({publisher})',
        'translator': 'תרגום: {names}',
        'editor': 'עריכה: {names}',
        'illustrator': 'איורים: {names}',
        'introduction': 'מבוא: {names}',
        'foreword': 'הקדמה: {names}',
        'afterword': 'אחרית דבר: {names}',
        'summary': 'הפרסום הוא טקסט עם תוכן עניינים מובנה, כותרות והערות שוליים מקושרות; {images}.',
        'summary-cover': 'התמונה היחידה בו היא הכריכה, המתוארת בשם הספר ובשם המחבר',
        'summary-described': 'לתמונות בו יש תיאור טקסטואלי',
        'summary-undescribed': 'לחלק מהתמונות בו אין תיאור טקסטואלי',
    },
    months=('ינואר', 'פברואר', 'מרץ', 'אפריל', 'מאי', 'יוני', 'יולי', 'אוגוסט', 'ספטמבר', 'אוקטובר', 'נובמבר',
            'דצמבר'),
    quotes=(('”', '“'), ('’', '‘')),
    direction='rtl',
)
