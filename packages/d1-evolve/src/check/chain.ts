/**
 * Chain integrity: the journal, the SQL files and the snapshots of a drizzle-kit folder
 * agree. wrangler applies every `.sql` file of the folder in name order whatever the
 * journal says, and drizzle-kit diffs against the last snapshot, so a disagreement means
 * the two tools see different chains.
 *
 * Only a journal that cannot be read makes the folder unusable (an error). Everything else
 * wrangler applies without complaint, and databases may already have run it: those are
 * warnings that say which order is used and how to repair the folder without editing or
 * deleting a migration that may have been applied. The replay still checks every file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Journal, journalPath, migrationFileNames, readJournal, snapshotPath } from '../folder/migration-folder';
import { EMPTY_SNAPSHOT, type Snapshot } from '../schema/snapshot';
import type { Finding, FindingRuleId } from './finding';

const KEEP_APPLIED = 'Do not edit, rename or delete a migration a database may have applied (`d1-evolve status` shows which have)';
const CUSTOM_SNAPSHOT =
  'make the same change in the drizzle schema, then run `d1-evolve generate --custom --name <name>`: drizzle-kit records the schema as it now stands in a new snapshot, with an empty SQL file, so nothing runs twice';

/** Every disagreement between journal, SQL files and snapshots in `dir`, each with its repair. */
export function checkChain(dir: string): Finding[] {
  if (!existsSync(journalPath(dir)) && migrationFileNames(dir).length > 0) return [noJournal(dir)];
  let journal: Journal;
  try {
    journal = readJournal(dir);
  } catch (error) {
    return [
      {
        rule: 'chain-journal',
        severity: 'error',
        message: (error as Error).message,
        hint: 'restore meta/_journal.json from git, or run `d1-evolve generate` in a new project.',
        path: journalPath(dir),
      },
    ];
  }
  const files = migrationFileNames(dir);
  const listed = journal.entries.map((e) => `${e.tag}.sql`);
  return [
    ...journalOrder(dir, journal),
    ...missingFiles(dir, journal, new Set(files)),
    ...missingSnapshots(dir, journal, new Set(files)),
    ...extraFiles(dir, files, new Set(listed)),
    ...duplicateNumbers(dir, files),
    ...orderDiffers(dir, files, listed),
    ...extraSnapshots(dir, journal.entries.length),
    ...brokenLinks(dir, journal),
  ];
}

/** wrangler's own layout: .sql files only. Everything is replayed; there is nothing drizzle-kit knows to compare. */
function noJournal(dir: string): Finding {
  return warning(
    'chain-no-journal',
    `${dir} has no meta/_journal.json: a folder of wrangler's own (\`wrangler d1 migrations create\`), or SQL written by hand. The check replays and lints every .sql file in name order, as wrangler applies them; there are no snapshots to compare the database with.`,
    'nothing to repair for wrangler. To generate migrations with drizzle-kit from here on, describe the database in a drizzle schema (`d1-evolve pull` writes one), then run `d1-evolve generate --custom --name baseline`: the journal and a first snapshot are written, with an empty SQL file, so nothing runs twice.',
    journalPath(dir),
  );
}

function journalOrder(dir: string, journal: Journal): Finding[] {
  return journal.entries
    .map((entry, position) => ({ entry, position }))
    .filter(({ entry, position }) => entry.idx !== position)
    .map(({ entry, position }) =>
      warning(
        'chain-journal-order',
        `meta/_journal.json lists ${entry.tag}.sql at position ${position} with idx ${entry.idx}; drizzle-kit expects the idx values to run 0, 1, 2 ... in order.`,
        `set the idx values to 0, 1, 2 ... in the journal's order and rename the meta/NNNN_snapshot.json files to match; the .sql files stay as they are.`,
        journalPath(dir),
        `${entry.tag}.sql`,
      ),
    );
}

