/** The process entry of the `d1-evolve` command (bin/d1-evolve.js runs its build). */
import { main } from './main';

// Output piped into `head` and closed early: stop writing, let the command finish and clean up.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 70;
  },
);
