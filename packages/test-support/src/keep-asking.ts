/**
 * Load that a service is stopped under: `clients` clients, each sending `request` again as soon as
 * it is answered (so requests are at every stage of their handling at any moment) until one
 * fails, which is how a stopping service refuses them.
 */
export function keepAsking(clients: number, request: () => Promise<unknown>) {
  let answered = 0
  const loops = Array.from({ length: clients }, async () => {
    for (;;) {
      try {
        await request()
        answered++
      } catch {
        return
      }
    }
  })
  return {
    answered: () => answered,
    /** Every client ended: one of its requests was refused. */
    ended: Promise.all(loops).then(() => {}),
  }
}
