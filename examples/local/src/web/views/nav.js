// Shared helpers of the live views: DOM building without innerHTML (payloads are user data).
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value)
    else if (key === 'dataset') Object.assign(node.dataset, value)
    else node.setAttribute(key, value)
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue
    node.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return node
}

export const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '')
export const duration = (ms) => {
  const s = Math.round(ms / 1000)
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`
}
export const short = (id, n = 8) => (id && id.length > n ? `${id.slice(0, n)}…` : id || '')

/** Connects to the live stream; reconnects by itself (EventSource does). */
export function live(handlers) {
  const source = new EventSource('/api/stream')
  const status = document.getElementById('live')
  source.addEventListener('open', () => (status.textContent = '● live'))
  source.addEventListener('error', () => (status.textContent = '○ reconnecting'))
  for (const [name, handler] of Object.entries(handlers)) {
    source.addEventListener(name, (message) => handler(JSON.parse(message.data)))
  }
  return source
}

// The enrichment of an event or session (`@clickstream/enrich`'s fields), as text.
const named = (name, version) => (name ? [name, version].filter(Boolean).join(' ') : '')
/**
 * `mobile · Mobile Safari 18.1 · iOS 18.1` (without the versions when `short`); '' when unknown (a
 * session written before enrichment).
 */
export const deviceText = (e, short = false) =>
  e?.deviceType
    ? [
        e.deviceType,
        named(e.browserName, short ? '' : e.browserVersion),
        named(e.osName, short ? '' : e.osVersion),
      ]
        .filter(Boolean)
        .join(' · ')
    : ''
/** `DE`, `DE · Bavaria · Munich` with a City database; '' when unknown. */
export const placeText = (e) => [e?.country, e?.region, e?.city].filter(Boolean).join(' · ')
/** `email (newsletter / email)`; '' when unknown. */
export const channelText = (e) => {
  if (!e?.channel) return ''
  const via = [e.trafficSource, e.trafficMedium].filter(Boolean).join(' / ')
  return via ? `${e.channel} (${via})` : e.channel
}
/** A `bot` badge for bot sessions and events, nothing otherwise. */
export const botBadge = (e) => (e?.bot ? el('span', { class: 'badge bot' }, 'bot') : '')
