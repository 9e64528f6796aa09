/**
 * Loading stage: CSV files (plain or gzip) into typed columns.
 * @packageDocumentation
 */
export { readCsv } from './read-csv.js';
export type { ColumnRequest, ReadCsvOptions, LoadedTable, Column, ColumnType } from './read-csv.js';
export type { ReadFixes } from './read-fixes.js';
export { CsvTokenizer, tokenizeCsv, fieldText, FieldKind } from './parse-csv.js';
export type { CsvDelimiter, CsvRow, CsvTokenizerOptions } from './parse-csv.js';
export { parseNumberBytes } from './parse-number.js';
