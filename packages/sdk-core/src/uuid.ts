/**
 * A random (v4) UUID. `crypto.randomUUID` exists only in secure contexts (https, localhost), so
 * plain-http pages fall back to `crypto.getRandomValues`, which every supported runtime has.
 */
export function uuid(): string {
  const c = globalThis.crypto
  return c.randomUUID
    ? c.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (d) =>
        (+d ^ ((c.getRandomValues(new Uint8Array(1))[0] as number) & (15 >> (+d / 4)))).toString(
          16,
        ),
      )
}
