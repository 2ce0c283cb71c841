/**
 * Runs a storage access; blocked storage (sandboxed iframes, privacy settings, quota) or a value
 * that does not parse or serialise makes it `undefined` instead of a throw. Shared by persistence,
 * identity and the lease lock.
 */
export const attempt = <T>(access: () => T): T | undefined => {
  try {
    return access()
  } catch {}
}
