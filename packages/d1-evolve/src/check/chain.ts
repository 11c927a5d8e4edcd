/**
 * Chain integrity: the journal, the SQL files and the snapshots of a drizzle-kit folder
 * agree. wrangler applies every `.sql` file of the folder in number order whatever the
 * journal says, and drizzle-kit diffs against the last snapshot, so a disagreement means
 * the two tools see different chains.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Journal, journalPath, readJournal, snapshotPath } from '../folder/migration-folder';
import { EMPTY_SNAPSHOT, type Snapshot } from '../schema/snapshot';
import type { Finding } from './finding';

const REGENERATE = 'run `d1-evolve generate` again';

/** Every disagreement between journal, SQL files and snapshots in `dir`, each with its fix. */
export function checkChain(dir: string): Finding[] {
  let journal: Journal;
  try {
    journal = readJournal(dir);
  } catch (error) {
    return [
      chainError(
        'chain-journal',
        (error as Error).message,
        'restore meta/_journal.json from git, or run `d1-evolve generate` in a new project.',
        journalPath(dir),
      ),
    ];
  }
  const entries = journal.entries;
  const findings: Finding[] = [];
  const listed = new Set(entries.map((e) => `${e.tag}.sql`));
  const sqlFiles = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();

  entries.forEach((entry, position) => {
    const file = `${entry.tag}.sql`;
    if (entry.idx !== position) {
      findings.push(
        chainError(
          'chain-journal-order',
          `meta/_journal.json lists ${file} at position ${position} with idx ${entry.idx}; the idx values must run 0, 1, 2 ... in order.`,
          `renumber the journal entries in order (and their NNNN_snapshot.json files to match), or delete the later migration and ${REGENERATE}.`,
          journalPath(dir),
          file,
        ),
      );
    }
    if (!existsSync(join(dir, file))) {
      findings.push(
        chainError(
          'chain-missing-file',
          `${file} is listed in meta/_journal.json but ${join(dir, file)} does not exist.`,
          `restore it from git; if the migration was abandoned, remove its journal entry and meta/${pad(entry.idx)}_snapshot.json, then ${REGENERATE}.`,
          join(dir, file),
          file,
        ),
      );
    }
    if (!existsSync(snapshotPath(dir, entry.idx))) {
      findings.push(
        chainError(
          'chain-missing-snapshot',
          `${file} has no snapshot ${snapshotPath(dir, entry.idx)}: drizzle-kit diffs the schema against the last snapshot.`,
          `restore meta/${pad(entry.idx)}_snapshot.json from git; if it is lost, delete ${file} and its journal entry and ${REGENERATE}.`,
          snapshotPath(dir, entry.idx),
          file,
        ),
      );
    }
  });

  for (const file of sqlFiles.filter((f) => !listed.has(f))) {
    findings.push(
      chainError(
        'chain-extra-file',
        `${join(dir, file)} is not listed in meta/_journal.json, but wrangler applies every .sql file of the folder.`,
        'delete it, or write it as a migration drizzle-kit knows (`d1-evolve generate --custom --name <name>`, then paste the SQL in).',
        join(dir, file),
        file,
      ),
    );
  }
  findings.push(...duplicateNumbers(dir, [...new Set([...sqlFiles, ...listed])]));
  findings.push(...extraSnapshots(dir, entries.length));
  findings.push(
    ...brokenLinks(
      dir,
      entries.map((e) => ({ idx: e.idx, file: `${e.tag}.sql` })),
    ),
  );
  return findings;
}

function duplicateNumbers(dir: string, files: string[]): Finding[] {
  const byNumber = new Map<string, string[]>();
  for (const file of files) {
    const number = /^(\d+)_/.exec(file)?.[1];
    if (number !== undefined) byNumber.set(number, [...(byNumber.get(number) ?? []), file]);
  }
  return [...byNumber]
    .filter(([, names]) => names.length > 1)
    .map(([number, names]) =>
      chainError(
        'chain-duplicate-number',
        `${names.join(' and ')} share the number ${number} in ${dir}.`,
        `two branches both generated ${number}: delete one file+snapshot+journal entry, merge, and ${REGENERATE}.`,
        join(dir, names[1]!),
        names[1],
      ),
    );
}

function extraSnapshots(dir: string, count: number): Finding[] {
  const metaDir = join(dir, 'meta');
  if (!existsSync(metaDir)) return [];
  return readdirSync(metaDir)
    .filter((f) => /^\d+_snapshot\.json$/.test(f) && Number.parseInt(f, 10) >= count)
    .map((f) =>
      chainError(
        'chain-extra-snapshot',
        `${join(metaDir, f)} belongs to no migration in meta/_journal.json.`,
        `delete it (a leftover of a deleted migration), or restore the journal entry it belongs to; then ${REGENERATE}.`,
        join(metaDir, f),
      ),
    );
}

/** Each snapshot's prevId is the previous snapshot's id; the first one's is all zeros. */
function brokenLinks(dir: string, entries: { idx: number; file: string }[]): Finding[] {
  const findings: Finding[] = [];
  let previous: Pick<Snapshot, 'id'> = EMPTY_SNAPSHOT;
  let previousName = 'the start of the chain';
  for (const { idx, file } of entries) {
    const path = snapshotPath(dir, idx);
    if (!existsSync(path)) return findings; // reported as chain-missing-snapshot
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
    } catch (error) {
      findings.push(chainError('chain-snapshot-json', `${path} is not valid JSON (${(error as Error).message}).`, 'restore it from git.', path, file));
      return findings;
    }
    if (snapshot.prevId !== previous.id) {
      findings.push(
        chainError(
          'chain-snapshot-link',
          `${path} has prevId ${snapshot.prevId}, but ${previousName} has id ${previous.id}: the snapshot chain is broken (usually two branches generated from the same parent).`,
          `delete the later branch's migration (file+snapshot+journal entry), merge, and ${REGENERATE}.`,
          path,
          file,
        ),
      );
    }
    previous = snapshot;
    previousName = `meta/${pad(idx)}_snapshot.json`;
  }
  return findings;
}

function chainError(rule: string, message: string, hint: string, path?: string, migration?: string): Finding {
  return { rule, severity: 'error', message, hint, ...(path ? { path } : {}), ...(migration ? { migration } : {}) };
}

const pad = (idx: number) => String(idx).padStart(4, '0');
