/**
 * The shape of an exported query: a chain of CTEs, each adding named columns
 * to the one before (`SELECT *, … FROM previous`), so every step can use what
 * the previous steps computed and reads as one stage of the scorer.
 * @module
 */

/** One computed column: an expression, its name, and an optional end-of-line comment. */
export interface SqlColumn {
  expr: string;
  alias: string;
  comment?: string;
}

/** One stage of the query. */
export interface SqlStage {
  name: string;
  /** What the stage computes, one line. */
  comment: string;
  columns: SqlColumn[];
  /** The FROM clause (`''`: none); default: the stage before, with every column kept (`SELECT *, …`). */
  from?: string;
}

/** Internal column names: lower-case [a-z0-9_], never quoted, unique within one query. */
export class SqlNames {
  private readonly used = new Set<string>();

  /** A new unique name built from `base` (any text, e.g. a feature name) and a suffix. */
  name(base: string, suffix: string): string {
    const clean = base.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'f';
    const stem = `${/^[0-9]/.test(clean) ? `f_${clean}` : clean}_${suffix}`;
    let name = stem;
    for (let i = 2; this.used.has(name); i++) name = `${stem}_${i}`;
    this.used.add(name);
    return name;
  }
}

/** A comment safe on one line. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** Indents every line after the first. */
export function indent(text: string, by: string): string {
  return text.split('\n').join(`\n${by}`);
}

/**
 * A searched or simple CASE over lines `[when, then, comment?]`, one per line.
 * @param head - `CASE` or `CASE <expr>`
 */
export function caseTable(head: string, rows: [string, string, string?][], otherwise?: string): string {
  const lines = rows.map(([when, then, note]) => `  WHEN ${when} THEN ${then}${note ? `  -- ${oneLine(note)}` : ''}`);
  if (otherwise !== undefined) lines.push(`  ELSE ${otherwise}`);
  return `${head}\n${lines.join('\n')}\nEND`;
}

/** Renders the stages as `WITH … SELECT`. */
export function renderQuery(stages: SqlStage[], final: SqlStage, cte = ''): string {
  const render = (stage: SqlStage, previous: string | undefined) => {
    const cols = stage.columns.map((c, i) => {
      const sep = i < stage.columns.length - 1 ? ',' : '';
      return `    ${indent(c.expr, '    ')} AS ${c.alias}${sep}${c.comment ? `  -- ${oneLine(c.comment)}` : ''}`;
    });
    const from = stage.from ?? previous!;
    const star = stage.from === undefined ? ['    *,'] : [];
    return [`  -- ${oneLine(stage.comment)}`, '  SELECT', ...star, ...cols, ...(from ? [`  FROM ${from}`] : [])].join('\n');
  };
  const ctes = stages.map((s, i) => `${s.name} AS ${cte}(\n${render(s, stages[i - 1]?.name)}\n)`);
  const last = render(final, stages.at(-1)?.name).split('\n').map((l) => l.replace(/^ {2}/, '')).join('\n');
  return `WITH\n${ctes.join(',\n')}\n${last}`;
}
