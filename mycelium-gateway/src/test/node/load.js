// Load generator for the gateway figure: C raw amqp-swarm protocol connections, W requests in flight each,
// for S seconds after a warm-up. Usage: node load.js <ws-base-url> <clients> <window> <seconds> [action] [params-json]
// (default math.add {"a":1,"b":2}). Shared by GatewayFiguresTest and the benchmarks' gateway row.
// Prints {"label":"rate","rps":…,"errors":…}.
'use strict'
const WebSocket = require('ws')
const [base, c, w, s, action = 'math.add', params = '{"a":1,"b":2}'] = process.argv.slice(2)
const clients = Number(c); const window = Number(w); const seconds = Number(s)
let done = 0; let errors = 0; let measuring = false; let ready = 0
const request = (ws, id) => ws.send(`{"type":"request","name":"${action}","args":[${params}],"correlationId":"${id}"}`)
for (let i = 0; i < clients; i++) {
  const ws = new WebSocket(`${base}/load-${i}`)
  let seq = 0
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString())
    if (m.type === 'init') {
      for (let k = 0; k < window; k++) request(ws, seq++)
      if (++ready === clients) start()
    } else if (m.type === 'response' || m.type === 'error') {
      if (m.type === 'error') errors++
      if (measuring) done++
      request(ws, seq++)
    } else if (m.type === 'ping') {
      ws.send(JSON.stringify({ type: 'pong', correlationId: m.correlationId }))
    }
  })
}
function start () {
  setTimeout(() => {
    measuring = true
    const t0 = process.hrtime.bigint()
    setTimeout(() => {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9
      process.stdout.write(JSON.stringify({ label: 'rate', rps: Math.round(done / secs), errors }) + '\n')
      process.exit(0)
    }, seconds * 1000)
  }, 3000)
}
