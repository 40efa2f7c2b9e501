// Headless Chromium (Debian's package, driven by playwright-core) opens a page whose script uses the browser's
// own WebSocket to call an action through the gateway and to receive an x-event.
// Usage: node browser.js <ws-url> [chromium-path]. Prints the page's console lines (JSON) on stdout.
'use strict'
const { chromium } = require('playwright-core')
const [url, executablePath = '/usr/bin/chromium'] = process.argv.slice(2)

const page = `<!doctype html><html><body><script>
const log = (o) => console.log(JSON.stringify(o))
const ws = new WebSocket(${JSON.stringify(url)})
const pending = {}
let seq = 0
const request = (name, ...args) => new Promise((resolve) => {
  const correlationId = 'p' + (++seq)
  pending[correlationId] = resolve
  ws.send(JSON.stringify({ type: 'request', name, args, correlationId }))
})
ws.onmessage = async (e) => {
  const m = JSON.parse(typeof e.data === 'string' ? e.data : await e.data.text())
  if (m.type === 'init') {
    log({ label: 'add', result: await request('math.add', { a: 20, b: 22 }) })
    log({ label: 'subscribed', result: await request('$gateway.subscribe', 'news.*') })
  } else if (m.type === 'response' && pending[m.correlationId]) {
    pending[m.correlationId](m.result)
  } else if (m.type === 'error') {
    log({ label: 'error', error: m })
  } else if (m.type === 'ping') {
    ws.send(JSON.stringify({ type: 'pong', correlationId: m.correlationId }))
  } else if (m.type === 'x-event') {
    log({ label: 'event', event: m, userAgent: navigator.userAgent })
  }
}
</script></body></html>`

;(async () => {
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] })
  const done = new Promise((resolve) => {
    browser.newPage().then(async (p) => {
      p.on('console', (msg) => {
        process.stdout.write(msg.text() + '\n')
        if (msg.text().includes('"event"')) resolve()
      })
      await p.setContent(page)
    })
  })
  const timeout = new Promise((resolve) => setTimeout(resolve, 30000))
  await Promise.race([done, timeout])
  await browser.close()
  process.exit(0)
})().catch((err) => {
  process.stdout.write(JSON.stringify({ label: 'crash', error: String(err && err.stack) }) + '\n')
  process.exit(2)
})
