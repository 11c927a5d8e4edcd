/** Questions on the terminal, for the confirmations of remote writes. */
import { createInterface } from 'node:readline';

/**
 * Asks `question` on stderr and resolves to the answer, or to undefined when the person
 * cancels: Ctrl-C or Ctrl-D at the prompt is a "no", never an error.
 */
export function ask(question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const terminal = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let answer: string | undefined;
    terminal.on('SIGINT', () => terminal.close());
    terminal.on('close', () => {
      if (answer === undefined) process.stderr.write('\n');
      resolve(answer);
    });
    terminal.question(question, (text) => {
      answer = text;
      terminal.close();
    });
  });
}

/** Whether the answer is an explicit yes (`y` or `yes`, any case). */
export const isYes = (answer: string | undefined): boolean => /^y(es)?$/i.test(answer?.trim() ?? '');
