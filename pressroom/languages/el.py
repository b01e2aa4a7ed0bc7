"""Greek: « » outside, “ ” inside; capitals, and so small capitals, drop their accents."""

from . import Language

LANGUAGE = Language(
    code='el',
    name='Greek',
    script='Grek',
    labels={
        'contents': 'Περιεχόμενα',
        'imprint': 'Στοιχεία έκδοσης',
        'title-page': 'Σελίδα τίτλου',
        'cover': 'Εξώφυλλο',
        'cover-description': 'Εξώφυλλο: {authors}, {title}',
        'landmarks': 'Ορόσημα',
        'pages': 'Σελίδες',
        'start': 'Αρχή',
        'and': '{first} και {second}',
        'date': '{day} {month} {year}',
        'published': '{publisher}, {date}.',
        'set-in': 'Στοιχειοθετήθηκε με {faces}.',
        'isbn': 'ISBN {isbn}',
        'print-edition': '{title}, έντυπη έκδοση ({publisher})',
        'translator': 'Μετάφραση: {names}',
        'editor': 'Επιμέλεια: {names}',
        'illustrator': 'Εικονογράφηση: {names}',
        'introduction': 'Εισαγωγή: {names}',
        'foreword': 'Πρόλογος: {names}',
        'afterword': 'Επίμετρο: {names}',
        'summary': 'Η έκδοση είναι κείμενο με δομημένο πίνακα περιεχομένων, επικεφαλίδες και συνδεδεμένες '
                   'υποσημειώσεις· {images}.',
        'summary-cover': 'η μόνη της εικόνα είναι το εξώφυλλο, που περιγράφεται από τον τίτλο και τον συγγραφέα',
        'summary-described': 'οι εικόνες της έχουν περιγραφές κειμένου',
        'summary-undescribed': 'ορισμένες εικόνες της δεν έχουν περιγραφή κειμένου',
    },
    months=('Ιανουαρίου', 'Φεβρουαρίου', 'Μαρτίου', 'Απριλίου', 'Μαΐου', 'Ιουνίου', 'Ιουλίου', 'Αυγούστου',
            'Σεπτεμβρίου', 'Οκτωβρίου', 'Νοεμβρίου', 'Δεκεμβρίου'),
    quotes=(('«', '»'), ('“', '”')),
    numbered=('σ', 'σσ', 'τ', 'κεφ', 'αρ', 'εικ', 'στ'),
    titled=('βλ', 'πρβλ', 'κ', 'κα'),
    hyphenation={'before': 2, 'after': 2},
    small_caps='no-accents',
    transliteration={
        'α': 'a', 'β': 'v', 'γ': 'g', 'δ': 'd', 'ε': 'e', 'ζ': 'z', 'η': 'i', 'θ': 'th', 'ι': 'i', 'κ': 'k',
        'λ': 'l', 'μ': 'm', 'ν': 'n', 'ξ': 'x', 'ο': 'o', 'π': 'p', 'ρ': 'r', 'σ': 's', 'ς': 's', 'τ': 't',
        'υ': 'y', 'φ': 'f', 'χ': 'ch', 'ψ': 'ps', 'ω': 'o',
    },
)
