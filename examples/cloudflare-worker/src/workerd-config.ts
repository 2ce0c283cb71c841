export interface WorkerdConfigOptions {
  /** File name of the bundled module, next to the config. */
  moduleFile: string
  /** Address to listen on, e.g. `127.0.0.1:8787`. */
  address: string
  /** Text bindings (vars and secrets alike). */
  bindings: Record<string, string>
  compatibilityDate: string
}

/** The date wrangler.toml pins; the tests run workerd with the same one. */
export const COMPATIBILITY_DATE = '2025-07-18'

/**
 * A workerd config (Cap'n Proto text) serving one module worker. Outbound `fetch` may reach
 * private and local addresses too, so the worker can talk to kinesalite on loopback.
 */
export function workerdConfig(options: WorkerdConfigOptions): string {
  const bindings = Object.entries(options.bindings)
    .map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
    .join(',\n      ')
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = ${JSON.stringify(options.address)}, http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed ${JSON.stringify(options.moduleFile)})],
  compatibilityDate = ${JSON.stringify(options.compatibilityDate)},
  bindings = [
      ${bindings}
  ],
);
`
}
