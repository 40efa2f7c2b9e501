const WS = require('ws')
class LoggingWS extends WS {
  constructor (...a) {
    super(...a)
    const t0 = Date.now()
    process.stdout.write(`new ws ${a[0]}\n`)
    this.on('open', () => process.stdout.write(`open +${Date.now() - t0}\n`))
    this.on('close', (c) => process.stdout.write(`close ${c}\n`))
  }
}
global.WebSocket = LoggingWS
