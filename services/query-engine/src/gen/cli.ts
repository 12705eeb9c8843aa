// `gen-sales --rows N --seed S [--out file]`: writes the benchmark data set (to stdout without --out).
import { Command, InvalidArgumentError } from 'commander';
import { pipeSalesCsv, writeSalesCsv, type GenSalesOptions } from './sales';

function integer(v: string): number {
  const n = Number(v.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function rate(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number between 0 and 1');
  return n;
}

const program = new Command('gen-sales')
  .description('Write the deterministic sales data set (date,store,amount,product) as CSV.')
  .requiredOption('--rows <n>', 'number of data rows', integer)
  .option('--seed <s>', 'PRNG seed', integer, 1)
  .option('--out <file>', 'output file (default: stdout)')
  .option('--start-date <YYYY-MM-DD>', 'first date', '2021-01-01')
  .option('--days <n>', 'days the rows are spread over', integer, 1461)
  .option('--null-rate <p>', 'share of null amounts', rate, 0)
  .option('--no-quoting', 'only product names that need no CSV quoting')
  .action(
    async (o: {
      rows: number;
      seed: number;
      out?: string;
      startDate: string;
      days: number;
      nullRate: number;
      quoting: boolean;
    }) => {
      const opts: GenSalesOptions = {
        rows: o.rows,
        seed: o.seed,
        startDate: o.startDate,
        days: o.days,
        nullRate: o.nullRate,
        quoting: o.quoting,
      };
      if (o.out) {
        const t0 = performance.now();
        const { bytes } = writeSalesCsv(o.out, opts);
        const s = (performance.now() - t0) / 1000;
        console.error(
          `gen-sales: ${o.rows} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB in ${s.toFixed(2)} s -> ${o.out}`,
        );
      } else {
        await pipeSalesCsv(process.stdout, opts);
      }
    },
  );

await program.parseAsync();
