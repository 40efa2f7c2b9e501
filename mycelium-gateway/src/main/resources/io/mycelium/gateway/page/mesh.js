// The live mesh page: a WebSocket on /$mesh pushes a snapshot whenever the mesh changes; the form calls
// an allowed action through the HTTP API (POST /api/<service>/<action>).
'use strict'
const $ = (id) => document.getElementById(id)
const tokenInput = $('token')
tokenInput.value = sessionStorage.getItem('mycelium-token') || ''
let socket = null
let keepAlive = null

const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v
    else e.setAttribute(k, v)
  }
  for (const c of children) e.append(c)
  return e
}

// calls/s, latency (ms, the last 30 to 60 s) and calls in flight of one action, summed over its nodes
const ms = (v) => v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2)
function stats (f) {
  return el('span', {
    class: 'stats', 'data-calls': f.calls, 'data-rate': f.rate, 'data-in-flight': f.inFlight,
    title: f.calls + ' calls handled in all'
  }, f.rate.toFixed(1) + ' calls/s · p50 ' + ms(f.p50) + ' ms · p99 ' + ms(f.p99) + ' ms · ' +
    f.inFlight + ' in flight')
}

function render (mesh) {
  $('gateway').textContent = 'gateway ' + mesh.gateway
  const body = $('nodes').querySelector('tbody')
  body.replaceChildren(...(mesh.nodes || []).map((n) => el('tr', { 'data-node': n.id, 'data-up': 'true' },
    el('td', {}, n.id + (n.local ? ' (this gateway)' : '')),
    el('td', { class: 'up' }, 'up'),
    el('td', {}, [n.type, n.version].filter(Boolean).join(' ')),
    el('td', {}, n.cpu == null ? '–' : n.cpu + ' %'),
    el('td', {}, n.hostname || ''))))
  $('node-count').textContent = '(' + (mesh.nodes || []).length + ' up)'
  const down = mesh.down || []
  $('down').replaceChildren(...(down.length ? ['down: ', ...down.map((d) => el('span', { class: 'down', 'data-down': d.id }, d.id + ' '))] : []))
  const services = $('services')
  services.replaceChildren(...(mesh.services || []).map((s) => el('div', { class: 'service', 'data-service': s.name },
    el('h3', {}, s.name, el('span', { class: 'muted' }, ' on ' + s.nodes.join(', '))),
    el('ul', {}, ...s.actions.map((a) => el('li', { 'data-action': a.name }, a.name,
      el('span', { class: a.allowed ? 'tag allowed' : 'tag' }, a.allowed ? 'callable' : 'not exposed'),
      ...(a.stats ? [stats(a.stats)] : []))),
    ...s.events.map((e) => el('li', { 'data-event': e }, e, el('span', { class: 'tag' }, 'event')))))))
  const select = $('action')
  const chosen = select.value
  const allowed = (mesh.services || []).flatMap((s) => s.actions.filter((a) => a.allowed).map((a) => a.name))
  select.replaceChildren(...allowed.map((a) => el('option', { value: a }, a)))
  if (allowed.includes(chosen)) select.value = chosen
}

function connect () {
  const token = tokenInput.value
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/$mesh' +
    (token ? '?token=' + encodeURIComponent(token) : '')
  socket = new WebSocket(url)
  socket.onopen = () => {
    $('status').textContent = 'live'
    $('status').className = 'status live'
    clearInterval(keepAlive)
    keepAlive = setInterval(() => socket.readyState === 1 && socket.send('ping'), 20000)
  }
  socket.onmessage = (e) => render(JSON.parse(e.data))
  socket.onclose = () => {
    $('status').textContent = 'disconnected, retrying…'
    $('status').className = 'status lost'
    clearInterval(keepAlive)
    setTimeout(connect, 2000)
  }
}

tokenInput.addEventListener('change', () => {
  sessionStorage.setItem('mycelium-token', tokenInput.value)
  if (socket) socket.close()
})

$('call').addEventListener('submit', async (e) => {
  e.preventDefault()
  const action = $('action').value
  const answer = $('answer')
  if (!action) return
  const headers = { 'Content-Type': 'application/json' }
  if (tokenInput.value) headers.Authorization = 'Bearer ' + tokenInput.value
  answer.className = 'answer'
  answer.textContent = 'calling ' + action + '…'
  try {
    const res = await fetch('/api/' + action.split('.').map(encodeURIComponent).join('/'),
      { method: 'POST', headers, body: $('params').value || '{}' })
    const text = await res.text()
    let shown = text
    try { shown = JSON.stringify(JSON.parse(text), null, 2) } catch (ignored) { /* not JSON: as is */ }
    answer.className = res.ok ? 'answer ok' : 'answer error'
    answer.dataset.status = res.status
    answer.textContent = res.status + ' ' + res.statusText + '\n' + shown
  } catch (err) {
    answer.className = 'answer error'
    answer.textContent = String(err)
  }
})

connect()
