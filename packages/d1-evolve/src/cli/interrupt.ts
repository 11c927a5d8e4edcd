/**
 * Ctrl-C and SIGTERM during a long command (apply, rollback, fleet apply): the first one lets
 * the work in flight finish and starts nothing new (the command reads `signal`), a second one
 * quits at once, after `report` has said what is known so far.
 */
import type { Output } from './command';

export interface InterruptText {
  /** What the first signal does: `stopping after the migration in flight`. */
  stopping: string;
  /** What is left behind when a second signal quits at once. */
  quitting: string;
  /** Prints what is known so far, before quitting at once. */
  report?: () => void;
}

export function onInterrupt(out: Output, { stopping, quitting, report }: InterruptText): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      out.note(`${signal} again: quitting now. ${quitting}`);
      report?.();
      process.exit(130);
    }
    out.note(`${signal}: ${stopping} (press Ctrl-C again to quit at once) …`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
