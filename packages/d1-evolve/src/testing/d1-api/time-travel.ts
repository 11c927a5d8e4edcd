/**
 * Time Travel for the emulated D1: every committed change is kept as a full copy of the
 * database bytes under an opaque, lexicographically increasing bookmark, like D1's
 * `00000085-0000024c-00004e6f-<hash>` ids. Restoring is replacing the database with a copy.
 */
import { createHash } from 'node:crypto';

export interface Snapshot {
  bookmark: string;
  /** When the state was committed. */
  at: Date;
  bytes: Buffer;
  hash: string;
}

/** Snapshots kept per database; the oldest (not the first) are dropped beyond this. */
const MAX_SNAPSHOTS = 200;

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

export class TimeTravel {
  private readonly snapshots: Snapshot[] = [];
  private sequence = 0;

  /** `tag` tells the bookmarks of different databases apart; `initial` is the empty database. */
  constructor(
    private readonly tag: number,
    initial: Buffer,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.record(initial);
  }

  /**
   * Records `bytes` as the current state and returns its bookmark. A state equal to the
   * latest one (a read, a no-op write) keeps the latest bookmark, as D1's does.
   */
  record(bytes: Buffer): string {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const latest = this.snapshots.at(-1);
    if (latest && latest.hash === hash) return latest.bookmark;
    this.sequence += 1;
    const bookmark = `${hex8(this.sequence)}-${hex8(bytes.length)}-${hex8(this.tag)}-${hash.slice(0, 32)}`;
    this.snapshots.push({ bookmark, at: this.now(), bytes: Buffer.from(bytes), hash });
    if (this.snapshots.length > MAX_SNAPSHOTS) this.snapshots.splice(1, 1);
    return bookmark;
  }

  /** The bookmark of the latest recorded state. */
  current(): string {
    return this.snapshots.at(-1)!.bookmark;
  }

  /** The bookmark of the state at `time`: the latest committed at or before it (the first if none). */
  at(time: Date): string {
    let found = this.snapshots[0]!;
    for (const snapshot of this.snapshots) {
      if (snapshot.at.getTime() <= time.getTime()) found = snapshot;
      else break;
    }
    return found.bookmark;
  }

  find(bookmark: string): Snapshot | undefined {
    return this.snapshots.find((snapshot) => snapshot.bookmark === bookmark);
  }
}
