/**
 * A database for the tests of `check --data`: tables whose foreign keys point at tables
 * created later (so D1's export writes the children's rows first), more rows than one load
 * batch holds, a table that references itself with a row pointing forward, an AUTOINCREMENT
 * counter, BLOBs, unicode and line breaks in text, 64-bit integers, REALs that hold whole
 * numbers, generated columns, an index, a view and an audit trigger. Plus a fingerprint that
 * tells two databases apart by any value or storage class.
 */
import type Database from 'better-sqlite3';
import type { D1Transport } from '../../src/transports/transport';
import { query } from '../../src/transports/transport';

export const PARENTS = 600;
export const CHILDREN = 1_200;

export const SCHEMA = [
  'CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents(id) ON DELETE CASCADE, note TEXT)',
  'CREATE TABLE "parents" (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, photo BLOB, score REAL, big INTEGER)',
  'CREATE TABLE categories (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES categories(id), label TEXT NOT NULL)',
  'CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL)',
  "CREATE TABLE priced (id INTEGER PRIMARY KEY, net REAL NOT NULL, gross REAL GENERATED ALWAYS AS (net * 2) STORED, tag TEXT GENERATED ALWAYS AS ('#' || id) VIRTUAL)",
  'CREATE INDEX children_parent ON children (parent_id)',
  'CREATE VIEW parent_names AS SELECT name FROM parents',
  "CREATE TRIGGER children_audit AFTER INSERT ON children BEGIN INSERT INTO audit (what) VALUES ('child ' || NEW.id); END",
];

/** Values that a dump must carry exactly. */
export const SPECIAL_PARENTS: [string, Buffer | null, number | null, bigint | null][] = [
  ['Zoë 🚀 日本語 Ωμέγα', Buffer.from(Array.from({ length: 256 }, (_, i) => i)), 1, 9_223_372_036_854_775_807n],
  ['quote \' and "double"', Buffer.alloc(0), 0.1, -9_223_372_036_854_775_808n],
  ['line\nbreak\r\nand a literal \\n, \\012 and \\r', null, -1.5e300, 9_007_199_254_740_993n],
  ['e\u0301 combining, a tab\tand 𝄞', Buffer.from('blob ✓', 'utf8'), null, null],
];

/** Writes the fixture into a better-sqlite3 database (foreign keys on, one transaction). */
export function writeFixture(db: Database.Database): void {
  db.pragma('foreign_keys = ON');
  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON');
    for (const sql of SCHEMA) db.exec(sql);
    const parent = db.prepare('INSERT INTO parents (name, photo, score, big) VALUES (?, ?, ?, ?)');
    for (const row of SPECIAL_PARENTS) parent.run(...row);
    for (let i = SPECIAL_PARENTS.length + 1; i <= PARENTS; i += 1) parent.run(`parent ${i}`, null, i / 4, BigInt(i));
    const child = db.prepare('INSERT INTO children (id, parent_id, note) VALUES (?, ?, ?)');
    for (let i = 1; i <= CHILDREN; i += 1) child.run(i, (i % PARENTS) + 1, i % 7 === 0 ? null : `note ${i}`);
    db.exec("INSERT INTO categories (id, parent_id, label) VALUES (1, 3, 'leaf'), (2, 1, 'leaf of leaf'), (3, NULL, 'root')");
    db.exec('INSERT INTO priced (id, net) VALUES (1, 10.0), (2, 2.5)');
    // The AUTOINCREMENT counter ahead of the rows, as after a delete: a dump must keep it.
    parent.run('removed', null, null, null);
    db.exec("DELETE FROM parents WHERE name = 'removed'");
  })();
}

/** The fixture's statements as a transport batch list (for engines reached through a transport). */
export async function writeFixtureThrough(transport: D1Transport): Promise<void> {
  const parents = SPECIAL_PARENTS.map(
    ([name, photo, score, big]) =>
      `(${[name, photo, score, big].map((v) => (v === null ? 'NULL' : Buffer.isBuffer(v) ? `X'${v.toString('hex')}'` : typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v))).join(', ')})`,
  );
  await transport.batch([
    { sql: 'PRAGMA defer_foreign_keys = ON' },
    ...SCHEMA.map((sql) => ({ sql })),
    { sql: `INSERT INTO parents (name, photo, score, big) VALUES ${parents.join(', ')}` },
    { sql: "INSERT INTO categories (id, parent_id, label) VALUES (1, 3, 'leaf'), (2, 1, 'leaf of leaf'), (3, NULL, 'root')" },
    { sql: "INSERT INTO children (id, parent_id, note) VALUES (1, 1, NULL), (2, 2, 'two')" },
  ]);
}

type Rows = (sql: string) => Promise<Record<string, unknown>[]>;

export const sqliteRows =
  (db: Database.Database): Rows =>
  async (sql) =>
    db.prepare(sql).all() as Record<string, unknown>[];

export const transportRows =
  (transport: D1Transport): Rows =>
  (sql) =>
    query(transport, sql);

/**
 * Every schema object and every row of every table (sqlite_sequence included, D1's _cf_
 * tables left out) as text that shows each value's storage class and exact value: REALs to
 * 17 digits, everything else through quote() (BLOBs in hex, integers digit for digit).
 */
export async function fingerprint(rows: Rows): Promise<{ schema: string[]; tables: Record<string, string[]> }> {
  const objects = await rows("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE '_cf_%' AND sql NOT NULL ORDER BY type, name");
  const tables: Record<string, string[]> = {};
  for (const { type, name } of objects) {
    if (type !== 'table') continue;
    const columns = (await rows(`SELECT name FROM pragma_table_xinfo('${String(name)}')`)).map((c) => `"${String(c.name)}"`);
    const cells = columns.map((c) => `typeof(${c}) || ':' || CASE typeof(${c}) WHEN 'real' THEN printf('%.17g', ${c}) ELSE quote(${c}) END`);
    const content = await rows(`SELECT ${cells.join(" || ' | ' || ")} AS row FROM "${String(name)}"`);
    tables[String(name)] = content.map((r) => String(r.row)).sort();
  }
  return { schema: objects.map((o) => `${String(o.type)} ${String(o.name)}: ${String(o.sql)}`), tables };
}
