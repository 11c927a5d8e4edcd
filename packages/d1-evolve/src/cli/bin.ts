/** The process entry behind the `pnpm db:*` scripts: `tsx src/cli/bin.ts <command> [options]`. */
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 70;
  },
);
