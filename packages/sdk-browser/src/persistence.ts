import { attempt } from './attempt.js'

/** Where identity and settings live: first-party cookie and localStorage, memory when both fail. */
export interface Persistence {
  read(key: string): string | null
  /** `cookie` also writes a first-party cookie (ids that should survive a cleared localStorage). */
  write(key: string, value: string, cookie?: boolean): void
  erase(key: string): void
}

export interface PersistenceOptions {
  /** Cookie `Domain`, e.g. `example.com` to share ids with subdomains. @default the page's host */
  cookieDomain?: string
  /** @default 365 */
  cookieDays?: number
}

/**
 * Reads cookie, then localStorage, then memory; writes all of them. Every storage access is
 * guarded, so a page that blocks cookies or storage still gets a working (in-memory) identity.
 */
export function createPersistence(options: PersistenceOptions = {}): Persistence {
  const memory: Record<string, string> = {}
  const cookie = (key: string, value: string, days: number) => {
    const domain = options.cookieDomain ? `;domain=${options.cookieDomain}` : ''
    const secure = location.protocol === 'https:' ? ';secure' : ''
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is async and not in every browser
    document.cookie = `${key}=${encodeURIComponent(value)};path=/;max-age=${days * 86400};samesite=lax${domain}${secure}`
  }
  return {
    read: (key) =>
      attempt(() =>
        decodeURIComponent(document.cookie.match(`(?:^|; )${key}=([^;]*)`)?.[1] ?? ''),
      ) ||
      attempt(() => localStorage.getItem(key)) ||
      memory[key] ||
      null,
    write(key, value, withCookie) {
      memory[key] = value
      attempt(() => localStorage.setItem(key, value))
      if (withCookie) attempt(() => cookie(key, value, options.cookieDays ?? 365))
    },
    erase(key) {
      delete memory[key]
      attempt(() => localStorage.removeItem(key))
      attempt(() => cookie(key, '', 0))
    },
  }
}
