/** A setting the example backend cannot start without (an environment variable) is missing. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}
