import { LeadvalueError } from '../core/errors.js';

/**
 * Checks that per-row inputs have one value per row: each given array as long
 * as the first. Without it an evaluation reads past the shorter input (or
 * ignores the longer one's tail) and still returns numbers.
 * @param where - the function, for the message
 * @param inputs - `[name, values]` pairs, the first setting the row count; undefined values are skipped (optional inputs)
 * @throws LeadvalueError naming both inputs and their lengths, e.g. `evaluateValue: predictions and realised values differ in length (got 3 predictions, 2 realised values); pass one of each per row`
 */
export function sameLength(where: string, inputs: [string, ArrayLike<number> | undefined][]): void {
  const [firstName, first] = inputs[0];
  const n = first?.length ?? 0;
  for (const [name, values] of inputs.slice(1)) {
    if (values !== undefined && values.length !== n) {
      throw new LeadvalueError(where, `${firstName} and ${name} differ in length`, `${n} ${firstName}, ${values.length} ${name}`, 'pass one of each per row');
    }
  }
}
