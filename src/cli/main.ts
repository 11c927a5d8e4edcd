/**
 * The CLI: finds the command, parses its options, runs it, and is the one place that turns
 * errors into messages and exit codes. bin.ts is the process entry.
 */
import { parseArgs } from 'node:util';
import { loadEnv } from '../migrate/config/env';
import { ToolError, UsageError, maskSecrets } from '../migrate/errors';
import type { Command, CommandContext } from './command';
import { commands } from './commands';

const SECRET_VARIABLES = ['CLOUDFLARE_D1_TOKEN', 'CLOUDFLARE_API_TOKEN'];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: tsx src/cli/bin.ts <command> [options]   (or the pnpm db:* scripts)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run a command with --help for its options.',
  ].join('\n');
}

export async function main(argv: string[], root = process.cwd()): Promise<number> {
  const env = loadEnv(root);
  const secrets = SECRET_VARIABLES.map((name) => env[name]);
  const context: CommandContext = {
    root,
    env,
    out: {
      line: (text = '') => process.stdout.write(`${maskSecrets(text, secrets)}\n`),
      note: (text) => process.stderr.write(`${maskSecrets(text, secrets)}\n`),
    },
  };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    context.out.line(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    context.out.note(`error: unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    context.out.line(command.help);
    return 0;
  }
  try {
    return await command.run(parse(command, rest), context);
  } catch (error) {
    if (error instanceof ToolError) {
      context.out.note(`error: ${error.message}`);
      return error.exitCode;
    }
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    context.out.note(`internal error (please report it): ${text}`);
    return 70;
  }
}

function parse(command: Command, args: string[]) {
  try {
    return parseArgs({ args, options: command.options, allowPositionals: command.positionals ?? false, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${command.help}`, { cause: error });
  }
}
