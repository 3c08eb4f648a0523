/** Errors of the propagation area: only configuration can fail; parsing returns null. */
export class PropagatorConfigError extends Error {
  readonly code = 'ERR_PROPAGATOR_CONFIG';

  constructor(readonly problems: readonly string[]) {
    super(`invalid propagators configuration: ${problems.join('; ')}`);
    this.name = new.target.name;
  }
}
