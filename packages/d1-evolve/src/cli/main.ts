/**
 * The CLI: finds the command, parses its options, runs it, and is the one place that turns
 * errors into messages and exit codes. bin.ts is the process entry.
 */
import { parseArgs } from 'node:util';
import { secretValues } from '../config/credentials';
import { loadEnv } from '../config/env';
import { ToolError, UsageError, maskSecrets } from '../errors';
import { type Command, type CommandContext, helpText } from './command';
import { commands } from './commands';
import { scriptNames } from './script-names';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: d1-evolve <command> [options]',
    '',
    'Evolves Cloudflare D1 databases with Drizzle: migrations that keep every row on D1, checked on',
    "workerd's own D1, applied exactly once. Reads the wrangler config (wrangler.json, wrangler.jsonc",
    'or wrangler.toml) and the drizzle config (drizzle.config.ts) of the current folder.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run a command with --help for its options.',
  ].join('\n');
}

export async function main(argv: string[], root = process.cwd()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`error: unknown command "${name}".\n\n${usage()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${helpText(command)}\n`);
    return 0;
  }
  const env = loadEnv(root);
  const secrets = secretValues(env);
  const rename = scriptNames(root, process.env.npm_config_user_agent);
  const show = (text: string) => rename(maskSecrets(text, secrets));
  const context: CommandContext = {
    root,
    env,
    out: {
      line: (text = '') => process.stdout.write(`${show(text)}\n`),
      note: (text) => process.stderr.write(`${show(text)}\n`),
    },
  };
  try {
    return await command.run(parse(command, rest), context);
  } catch (error) {
    if (error instanceof ToolError) {
      context.out.note(`error: ${error.message}`);
      return error.exitCode;
    }
    const setup = installProblem(error);
    if (setup) {
      context.out.note(`error: ${setup}`);
      return 2;
    }
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    context.out.note(`internal error (please report it): ${text}`);
    return 70;
  }
}

/**
 * A native engine that cannot load is an installation problem, not a bug: say how to mend it.
 * pnpm 10 runs no dependency's build script unless allowed, and better-sqlite3 has none then.
 */
export function installProblem(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : '';
  if (!/better[-_]sqlite3/.test(message) && !/better[-_]sqlite3/.test((error as Error)?.stack ?? '')) return undefined;
  if (/Could not locate the bindings file/.test(message)) {
    return (
      'better-sqlite3 is installed without its compiled engine: its build script did not run (pnpm 10 runs none it is not allowed to). ' +
      'Allow it (`pnpm approve-builds`, or `onlyBuiltDependencies: [better-sqlite3, esbuild, workerd]` in pnpm-workspace.yaml), then run `pnpm rebuild better-sqlite3`.'
    );
  }
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
    return `better-sqlite3 was compiled for another Node.js version than ${process.version}: run \`pnpm rebuild better-sqlite3\` (or npm rebuild).`;
  }
  return undefined;
}

declare const __D1_EVOLVE_VERSION__: string | undefined;
/** Set by the build (scripts/build.mjs); `dev` when run from source. */
const VERSION = typeof __D1_EVOLVE_VERSION__ === 'string' ? __D1_EVOLVE_VERSION__ : 'dev';

function parse(command: Command, args: string[]) {
  const options = Object.fromEntries(
    Object.entries(command.options).map(([name, { type, short, multiple }]) => [
      name,
      { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}) },
    ]),
  );
  try {
    return parseArgs({ args, options, allowPositionals: command.positionals !== undefined, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nRun \`d1-evolve ${command.name} --help\` for its options.`, { cause: error });
  }
}
