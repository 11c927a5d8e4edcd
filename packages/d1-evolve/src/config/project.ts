/**
 * A project as the commands see it: the D1 databases of its wrangler config (`--config`,
 * `--env`, `--database` / `--all`) and, for each database, the drizzle config whose `out`
 * is that database's migrations folder, which names the schema it is generated from.
 * Nothing here knows any particular project: every name comes from those two configs.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ConfigError } from '../errors';
import { type DrizzleConfig, findDrizzleConfigs, loadDrizzleConfig } from './drizzle-config';
import { type MigrationFolder, hasMigrations, journalPath, readMigrationFolder } from '../folder/migration-folder';
import { type D1DatabaseConfig, type WranglerConfig, readWranglerConfig, selectDatabases, settingText } from './wrangler-config';

export interface ProjectOptions {
  /** The folder the command runs in. */
  root: string;
  /** `--config`: the wrangler config file. */
  config?: string;
  /** `--env`: the wrangler environment. */
  env?: string;
  /** `--drizzle-config`: the drizzle config file. */
  drizzleConfig?: string;
}

/** Which drizzle config writes a database's migrations, or why none does. */
export interface SchemaSource {
  drizzle?: DrizzleConfig;
  /** Why the schema is not compared, when `drizzle` is absent. */
  note?: string;
}

export class Project {
  readonly root: string;
  readonly wrangler: WranglerConfig;
  private readonly drizzleOption?: string;
  private readonly drizzleConfigs = new Map<string, Promise<DrizzleConfig>>();
  private drizzleFolder?: string;

  constructor(options: ProjectOptions) {
    this.root = options.root;
    this.wrangler = readWranglerConfig({ cwd: options.root, config: options.config, env: options.env });
    this.drizzleOption = options.drizzleConfig;
  }

  /** The databases a command works on (`--database`, `--all`; else the only one). */
  databases(options: { database?: string; all?: boolean }): D1DatabaseConfig[] {
    return selectDatabases(this.wrangler, options);
  }

  /** The migrations folder of `database`, relative to the project folder, for messages. */
  folderLabel(database: D1DatabaseConfig): string {
    return relative(this.root, database.migrationsPath) || '.';
  }

  /**
   * The migrations folder of `database`, read. A folder that is not there is a configuration
   * problem more often than not (no migrations_dir, so wrangler's default `migrations`, while
   * drizzle-kit writes `drizzle`): the error says which key to set, and to what.
   */
  async migrationFolder(database: D1DatabaseConfig): Promise<MigrationFolder> {
    await this.requireMigrationFolder(database);
    return readMigrationFolder(database.migrationsPath);
  }

  /** Throws migrationFolder's configuration error when `database`'s folder holds no migrations, without reading it. */
  async requireMigrationFolder(database: D1DatabaseConfig): Promise<void> {
    if (hasMigrations(database.migrationsPath)) return;
    const folder = this.folderLabel(database);
    const where = `${this.wrangler.label}: ${database.key}.migrations_dir`;
    const configs = await this.loadDrizzleConfigs().catch(() => []);
    const written = configs.find((c) => existsSync(journalPath(c.out)));
    const setting = written ? settingText(this.wrangler.path, 'migrations_dir', relative(this.wrangler.dir, written.out)) : undefined;
    throw new ConfigError([
      `${where}: ./${folder} holds no migrations (no .sql file, no meta/_journal.json${database.migrationsDir === 'migrations' ? "; migrations_dir is wrangler's default" : ''}). ` +
        (setting && written
          ? `${written.label} writes them to ./${relative(this.root, written.out)}: write ${setting} for binding ${database.binding}.`
          : 'Point migrations_dir at the out folder of your drizzle config, or run `d1-evolve generate` to write the first migration.'),
    ]);
  }

  /**
   * When drizzle configs exist but none writes `database`'s migrations folder: the problem,
   * naming both keys and what to write in either.
   */
  async folderMismatch(database: D1DatabaseConfig): Promise<string | undefined> {
    const configs = await this.loadDrizzleConfigs();
    const other = configs[0];
    if (!other || configs.some((config) => resolve(config.out) === resolve(database.migrationsPath))) return undefined;
    const folder = this.folderLabel(database);
    const setting = settingText(this.wrangler.path, 'migrations_dir', relative(this.wrangler.dir, other.out));
    return (
      `${this.wrangler.label}: ${database.key}.migrations_dir: no drizzle config writes ./${folder} (${other.label} writes ./${relative(this.root, other.out)}): ` +
      `write ${setting} for binding ${database.binding}, or out: './${folder}' in ${other.label}.`
    );
  }

  /** The drizzle config whose `out` is `database`'s migrations folder. */
  async schemaSource(database: D1DatabaseConfig): Promise<SchemaSource> {
    const folder = this.folderLabel(database);
    // In drizzle-kit's order, each loaded (TypeScript, executed) only when those before it write
    // another folder: the first that writes this one is the answer either way.
    const configs: DrizzleConfig[] = [];
    for (const path of findDrizzleConfigs(this.drizzleRoot, this.drizzleOption)) {
      const config = await this.loadDrizzleConfig(path);
      if (resolve(config.out) === resolve(database.migrationsPath)) return { drizzle: config };
      configs.push(config);
    }
    const where = `${this.wrangler.label} (${database.binding})`;
    if (this.drizzleOption && configs[0]) {
      const config = configs[0];
      throw new ConfigError([
        `${config.label} writes migrations to ./${relative(this.root, config.out)} (out), but ${where} applies ./${folder} (migrations_dir): ` +
          `write ${settingText(this.wrangler.path, 'migrations_dir', relative(this.wrangler.dir, config.out))} for binding ${database.binding}, or out: './${folder}' in ${config.label}.`,
      ]);
    }
    if (configs.length === 0) return { note: `no drizzle config (drizzle.config.ts) in ${this.root}, so the schema is not compared with ./${folder}` };
    const outs = configs.map((c) => `${c.label} writes ./${relative(this.root, c.out)}`).join(', ');
    return { note: `no drizzle config writes ./${folder}, the migrations_dir of ${where} (${outs}), so the schema is not compared with it` };
  }

  /**
   * The folder of the drizzle configs, which drizzle-kit resolves their paths against: the
   * folder the command runs in, or, run from a subfolder, the wrangler config's folder.
   */
  get drizzleRoot(): string {
    this.drizzleFolder ??=
      this.drizzleOption || findDrizzleConfigs(this.root).length > 0 || findDrizzleConfigs(this.wrangler.dir).length === 0 ? this.root : this.wrangler.dir;
    return this.drizzleFolder;
  }

  /** Every drizzle config of the project, in drizzle-kit's order (for the messages that name them). */
  private loadDrizzleConfigs(): Promise<DrizzleConfig[]> {
    return Promise.all(findDrizzleConfigs(this.drizzleRoot, this.drizzleOption).map((path) => this.loadDrizzleConfig(path)));
  }

  /** One drizzle config, loaded once per project (several databases may ask). */
  private loadDrizzleConfig(path: string): Promise<DrizzleConfig> {
    let config = this.drizzleConfigs.get(path);
    if (!config) {
      config = loadDrizzleConfig(this.drizzleRoot, path);
      this.drizzleConfigs.set(path, config);
    }
    return config;
  }
}
