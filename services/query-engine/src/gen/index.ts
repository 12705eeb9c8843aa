export { pipeSalesCsv, salesCsvChunks, SALES_HEADER, SALES_SCHEMA, STORES, writeSalesCsv } from './sales';
export type { GenSalesOptions } from './sales';
