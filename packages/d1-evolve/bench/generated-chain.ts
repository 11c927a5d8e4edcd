/**
 * A generated migration history for benchmarks: an app's schema evolving over `length`
 * migrations, each written by drizzle-kit's own generator (test/fixtures/chains/build.ts) and
 * then rewritten as `d1-evolve generate` commits it (a rebuild of a table with children keeps
 * their rows). The mix is what real histories hold: new tables with a foreign key to an older
 * one, nullable or defaulted columns added, indexes, and every tenth migration a rebuild
 * (a NOT NULL dropped, which SQLite can only do by recreating the table), some of them of a
 * parent table. Deterministic: the same length gives the same files.
 *
 *   const chain = await generatedChain(60); … chain.remove();
 */
import { type AnySQLiteColumn, index, integer, type SQLiteColumnBuilderBase, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { readMigrationFolder } from '../src/folder/migration-folder';
import { rewriteFolder } from '../src/rewrite/keep-children';
import { type BuiltChain, type ChainStep, buildChain } from '../test/fixtures/chains/build';

interface ColumnSpec {
  name: string;
  kind: 'text' | 'integer';
  notNull?: boolean;
  default?: string | number;
  /** The table whose id this column references (ON DELETE CASCADE). */
  references?: string;
}

interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  indexes: string[][];
}

const NOUNS = [
  'projects',
  'tasks',
  'comments',
  'labels',
  'attachments',
  'milestones',
  'teams',
  'members',
  'invites',
  'webhooks',
  'events',
  'audit_logs',
  'api_keys',
  'sessions',
  'notifications',
  'reactions',
  'boards',
  'cards',
  'checklists',
  'reminders',
];
const FIELDS = ['title', 'status', 'note', 'color', 'position', 'priority', 'kind', 'summary', 'due_at', 'score', 'url', 'source', 'weight', 'region'];

/** A small deterministic pseudo-random sequence (mulberry32), so the chain is the same every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** drizzle tables for the specs, parents first (a foreign key only points back). */
function schemaOf(specs: readonly TableSpec[]): Record<string, unknown> {
  const tables: Record<string, ReturnType<typeof sqliteTable>> = {};
  for (const spec of specs) {
    const columns: Record<string, SQLiteColumnBuilderBase> = { id: text('id').primaryKey() };
    for (const column of spec.columns) {
      let builder = column.kind === 'text' ? text(column.name) : integer(column.name);
      if (column.notNull) builder = builder.notNull() as typeof builder;
      if (column.default !== undefined) builder = (builder as ReturnType<typeof text>).default(column.default as string) as typeof builder;
      const parent = column.references;
      if (parent) builder = builder.references(() => (tables[parent] as unknown as { id: AnySQLiteColumn }).id, { onDelete: 'cascade' }) as typeof builder;
      columns[column.name] = builder;
    }
    tables[spec.name] = sqliteTable(spec.name, columns, (t) =>
      spec.indexes.map((cols) =>
        index(`idx_${spec.name}_${cols.join('_')}`).on(...(cols.map((c) => t[c]) as unknown as [AnySQLiteColumn, ...AnySQLiteColumn[]])),
      ),
    );
  }
  return tables;
}

const clone = (specs: readonly TableSpec[]): TableSpec[] =>
  specs.map((s) => ({ ...s, columns: s.columns.map((c) => ({ ...c })), indexes: s.indexes.map((i) => [...i]) }));

/** The steps of the history: what changes in each migration, as the schema after it. */
function historySteps(length: number): ChainStep[] {
  const next = random(12);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  let specs: TableSpec[] = [
    { name: 'users', columns: [{ name: 'email', kind: 'text', notNull: true }], indexes: [['email']] },
    {
      name: 'workspaces',
      columns: [
        { name: 'user_id', kind: 'text', notNull: true, references: 'users' },
        { name: 'name', kind: 'text', notNull: true },
      ],
      indexes: [['user_id']],
    },
  ];
  const steps: ChainStep[] = [{ name: 'users_workspaces', schema: schemaOf(specs) }];
  let nouns = 0;
  for (let n = 1; n < length; n++) {
    specs = clone(specs);
    const kind = n % 10 === 5 ? 'rebuild' : n % 4 === 1 && nouns < NOUNS.length ? 'create' : n % 3 === 0 ? 'index' : 'add';
    let name: string;
    if (kind === 'create') {
      const table = NOUNS[nouns++]!;
      const parent = pick(specs).name;
      const field = pick(FIELDS);
      specs.push({
        name: table,
        columns: [
          { name: `${parent.replace(/s$/, '')}_id`, kind: 'text', notNull: true, references: parent },
          { name: field, kind: 'text', notNull: true, default: '' },
          { name: 'created_at', kind: 'integer', notNull: true, default: 0 },
        ],
        indexes: [[`${parent.replace(/s$/, '')}_id`]],
      });
      name = `create_${table}`;
    } else if (kind === 'rebuild') {
      // Dropping a NOT NULL recreates the table; half of them are tables with children.
      const withChildren = specs.filter((s) => specs.some((o) => o.columns.some((c) => c.references === s.name)));
      const candidates = (n % 20 === 5 ? withChildren : specs).filter((s) => s.columns.some((c) => c.notNull && !c.references));
      const table = pick(candidates.length > 0 ? candidates : specs);
      const column = table.columns.find((c) => c.notNull && !c.references);
      if (column) column.notNull = false;
      name = `${table.name}_${column?.name ?? 'id'}_nullable`;
    } else if (kind === 'index') {
      const table = pick(specs.filter((s) => s.columns.some((c) => !s.indexes.some((i) => i[0] === c.name))));
      const column = table.columns.find((c) => !table.indexes.some((i) => i[0] === c.name))!;
      table.indexes.push([column.name]);
      name = `index_${table.name}_${column.name}`;
    } else {
      const table = pick(specs);
      const field = FIELDS.find((f) => !table.columns.some((c) => c.name === f)) ?? `extra_${n}`;
      // Added columns are nullable or have a default, as D1 needs for a table with rows.
      const column: ColumnSpec = next() < 0.5 ? { name: field, kind: 'text' } : { name: field, kind: 'integer', notNull: true, default: 0 };
      table.columns.push(column);
      name = `add_${table.name}_${field}`;
    }
    steps.push({ name, schema: schemaOf(specs) });
  }
  return steps;
}

/** Writes the history of `length` migrations into a temp folder, as `d1-evolve generate` would commit it. */
export async function generatedChain(length = 60): Promise<BuiltChain> {
  const chain = await buildChain(historySteps(length));
  rewriteFolder(readMigrationFolder(chain.dir));
  return chain;
}
