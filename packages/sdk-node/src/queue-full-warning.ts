/** The `code` of the process warning for a client's first `queue-full` drop nobody listens to. */
export const QUEUE_FULL_WARNING = 'CLICKSTREAM_QUEUE_FULL'

/**
 * The warning's text: which bound was hit, the option to raise and the other ways out. Shown once
 * per client, only while no `drop` listener is subscribed (a listener handles drops itself).
 */
export function queueFullWarning(
  bound: { option: 'maxQueueBytes' | 'maxQueueEvents'; value: number },
  overflow: 'reject-new' | 'drop-oldest',
): string {
  const what = overflow === 'reject-new' ? 'new events are' : 'the oldest events are'
  const unit = bound.option === 'maxQueueBytes' ? ' bytes' : ''
  return (
    `clickstream: the event queue is full (${bound.option}: ${bound.value}${unit}), so ${what} ` +
    `being dropped. Raise ${bound.option}, await analytics.waitForRoom() before each call in a ` +
    `batch job, or listen to 'drop'. Shown once per client.`
  )
}
