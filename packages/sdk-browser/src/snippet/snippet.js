// The clickstream snippet, readable. Put the minified copy (snippet.min.js) in a <script> tag in
// <head>, with the URL of clickstream.min.js as the last argument. It stubs window.analytics so
// calls made before the SDK loads are queued (each returns a promise) and replayed in order.
;((w, d, src) => {
  w.analytics = w.analytics || []
  const a = w.analytics
  if (a.invoked) return // already installed (the SDK, or a second snippet)
  a.invoked = 1
  for (const m of 'track page screen identify group alias reset user ready flush use optOut optIn consent debug on'.split(
    ' ',
  )) {
    a[m] = (...x) => new Promise((r) => a.push([m, x, r]))
  }
  a.load = (k, o) => {
    a.push(['load', [k, o]])
    const s = d.createElement('script')
    s.async = true
    s.src = src
    d.head.appendChild(s)
  }
})(window, document, 'https://cdn.example.com/clickstream.min.js')
