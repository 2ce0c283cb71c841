/** A port a local service needs is taken by another process. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError'
  constructor(
    readonly service: string,
    readonly host: string,
    readonly port: number,
  ) {
    super(
      `${service} cannot listen on ${host}:${port}: the port is already in use. Stop what is using it or pick another port.`,
    )
  }
}

/** A Kinesis stream did not become `ACTIVE` in time after it was created. */
export class StreamNotActiveError extends Error {
  override readonly name = 'StreamNotActiveError'
  constructor(
    readonly stream: string,
    options?: { cause?: unknown },
  ) {
    super(`stream ${stream} did not become active`, options)
  }
}
