/**
 * Where a finding is in its file: the line of the statement it is about. A finding names its
 * statement in its message (the lint's `0004_x.sql (statement 3): ...`, a failure's
 * `statement 3 of 7: ...`); a finding about a table (a row lost, an index missing) is placed
 * on the statement that acts on that table, and a row lost to a cascade on the DROP TABLE of
 * the table it hangs from (through ON DELETE CASCADE / SET NULL / SET DEFAULT keys, in the
 * schema before the migration). The line is the statement's first line of code (its leading
 * comments skipped).
 */
import { existsSync, readFileSync } from 'node:fs';
import { BREAKPOINT, normaliseSql, splitMigration } from '../../folder/migration-folder';
import { lex } from '../../sql/lexer';
import { splitStatements, stripComments } from '../../sql/split';
import { IDENT, unquote } from '../ddl';
import type { Snapshot } from '../../schema/snapshot';
import type { Finding } from '../finding';
import { descendants } from '../graph';
import { NEW_PREFIX } from '../rebuild';

/** The 1-based line each statement of a migration file starts on, in the order splitMigration gives them. */
export function statementLines(sql: string): number[] {
  const lines: number[] = [];
  let chunkStart = 0;
  for (const chunk of sql.split(BREAKPOINT)) {
    const comments = lex(chunk).filter((token) => token.kind === 'comment');
    const inComment = (at: number) => comments.some((c) => at > c.start && at < c.end);
    let cursor = 0;
    for (const statement of splitStatements(chunk)) {
      // A statement is a slice of its chunk; skip a copy of its text inside an earlier comment.
      let at = chunk.indexOf(statement, cursor);
      while (at >= 0 && inComment(at)) at = chunk.indexOf(statement, at + 1);
      if (at < 0) at = cursor;
      lines.push(lineAt(sql, chunkStart + at + codeOffset(statement)));
      cursor = at + statement.length;
    }
    chunkStart += chunk.length + BREAKPOINT.length;
  }
  return lines;
}

/** Where the code of a statement starts, past its leading comments and blanks. */
function codeOffset(statement: string): number {
  const first = lex(statement).find((token) => token.kind !== 'space' && token.kind !== 'comment');
  return first?.start ?? 0;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text[i] === '\n') line += 1;
  return line;
}

const LINT_STATEMENT = /^\S+ \(statement (\d+)\):/;
const FAILED_STATEMENT = /\bstatement (\d+) of \d+:/;

/**
 * The index of the statement a finding is about, or undefined when it names none and no
 * statement acts on its table. `before`, the schema before the migration, tells which DROP
 * TABLE a cascade came from.
 */
export function findingStatement(finding: Pick<Finding, 'rule' | 'message' | 'table'>, statements: readonly string[], before?: Snapshot): number | undefined {
  const named = LINT_STATEMENT.exec(finding.message) ?? FAILED_STATEMENT.exec(finding.message);
  if (named) {
    const index = Number(named[1]) - 1;
    return index < statements.length ? index : undefined;
  }
  if (!finding.table) return undefined;
  const targets = statements.map(statementTarget);
  const on = (verbs: readonly Verb[]) => {
    const at = targets.findIndex((t) => t !== undefined && t.table === finding.table && verbs.includes(t.verb));
    return at >= 0 ? at : undefined;
  };
  const lost = finding.rule === 'data-loss' || finding.rule === 'down-data-loss' || finding.rule === 'trigger-lost';
  const changed = finding.rule === 'data-changed';
  return (
    (lost ? on(['drop', 'delete', 'alter']) : undefined) ??
    (changed ? on(['update', 'insert']) : undefined) ??
    on(VERBS) ??
    // Rows of a table no statement names went with a cascade: the DROP TABLE of a table it hangs
    // from, else (no schema, or a key the schema does not show) a lost row's first DROP TABLE.
    (lost || changed ? cascadeDrop(finding.table, targets, before) : undefined) ??
    (lost ? firstDrop(targets) : undefined)
  );
}

/** The first DROP TABLE whose implicit DELETE reaches `table` through the deleting foreign keys of `before`. */
function cascadeDrop(table: string, targets: readonly (Target | undefined)[], before: Snapshot | undefined): number | undefined {
  if (!before) return undefined;
  const at = targets.findIndex((t) => t?.verb === 'drop' && descendants(before, t.table).some((d) => d.table === table));
  return at >= 0 ? at : undefined;
}

function firstDrop(targets: readonly (Target | undefined)[]): number | undefined {
  const at = targets.findIndex((t) => t?.verb === 'drop');
  return at >= 0 ? at : undefined;
}

const VERBS = ['create', 'index', 'drop', 'alter', 'insert', 'update', 'delete'] as const;
type Verb = (typeof VERBS)[number];
type Target = { verb: Verb; table: string };

const TARGETS: [Verb, RegExp][] = [
  ['create', new RegExp(String.raw`^CREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})`, 'i')],
  ['index', new RegExp(String.raw`^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?${IDENT}\s+ON\s+(${IDENT})`, 'i')],
  ['drop', new RegExp(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(${IDENT})`, 'i')],
  ['alter', new RegExp(String.raw`^ALTER\s+TABLE\s+(${IDENT})`, 'i')],
  ['insert', new RegExp(String.raw`^(?:INSERT|REPLACE)\s+(?:OR\s+\w+\s+)?INTO\s+(${IDENT})`, 'i')],
  ['update', new RegExp(String.raw`^UPDATE\s+(?:OR\s+\w+\s+)?(${IDENT})`, 'i')],
  ['delete', new RegExp(String.raw`^DELETE\s+FROM\s+(${IDENT})`, 'i')],
];

/** What a statement does to which table; a rebuild's `__new_t` counts as `t`. */
function statementTarget(sql: string): Target | undefined {
  const text = stripComments(sql).trim();
  for (const [verb, pattern] of TARGETS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const name = unquote(m[1]!);
    return { verb, table: name.startsWith(NEW_PREFIX) ? name.slice(NEW_PREFIX.length) : name };
  }
  return undefined;
}

/** A finding's place: its file and line (1 when the file is not SQL or no statement is found). */
export interface FindingPlace {
  path: string;
  line: number;
}

/** Reads each file once and places findings in it. */
export class FindingLocator {
  private readonly files = new Map<string, { statements: string[]; lines: number[] } | undefined>();

  /** `schemaBefore(path)`: the schema before the migration at `path` (the chain step's `before`), for cascades. */
  constructor(private readonly schemaBefore: (path: string) => Snapshot | undefined = () => undefined) {}

  /** The place of `finding`, or undefined when it has no file (a finding about the whole chain or schema). */
  place(finding: Finding): FindingPlace | undefined {
    if (!finding.path) return undefined;
    const file = this.read(finding.path);
    if (!file) return { path: finding.path, line: 1 };
    const index = findingStatement(finding, file.statements, this.schemaBefore(finding.path));
    return { path: finding.path, line: index === undefined ? (file.lines[0] ?? 1) : (file.lines[index] ?? 1) };
  }

  private read(path: string) {
    if (!this.files.has(path)) {
      const sql = path.endsWith('.sql') && existsSync(path) ? normaliseSql(readFileSync(path, 'utf8')) : undefined;
      this.files.set(path, sql === undefined ? undefined : { statements: splitMigration(sql), lines: statementLines(sql) });
    }
    return this.files.get(path);
  }
}
