"""ONIX 3.0 for a book with an ISBN: the record distributors and retailers take.

The ISBN is the print edition's (the cover's barcode carries it), so the paperback is one
product; the EPUB, the Kobo edition and the screen PDF, which have no ISBN of their own,
are products under the publisher's own identifiers, each "based on" the paperback. Prices
are not the pipeline's to know: each product says "price to be announced", with a comment
where the publisher puts the <Price> composites.
"""

import time

from lxml import etree
from lxml.builder import ElementMaker

from ..outputs import build_time
from ..printers import INCH, spine_width
from ..sources.metadata import ROLES
from .labels import primary

NS = 'http://ns.editeur.org/onix/3.0/reference'  # X: the ONIX elements
X = ElementMaker(namespace=NS, nsmap={None: NS})
# ONIX code list 17 for the roles metadata.yaml knows.
CONTRIBUTOR_ROLES = {'author': 'A01', 'translator': 'B06', 'editor': 'B01', 'illustrator': 'A12',
                     'introduction': 'A24', 'foreword': 'A23', 'afterword': 'A19'}
assert set(CONTRIBUTOR_ROLES) - {'author'} == set(ROLES)
# ISO 639-2/B, which ONIX asks for, for the ISO 639-1 codes books are written in.
ISO_639_2B = {
    'ar': 'ara', 'bg': 'bul', 'bn': 'ben', 'ca': 'cat', 'cs': 'cze', 'da': 'dan', 'de': 'ger', 'el': 'gre',
    'en': 'eng', 'es': 'spa', 'et': 'est', 'eu': 'baq', 'fa': 'per', 'fi': 'fin', 'fr': 'fre', 'ga': 'gle',
    'he': 'heb', 'hi': 'hin', 'hr': 'hrv', 'hu': 'hun', 'hy': 'arm', 'id': 'ind', 'is': 'ice', 'it': 'ita',
    'ja': 'jpn', 'ka': 'geo', 'ko': 'kor', 'la': 'lat', 'lt': 'lit', 'lv': 'lav', 'mk': 'mac', 'nl': 'dut',
    'no': 'nor', 'pl': 'pol', 'pt': 'por', 'ro': 'rum', 'ru': 'rus', 'si': 'sin', 'sk': 'slo', 'sl': 'slv',
    'sq': 'alb', 'sr': 'srp', 'sv': 'swe', 'ta': 'tam', 'th': 'tha', 'tr': 'tur', 'uk': 'ukr', 'ur': 'urd',
    'vi': 'vie', 'zh': 'chi',
}
# Each download as an ONIX product form (list 150) and detail (list 175).
DIGITAL_FORMS = {'epub': ('E101', 'EPUB'), 'kepub': ('E101', 'EPUB for Kobo (KEPUB)'), 'pdf': ('E107', 'PDF')}


def onix(record):
    """The ONIX 3.0 message (bytes) for the book of `record`, which has an ISBN."""
    book, stamp = record.book, build_time(record.book)
    header = X.Header(X.Sender(X.SenderName(book.publisher)), X.SentDateTime(time.strftime('%Y%m%dT%H%M%SZ', stamp)))
    products = [_paperback(record)] + [_digital(record, item) for item in record.downloads]
    message = X.ONIXMessage(header, *products, release='3.0')
    return etree.tostring(message, xml_declaration=True, encoding='utf-8', pretty_print=True)


def _paperback(record):
    book, isbn = record.book, record.isbn
    width, height = book.trim
    measures = [('01', height), ('02', width), ('03', spine_width(book, record.print_pages))]
    detail = X.DescriptiveDetail(
        X.ProductComposition('00'), X.ProductForm('BC'),
        *(X.Measure(X.MeasureType(kind), X.Measurement(f'{value / INCH * 25.4:.1f}'), X.MeasureUnitCode('mm'))
          for kind, value in measures),
        *_work(record),
        X.Extent(X.ExtentType('11'), X.ExtentValue(str(record.print_pages)), X.ExtentUnit('03')),
        *_subjects(book))
    return _product(record, f'{isbn}', [X.ProductIdentifier(X.ProductIDType('15'), X.IDValue(isbn)),
                                        X.ProductIdentifier(X.ProductIDType('03'), X.IDValue(isbn))],
                    detail, [])


def _digital(record, item):
    book = record.book
    detail_code, name = DIGITAL_FORMS[item.kind]
    detail = X.DescriptiveDetail(
        X.ProductComposition('00'), X.ProductForm('ED'), X.ProductFormDetail(detail_code),
        X.ProductFormDescription(name), X.EpubTechnicalProtection('00'),
        *_work(record),
        X.Extent(X.ExtentType('08'), X.ExtentValue(str(record.print_pages)), X.ExtentUnit('03')),
        X.Extent(X.ExtentType('22'), X.ExtentValue(str(item.size)), X.ExtentUnit('17')),
        *_subjects(book))
    related = [X.RelatedProduct(X.ProductRelationCode('13'),
                                X.ProductIdentifier(X.ProductIDType('15'), X.IDValue(record.isbn)))]
    reference = f'{record.isbn}-{item.kind}'
    return _product(record, reference, [X.ProductIdentifier(X.ProductIDType('01'),
                                                            X.IDTypeName('Publisher product number'),
                                                            X.IDValue(reference))], detail, related)


def _product(record, reference, identifiers, detail, related):
    book = record.book
    supply = X.ProductSupply(X.SupplyDetail(
        X.Supplier(X.SupplierRole('01'), X.SupplierName(book.publisher)), X.ProductAvailability('10')))
    supply[0].append(etree.Comment(' Prices: replace UnpricedItemType with one <Price> composite per market, '
                                   'e.g. <Price><PriceType>02</PriceType><PriceAmount>9.99</PriceAmount>'
                                   '<CurrencyCode>USD</CurrencyCode></Price> '))
    supply[0].append(X.UnpricedItemType('02'))
    product = X.Product(
        X.RecordReference(reference), X.NotificationType('03'), *identifiers, detail,
        X.CollateralDetail(X.TextContent(X.TextType('03'), X.ContentAudience('00'), X.Text(book.description))),
        X.PublishingDetail(
            X.Publisher(X.PublishingRole('01'), X.PublisherName(book.publisher)), X.PublishingStatus('04'),
            X.PublishingDate(X.PublishingDateRole('01'), X.Date(book.date.replace('-', ''), dateformat='00'))),
        supply)
    if related:
        product.insert(product.index(product.find(f'{{{NS}}}PublishingDetail')) + 1,
                       X.RelatedMaterial(*related))
    return product


def _work(record):
    """Title, contributors and language: what every product of the book shares."""
    book = record.book
    title = X.TitleElement(X.TitleElementLevel('01'), X.TitleText(book.title))
    if book.subtitle:
        title.append(X.Subtitle(book.subtitle))
    people = [(name, 'author') for name in book.authors] + list(book.contributors)
    elements = [X.TitleDetail(X.TitleType('01'), title)]
    elements += [X.Contributor(X.SequenceNumber(str(number)), X.ContributorRole(CONTRIBUTOR_ROLES[role]),
                               X.PersonName(name))
                 for number, (name, role) in enumerate(people, 1)]
    code = ISO_639_2B.get(primary(book.lang))
    if code:
        elements.append(X.Language(X.LanguageRole('01'), X.LanguageCode(code)))
    return elements


def _subjects(book):
    return [X.Subject(X.SubjectSchemeIdentifier('20'), X.SubjectHeadingText('; '.join(book.subjects)))]
