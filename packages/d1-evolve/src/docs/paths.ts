import { relative, sep } from 'node:path';

/**
 * `path` relative to `from` with forward slashes on every platform, as a Markdown link, a
 * workflow annotation or a generated file's header shows it; '' when they are the same folder.
 */
export function slashRelative(from: string, path: string): string {
  return relative(from, path).split(sep).join('/');
}
