/** Most leads in one request when the limit is not given (`--max-batch`). */
export const DEFAULT_MAX_BATCH = 10_000;

/** Request body bytes allowed per lead of the batch limit when the body limit is not given: about five times a demo lead (213 bytes of JSON). */
export const BODY_BYTES_PER_LEAD = 1024;

/**
 * The body limit when none is given: 1 KiB per lead of the batch limit, and at
 * least 1 MiB, so that a full batch fits (10 000 leads of data/demo/new-leads.csv
 * are 2,133,504 bytes of JSON; a fixed 1 MiB refused them with a 413).
 * @param maxBatch - the most leads per request
 * @returns bytes: 10,240,000 for the default 10 000 leads, 1,048,576 for 1 000 or fewer
 * @example
 * defaultMaxBodyBytes(10_000) // 10240000
 */
export function defaultMaxBodyBytes(maxBatch: number = DEFAULT_MAX_BATCH): number {
  return Math.max(1024 * 1024, maxBatch * BODY_BYTES_PER_LEAD);
}
