#!/usr/bin/env node
// The d1-evolve command: runs the compiled CLI (dist/, built by `pnpm build` and on install).
import module from 'node:module';

// Node 22.1+ keeps the compiled code of the modules a command loads (miniflare's and
// drizzle-kit's bundles are megabytes) in a cache on disk for the next run; older Node has no
// such cache and skips this.
module.enableCompileCache?.();

import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('error: d1-evolve is not built yet (dist/cli.js is missing): run `pnpm --filter d1-evolve build`.');
    process.exit(2);
  }
  throw error;
});
