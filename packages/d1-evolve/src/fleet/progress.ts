/**
 * The fleet's progress for people: on a terminal a bar (cli-progress) with done/total, the
 * request rate, the ETA, failures and 429s; elsewhere (CI logs) one line per database.
 */
import cliProgress from 'cli-progress';
import { type DatabaseOutcome, OUTCOME_LABELS, databaseLabel, isFailure } from './outcome';

export interface ProgressCounters {
  /** Requests sent so far. */
  requests(): number;
  /** 429s seen so far. */
  throttled(): number;
}

export interface Progress {
  update(outcome: DatabaseOutcome): void;
  stop(): void;
}

/** A bar on `stream` when it is a terminal, else a line per database through `note`. */
export function startProgress(
  total: number,
  counters: ProgressCounters,
  verb: string,
  note: (text: string) => void,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const started = Date.now();
  let done = 0;
  let failed = 0;
  const payload = () => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    return { rate: (counters.requests() / seconds).toFixed(1), failed, throttled: counters.throttled() };
  };
  if (!stream.isTTY) {
    return {
      update(outcome) {
        done += 1;
        const detail = outcome.applied.length ? `, ${outcome.applied.length} migration(s)` : '';
        note(`[${done}/${total}] ${databaseLabel({ id: outcome.database, name: outcome.name })}: ${OUTCOME_LABELS[outcome.outcome]}${detail}`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${verb} [{bar}] {value}/{total} databases | {rate} req/s | ETA {eta_formatted} | failed {failed} | 429s {throttled}`,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, payload());
  // Keep the rate moving while a slow database holds the count still.
  const timer = setInterval(() => bar.update(payload()), 1000);
  timer.unref();
  return {
    update(outcome) {
      if (isFailure(outcome)) failed += 1;
      bar.increment(1, payload());
    },
    stop() {
      clearInterval(timer);
      bar.stop();
    },
  };
}
