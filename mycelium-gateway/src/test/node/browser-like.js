// A client written against the browser's WebSocket API (Node 20's built-in one, run with
// --experimental-websocket), as a web page would speak to the gateway: no library, raw amqp-swarm messages.
// Usage: node --experimental-websocket browser-like.js <ws-url>. Prints one JSON object per line.
'use strict'
const url = process.argv[2]
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const socket = new WebSocket(url)
const pending = new Map()
let seq = 0

function request (name, ...args) {
  const correlationId = `b${++seq}`
  socket.send(JSON.stringify({ type: 'request', name, args, correlationId }))
  return new Promise((resolve, reject) => pending.set(correlationId, { resolve, reject }))
}

socket.addEventListener('message', async (event) => {
  const text = typeof event.data === 'string' ? event.data : Buffer.from(await event.data.arrayBuffer()).toString()
  const m = JSON.parse(text)
  if (m.type === 'init') {
    out({ label: 'add', result: await request('math.add', { a: 20, b: 22 }) })
    out({ label: 'subscribed', result: await request('$gateway.subscribe', 'news.*') })
  } else if (m.type === 'response' && pending.has(m.correlationId)) {
    pending.get(m.correlationId).resolve(m.result)
    pending.delete(m.correlationId)
  } else if (m.type === 'error' && pending.has(m.correlationId)) {
    out({ label: 'error', error: m })
  } else if (m.type === 'ping') {
    socket.send(JSON.stringify({ type: 'pong', correlationId: m.correlationId }))
  } else if (m.type === 'x-event') {
    out({ label: 'event', event: m })
    socket.close()
    process.exit(0)
  }
})
socket.addEventListener('error', () => { out({ label: 'crash', error: 'socket error' }); process.exit(2) })
