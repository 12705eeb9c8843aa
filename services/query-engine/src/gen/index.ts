export { mulberry32, pipeSalesCsv, salesCsvChunks, SALES_HEADER, STORES, writeSalesCsv } from './sales';
export type { GenSalesOptions } from './sales';
