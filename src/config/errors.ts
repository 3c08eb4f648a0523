/** A configuration problem, named by its key path (`receivers.otlp.protocols.http.endpoint: ...`). */
export class ConfigError extends Error {
  constructor(
    readonly keyPath: string,
    readonly problem: string,
  ) {
    super(keyPath ? `${keyPath}: ${problem}` : problem);
    this.name = 'ConfigError';
  }
}
