/**
 * The docs of one database as files: docs/schema.md (markdown.ts) and docs/schema.svg
 * (diagram.ts), computed from what its migrations produce (source.ts). `docs` writes them,
 * `docs --check` compares them with the files there, `generate` refreshes them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderDiagram } from './diagram';
import { schemaMarkdown } from './markdown';
import { slashRelative } from './paths';
import { documentedSchema } from './source';

export interface DocsFile {
  path: string;
  content: string;
}

export interface DocsTarget {
  /** The migrations folder the schema comes from. */
  migrationsPath: string;
  /** The folder the two files go to. */
  outDir: string;
  /** The folder the header's paths are relative to (the project's). */
  root: string;
  /** The command the header says writes the files: `pnpm db:docs`. */
  command: string;
}

export const MARKDOWN_FILE = 'schema.md';
export const DIAGRAM_FILE = 'schema.svg';

/** The two files as they should be. */
export async function docsFiles(target: DocsTarget): Promise<DocsFile[]> {
  const schema = await documentedSchema(target.migrationsPath, target.root);
  const folder = slashRelative(target.root, target.migrationsPath) || '.';
  const markdown = schemaMarkdown(schema, { folder, command: target.command, diagram: DIAGRAM_FILE });
  const svg = await renderDiagram(schema.shape, schema.written.viewColumns ? { viewColumns: schema.written.viewColumns } : {});
  return [
    { path: join(target.outDir, MARKDOWN_FILE), content: markdown },
    { path: join(target.outDir, DIAGRAM_FILE), content: svg },
  ];
}

/** Writes the files; returns those whose content changed (or that were new). */
export function writeDocs(files: readonly DocsFile[]): DocsFile[] {
  const changed = files.filter((file) => staleness(file) !== 'fresh');
  for (const file of changed) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
  }
  return changed;
}

/**
 * Whether the file on disk is the one that would be written. Line endings do not count: a
 * checkout with core.autocrlf turns the committed LF into CRLF (the root .gitattributes
 * keeps them LF, a project without one may not).
 */
export function staleness(file: DocsFile): 'missing' | 'differs' | 'fresh' {
  if (!existsSync(file.path)) return 'missing';
  return lf(readFileSync(file.path, 'utf8')) === lf(file.content) ? 'fresh' : 'differs';
}

const lf = (text: string) => text.replace(/\r\n/g, '\n');
