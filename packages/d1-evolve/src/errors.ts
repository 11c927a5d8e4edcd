/**
 * Errors a user can act on. Internals throw these; only the CLI entry turns them into
 * output and exit codes.
 */
export class ToolError extends Error {
  override name = 'ToolError';
  /** The exit code the CLI uses for this error. */
  readonly exitCode: number = 1;
}

/** The command line is wrong: an unknown option, a missing value. */
export class UsageError extends ToolError {
  override name = 'UsageError';
  override readonly exitCode = 2;
}

/** The configuration is incomplete or wrong: every problem found, reported together. */
export class ConfigError extends ToolError {
  override name = 'ConfigError';
  override readonly exitCode = 2;
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** The user stopped the run (Ctrl-C, SIGTERM): exit 130, as a shell reports SIGINT. */
export class InterruptedError extends ToolError {
  override name = 'InterruptedError';
  override readonly exitCode = 130;
}

/** Something about one migration file: carries its name and path. */
export class MigrationError extends ToolError {
  override name = 'MigrationError';
  constructor(
    message: string,
    readonly migration: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Replace every secret in `text` by a masked form, so a token never reaches output. */
export function maskSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) masked = masked.replaceAll(secret, `${secret.slice(0, 2)}…(masked)`);
  }
  return masked;
}
