"""The EPUB's stylesheet and the fonts it embeds: base.css and epub.css with @font-face
rules for the book's faces and the faces of the other scripts it holds, each a subset of
the characters it sets."""

from ebooklib import epub

from ..assets import fonts
from ..paths import stylesheet as style_file
from ..transforms.typography import smart_quotes

CSS_FILES = ('base.css', 'epub.css')
CODE_ELEMENTS = ('code', 'pre', 'kbd', 'samp')


def stylesheet(book, root, package):
    """base.css + epub.css + @font-face for the book's faces, subset to the characters they
    set: the text face to all text, the code face (only if the book has code) to its code,
    and each face of another script the text face lacks to that script's characters."""
    code = ''.join(element.text_content() for element in root.iter(*CODE_ELEMENTS))
    families = {alias: faces for alias, faces in fonts.book_faces(book).items()
                if alias != fonts.CODE_ALIAS or code.strip()}
    texts = {fonts.FAMILY_ALIAS: root.text_content() + smart_quotes(book.title + (book.subtitle or ''), book.lang),
             fonts.CODE_ALIAS: code}
    for alias, faces in families.items():
        text = ''.join(set(texts[alias]))
        for path in faces.files.values():
            package.add_item(epub.EpubItem(uid=f'font-{path.stem}', file_name=f'fonts/{path.name}',
                                           media_type='font/ttf', content=fonts.subset(path, text)))
        package.add_item(epub.EpubItem(uid=f'license-{faces.slug}', file_name=f'fonts/{faces.slug}-LICENSE.txt',
                                       media_type='text/plain', content=faces.license.read_bytes()))
    characters = set(map(ord, texts[fonts.FAMILY_ALIAS] + code))
    used = fonts.script_faces(book, characters)
    for _, face, points in used:
        text = ''.join(map(chr, characters if points is None else points & characters))
        for path in sorted(set(face.files.values())):
            package.add_item(epub.EpubItem(uid=f'font-{path.stem}', file_name=f'fonts/{path.name}',
                                           media_type='font/ttf', content=fonts.subset(path, text)))
        package.add_item(epub.EpubItem(uid=f'license-{face.slug}', file_name=f'fonts/{face.slug}-COPYRIGHT.txt',
                                       media_type='text/plain', content=face.license.read_bytes()))
    def url(path):
        return f'../fonts/{path.name}'
    face_css = fonts.font_face_css(families, url, named=True) + fonts.script_face_css(used, url, named=True)
    return face_css + fonts.named(''.join(style_file(name, book).read_text(encoding='utf-8') for name in CSS_FILES),
                                  fonts.stacks(book, used, named=True))
