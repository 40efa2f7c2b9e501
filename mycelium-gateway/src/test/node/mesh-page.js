// Drives the gateway's mesh page in headless Chromium (Debian's package, driven by playwright-core).
// Usage: node mesh-page.js <page-url> <chromium-path>. Prints one JSON line per step on stdout and reads
// commands from stdin, one per line: "join <node>" (the node's row must appear within 2 s),
// "leave <node>" (its row must go), "call <action> <params-json>" (the form's answer), "stats <action> <n>"
// (waits up to 8 s until the action's figures show more than n calls handled, and prints them), "shot <file>",
// "quit".
'use strict'
const { chromium } = require('playwright-core')
const readline = require('readline')
const [url, executablePath = '/usr/bin/chromium'] = process.argv.slice(2)
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n')

;(async () => {
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] })
  const page = await browser.newPage({ viewport: { width: 1200, height: 440 } })
  page.on('pageerror', (err) => say({ label: 'page-error', error: String(err) }))
  await page.goto(url)
  await page.waitForSelector('#status.live', { timeout: 15000 })
  await page.waitForSelector('tr[data-node]', { timeout: 15000 })
  say({ label: 'loaded', title: await page.title() })
  const lines = readline.createInterface({ input: process.stdin })
  for await (const line of lines) {
    const [cmd, arg, ...rest] = line.trim().split(' ')
    try {
      if (cmd === 'join') {
        const t0 = Date.now()
        await page.waitForSelector(`tr[data-node="${arg}"][data-up="true"]`, { timeout: 2000 })
        say({ label: 'joined', node: arg, ms: Date.now() - t0 })
      } else if (cmd === 'leave') {
        const t0 = Date.now()
        await page.waitForSelector(`tr[data-node="${arg}"]`, { state: 'detached', timeout: 5000 })
        say({ label: 'left', node: arg, ms: Date.now() - t0, down: await page.locator(`[data-down="${arg}"]`).count() })
      } else if (cmd === 'call') {
        await page.waitForSelector(`#action option[value="${arg}"]`, { state: 'attached', timeout: 5000 })
        await page.selectOption('#action', arg)
        await page.fill('#params', rest.join(' '))
        await page.evaluate(() => { delete document.getElementById('answer').dataset.status })
        await page.click('#send')
        await page.waitForSelector('#answer[data-status]', { timeout: 10000 })
        say({ label: 'answer', text: await page.textContent('#answer') })
      } else if (cmd === 'stats') {
        const sel = `li[data-action="${arg}"] .stats`
        const above = Number(rest[0] || 0)
        await page.waitForFunction(([sel, above]) => {
          const e = document.querySelector(sel)
          return e && Number(e.dataset.calls) > above
        }, [sel, above], { timeout: 8000 }).catch(async (err) => {
          const li = await page.locator(`li[data-action="${arg}"]`).first().innerHTML().catch(() => 'no row')
          throw new Error(String(err && err.message) + '; the row: ' + li)
        })
        const s = await page.locator(sel).first()
        say({
          label: 'stats',
          action: arg,
          calls: Number(await s.getAttribute('data-calls')),
          rate: Number(await s.getAttribute('data-rate')),
          inFlight: Number(await s.getAttribute('data-in-flight')),
          text: await s.textContent()
        })
      } else if (cmd === 'shot') {
        await page.screenshot({ path: arg, fullPage: true })
        say({ label: 'shot', file: arg })
      } else if (cmd === 'quit') {
        break
      }
    } catch (err) {
      say({ label: 'fail', cmd, error: String(err && err.message) })
    }
  }
  await browser.close()
  process.exit(0)
})().catch((err) => {
  say({ label: 'crash', error: String(err && err.stack) })
  process.exit(2)
})
