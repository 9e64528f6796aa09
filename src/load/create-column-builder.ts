import { DATE_FORMATS, type DateFormat } from '../core/dates.js';
import { LeadvalueError, shown } from '../core/errors.js';
import { CategoryBuilder } from './category-builder.js';
import { StringBuilder } from './string-builder.js';
import { INITIAL_ROWS, isBlankByte, missingValue, textOf, type Column, type ColumnBuilder, type ColumnSpec } from './column-builder.js';
import { FieldKind } from './parse-csv.js';
import { parseDateBytes } from './parse-date-bytes.js';
import { parseNumberBytes } from './parse-number.js';
import { READ_CSV_FIXES } from './read-fixes.js';

/**
 * Creates the builder for one requested column.
 * @throws LeadvalueError on an unknown column type or date format
 */
export function createColumnBuilder(spec: ColumnSpec): ColumnBuilder {
  switch (spec.type) {
    case 'number':
      return new NumberBuilder(spec);
    case 'date':
      if (spec.dateFormat !== undefined && !DATE_FORMATS.includes(spec.dateFormat)) {
        throw new LeadvalueError(`${spec.label}, column ${spec.name}`, 'unknown date format', shown(spec.dateFormat), `use one of ${DATE_FORMATS.join(', ')}`);
      }
      return new DateBuilder(spec);
    case 'category':
      return new CategoryBuilder(spec);
    case 'string':
      return new StringBuilder(spec);
    default:
      throw new LeadvalueError(`${spec.label}, column ${spec.name}`, 'unknown column type', shown(spec.type), 'use "string", "category", "number" or "date"');
  }
}

function grow(values: Float64Array): Float64Array {
  const bigger = new Float64Array(values.length * 2);
  bigger.set(values);
  return bigger;
}

class NumberBuilder implements ColumnBuilder {
  private values = new Float64Array(INITIAL_ROWS);
  private n = 0;
  constructor(private readonly spec: ColumnSpec) {}

  add(bytes: Buffer, start: number, end: number, kind: number, row: number): void {
    // numbers are trimmed, quoted or not
    while (start < end && isBlankByte(bytes[start])) start++;
    while (end > start && isBlankByte(bytes[end - 1])) end--;
    let value = NaN;
    if (start === end) {
      if (this.spec.required) missingValue(this.spec, row);
    } else {
      value = kind === FieldKind.escaped ? NaN : parseNumberBytes(bytes, start, end);
      if (!Number.isFinite(value)) {
        throw new LeadvalueError(
          `${this.spec.label} row ${row}, column ${this.spec.name}`,
          'not a number',
          shown(textOf(bytes, start, end, kind)),
          (this.spec.fixes ?? READ_CSV_FIXES).notNumber(this.spec.name),
        );
      }
    }
    if (this.n === this.values.length) this.values = grow(this.values);
    this.values[this.n++] = value;
  }

  finish(): Column {
    return { type: 'number', values: this.values.slice(0, this.n) };
  }
}

class DateBuilder implements ColumnBuilder {
  private values = new Float64Array(INITIAL_ROWS);
  private n = 0;
  private readonly format: DateFormat;
  constructor(private readonly spec: ColumnSpec) {
    this.format = spec.dateFormat ?? 'iso';
  }

  add(bytes: Buffer, start: number, end: number, kind: number, row: number): void {
    while (start < end && isBlankByte(bytes[start])) start++;
    while (end > start && isBlankByte(bytes[end - 1])) end--;
    let value = NaN;
    if (start === end) {
      if (this.spec.required) missingValue(this.spec, row);
    } else {
      value = kind === FieldKind.escaped ? NaN : parseDateBytes(bytes, start, end, this.format);
      if (Number.isNaN(value)) {
        throw new LeadvalueError(
          `${this.spec.label} row ${row}, column ${this.spec.name}`,
          `not a date in the ${this.format} format`,
          shown(textOf(bytes, start, end, kind)),
          `write dates as ${FORMAT_EXAMPLES[this.format]}, or set dateFormat to the format the file uses (${DATE_FORMATS.join(', ')})`,
        );
      }
    }
    if (this.n === this.values.length) this.values = grow(this.values);
    this.values[this.n++] = value;
  }

  finish(): Column {
    return { type: 'date', values: this.values.slice(0, this.n) };
  }
}

const FORMAT_EXAMPLES: Record<DateFormat, string> = {
  iso: 'YYYY-MM-DD (2018-02-01, optionally with a time: 2018-02-01 13:45:00)',
  yyyymmdd: 'YYYYMMDD (20180201)',
  'dd/mm/yyyy': 'DD/MM/YYYY (01/02/2018)',
  'mm/dd/yyyy': 'MM/DD/YYYY (02/01/2018)',
};
