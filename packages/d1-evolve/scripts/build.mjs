// Builds dist/: the CLI and the entry points as bundled ES modules (so a command starts
// without compiling TypeScript), then their type declarations.
//   node scripts/build.mjs [<out folder>] [--no-types]
// (default dist; the tarball test builds elsewhere; --no-types skips the declarations, for
// the start-up test, which only runs the CLI)
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outdir = resolve(root, args.find((arg) => !arg.startsWith('--')) ?? 'dist');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'src/cli/bin.ts',
    index: 'src/index.ts',
    worker: 'src/worker/index.ts',
    drizzle: 'src/drizzle/index.ts',
    testing: 'src/testing/index.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay imports: they are installed beside the package.
  packages: 'external',
  define: { __D1_EVOLVE_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
  logLevel: 'warning',
});
if (!args.includes('--no-types')) {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', join(outdir, 'types')], {
    cwd: root,
    stdio: 'inherit',
  });
}
