import type { Command } from '../command';
import { apply } from './apply';
import { baseline } from './baseline';
import { bundle } from './bundle';
import { check } from './check';
import { docs } from './docs';
import { fleet } from './fleet';
import { generate } from './generate';
import { pull } from './pull';
import { push } from './push';
import { repair } from './repair';
import { restore } from './restore';
import { rewrite } from './rewrite';
import { rollback } from './rollback';
import { status } from './status';
import { studio } from './studio';

/** Every command, in the order `--help` lists them. */
export const commands: Command[] = [generate, check, status, repair, docs, apply, rollback, fleet, push, pull, studio, bundle, rewrite, restore, baseline];
