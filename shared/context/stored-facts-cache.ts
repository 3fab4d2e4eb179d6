import type { ActionLogger } from '../actions/action.js';

/** After a failed read, wait this long before trying again (no read per event while DynamoDB fails). */
const RETRY_AFTER_FAILURE_MS = 60_000;

export interface StoredFactsCacheOptions<S, T> {
  /** Reads what functions/sweep stored. */
  readonly read: () => Promise<S>;
  /** What the rules see of it, as of `now` (undefined: unknown). */
  readonly interpret: (stored: S, now: Date) => T | undefined;
  readonly clock: () => Date;
  readonly logger: ActionLogger;
  /** Re-read at most this often in a warm container. */
  readonly ttlMs: number;
  /** The log line of a failed read. */
  readonly failureMessage: string;
}

/**
 * Facts the daily sweep stores in the table (the organisation, the trails'
 * buckets), read by detect at most once per TTL per warm container. Rules read
 * the value synchronously; `refresh` runs as each event's context is made.
 * Concurrent refreshes share one read, and a failed read keeps the previous
 * value and is retried after a minute.
 */
export class StoredFactsCache<S, T> {
  private current: T | undefined;
  private freshUntil = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly options: StoredFactsCacheOptions<S, T>) {}

  /** The value as last loaded; undefined before the first successful read. */
  value(): T | undefined {
    return this.current;
  }

  /** Loads the stored facts when the cached copy is older than the TTL. */
  async refresh(): Promise<void> {
    if (this.options.clock().getTime() < this.freshUntil) return;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const now = this.options.clock();
    try {
      this.current = this.options.interpret(await this.options.read(), now);
      this.freshUntil = now.getTime() + this.options.ttlMs;
    } catch (error) {
      this.freshUntil = now.getTime() + RETRY_AFTER_FAILURE_MS;
      this.options.logger.warn(this.options.failureMessage, { error: error instanceof Error ? error.name : 'unknown' });
    }
  }
}
