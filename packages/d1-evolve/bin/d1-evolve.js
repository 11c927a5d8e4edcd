#!/usr/bin/env node
// The d1-evolve command: runs the compiled CLI (dist/, built by `pnpm build` and on install).
import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('error: d1-evolve is not built yet (dist/cli.js is missing): run `pnpm --filter d1-evolve build`.');
    process.exit(2);
  }
  throw error;
});
