/**
 * Hints name commands as `d1-evolve <command>`. Where the project's package.json has a script
 * that runs that command on the same kind of database (`"db:check": "d1-evolve check"`,
 * `"db:apply:local": "d1-evolve apply --local"`), output names the script instead, run with
 * the project's package manager (`pnpm db:check`), so a hint reads the way that project's
 * own README does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Rename = (text: string) => string;

/** Flags that change which database a command acts on: a script and a hint must agree on them. */
const TARGET_FLAGS = new Set(['--local', '--remote', '--all']);

interface Alias {
  script: string;
  subcommand: string;
  /** The script's own arguments after the subcommand. */
  args: string[];
}

/** The renaming for the project in `root`; the identity where it has no such scripts. */
export function scriptNames(root: string, userAgent: string | undefined): Rename {
  const aliases: Alias[] = Object.entries(readScripts(root)).flatMap(([script, command]) => {
    const [tool, subcommand, ...args] = command.trim().split(/\s+/);
    return tool === 'd1-evolve' && subcommand && /^[a-z]/.test(subcommand) ? [{ script, subcommand, args }] : [];
  });
  if (aliases.length === 0) return (text) => text;
  const runner = packageManager(root, userAgent);
  const targets = (args: readonly string[]) =>
    args
      .filter((arg) => TARGET_FLAGS.has(arg))
      .sort()
      .join(' ');
  return (text) =>
    text.replace(/`d1-evolve ([a-z][^`]*)`/g, (whole, invoked: string) => {
      const [subcommand, ...args] = invoked.split(' ');
      // The script that runs this subcommand on the same kind of database; the hint's other
      // arguments follow it (a script's own options, such as --bundle, stay as they are).
      const alias = aliases.find((a) => a.subcommand === subcommand && targets(a.args) === targets(args));
      if (!alias) return whole;
      const extra = args.filter((arg) => !alias.args.includes(arg));
      return `\`${runner(alias.script, extra.length ? ` ${extra.join(' ')}` : '')}\``;
    });
}

function readScripts(root: string): Record<string, string> {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return {};
  try {
    const scripts = (JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, unknown> }).scripts ?? {};
    return Object.fromEntries(Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

/** How to run a script with extra arguments, in the package manager the project uses. */
function packageManager(root: string, userAgent: string | undefined): (script: string, extra: string) => string {
  const name =
    userAgent?.split('/')[0] ??
    (existsSync(join(root, 'pnpm-lock.yaml'))
      ? 'pnpm'
      : existsSync(join(root, 'yarn.lock'))
        ? 'yarn'
        : existsSync(join(root, 'bun.lockb')) || existsSync(join(root, 'bun.lock'))
          ? 'bun'
          : 'npm');
  if (name === 'npm') return (script, extra) => `npm run ${script}${extra ? ` --${extra}` : ''}`;
  return (script, extra) => `${name} ${name === 'bun' ? 'run ' : ''}${script}${extra}`;
}
