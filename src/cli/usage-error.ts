/** A bad command line: exit code 2 with a message naming the flag or value. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
