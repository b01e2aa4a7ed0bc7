// Browse a published site's OPDS catalogue as the Foliate reader does, with foliate-js's own
// OPDS parser (opds.js) in headless chromium, and print as JSON what a reader meets: the root
// feed's navigation, each acquisition feed's books with their covers and acquisition links,
// and the books an OpenSearch query for one word finds.
// Usage: READER_MODULES=DIR node opds.mjs BASE_URL WORD, BASE_URL being where the site is served
// (on 127.0.0.1); the reader's page and foliate-js are answered from disk under BASE_URL/__reader/,
// so that it reads the feeds from their own origin, and nothing else is fetched.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const modules = process.env.READER_MODULES
const { chromium } = await import(pathToFileURL(join(modules, 'playwright-core', 'index.mjs')))
const engine = join(modules, 'foliate-js')
const [base, word] = process.argv.slice(2)
const reader = base + '__reader/'
const types = { '.js': 'text/javascript', '.html': 'text/html', '.xml': 'application/xml' }

const page = `<!DOCTYPE html><meta charset="utf-8"><body><script type="module">
import { getFeed, getOpenSearch, REL } from './foliate-js/opds.js'
const report = { errors: [] }
addEventListener('error', e => report.errors.push(String(e.message)))
try {
  const load = async url => {
    const response = await fetch(url)
    if (!response.ok) throw new Error(url + ': ' + response.status)
    return new DOMParser().parseFromString(await response.text(), 'application/xml')
  }
  const books = feed => (feed.publications ?? []).map(({ metadata, links, images }) => ({
    title: metadata.title, authors: metadata.author.map(a => a.name), language: metadata.language,
    subjects: metadata.subject.map(s => s.name),
    images: images.map(link => new URL(link.href, feed.url).pathname),
    acquisitions: links.filter(link => link.rel?.some(rel => rel.startsWith(REL.ACQ)))
      .map(link => ({ type: link.type, href: new URL(link.href, feed.url).pathname })),
  }))
  const root = new URL('../opds/catalog.xml', location.href)
  const feed = getFeed(await load(root))
  report.title = feed.metadata.title
  report.navigation = []
  for (const item of feed.navigation ?? []) {
    const url = new URL(item.href, root)
    const sub = Object.assign(getFeed(await load(url)), { url })
    report.navigation.push({ title: item.title, type: item.type, href: url.pathname, books: books(sub) })
  }
  const searchLink = feed.links.find(link => link.rel?.includes('search'))
  const description = new URL(searchLink.href, root)
  const search = getOpenSearch(await load(description))
  const url = new URL(search.search(new Map([[null, new Map([['searchTerms', ${JSON.stringify(word)}]])]])),
                      description)
  report.search = { href: url.pathname, books: books(Object.assign(getFeed(await load(url)), { url })) }
} catch (error) { report.errors.push(String(error?.stack ?? error)) }
window.report = report
</script>`

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
                                        args: ['--no-sandbox'] })
try {
  const tab = await browser.newPage()
  const consoleErrors = []
  tab.on('pageerror', error => consoleErrors.push(String(error)))
  await tab.route(url => !url.href.startsWith(base), route => route.abort())
  await tab.route(url => url.href.startsWith(reader), async route => {
    const path = new URL(route.request().url()).pathname.split('/__reader/')[1]
    if (path === '') return route.fulfill({ contentType: 'text/html', body: page })
    if (!path.startsWith('foliate-js/') || path.includes('..')) return route.abort()
    return route.fulfill({ contentType: types[path.slice(path.lastIndexOf('.'))] ?? 'text/plain',
                           body: await readFile(join(engine, path.slice('foliate-js/'.length))) })
  })
  await tab.goto(reader)
  await tab.waitForFunction(() => window.report, null, { timeout: 60000 })
  const report = await tab.evaluate(() => window.report)
  report.errors.push(...consoleErrors)
  console.log(JSON.stringify(report))
} finally {
  await browser.close()
}
