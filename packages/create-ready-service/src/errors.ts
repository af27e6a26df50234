/** A failure the user can act on: printed without a stack trace, exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 130 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad flags or arguments: exit code 2, printed as one line plus a pointer to --help. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/** Ctrl-C (SIGINT, or a cancelled prompt): exit code 130, the shell's code for an interrupt. */
export class Interrupted extends CliError {
  constructor(message = 'Cancelled. Nothing was written.') {
    super(message, 130);
    this.name = 'Interrupted';
  }
}
