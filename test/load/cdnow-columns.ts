// The CDNOW master file's layout (../shared/data/cdnow/README.md): whitespace-separated
// customer id, YYYYMMDD date, number of CDs, dollar value. Shared by the tests that read it.
import type { ColumnRequest } from '../../src/load/read-csv.js';

export const CDNOW_READ = {
  delimiter: 'whitespace' as const,
  columns: [
    { name: 'customer_id', type: 'category', required: true },
    { name: 'date', type: 'date', dateFormat: 'yyyymmdd', required: true },
    { name: 'number_of_cds', type: 'number', required: true },
    { name: 'dollar_value', type: 'number', required: true },
  ] as ColumnRequest[],
};
