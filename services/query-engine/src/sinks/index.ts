// Sinks (where query results go) and the Arrow source (where in-memory data comes from).
export { csvHeader, csvQuote, morselToCsv, writeCsv } from './csv';
export type { CsvSinkOptions, TextSinkOptions } from './csv';
export { morselToNdjson, writeNdjson } from './ndjson';
export { morselToRecordBatch, toArrowSchema, writeArrowIpc } from './arrow';
export { arrowToMorsels } from './arrow-source';
export type { ArrowSource } from './arrow-source';
export { morselsToColumns, morselsToRows } from './rows';
export type { ColumnsResult, Row } from './rows';
export { formatDate, formatFloat } from './values';
export type { RowValue } from './values';
