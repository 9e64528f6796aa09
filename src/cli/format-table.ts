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
  // One number of decimals per number column (the most any of its values has, at most 6): 2984.50 and 270.00, not 2984.5 and 270.
  const decimals = names.map((name, c) => (numeric[c]
    ? Math.min(6, Math.max(0, ...rows.map((r) => (typeof r[name] === 'number' && Number.isFinite(r[name]) ? (/\.(\d+)$/.exec(String(r[name]))?.[1].length ?? 0) : 0))))
    : 0));
  const text = rows.map((r) => names.map((name, c) => {
    const v = r[name];
    return decimals[c] > 0 && typeof v === 'number' && Number.isFinite(v) && !/e/.test(String(v)) ? v.toFixed(decimals[c]) : cell(v);
  }));
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
