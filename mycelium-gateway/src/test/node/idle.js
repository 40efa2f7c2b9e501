// Holds N idle amqp-swarm connections open against a gateway (answering its pings), for the heap figure.
// Usage: node idle.js <ws-base-url> <count>. Shared by GatewayFiguresTest and the benchmarks' gateway row. Prints {"label":"connected","count":N} once all have their init.
'use strict'
const WebSocket = require('ws')
const [base, countArg] = process.argv.slice(2)
const count = Number(countArg)
let ready = 0
let failed = 0
const sockets = []

function open (i) {
  const ws = new WebSocket(`${base}/idle-${i}`)
  ws.on('message', (data) => {
    const m = JSON.parse(Buffer.from(data).toString('utf-8'))
    if (m.type === 'init' && ++ready === count) process.stdout.write(JSON.stringify({ label: 'connected', count }) + '\n')
    if (m.type === 'ping') ws.send(JSON.stringify({ type: 'pong', correlationId: m.correlationId }))
  })
  ws.on('error', () => { failed++ })
  sockets.push(ws)
}

// open in batches so the accept queue never overflows
let next = 0
const batch = () => {
  for (let k = 0; k < 500 && next < count; k++) open(next++)
  if (next < count) setTimeout(batch, 50)
}
batch()
setInterval(() => {
  if (failed) process.stdout.write(JSON.stringify({ label: 'failures', failed }) + '\n')
}, 5000)
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
