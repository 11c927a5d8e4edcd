/**
 * Hints name commands as `d1-evolve <command>`. Where the project's package.json has a script
 * that runs exactly that command (`"db:check": "d1-evolve check"`), output names the script
 * instead, run with the project's package manager (`pnpm db:check`), so a hint reads the
 * way that project's own README does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Rename = (text: string) => string;

/** The renaming for the project in `root`; the identity where it has no such scripts. */
export function scriptNames(root: string, userAgent = process.env.npm_config_user_agent): Rename {
  const scripts = readScripts(root);
  // Longest command first, so `d1-evolve apply --local` finds db:apply:local before db:apply.
  const aliases = Object.entries(scripts)
    .flatMap(([script, command]) => (/^d1-evolve [a-z]/.test(command) ? [{ script, command: command.trim() }] : []))
    .sort((a, b) => b.command.length - a.command.length);
  if (aliases.length === 0) return (text) => text;
  const runner = packageManager(root, userAgent);
  return (text) =>
    text.replace(/`d1-evolve ([^`]*)`/g, (whole, rest: string) => {
      const invoked = `d1-evolve ${rest}`;
      const alias = aliases.find(({ command }) => invoked === command || invoked.startsWith(`${command} `));
      if (!alias) return whole;
      const extra = invoked.slice(alias.command.length);
      return `\`${runner(alias.script, extra)}\``;
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
  const name = userAgent?.split('/')[0] ?? (existsSync(join(root, 'pnpm-lock.yaml')) ? 'pnpm' : existsSync(join(root, 'yarn.lock')) ? 'yarn' : existsSync(join(root, 'bun.lockb')) || existsSync(join(root, 'bun.lock')) ? 'bun' : 'npm');
  if (name === 'npm') return (script, extra) => `npm run ${script}${extra ? ` --${extra}` : ''}`;
  return (script, extra) => `${name} ${name === 'bun' ? 'run ' : ''}${script}${extra}`;
}
