/**
 * What D1 refuses that plain SQLite accepts (d1-facts.md, "What D1 accepts" and "Limits").
 * The better-sqlite3 engine enforces these so that a local replay fails where D1 would,
 * and the lint reports them before anything runs.
 */
import { stripComments } from './split';

/** D1's limit on the length of one SQL statement, in bytes. */
export const MAX_STATEMENT_BYTES = 100_000;

/** PRAGMAs D1 allows; every other PRAGMA is denied. */
export const ALLOWED_PRAGMAS = new Set([
  'table_list',
  'table_info',
  'table_xinfo',
  'index_list',
  'index_info',
  'index_xinfo',
  'foreign_key_list',
  'foreign_key_check',
  'quick_check',
  'optimize',
  'data_version',
  'page_size',
  'case_sensitive_like',
  'foreign_keys',
  'defer_foreign_keys',
  'ignore_check_constraints',
  'legacy_alter_table',
  'recursive_triggers',
  'reverse_unordered_selects',
]);

/** BEGIN, COMMIT, ROLLBACK, SAVEPOINT and the like: D1 owns the transaction and refuses them. */
export function isTransactionControl(sql: string): boolean {
  return /^(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i.test(stripComments(sql).trim());
}

/** Why D1 would refuse `sql`, or undefined when it would run it. */
export function d1Refusal(sql: string): string | undefined {
  const bytes = Buffer.byteLength(sql, 'utf8');
  if (bytes > MAX_STATEMENT_BYTES) {
    return `statement is ${bytes} bytes; D1 refuses statements over ${MAX_STATEMENT_BYTES} bytes. Split it, or insert data in smaller batches.`;
  }
  const text = stripComments(sql).trim();
  if (isTransactionControl(text)) {
    return 'D1 runs every migration in one transaction and refuses BEGIN, COMMIT, ROLLBACK and SAVEPOINT; remove them.';
  }
  const pragma = /^PRAGMA\s+(?:\w+\.)?(\w+)/i.exec(text);
  if (pragma && !ALLOWED_PRAGMAS.has(pragma[1]!.toLowerCase())) {
    return `D1 denies PRAGMA ${pragma[1]}; only ${[...ALLOWED_PRAGMAS].join(', ')} are allowed.`;
  }
  if (/^(ATTACH|DETACH)\b/i.test(text)) return 'D1 refuses ATTACH and DETACH.';
  if (/^CREATE\s+(TEMP|TEMPORARY)\b/i.test(text)) return 'D1 refuses TEMP tables, views and triggers; create a regular table and drop it.';
  if (/^CREATE\s+VIRTUAL\s+TABLE\b/i.test(text) && !/\bUSING\s+(fts5|rtree)\b/i.test(text)) {
    return 'D1 allows only the fts5 and rtree virtual tables.';
  }
  if (/^(CREATE|ALTER|DROP)\b/i.test(text) && /(^|[\s`"'[(.])_cf_/i.test(text)) {
    return 'D1 reserves names starting with _cf_; rename the object.';
  }
  return undefined;
}
