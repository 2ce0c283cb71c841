/**
 * A random (v4) UUID. `crypto.randomUUID` exists only in secure contexts (https, localhost); on
 * plain-http pages a blob URL's name is one (every browser and Node mint blob URLs as v4 UUIDs).
 */
export function uuid(): string {
  const c = globalThis.crypto as { randomUUID?: () => string } | undefined
  if (c?.randomUUID) return c.randomUUID()
  const url = URL.createObjectURL(new Blob([]))
  URL.revokeObjectURL(url)
  return url.slice(-36)
}
