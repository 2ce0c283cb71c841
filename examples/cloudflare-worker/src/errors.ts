/** `workerd` exited or never listened while starting; the message carries its stderr. */
export class WorkerdStartError extends Error {
  override readonly name = 'WorkerdStartError'
}
