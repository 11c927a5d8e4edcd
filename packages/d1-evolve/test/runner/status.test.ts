import { afterEach, describe, expect, it } from 'vitest';
import { Ledger, type LedgerRow, toLedgerRows } from '../../src/runner/ledger';
import { computeStatus, statusExitCode } from '../../src/runner/status';
import { applyMigrations } from '../../src/runner/apply';
import { SqliteTransport } from '../../src/transports/sqlite';
import { THREE, type TempFolder, migrationFolder } from './helpers';

let folder: TempFolder;
afterEach(() => folder?.remove());

const row = (id: number, name: string, checksum?: string): LedgerRow => ({ id, name, appliedAt: '2026-01-01 00:00:00', checksum });

describe('db:status', () => {
  it('reports every migration pending on an empty ledger, exit code 3', () => {
    folder = migrationFolder(THREE);
    const report = computeStatus(folder.migrations, []);
    expect(report.entries.map((e) => e.state)).toEqual(['pending', 'pending', 'pending']);
    expect(statusExitCode(report)).toBe(3);
  });

  it('reports applied migrations whose checksum matches, exit code 0 when all are', () => {
    folder = migrationFolder(THREE);
    const report = computeStatus(
      folder.migrations,
      folder.migrations.map((m, i) => row(i + 1, m.name, m.checksum)),
    );
    expect(report.entries.map((e) => e.state)).toEqual(['applied', 'applied', 'applied']);
    expect(statusExitCode(report)).toBe(0);
  });

  it('reports a row without checksum (applied by wrangler) as applied, not as a problem', () => {
    folder = migrationFolder(THREE);
    const report = computeStatus(
      folder.migrations,
      folder.migrations.map((m, i) => row(i + 1, m.name)),
    );
    expect(report.entries.map((e) => e.state)).toEqual(['applied-no-checksum', 'applied-no-checksum', 'applied-no-checksum']);
    expect(statusExitCode(report)).toBe(0);
  });

  it('reports a file edited after it was applied as changed, exit code 1', () => {
    folder = migrationFolder(THREE);
    const ledger = folder.migrations.map((m, i) => row(i + 1, m.name, m.checksum));
    folder.edit('0001_events', `${THREE['0001_events']}\n-- edited`);
    const report = computeStatus(folder.migrations, ledger);
    expect(report.entries.map((e) => e.state)).toEqual(['applied', 'changed', 'applied']);
    expect(statusExitCode(report)).toBe(1);
  });

  it('reports a ledger row without a file here as missing, exit code 1', () => {
    folder = migrationFolder(THREE);
    const ledger = [...folder.migrations.map((m, i) => row(i + 1, m.name, m.checksum)), row(4, '0003_from_other_branch.sql', 'ab')];
    const report = computeStatus(folder.migrations, ledger);
    expect(report.entries.at(-1)).toMatchObject({ name: '0003_from_other_branch.sql', state: 'missing' });
    expect(statusExitCode(report)).toBe(1);
  });

  it('reports a pending migration older than an applied one as out of order, exit code 1', () => {
    folder = migrationFolder(THREE);
    const [first, , third] = folder.migrations;
    const report = computeStatus(folder.migrations, [row(1, first!.name, first!.checksum), row(2, third!.name, third!.checksum)]);
    expect(report.entries.map((e) => e.state)).toEqual(['applied', 'out-of-order', 'applied']);
    expect(statusExitCode(report)).toBe(1);
  });

  it('reads what an apply wrote back as applied with the files’ checksums', async () => {
    folder = migrationFolder(THREE);
    const transport = new SqliteTransport();
    await applyMigrations({ transport, migrations: folder.migrations, to: '0001' });
    const ledger = toLedgerRows(transport.db.prepare(new Ledger().readSql).all() as Record<string, unknown>[]);
    expect(ledger.map((r) => [r.name, r.checksum])).toEqual(folder.migrations.slice(0, 2).map((m) => [m.name, m.checksum]));
    expect(ledger[0]?.appliedBy).toMatch(/^d1-evolve run-/);
    expect(ledger[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(computeStatus(folder.migrations, ledger).entries.map((e) => e.state)).toEqual(['applied', 'applied', 'pending']);
    await transport.close();
  });
});
