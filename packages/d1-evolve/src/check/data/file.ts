/** `--data <file.sql>`: a dump the user already has (`wrangler d1 export`, `sqlite3 .dump`). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ToolError } from '../../errors';
import type { CheckData } from './source';

/** The dump file `path` (relative to `root`) as CheckData. */
export function fileData(path: string, root: string, migrationsTable: string): CheckData {
  const file = resolve(root, path);
  const shown = relative(root, file) || file;
  if (!existsSync(file)) {
    throw new ToolError(
      `--data ${path}: there is no such file (${file}). Give the path of an SQL dump, e.g. one written by ` +
        '`wrangler d1 export <database> --remote --output dump.sql`, or --data local / --data remote.',
    );
  }
  if (!statSync(file).isFile()) throw new ToolError(`--data ${path}: ${shown} is a folder, not an SQL dump file.`);
  return { label: shown, dump: readFileSync(file, 'utf8'), migrationsTable };
}
