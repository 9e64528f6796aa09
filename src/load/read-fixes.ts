/**
 * How a reader's messages tell its caller to fix a file. The same reader serves
 * the library API (`readCsv`, whose options have `required`, `type`, `delimiter`
 * and `header`) and adapter configs (which have none of those: a config names
 * roles, features, `delimiter` and `dateFormat` per table), so each caller
 * phrases the fixes it can actually make.
 */
export interface ReadFixes {
  /** The fix for an empty value in a required column. */
  missing(column: string): string;
  /** The fix for a value of a number column that is not a plain decimal. */
  notNumber(column: string): string;
  /** How to give the delimiter `found`, when the header came out as one column holding it. */
  delimiter(found: string): string;
  /** The fix for a file with no header row. */
  noHeader: string;
}

/** What a plain decimal looks like: every caller's fix for a value that is not a number starts so. */
export const PLAIN_DECIMALS = 'write plain decimals with a point and no thousands separator (1234.5, -2, 1e3)';

/** The fixes in `readCsv`'s own terms: its options `required`, `type`, `delimiter` and `header`. */
export const READ_CSV_FIXES: ReadFixes = {
  missing: () => 'fill in the value, or drop `required` for this column',
  notNumber: () => `${PLAIN_DECIMALS}, or read the column as "string"`,
  delimiter: (found) => `pass \`delimiter: ${JSON.stringify(found)}\``,
  noHeader: 'check the file, or pass the column names as `header` if it has none',
};
