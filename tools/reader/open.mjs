// Open an EPUB in foliate-js, the Foliate reader's engine, in headless chromium, and print
// as JSON what a reader meets: the contents, the page list, the cover (and the screens it
// takes), the first note call
// opened as the reader's pop-up, and any script error.
// Usage: READER_MODULES=DIR node open.mjs BOOK.epub, DIR being the node_modules ./book
// installs from package-lock.json into the user cache. Served from 127.0.0.1 only, and
// nothing else is fetched.
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { join, normalize } from 'node:path'
import { pathToFileURL } from 'node:url'

const modules = process.env.READER_MODULES
const { chromium } = await import(pathToFileURL(join(modules, 'playwright-core', 'index.mjs')))
const engine = join(modules, 'foliate-js')
const epub = process.argv[2]
const types = { '.js': 'text/javascript', '.html': 'text/html', '.epub': 'application/epub+zip' }

const page = `<!DOCTYPE html><meta charset="utf-8"><body><script type="module">
import './foliate-js/view.js'
import { FootnoteHandler } from './foliate-js/footnotes.js'
const report = { errors: [] }
addEventListener('error', e => report.errors.push(String(e.message)))
addEventListener('unhandledrejection', e => report.errors.push(String(e.reason)))
try {
  const view = document.createElement('foliate-view')
  document.body.append(view)
  const blob = await (await fetch('/book.epub')).blob()
  await view.open(new File([blob], 'book.epub'))
  const book = view.book
  const flat = items => (items ?? []).flatMap(item => [item.label.trim(), ...flat(item.subitems)])
  report.toc = flat(book.toc)
  report.pageList = (book.pageList ?? []).map(item => item.label.trim())
  const cover = await book.getCover()
  report.cover = cover ? { type: cover.type, size: cover.size } : null
  await view.init({ showTextStart: true })
  // The screens the cover takes, paginated as Foliate shows it (less the two edge pages).
  view.renderer.setAttribute('margin', '48px')      // with margins and a gap, as reader apps set them
  view.renderer.setAttribute('gap', '5%')
  await view.renderer.goTo({ index: 0 })
  report.coverScreens = view.renderer.pages - 2
  for (const section of book.sections) {
    const doc = await section.createDocument?.()
    const call = doc?.querySelector('a[role~="doc-noteref"]')
    if (!call) continue
    const handler = new FootnoteHandler()
    const shown = new Promise(resolve => handler.addEventListener('render', e => resolve(e.detail)))
    handler.addEventListener('before-render', e => document.body.append(e.detail.view))
    const href = section.resolveHref(call.getAttribute('href'))
    await handler.handle(book, new CustomEvent('link', { cancelable: true, detail: { a: call, href } }))
    const { type, hidden, view: noteView } = await shown
    const [{ doc: noteDoc }] = noteView.renderer.getContents()
    report.note = { call: call.textContent.trim(), href, type, hidden, text: noteDoc.body.textContent.trim() }
    break
  }
} catch (error) { report.errors.push(String(error?.stack ?? error)) }
window.report = report
</script>`

const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname))
  try {
    let body
    if (path === '/') body = page
    else if (path === '/book.epub') body = await readFile(epub)
    else if (path.startsWith('/foliate-js/')) body = await readFile(join(engine, path.slice('/foliate-js/'.length)))
    else throw new Error('not served')
    response.writeHead(200, { 'content-type': types[path.slice(path.lastIndexOf('.'))] ?? 'text/html' })
    response.end(body)
  } catch {
    response.writeHead(404).end()
  }
})
await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
                                        args: ['--no-sandbox'] })
try {
  const tab = await browser.newPage()
  const consoleErrors = []
  tab.on('console', message => { if (message.type() === 'error') consoleErrors.push(message.text()) })
  tab.on('pageerror', error => consoleErrors.push(String(error)))
  // Nothing leaves the machine: any request not to our server is refused.
  await tab.route(url => !url.href.startsWith(`http://127.0.0.1:${server.address().port}/`) && !url.href.startsWith('blob:'),
                  route => route.abort())
  await tab.goto(`http://127.0.0.1:${server.address().port}/`)
  await tab.waitForFunction(() => window.report, null, { timeout: 60000 })
  const report = await tab.evaluate(() => window.report)
  report.errors.push(...consoleErrors)
  console.log(JSON.stringify(report))
} finally {
  await browser.close()
  server.close()
}
