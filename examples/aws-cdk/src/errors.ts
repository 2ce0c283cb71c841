/** CDK context (cdk.json or `-c key=value`) the stack cannot be built with; names every bad key. */
export class ContextError extends Error {
  override readonly name = 'ContextError'
}

/** A command-line tool of this package was called with arguments it cannot use. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** A README that should be rewritten between markers does not have them. */
export class MissingMarkersError extends Error {
  override readonly name = 'MissingMarkersError'
  constructor(readonly path: string) {
    super(`${path} has no cost markers`)
  }
}

/** The collector's sources could not be read at start-up (the message never carries the value). */
export class SourcesError extends Error {
  override name = 'SourcesError'
}

/** A stack configuration whose settings contradict each other (named in the message). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}
