/** The human summary of a CheckReport: one block per migration, then the verdict. */
import { relative } from 'node:path';
import { ENGINE_LABELS } from './engines';
import type { CheckFinding, CheckReport, DownReport, MigrationReport } from './index';

/** The summary's lines; `root` shortens paths. */
export function formatReport(report: CheckReport, root = process.cwd()): string[] {
  const dir = relative(root, report.dir) || '.';
  const lines = [`d1-evolve check ${dir}/ — ${report.migrations.length} migration(s) on ${report.engines.map((e) => ENGINE_LABELS[e]).join(' and ')}`];
  if (report.schemaNote) lines.push(`ℹ schema not compared: ${report.schemaNote}`);
  const cached = report.cache && formatCache(report);
  if (cached) lines.push(cached);
  if (report.data) {
    const { label, rows, applied } = report.data;
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    lines.push(
      `ℹ on the rows of ${label} (${total.toLocaleString('en')} rows in ${Object.keys(rows).length} tables): ` +
        `${applied.length} migration(s) already applied there, ${report.migrations.length} pending replayed on those rows, none seeded`,
    );
  }
  // The chain's, the schema's and the seeder's findings: all that no migration block shows.
  const shown = new Set([...report.migrations.flatMap((m) => m.findings), ...(report.downs ?? []).flatMap((d) => d.findings)]);
  const chainWide = report.findings.filter((f) => !shown.has(f));
  if (chainWide.length > 0) {
    lines.push(`${chainWide.some((f) => f.severity === 'error') ? '✗' : '⚠'} chain and schema`);
    for (const finding of chainWide) lines.push(...formatFinding(finding, root));
  }
  for (const migration of report.migrations) lines.push(...formatMigration(migration, root));
  for (const down of report.downs ?? []) lines.push(...formatDown(down, root));
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const seconds = (report.durationMs / 1000).toFixed(1);
  lines.push(
    report.ok
      ? `✓ ${report.migrations.length} migration(s) safe on D1 (${warnings} warning(s), ${seconds} s)`
      : `✗ ${errors} error(s), ${warnings} warning(s) (${seconds} s)${report.migrations.length === 0 ? ' — fix the chain first; nothing was replayed' : ''}`,
  );
  return lines;
}

/**
 * One line on what came from the cache, when anything did (or `--no-cache` said not to look):
 * `ℹ 4 of 5 migration(s) answered from the cache (unchanged since 2026-12-02 01:40 UTC); 1 replayed ...`.
 */
function formatCache(report: CheckReport): string | undefined {
  const cache = report.cache!;
  const total = report.migrations.length;
  if (cache.refreshed) return `ℹ cache not used (--no-cache): all ${total} migration(s) replayed, and the cache written afresh`;
  const since = cache.since ? ` (unchanged since ${cache.since.slice(0, 16).replace('T', ' ')} UTC)` : '';
  // Real rows differ every time: their replay is never cached.
  if (report.data) return cache.schema ? `ℹ schema comparison answered from the cache${since}` : undefined;
  const schema = cache.schema ? ', schema comparison too' : '';
  if (cache.hits === 0) return cache.schema ? `ℹ schema comparison answered from the cache${since}; ${total} migration(s) replayed` : undefined;
  const resumed = [...new Set(Object.values(cache.engines).flatMap((e) => (e?.resumedAfter ? [e.resumedAfter] : [])))];
  const rest =
    cache.replayed === 0
      ? Object.values(cache.engines).every((e) => e?.replayed.length === 0) && cache.downs === (report.downs ?? []).length
        ? '; no engine started'
        : ''
      : `; ${cache.replayed} replayed${resumed.length > 0 ? ` from the database saved after ${resumed.join(' / ')}` : ''}`;
  return `ℹ ${cache.hits} of ${total} migration(s) answered from the cache${since}${schema}${rest}`;
}

function formatMigration(migration: MigrationReport, root: string): string[] {
  const ok = !migration.findings.some((f) => f.severity === 'error');
  const runs = Object.entries(migration.engines).map(([engine, run]) => {
    const label = ENGINE_LABELS[engine as keyof typeof ENGINE_LABELS];
    if (run.status !== 'ran') return `${label}: ${run.status}`;
    return `${label}: ${run.rowsChecked} rows checked (${run.seeded} seeded)`;
  });
  const lines = [`${ok ? '✓' : '✗'} ${migration.name}  ${migration.statements} statements · ${runs.join(' · ')}${migration.cached ? ' · cached' : ''}`];
  if (migration.afterFailure) lines.push('    ↳ after an earlier failure: replayed from the schema it expects, on fresh seed rows');
  const hints = new Set<string>();
  for (const finding of migration.findings) {
    const repeated = hints.has(finding.hint);
    hints.add(finding.hint);
    lines.push(
      ...formatFinding({ ...finding, path: finding.path === migration.path ? undefined : finding.path, hint: repeated ? '(as above)' : finding.hint }, root),
    );
  }
  for (const note of migration.declared) lines.push(`    ℹ ${note}`);
  return lines;
}

/** One line per down: proven, or not and why (its findings below it). */
function formatDown(down: DownReport, root: string): string[] {
  const path = relative(root, down.path);
  const origin = down.generated ? 'generated' : 'hand-written';
  const runs = Object.entries(down.engines);
  const upFailed = runs.filter(([, run]) => run.status === 'up-failed').map(([engine]) => ENGINE_LABELS[engine as keyof typeof ENGINE_LABELS]);
  const on = runs.map(([engine]) => ENGINE_LABELS[engine as keyof typeof ENGINE_LABELS]).join(' and ');
  const rows = Math.max(0, ...runs.map(([, run]) => run.rowsChecked));
  let line: string;
  if (down.proven) line = `✓ down ${path} (${origin})  proven on ${on}: up, down (${rows} rows kept), up again`;
  else if (upFailed.length > 0 && down.findings.length === 0)
    line = `⚠ down ${path} (${origin})  not proven: ${down.name} itself fails on ${upFailed.join(' and ')}`;
  else line = `✗ down ${path} (${origin})  not proven`;
  const lines = [line];
  const hints = new Set<string>();
  for (const finding of down.findings) {
    const repeated = hints.has(finding.hint);
    hints.add(finding.hint);
    lines.push(
      ...formatFinding({ ...finding, path: finding.path === down.path ? undefined : finding.path, hint: repeated ? '(as above)' : finding.hint }, root),
    );
  }
  for (const note of down.declared) lines.push(`    ℹ ${note}`);
  return lines;
}

function formatFinding(finding: CheckFinding, root: string): string[] {
  const where = finding.path ? ` [${relative(root, finding.path)}]` : '';
  const [first, ...rest] = finding.message.split('\n');
  return [`    ${finding.severity} ${finding.rule}${where}: ${first}`, ...rest.map((l) => `      ${l}`), `      fix: ${finding.hint}`];
}
