/**
 * What every CLI command is: a name, the table of its options (from which its `--help` is
 * written), and a run function that gets everything from the context it is handed (folder,
 * environment, output) and returns an exit code. Commands throw ToolError for problems a
 * user can act on; main.ts prints them.
 */

/** One option: how it parses and how `--help` describes it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in `--help`: `<folder>`. */
  value?: string;
  /** What it does, for `--help` (may span lines). */
  description: string;
}

export type Options = Record<string, OptionSpec>;

export interface Output {
  /** A line for people, on stdout. */
  line(text?: string): void;
  /** A warning or progress note, on stderr (keeps stdout clean for --json). */
  note(text: string): void;
}

export interface CommandContext {
  /** The folder the command runs in: where the wrangler and drizzle configs and .dev.vars are looked for. */
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
  /** Usage lines after `d1-evolve <name>`: `[--json] [--dir <folder>]`. */
  usage: string[];
  /** What it does, in a few lines. */
  description: string;
  options: Options;
  /** After the options in `--help`: exit codes, examples, rule lists. */
  epilogue?: string;
  /** Accepts positional arguments (otherwise an unexpected one is an error). */
  positionals?: string;
  run(args: ParsedArgs, context: CommandContext): Promise<number>;
}

/** The `--help` text of a command, from its option table. */
export function helpText(command: Command): string {
  const options = Object.entries(command.options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, spec.description] as const;
  });
  options.push(['-h, --help', 'show this help']);
  const width = Math.max(...options.map(([flag]) => flag.length)) + 2;
  const indent = ' '.repeat(width + 2);
  const lines = [
    ...command.usage.map((usage, i) => `${i === 0 ? 'Usage:' : '      '} d1-evolve ${command.name}${usage ? ` ${usage}` : ''}`),
    '',
    command.description,
    '',
    ...(command.positionals ? ['Arguments:', `  ${command.positionals}`, ''] : []),
    'Options:',
    ...options.map(([flag, text]) => `  ${flag.padEnd(width)}${text.split('\n').join(`\n${indent}`)}`),
  ];
  if (command.epilogue) lines.push('', command.epilogue);
  return lines.join('\n');
}
