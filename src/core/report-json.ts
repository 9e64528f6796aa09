import { nonFiniteName } from './canonical-json.js';

/**
 * A `--report` file's text: indented JSON with the non-finite numbers spelled
 * as the model file spells them (canonicalJson): the strings "NaN", "Infinity"
 * and "-Infinity" (JSON has no spelling for them; JSON.stringify would write
 * null). So a metric undefined on the test leads reads the same in the report
 * as in the model file.
 * @param value - the report's content
 * @returns the JSON text, ending in a newline
 * @example
 * reportJson({ gini: NaN }); // '{\n  "gini": "NaN"\n}\n'
 */
export function reportJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v !== 'number' || Number.isFinite(v) ? v : nonFiniteName(v)), 2) + '\n';
}
