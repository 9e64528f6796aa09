import type * as aq from 'arquero';

/**
 * Lines of a table for a terminal (columns padded; numbers right-aligned) or,
 * with `markdown`, a GitHub table ready to paste into a README.
 * @param table - an arquero table (every row is printed)
 * @param options - `markdown` for a pipe table; `indent` for terminal lines
 */
export function formatTable(table: aq.ColumnTable, options: { markdown?: boolean; indent?: string } = {}): string[] {
  const names = table.columnNames();
  const rows = table.objects() as Record<string, unknown>[];
  const cell = (v: unknown) => (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? '–' : String(v));
  const numeric = names.map((name) => rows.length > 0 && rows.every((r) => typeof r[name] === 'number' || cell(r[name]) === '–'));
  const text = rows.map((r) => names.map((name) => cell(r[name])));
  if (options.markdown) {
    const esc = (s: string) => s.replace(/\|/g, '\\|');
    return [
      `| ${names.map(esc).join(' | ')} |`,
      `|${numeric.map((num) => (num ? '---:' : '---')).join('|')}|`,
      ...text.map((cells) => `| ${cells.map(esc).join(' | ')} |`),
    ];
  }
  const width = names.map((name, c) => Math.max(name.length, ...text.map((cells) => cells[c].length)));
  const pad = (s: string, c: number) => (numeric[c] ? s.padStart(width[c]) : s.padEnd(width[c]));
  const indent = options.indent ?? '  ';
  return [
    indent + names.map((name, c) => pad(name, c)).join('  ').trimEnd(),
    ...text.map((cells) => indent + cells.map((s, c) => pad(s, c)).join('  ').trimEnd()),
  ];
}