function missingFiles(dir: string, journal: Journal, files: Set<string>): Finding[] {
  return journal.entries
    .filter((entry) => !files.has(`${entry.tag}.sql`))
    .map((entry) =>
      warning(
        'chain-missing-file',
        `${entry.tag}.sql is listed in meta/_journal.json but ${join(dir, `${entry.tag}.sql`)} does not exist: wrangler has nothing to apply for it, and the schema it stood for is not created.`,
        `restore it from git (\`git log --diff-filter=D -- ${entry.tag}.sql\` finds it). If it was abandoned before any database applied it, remove its journal entry and meta/${pad(entry.idx)}_snapshot.json.`,
        join(dir, `${entry.tag}.sql`),
        `${entry.tag}.sql`,
      ),
    );
}

function missingSnapshots(dir: string, journal: Journal, files: Set<string>): Finding[] {
  const last = journal.entries.at(-1);
  const missing = journal.entries.filter((entry) => files.has(`${entry.tag}.sql`) && !existsSync(snapshotPath(dir, entry.idx)));
  const earlier = missing.filter((entry) => entry !== last);
  const findings: Finding[] = [];
  // Hand-written chains lack every snapshot: one warning for all the earlier ones, not one each.
  if (earlier.length > 0) {
    const names = earlier.map((e) => `${e.tag}.sql`);
    findings.push(
      warning(
        'chain-missing-snapshot',
        `${names.length === 1 ? `${names[0]} has` : `${names.length} migrations have`} no snapshot in ${join(dir, 'meta')}${names.length > 1 ? ` (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})` : ''}; the check follows the schema from the database it replays on.`,
        'restore them from git if you can; drizzle-kit only needs the latest snapshot, so the chain works without them.',
        snapshotPath(dir, earlier[0]!.idx),
        names[0],
      ),
    );
  }
  if (last && missing.includes(last)) {
    findings.push(
      warning(
        'chain-missing-snapshot',
        `${last.tag}.sql has no snapshot ${snapshotPath(dir, last.idx)}; the check follows the schema from the database it replays on.`,
        'drizzle-kit diffs the next change against the latest snapshot: restore this one from git; or, if the schema files already describe the database, run `d1-evolve generate --custom --name <name>`, which records the schema in a new snapshot with an empty SQL file.',
        snapshotPath(dir, last.idx),
        `${last.tag}.sql`,
      ),
    );
  }
  return findings;
}

function extraFiles(dir: string, files: string[], listed: Set<string>): Finding[] {
  return files
    .filter((file) => !listed.has(file))
    .map((file) =>
      warning(
        'chain-extra-file',
        // The folder's own name, not the whole path: a temporary checkout's absolute path says nothing in an annotation.
        `${basename(dir)}/${file} is not listed in meta/_journal.json, but wrangler (and \`d1-evolve apply\`) apply every .sql file of the folder in name order, so it runs ${between(files, file)}.`,
        `${KEEP_APPLIED}. If it changes the schema, ${CUSTOM_SNAPSHOT}.`,
        join(dir, file),
        file,
      ),
    );
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
      warning(
        'chain-duplicate-number',
        `${names.join(' and ')} share the number ${number} in ${dir} (two branches generated ${number}); wrangler applies them in name order: ${names.join(', then ')}.`,
        `${KEEP_APPLIED}: keep both files. Make meta/_journal.json list them in that order, link their snapshots one after the other (each prevId the id of the snapshot before), then run \`d1-evolve generate\` so the latest snapshot holds both branches.`,
        join(dir, names[1]!),
        names[1],
      ),
    );
}

