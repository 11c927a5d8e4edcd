/**
 * Reads an SVG with a real, strict XML parser: Python's xml.etree (expat), which refuses a
 * document that is not well-formed (an unescaped `&` or `<`, a mismatched tag). No XML parser
 * is installed among the node packages, and python3 is already what the tests' terminal
 * helper runs on.
 */
import { spawnSync } from 'node:child_process';

export interface SvgGroup {
  id: string;
  class: string;
  /** The text of the group's `<title>`, when it has one. */
  title?: string;
}

export interface ParsedSvg {
  /** The root element, with its namespace: `{http://www.w3.org/2000/svg}svg`. */
  root: string;
  /** Every `<g>` with an id, in document order. */
  groups: SvgGroup[];
}

const SCRIPT = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
ns = '{http://www.w3.org/2000/svg}'
groups = []
for g in root.iter(ns + 'g'):
    if g.get('id') is None:
        continue
    title = g.find(ns + 'title')
    groups.append({'id': g.get('id'), 'class': g.get('class') or '', **({'title': title.text} if title is not None else {})})
print(json.dumps({'root': root.tag, 'groups': groups}))
`;

/** The SVG parsed; throws with the parser's message when it is not well-formed XML. */
export function parseSvg(svg: string): ParsedSvg {
  const run = spawnSync('python3', ['-c', SCRIPT], { input: svg, encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Error(`not well-formed XML: ${run.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(run.stdout) as ParsedSvg;
}

/** The ids of the table node groups (`table:<name>`), as names. */
export function tablesIn(svg: ParsedSvg): string[] {
  return svg.groups.filter((g) => /\bnode\b/.test(g.class) && g.id.startsWith('table:')).map((g) => g.id.slice('table:'.length));
}

/** The ids of the foreign-key edge groups: `fk:child(cols)->parent(cols)`. */
export function foreignKeysIn(svg: ParsedSvg): SvgGroup[] {
  return svg.groups.filter((g) => /\bedge\b/.test(g.class) && g.id.startsWith('fk:'));
}
