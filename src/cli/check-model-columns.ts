import { LeadvalueError } from '../core/errors.js';
import { otherDelimiter } from '../load/other-delimiter.js';
import type { ModelFile } from '../scoring/model-types.js';

/**
 * Refuses a leads file whose header lacks a column the model reads, before
 * any lead is scored: scored anyway, every lead would have that feature
 * missing, and a ranking of leads the model cannot tell apart (a model of
 * another company's columns ties them all) would look like an answer. Shared by
 * every command that scores a leads file with a model (`score`, `goals`).
 * @param header - the file's column names
 * @param needed - the columns the model reads (see {@link modelColumns})
 * @param where - the file and row of the header, e.g. `leads.csv row 1`
 * @param delimiter - the delimiter the header was split with (a one-column header may be in another)
 * @param howToGive - how the command's user gives the delimiter found, e.g. `(d) => \`give the delimiter (leadvalue score --delimiter ${d})\``
 * @throws LeadvalueError `leads.csv row 1: the model reads column source, which the file lacks; the file has …; rename its columns …`
 * @example
 * checkModelColumns(['lead_id', 'Source'], ['source'], 'leads.csv row 1', ',', (d) => `pass --delimiter ${d}`);
 */
export function checkModelColumns(header: string[], needed: string[], where: string, delimiter: string, howToGive: (found: string) => string): void {
  const absent = needed.filter((c) => !header.includes(c));
  if (!absent.length) return;
  throw new LeadvalueError(where, `the model reads column${absent.length > 1 ? 's' : ''} ${absent.join(', ')}, which the file lacks`, undefined,
    otherDelimiter(header, delimiter, howToGive) ?? `the file has ${header.join(', ')}; rename its columns to the source names the model was trained on`);
}

/** The source columns a model's features read, each once, in feature order. */
export function modelColumns(model: Pick<ModelFile, 'features'>): string[] {
  return [...new Set(model.features.map((f) => f.column))];
}
