/**
 * A project for tests of remote commands: a fresh loopback D1 API per test, and a folder with
 * a wrangler.toml binding NOTES to its database and THREE's migrations in migrations/.
 * Registers its own beforeEach/afterEach; read `server` and `dir` inside the tests.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { type D1ApiServer, startD1ApiServer } from '../../src/testing/d1-api';
import { THREE, type TempFolder, migrationFolder } from '../runner/helpers';

export interface RemoteProject {
  readonly server: D1ApiServer;
  /** The project folder. */
  readonly dir: string;
}

export function useRemoteProject(prefix: string): RemoteProject {
  let server: D1ApiServer;
  let folder: TempFolder;
  let dir: string;
  beforeEach(async () => {
    server = await startD1ApiServer();
    folder = migrationFolder(THREE);
    dir = mkdtempSync(join(tmpdir(), prefix));
    cpSync(folder.dir, join(dir, 'migrations'), { recursive: true });
    writeFileSync(join(dir, 'wrangler.toml'), `name = "notes"\n\n[[d1_databases]]\nbinding = "NOTES"\ndatabase_id = "${server.databaseId}"\n`);
  });
  afterEach(async () => {
    await server.close();
    folder.remove();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get server() {
      return server;
    },
    get dir() {
      return dir;
    },
  };
}
