/**
 * The one channel for soft problems. Warnings are deduplicated by key and
 * counted, so a million rows with the same problem give one line with a count.
 */
export interface Warning {
  /** Stable identity used to deduplicate, e.g. `unseen-category:origin`. */
  key: string;
  /** The message shown for the first occurrence. */
  message: string;
  /** How many times it occurred. */
  count: number;
}

/** Collects warnings; pass one through a pipeline run and print it at the end. */
export class Warnings {
  private readonly byKey = new Map<string, Warning>();

  /** Records one occurrence of a warning. */
  warn(key: string, message: string, times = 1): void {
    const seen = this.byKey.get(key);
    if (seen) seen.count += times;
    else this.byKey.set(key, { key, message, count: times });
  }

  /** All warnings, in the order first seen. */
  list(): Warning[] {
    return [...this.byKey.values()].map((w) => ({ ...w }));
  }

  /** Number of distinct warnings. */
  get size(): number {
    return this.byKey.size;
  }

  /** One line per warning, with its count when above one. */
  format(): string[] {
    return this.list().map((w) => (w.count > 1 ? `${w.message} (${w.count} times)` : w.message));
  }
}
