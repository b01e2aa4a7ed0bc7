// Look at a published site as readers will: each page in headless chromium at a phone's and a
// desktop's size, a screenshot of each, axe-core's accessibility findings, whether the page is
// wider than the screen, which typefaces it drew with, where the first Tab goes, and any
// request for something outside the site.
// Usage: SITE_MODULES=DIR node check.mjs BASE_URL SHOTS_DIR PAGE...; DIR is the node_modules
// ./book installs from package-lock.json into the user cache. Prints one JSON report.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const modules = process.env.SITE_MODULES
const { chromium } = await import(pathToFileURL(join(modules, 'playwright-core', 'index.mjs')))
const axe = await readFile(join(modules, 'axe-core', 'axe.min.js'), 'utf8')
const [base, shots, ...pages] = process.argv.slice(2)
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1440, height: 900 } }

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
                                        args: ['--no-sandbox'] })
const report = { pages: [], outside: [] }
try {
  for (const [size, viewport] of Object.entries(SIZES)) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
    await context.route(url => !url.href.startsWith(base), route => {
      report.outside.push(route.request().url())
      return route.abort()
    })
    for (const path of pages) {
      const tab = await context.newPage()
      const errors = []
      tab.on('pageerror', error => errors.push(String(error)))
      tab.on('requestfailed', request => { if (request.url().startsWith(base)) errors.push(`failed: ${request.url()}`) })
      tab.on('response', response => { if (response.status() >= 400) errors.push(`${response.status()}: ${response.url()}`) })
      await tab.goto(base + path, { waitUntil: 'load' })
      await tab.evaluate(() => document.fonts.ready)
      const shot = join(shots, `${path.replaceAll('/', '_').replace(/\.html$/, '')}-${size}.png`)
      await tab.screenshot({ path: shot, fullPage: true })
      const facts = await tab.evaluate(() => ({
        lang: document.documentElement.lang,
        title: document.title,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        fonts: [...document.fonts].filter(face => face.status === 'loaded')
          .map(face => `${face.family.replaceAll('"', '')} ${face.style} ${face.weight}`).sort(),
        images: [...document.images].map(image => ({ src: image.getAttribute('src'), alt: image.getAttribute('alt'),
                                                     loaded: image.complete && image.naturalWidth > 0 })),
      }))
      await tab.keyboard.press('Tab')
      facts.firstTab = await tab.evaluate(() => ({ text: document.activeElement.textContent.trim(),
                                                   href: document.activeElement.getAttribute('href'),
                                                   visible: document.activeElement.getBoundingClientRect().left >= 0 }))
      await tab.addScriptTag({ content: axe })
      const results = await tab.evaluate(() => window.axe.run(document, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }))
      facts.violations = results.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
                                                        help: v.help, targets: v.nodes.map(n => n.target.join(' ')) }))
      facts.passes = results.passes.length
      report.pages.push({ path, size, shot, errors, ...facts })
      await tab.close()
    }
    await context.close()
  }
} finally {
  await browser.close()
}
console.log(JSON.stringify(report))
