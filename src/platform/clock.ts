/**
 * The one source of time. Deadlines in days (review deadlines, link expiry, grant
 * expiry) are tested by moving this clock, never by sleeping.
 */
let offsetMs = 0;
let frozen: number | undefined;

export const clock = {
  now(): Date {
    return new Date(frozen ?? Date.now() + offsetMs);
  },
  /** Moves time forward (or back) for everything that asks the clock. */
  advance(ms: number): void {
    if (frozen !== undefined) frozen += ms;
    else offsetMs += ms;
  },
  /** Stops time at the given instant until `reset`. */
  freeze(at: Date = new Date()): void {
    frozen = at.getTime();
  },
  reset(): void {
    offsetMs = 0;
    frozen = undefined;
  },
};

export const DAY_MS = 86_400_000;
