import { LeadvalueError } from '../core/errors.js';

/**
 * The refusal of a lead id given twice, as both lead-frame engines and
 * `leadvalue goals` word it: a lead listed twice would be trained on, worked,
 * counted and ranked twice.
 * @param file - the leads file as messages name it
 * @param row - the file row of the repeat
 * @param column - the lead id column
 * @param id - the id
 * @param firstRow - the file row where it first appears
 * @returns the error to throw: `leads.csv row 302, column lead_id: duplicate lead id (got "N00004"); it is also on row 5; …`
 */
export function duplicateLeadIdError(file: string, row: number, column: string, id: string, firstRow: number): LeadvalueError {
  return new LeadvalueError(`${file} row ${row}, column ${column}`, 'duplicate lead id', JSON.stringify(id), `it is also on row ${firstRow}; each lead must appear once`);
}

/**
 * Refuses the first lead id given twice (see {@link duplicateLeadIdError}).
 * @param ids - the lead ids, in file order
 * @param file - the leads file as messages name it
 * @param column - the lead id column
 * @param rowOf - the file row of the id at index i
 * @param options - `skipBlank`: a blank id is no repeat of another (a lead without an id, where one is not required)
 * @throws LeadvalueError at the first repeat
 * @example
 * refuseDuplicateLeadIds(['a', 'b', 'a'], 'leads.csv', 'lead_id', (i) => i + 2); // leads.csv row 4, column lead_id: duplicate lead id (got "a"); it is also on row 2; …
 */
export function refuseDuplicateLeadIds(ids: ArrayLike<string>, file: string, column: string, rowOf: (i: number) => number, options: { skipBlank?: boolean } = {}): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (options.skipBlank && id.trim() === '') continue;
    const first = seen.get(id);
    if (first !== undefined) throw duplicateLeadIdError(file, rowOf(i), column, id, rowOf(first));
    seen.set(id, i);
  }
}
