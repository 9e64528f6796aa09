import type { TableDecl } from './adapter-config.js';
import { PLAIN_DECIMALS, type ReadFixes } from './read-fixes.js';

/** The three tables of an adapter config. */
export type TableRole = 'leads' | 'outcomes' | 'revenue';

const ROW_NOUN: Record<TableRole, string> = { leads: 'lead', outcomes: 'outcome', revenue: 'revenue' };

/**
 * The fixes the loaders suggest for a table of an adapter config, in the
 * config's terms: a config cannot make a role optional or read a column as
 * text, but it can declare a feature's kind and a table's delimiter
 * (`readCsv`'s defaults speak of its own options instead).
 * @param role - which table
 * @param table - its declaration
 * @returns the fixes, for readCsv's `fixes` option and the DuckDB engine's messages
 * @example
 * configReadFixes('revenue', config.tables.revenue).missing('price');
 * // 'fill in the value, or remove the row: every revenue row needs its amount (tables.revenue.columns.amount)'
 */
export function configReadFixes(role: TableRole, table: TableDecl): ReadFixes {
  const roleOf = (column: string) => Object.entries(table.columns).find(([, c]) => c === column)?.[0];
  const row = ROW_NOUN[role];
  return {
    missing: (column) => {
      const mapped = roleOf(column);
      return `fill in the value, or remove the row${mapped ? `: every ${row} row needs its ${mapped} (tables.${role}.columns.${mapped})` : ''}`;
    },
    notNumber: (column) => {
      const feature = table.features.find((f) => f.column === column && f.kind === 'number' && !f.derive);
      if (feature && !roleOf(column)) {
        return `${PLAIN_DECIMALS}; or, if its values are labels rather than numbers, declare the feature as "kind": "category" (tables.${role}.features.${feature.name})`;
      }
      return `${PLAIN_DECIMALS}: every ${row} row needs its ${roleOf(column) ?? column} as a number`;
    },
    delimiter: (found) => `set "delimiter": ${JSON.stringify(found)} for tables.${role} in the config`,
    noHeader: `check the file: its first row must name the columns that tables.${role} maps`,
  };
}
