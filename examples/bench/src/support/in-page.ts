/**
 * Scripts run inside the page (strings, so no bundler helper leaks into them). Each resolves to
 * the main-thread wall time (performance.now) of what it measured, in ms.
 */

const addScript = `(src) => new Promise((resolve, reject) => {
  const script = document.createElement('script')
  script.src = src
  script.onload = () => resolve()
  script.onerror = () => reject(new Error('failed to load ' + src))
  document.head.appendChild(script)
})`

/** Ours: script tag, `load`, until the SDK is ready to send. */
export const loadClickstream = (writeKey: string, host: string) => `(async () => {
  const started = performance.now()
  await (${addScript})('/clickstream.min.js')
  window.analytics.load(${JSON.stringify(writeKey)}, { host: ${JSON.stringify(host)} })
  await window.analytics.ready()
  return performance.now() - started
})()`

/** Segment: the snippet's globals (`_writeKey`, `_cdn`), its standalone bundle, until initialised. */
export const loadSegment = (writeKey: string, cdn: string) => `(async () => {
  const started = performance.now()
  window.analytics = Object.assign([], { _writeKey: ${JSON.stringify(writeKey)}, _cdn: ${JSON.stringify(cdn)} })
  await (${addScript})('/segment/standalone.js')
  while (!(window.analytics && window.analytics.initialized)) await new Promise((r) => setTimeout(r, 1))
  return performance.now() - started
})()`

/** `track()` n events in a loop: the time the calls take on the main thread. */
export const trackMany = (n: number) => `(() => {
  const started = performance.now()
  for (let i = 0; i < ${n}; i++)
    window.analytics.track('Product Viewed', { product_id: 'p-' + i, price: 12.5, currency: 'EUR', position: i })
  return performance.now() - started
})()`
