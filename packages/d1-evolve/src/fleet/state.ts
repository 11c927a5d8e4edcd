/**
 * The state file of a fleet run: one JSON line per event, appended as it happens (so a kill
 * at any point loses at most the line being written), from which `fleet apply --resume <file>`
 * finishes the work:
 *   {"type":"run", holder, startedAt, migrations: [{name, checksum}], ...}   the run (and each resume)
 *   {"type":"databases", databases: [{id, name}]}                         the list, once resolved
 *   {"type":"database", database, outcome, applied, startedAt, error, ...} one per database done
 * The holder is the run's lock holder: a resume takes the killed run's locks back with it.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ToolError } from '../errors';
import type { DatabaseOutcome, FleetDatabase } from './outcome';

export interface RunLine {
  type: 'run';
  holder: string;
  /** The run's start (ISO): its restore point. A resume keeps the first run's. */
  startedAt: string;
  /** This line's own time (ISO): differs from startedAt on a resume. */
  at: string;
  migrations: { name: string; checksum: string }[];
  /** The ledger table. */
  ledger: string;
  resumed?: boolean;
  dryRun?: boolean;
}

export interface DatabasesLine {
  type: 'databases';
  databases: FleetDatabase[];
}

export type DatabaseLine = { type: 'database' } & DatabaseOutcome;

export type StateLine = RunLine | DatabasesLine | DatabaseLine;

/** The default state file of a run: under the project's `.wrangler/d1-evolve/fleet/`. */
export function defaultStateFile(root: string, startedAt: Date, holder: string): string {
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const id = /^run-([0-9a-f]+)/.exec(holder)?.[1] ?? 'run';
  return join(root, '.wrangler', 'd1-evolve', 'fleet', `${stamp}-${id}.jsonl`);
}

/** Appends lines; each write is one whole line, flushed before the call returns. */
export class StateWriter {
  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    // A run killed mid-write leaves a cut-off last line (readState skips it): drop it before writing on.
    if (existsSync(file) && statSync(file).size > 0) {
      const text = readFileSync(file, 'utf8');
      if (!text.endsWith('\n')) truncateSync(file, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
    }
  }

  write(line: StateLine): void {
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }
}

export interface FleetState {
  /** The first run line: its holder and start time. */
  run: RunLine;
  databases?: FleetDatabase[];
  /** The last outcome of each database. */
  outcomes: Map<string, DatabaseOutcome>;
}

/** Reads a state file; a last line cut short by a kill is ignored. Throws ToolError when it is not one. */
export function readState(file: string): FleetState {
  if (!existsSync(file)) throw new ToolError(`--resume ${file}: no such file. Give the state file the run printed (it is under .wrangler/d1-evolve/fleet/).`);
  const lines = readFileSync(file, 'utf8').split('\n');
  let run: RunLine | undefined;
  let databases: FleetDatabase[] | undefined;
  const outcomes = new Map<string, DatabaseOutcome>();
  for (const [index, text] of lines.entries()) {
    if (text.trim() === '') continue;
    let line: StateLine;
    try {
      line = JSON.parse(text) as StateLine;
    } catch (cause) {
      // Only the last line can be cut short by a kill; anything else is not our file.
      if (lines.slice(index + 1).every((rest) => rest.trim() === '')) break;
      throw new ToolError(`${file}:${index + 1} is not a line of a fleet state file (not JSON): give the file \`d1-evolve fleet apply\` wrote.`, { cause });
    }
    if (line.type === 'run') run ??= line;
    else if (line.type === 'databases') databases = line.databases;
    else if (line.type === 'database') {
      const { type: _type, ...outcome } = line;
      outcomes.set(outcome.database, outcome);
    }
  }
  if (!run) throw new ToolError(`${file} holds no run (its first line should be {"type":"run",...}): give the state file \`d1-evolve fleet apply\` wrote.`);
  return { run, databases, outcomes };
}

/** Writes the ids of `databases`, one per line, for `--from-file`; returns the file. */
export function writeDatabaseList(file: string, databases: readonly FleetDatabase[]): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${databases.map((d) => d.id).join('\n')}\n`);
  return file;
}
