/**
 * A field as `leadvalue score` writes it: quoted, quotes doubled, when it holds a quote, a comma or a line break.
 * @param s - the field's text
 * @returns the text as written in the output CSV
 * @example
 * csvField('Acme, Inc.') // '"Acme, Inc."'
 */
export function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
