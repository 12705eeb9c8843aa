// The bundled queries, over the gen-sales data set (date, store, amount, product): the ones the benchmark
// times and the service runs by name, so the monolith and microservice shapes run the very same plans.
import { col, len, scanCsv, type LazyFrame } from '../index.ts';
import { SALES_SCHEMA } from '../gen/sales.ts';

export { SALES_SCHEMA };

export interface BundledQuery {
  description: string;
  build(csvPath: string): LazyFrame;
}

export const BUNDLED_QUERIES: Record<string, BundledQuery> = {
  q1: {
    description:
      'parse date to a date, cumulative sum of amount in file order, keep the rows whose date is a Monday',
    build: (path) =>
      scanCsv(path, { schema: { ...SALES_SCHEMA } })
        .withColumns(col('date').str.toDate('%Y-%m-%d'), col('amount').cumSum().alias('cumulative_amount'))
        .filter(col('date').dt.weekday().eq(1)),
  },
  q2: {
    description: 'group by store: sum of amount, count',
    build: (path) =>
      scanCsv(path, { schema: { ...SALES_SCHEMA } })
        .groupBy('store')
        .agg(col('amount').sum().alias('amount'), len().alias('count')),
  },
};
