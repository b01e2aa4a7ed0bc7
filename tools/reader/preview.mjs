// The preview page as an author meets it, in headless chromium: where the web page stands
// after a save of the chapter being read, and after a save of another chapter.
// Usage: READER_MODULES=DIR node preview.mjs ADDRESS READ.md OTHER.md, where READ.md is the
// chapter in view after scrolling a little, and OTHER.md another chapter. Prints JSON.
import { appendFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const { chromium } = await import(pathToFileURL(join(process.env.READER_MODULES, 'playwright-core', 'index.mjs')))
const [address, reading, other] = process.argv.slice(2)
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 500 } })
  await page.goto(address)
  const frame = async () => page.frames().find(f => f.url().includes('.html?v='))
  const version = async () => (await frame())?.url().match(/\?v=(\d+)/)?.[1]
  const waitFor = async (test, what) => {
    for (let i = 0; i < 600; i++) { if (await test()) return; await page.waitForTimeout(100) }
    throw new Error('timed out waiting for ' + what)
  }
  await waitFor(async () => (await frame())?.url() && await (await frame()).evaluate(() => document.readyState === 'complete' && !!document.querySelector('section.chapter')), 'the web page')
  // Scroll to the chapter of READ.md, a little into it.
  const target = await (await frame()).evaluate(() => {
    const sections = Array.from(document.querySelectorAll('section.chapter'))
    const last = sections[sections.length - 1]
    window.scrollTo(0, last.offsetTop + 40)
    return { id: last.id, y: window.scrollY }
  })
  await page.waitForTimeout(300)
  const before = await version()
  await appendFile(reading, '\n\nA sentence added while reading this chapter.\n')
  await waitFor(async () => (await version()) !== before, 'the reload after the first save')
  await waitFor(async () => await (await frame()).evaluate(() => document.readyState === 'complete' && window.scrollY > 0), 'the place')
  await page.waitForTimeout(300)
  const kept = await (await frame()).evaluate(() => window.scrollY)
  const second = await version()
  await appendFile(other, '\n\nA sentence added to another chapter.\n')
  await waitFor(async () => (await version()) !== second, 'the reload after the second save')
  await page.waitForTimeout(500)
  const moved = await (await frame()).evaluate(() => ({ hash: location.hash, y: window.scrollY }))
  console.log(JSON.stringify({ scrolled: target, kept, moved }))
} finally {
  await browser.close()
}
