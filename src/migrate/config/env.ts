import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';

/** The file that holds local secrets, as wrangler names it. */
export const DEV_VARS = '.dev.vars';

/**
 * The variables the tooling sees: `.dev.vars` in `root`, overridden by the process
 * environment (an exported variable always wins, as in CI).
 */
export function loadEnv(root: string, processEnv: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const file = join(root, DEV_VARS);
  const fromFile = existsSync(file) ? parse(readFileSync(file)) : {};
  const fromProcess = Object.fromEntries(Object.entries(processEnv).filter(([, value]) => value !== undefined && value !== ''));
  return { ...fromFile, ...fromProcess };
}
