/**
 * The outputs of `d1-evolve check`: on stdout one format (`text` for people, `json`, `github`
 * workflow annotations followed by the text summary for the log, `markdown` for a pull
 * request), and besides it, files: `--summary <file>` appends the Markdown summary (to
 * `$GITHUB_STEP_SUMMARY` in a workflow), `--html <file>` writes the report page. One run of
 * the check feeds them all.
 */
import { appendFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Output } from '../../cli/command';
import { UsageError } from '../../errors';
import { formatReport } from '../summary';
import { githubAnnotations } from './github';
import { htmlReport } from './html';
import { markdownSummary } from './markdown';
import { type CheckedDatabase, reportSource } from './source';

export const REPORT_FORMATS = ['text', 'json', 'github', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `--format` and `--json` as one format; `--json` is `--format json`, and another format with it is a usage error. */
export function reportFormat(format: unknown, json: unknown): ReportFormat {
  if (format === undefined) return json ? 'json' : 'text';
  if (typeof format !== 'string' || !(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `--format ${String(format)}: no such format. Give one of ${REPORT_FORMATS.join(', ')}.\nRun \`d1-evolve check --help\` for its options.`,
    );
  }
  if (json && format !== 'json') {
    throw new UsageError(`--json prints the report as JSON, and --format ${format} as ${format}: give one of them (--json is --format json).`);
  }
  return format as ReportFormat;
}

export interface ReportOutputs {
  format: ReportFormat;
  /** A file to append the Markdown summary to. */
  summary?: string;
  /** A file to write the HTML page to. */
  html?: string;
  /** The folder the command runs in: paths are shown relative to it, and the files are resolved from it. */
  root: string;
  /** The repository root that annotation paths are relative to (GITHUB_WORKSPACE in a workflow); default `root`. */
  repoRoot?: string;
  out: Output;
}

/** Prints the reports in `format` and writes the summary and page asked for. */
export async function writeReports(checked: readonly CheckedDatabase[], outputs: ReportOutputs): Promise<void> {
  const { format, root, out } = outputs;
  const needsSource = format === 'github' || format === 'markdown' || outputs.summary !== undefined || outputs.html !== undefined;
  const sources = needsSource ? checked.map((c) => reportSource(c)) : [];
  if (format === 'json') {
    const objects = checked.map(({ database, report }) => ({ ...(database ? { database } : {}), ...report }));
    out.line(JSON.stringify(objects.length === 1 ? objects[0] : { databases: objects }, null, 2));
  } else if (format === 'markdown') {
    for (const line of markdownSummary(sources, root)) out.line(line);
  } else {
    if (format === 'github') for (const line of githubAnnotations(sources, outputs.repoRoot ?? root)) out.line(line);
    for (const { database, report } of checked) {
      if (checked.length > 1) out.line(`\n== ${database} ==`);
      for (const line of formatReport(report, root)) out.line(line);
    }
  }
  if (outputs.summary !== undefined) {
    const file = resolve(root, outputs.summary);
    writeOutput(file, '--summary', () => appendFileSync(file, `${markdownSummary(sources, root).join('\n')}\n`));
    out.note(`Markdown summary appended to ${outputs.summary}`);
  }
  if (outputs.html !== undefined) {
    const file = resolve(root, outputs.html);
    const page = await htmlReport(sources, root);
    writeOutput(file, '--html', () => writeFileSync(file, page));
    out.note(`Report page written to ${outputs.html} (open it in a browser; it needs no network)`);
  }
}

/**
 * Refuses, before the check runs, a --summary or --html path that is a folder: the check would
 * run for minutes and then fail to write.
 */
export function checkOutputPaths(outputs: Pick<ReportOutputs, 'summary' | 'html' | 'root'>): void {
  for (const [option, given] of [
    ['--summary', outputs.summary],
    ['--html', outputs.html],
  ] as const) {
    if (given === undefined) continue;
    const file = resolve(outputs.root, given);
    if (isFolder(file))
      throw new UsageError(
        `${option} ${given}: ${file} is a folder. Give the path of a file, such as ${join(given, option === '--html' ? 'check.html' : 'summary.md')}.`,
      );
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function writeOutput(file: string, option: string, write: () => void): void {
  if (isFolder(file)) throw new UsageError(`${option} ${file}: it is a folder. Give the path of a file.`);
  try {
    mkdirSync(dirname(file), { recursive: true });
    write();
  } catch (cause) {
    throw new UsageError(`${option} ${file}: could not write it (${(cause as Error).message}). Give a file in a folder you can write to.`, { cause });
  }
}
