/**
 * The schema folder's shape (style.md): schema files import drizzle and their siblings only,
 * and relations live in relations.ts so that the tables form no import cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/project';

const DIR = join(PROJECT_ROOT, 'src', 'db', 'schema');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
const importsOf = (file: string) => [...readFileSync(join(DIR, file), 'utf8').matchAll(/^import [^;]*? from '([^']+)';/gms)].map((m) => m[1]!);
const graph = new Map(
  files.map((file) => [
    file.replace(/\.ts$/, ''),
    importsOf(file)
      .filter((s) => s.startsWith('./'))
      .map((s) => s.slice(2)),
  ]),
);

/** Every cycle of the sibling-import graph, as `a -> b -> a`. */
function cycles(): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]) => {
    if (path.includes(node)) return void found.push([...path.slice(path.indexOf(node)), node].join(' -> '));
    if (done.has(node)) return;
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of graph.keys()) visit(node, []);
  return found;
}

describe('src/db/schema', () => {
  it.each(files)('%s imports only drizzle-orm and sibling schema files', (file) => {
    expect(importsOf(file).filter((s) => !s.startsWith('./') && !/^drizzle-orm(\/|$)/.test(s))).toEqual([]);
  });

  it('forms no import cycle', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps every relations() in relations.ts', () => {
    const elsewhere = files.filter((f) => f !== 'relations.ts' && /\brelations\(/.test(readFileSync(join(DIR, f), 'utf8')));
    expect(elsewhere).toEqual([]);
    expect(readFileSync(join(DIR, 'relations.ts'), 'utf8')).toMatch(/export const agentsRelations = relations\(agents,/);
  });
});
