"""Hindi (Devanagari): “ ” and ‘ ’, as Hindi books set them."""

from . import Language

LANGUAGE = Language(
    code='hi',
    name='Hindi',
    script='Deva',
    labels={
        'contents': 'विषय-सूची',
        'imprint': 'प्रकाशन विवरण',
        'title-page': 'मुखपृष्ठ',
        'cover': 'आवरण',
        'cover-description': 'आवरण: {authors} की {title}',
        'landmarks': 'मार्गदर्शक',
        'pages': 'पृष्ठ',
        'start': 'आरंभ',
        'and': '{first} और {second}',
        'date': '{day} {month} {year}',
        'published': '{publisher} द्वारा प्रकाशित, {date}।',
        'set-in': '{faces} में टंकित।',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, मुद्रित संस्करण ({publisher})',
        'translator': 'अनुवाद: {names}',
        'editor': 'संपादन: {names}',
        'illustrator': 'चित्रांकन: {names}',
        'introduction': 'भूमिका: {names}',
        'foreword': 'प्राक्कथन: {names}',
        'afterword': 'उपसंहार: {names}',
        'summary': 'यह प्रकाशन संरचित विषय-सूची, शीर्षकों और जुड़ी हुई पाद-टिप्पणियों वाला पाठ है; {images}।',
        'summary-cover': 'इसका एकमात्र चित्र आवरण है, जिसका वर्णन शीर्षक और लेखक से होता है',
        'summary-described': 'इसके चित्रों के पाठ्य विवरण हैं',
        'summary-undescribed': 'इसके कुछ चित्रों का पाठ्य विवरण नहीं है',
    },
    months=('जनवरी', 'फ़रवरी', 'मार्च', 'अप्रैल', 'मई', 'जून', 'जुलाई', 'अगस्त', 'सितंबर', 'अक्तूबर', 'नवंबर',
            'दिसंबर'),
    quotes=(('“', '”'), ('‘', '’')),
)
