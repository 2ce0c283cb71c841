/** The collector's sources could not be read at start-up (the message never carries the value). */
export class SourcesError extends Error {
  override name = 'SourcesError'
}
