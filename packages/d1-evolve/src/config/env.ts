import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Dotenv from 'dotenv';

/** The file that holds local secrets, as wrangler names it. */
export const DEV_VARS = '.dev.vars';

/**
 * The variables the tooling sees: `.dev.vars` in `root`, overridden by the process
 * environment (an exported variable always wins, as in CI). An empty value counts as unset,
 * so a line copied from .dev.vars.example and left blank falls back to the default.
 */
export function loadEnv(root: string, processEnv: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const file = join(root, DEV_VARS);
  // dotenv is loaded only when there is a file to parse.
  const fromFile = existsSync(file) ? (createRequire(import.meta.url)('dotenv') as typeof Dotenv).parse(readFileSync(file)) : {};
  return { ...withoutEmpty(fromFile), ...withoutEmpty(processEnv) };
}

function withoutEmpty(vars: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
