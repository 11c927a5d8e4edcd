/**
 * What every CLI command is: a name, its help, its options, and a run function that gets
 * everything from the context it is handed (root folder, environment, output) and returns
 * an exit code. Commands throw ToolError for problems a user can act on; main.ts prints them.
 */
import type { ParseArgsConfig } from 'node:util';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Output {
  /** A line for people, on stdout. */
  line(text?: string): void;
  /** A warning or progress note, on stderr (keeps stdout clean for --json). */
  note(text: string): void;
}

export interface CommandContext {
  /** The project folder: where wrangler.toml, drizzle/ and .dev.vars are. */
  root: string;
  /** .dev.vars overridden by the process environment (config/env.ts). */
  env: Record<string, string | undefined>;
  out: Output;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text: usage, what it does, options, examples. */
  help: string;
  options: Options;
  /** Accepts positional arguments (otherwise an unexpected one is an error). */
  positionals?: boolean;
  run(args: ParsedArgs, context: CommandContext): Promise<number>;
}
