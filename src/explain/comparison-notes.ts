/**
 * What each candidate of compareKinds became and the warnings of its
 * training, as lines to print under comparisonTable: `glm/glm: win: L2 1;
 * value: L2 3`, then `warning (ebm/ebm): …` (e.g. an EBM part that kept 0
 * boosting rounds and predicts a constant). The same lines `leadvalue compare`
 * prints under its table.
 * @param runs - from compareKinds (a name, a note and warnings per run)
 * @returns the notes, one per run, then every run's warnings
 * @example
 * tslab.display.html(lv.comparisonTable(runs).toHTML());
 * console.log(lv.comparisonNotes(runs).join('\n'));
 */
export function comparisonNotes(runs: { name: string; note?: string; warnings?: string[] }[]): string[] {
  return [
    ...runs.filter((r) => r.note).map((r) => `${r.name}: ${r.note}`),
    ...runs.flatMap((r) => (r.warnings ?? []).map((w) => `warning (${r.name}): ${w}`)),
  ];
}
