"""English. Quotation marks are left as the author typed them: British books open with
single marks, American ones with double, and pandoc curls either."""

from . import Language

LANGUAGE = Language(
    code='en',
    name='English',
    labels={
        'contents': 'Contents',
        'imprint': 'Imprint',
        'title-page': 'Title page',
        'cover': 'Cover',
        'cover-description': 'Cover: {title}, by {authors}',
        'landmarks': 'Landmarks',
        'pages': 'Pages',
        'start': 'Start',
        'and': '{first} and {second}',
        'date': '{day} {month} {year}',
        'published': 'Published by {publisher}, {date}.',
        'set-in': 'Set in {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, print edition ({publisher})',
        'translator': 'Translated by {names}',
        'editor': 'Edited by {names}',
        'illustrator': 'Illustrated by {names}',
        'introduction': 'With an introduction by {names}',
        'foreword': 'With a foreword by {names}',
        'afterword': 'With an afterword by {names}',
        'summary': 'The publication is text with a structured table of contents, headings and linked '
                   'footnotes; {images}.',
        'summary-cover': 'its only image is the cover, described by its title and author',
        'summary-described': 'its images have text descriptions',
        'summary-undescribed': 'some of its images have no text description',
    },
    months=('January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
            'October', 'November', 'December'),
    short_months=('Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec'),
    quotes=None,
    numbered=('p', 'pp', 'pg', 'Vol', 'vol', 'Vols', 'vols', 'No', 'no', 'Nos', 'nos', 'Ch', 'ch', 'Chs', 'chs',
              'Chap', 'chap', 'Art', 'art', 'Fig', 'fig', 'Sec', 'sec'),
    titled=('Mr', 'Mrs', 'Ms', 'Dr', 'St'),
    hyphenation={},
)
