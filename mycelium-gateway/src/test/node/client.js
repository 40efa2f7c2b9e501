// Drives the real amqp-swarm client (npm, unchanged) against a Mycelium gateway for the gateway tests.
// Usage: node client.js <scenario> <ws-url>. Prints one JSON object per line on stdout; the Java test reads them.
'use strict'
if (process.env.GW_DEBUG) require('./debugws')
const amqpSwarmClient = require('amqp-swarm/client')

const [scenario, url] = process.argv.slice(2)
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const errorOf = (err) => ({ name: err.name, type: err.type, subtype: err.subtype, message: err.message, data: err.data })

async function attempt (label, promise) {
  try {
    out({ label, result: await promise })
  } catch (err) {
    out({ label, error: errorOf(err) })
  }
}

async function basic (client) {
  client.on('hello', (ctx, who) => `hi ${who}`)
  client.on('hello', (ctx) => `${ctx.result}!`)
  client.on('refuse', () => client.throw('take a seat', { council: true, master: false }))
  client.on('finish', () => {
    setTimeout(() => { client.close(); out({ label: 'closed' }); process.exit(0) }, 100)
    return 'bye'
  })
  await attempt('add', client.send('math.add', { a: 1, b: 2 }))
  await attempt('noargs', client.send('math.zero'))
  await attempt('fail', client.send('math.fail'))
  await attempt('missing', client.send('math.missing'))
  await attempt('denied', client.send('secret.get'))
  await attempt('handler', client.send('whoami'))
  await attempt('subscribe', client.send('$gateway.subscribe', 'news.*'))
  out({ label: 'ready' })
}

async function stay (client) {
  const started = Date.now()
  let n = 0
  while (Date.now() - started < 12000) {
    await attempt('tick', client.send('math.add', { a: n, b: 1 }))
    n++
    await sleep(2000)
  }
  out({ label: 'done', seconds: (Date.now() - started) / 1000 })
  client.close()
  process.exit(0)
}

async function reconnect (client) {
  // after the gateway restarts, the mesh asks this client to 'finish'; answering needs the client to have
  // reconnected by itself, and the answer is a client request made through the restarted gateway
  client.on('finish', async () => {
    const result = await client.send('math.add', { a: 2, b: 2 })
    setTimeout(() => { client.close(); out({ label: 'closed' }); process.exit(0) }, 100)
    return result
  })
  await attempt('first', client.send('math.add', { a: 1, b: 1 }))
  out({ label: 'restart-now' })
}

async function serve (client) {
  // for a gateway process (mycelium-cli's GatewayProcessTest): answers the mesh's 'hello' through every
  // reconnection; 'finish' makes one more client request through whatever gateway it is attached to, then exits
  client.on('hello', (ctx, who) => `hi ${who}`)
  client.on('finish', async () => {
    const result = await client.send('math.add', { a: 2, b: 2 })
    setTimeout(() => { client.close(); out({ label: 'closed' }); process.exit(0) }, 100)
    return result
  })
  await attempt('first', client.send('math.add', { a: 1, b: 1 }))
}

const scenarios = { basic, stay, reconnect, serve }
const client = amqpSwarmClient(url)
scenarios[scenario](client).catch((err) => {
  out({ label: 'crash', error: String(err && err.stack) })
  process.exit(2)
})