/** The journal lists its files in another order than wrangler applies them. */
function orderDiffers(dir: string, files: string[], listed: string[]): Finding[] {
  const present = new Set(files);
  const journalOrder = listed.filter((f) => present.has(f));
  const wranglerOrder = files.filter((f) => journalOrder.includes(f));
  const first = wranglerOrder.findIndex((f, i) => journalOrder[i] !== f);
  if (first === -1) return [];
  const file = journalOrder[first]!;
  return [
    warning(
      'chain-order',
      `meta/_journal.json lists ${file} before ${wranglerOrder[first]}, but wrangler applies the files in name order (${wranglerOrder.slice(first).join(', ')}); the check replays wrangler's order.`,
      `${KEEP_APPLIED}. Reorder the journal entries (and their snapshots) to match the file names, so drizzle-kit and wrangler see one chain.`,
      journalPath(dir),
      file,
    ),
  ];
}

function extraSnapshots(dir: string, count: number): Finding[] {
  const metaDir = join(dir, 'meta');
  if (!existsSync(metaDir)) return [];
  return readdirSync(metaDir)
    .filter((f) => /^\d+_snapshot\.json$/.test(f) && Number.parseInt(f, 10) >= count)
    .map((f) =>
      warning(
        'chain-extra-snapshot',
        `${join(metaDir, f)} belongs to no migration in meta/_journal.json.`,
        'delete it (a leftover of a deleted migration), or restore the journal entry it belongs to.',
        join(metaDir, f),
      ),
    );
}

/** Each snapshot's prevId is the previous snapshot's id; the first one's is all zeros. */
function brokenLinks(dir: string, journal: Journal): Finding[] {
  const findings: Finding[] = [];
  // Undefined after a missing or unreadable snapshot: the next one's link cannot be judged.
  let previous: Pick<Snapshot, 'id'> | undefined = EMPTY_SNAPSHOT;
  let previousName = 'the start of the chain';
  const parents = prevIdCounts(dir, journal);
  for (const { idx, tag } of journal.entries) {
    const path = snapshotPath(dir, idx);
    const file = `${tag}.sql`;
    if (!existsSync(path)) {
      previous = undefined; // reported as chain-missing-snapshot
      continue;
    }
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
    } catch (error) {
      findings.push(
        warning(
          'chain-snapshot-json',
          `${path} is not valid JSON (${(error as Error).message}); the check follows the schema from the database instead.`,
          'restore it from git.',
          path,
          file,
        ),
      );
      previous = undefined;
      continue;
    }
    if (previous && snapshot.prevId !== previous.id) {
      const collision = (parents.get(snapshot.prevId) ?? 0) > 1;
      findings.push(
        warning(
          'chain-snapshot-link',
          `${path} has prevId ${snapshot.prevId}, but ${previousName} has id ${previous.id}: the snapshot chain is broken` +
            (collision ? ' (two branches generated from the same parent), and drizzle-kit generate stops at the "collision" until it is linked.' : '.'),
          `set its prevId to ${previous.id} and run \`d1-evolve generate\` so the latest snapshot holds both branches; the .sql files stay as they are.`,
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

/** How many snapshots name each prevId: two with one parent are drizzle-kit's "collision". */
function prevIdCounts(dir: string, journal: Journal): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { idx } of journal.entries) {
    try {
      const { prevId } = JSON.parse(readFileSync(snapshotPath(dir, idx), 'utf8')) as Snapshot;
      counts.set(prevId, (counts.get(prevId) ?? 0) + 1);
    } catch {
      // missing or unreadable: reported on its own
    }
  }
  return counts;
}

/** Where `file` falls in wrangler's order, for messages. */
function between(files: string[], file: string): string {
  const at = files.indexOf(file);
  const before = files[at - 1];
  const after = files[at + 1];
  if (before && after) return `after ${before} and before ${after}`;
  if (before) return `last, after ${before}`;
  return after ? `first, before ${after}` : 'alone';
}

function warning(rule: FindingRuleId, message: string, hint: string, path?: string, migration?: string): Finding {
  return { rule, severity: 'warning', message, hint, ...(path ? { path } : {}), ...(migration ? { migration } : {}) };
}

const pad = (idx: number) => String(idx).padStart(4, '0');
