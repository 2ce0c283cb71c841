/**
 * A random (v4) UUID. `crypto.randomUUID` exists only in secure contexts (https, localhost), so
 * plain-http pages fall back to `crypto.getRandomValues`, which every supported runtime has.
 */
export function uuid(): string {
  const c = globalThis.crypto
  if (typeof c.randomUUID === 'function') return c.randomUUID()
  const b = c.getRandomValues(new Uint8Array(16))
  b[6] = ((b[6] as number) & 0x0f) | 0x40
  b[8] = ((b[8] as number) & 0x3f) | 0x80
  let hex = ''
  for (const byte of b) hex += (byte + 0x100).toString(16).slice(1)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
