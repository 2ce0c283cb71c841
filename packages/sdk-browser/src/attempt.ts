/**
 * Runs a storage access; blocked storage (sandboxed iframes, privacy settings, quota) makes it
 * `undefined` instead of a throw. Shared by persistence and the lease lock.
 */
export const attempt = <T>(access: () => T): T | undefined => {
  try {
    return access()
  } catch {}
}
