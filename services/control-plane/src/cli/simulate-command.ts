import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import {
  loadScenarioFile,
  scenarioProblems,
  simulate,
  simulationChart,
  simulationMarkdown,
  ScenarioFileError,
  type Scenario,
} from '../backtest';
import { loadEnergySettings } from '../energy';
import { BUNDLED_ZONES, bundledDataset } from '../signals';
import { CliError, UsageError } from './errors';
import { toJson, type Io } from './format';

type Env = Record<string, string | undefined>;

/** `lightswitch simulate -f scenario.yaml`: a what-if over real grid history, run locally. */
export function registerSimulate(
  program: Command,
  ctx: { io: Io; env: Env },
  resolvePath: (file: string) => string,
  json: (cmd: Command) => boolean,
): void {
  program
    .command('simulate')
    .description(
      'replay workloads and policies over historical grid data: used and avoided energy, carbon, cost',
    )
    .option('-f, --filename <file>', 'scenario (YAML or JSON): zone, from, to, workloads, policies')
    .option('-o, --out <dir>', 'write result.json, summary.md and chart.svg into this folder')
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      `
A scenario names a bundled zone (${BUNDLED_ZONES.join(', ')}), a time range inside the bundled year, the
workloads (as in the API, plus count for many identical ones) and the policies (as in the API). Optional:
forecast: published | perfect | none, or forecastFile: <csv> to replay a forecast with its errors.
Prints the Markdown summary (or the JSON result with --json).
`,
    )
    .action(async (opts: { filename?: string; out?: string; progress: boolean }, cmd: Command) => {
      if (!opts.filename) throw new UsageError('pass the scenario with -f <file>');
      let doc: unknown;
      try {
        doc = await loadScenarioFile(resolvePath(opts.filename));
      } catch (err) {
        if (err instanceof ScenarioFileError) throw new CliError(err.message);
        throw err;
      }
      const problems = scenarioProblems(doc, BUNDLED_ZONES);
      if (problems.length) throw new CliError(`invalid scenario ${opts.filename}`, 1, problems);
      const energy = loadEnergySettings(ctx.env);
      const bar =
        opts.progress && process.stderr.isTTY
          ? new SingleBar(
              {
                format: 'simulating [{bar}] {percentage}% | {value}/{total} intervals',
                stream: process.stderr,
              },
              Presets.shades_classic,
            )
          : undefined;
      let barStarted = false;
      const result = simulate(doc as Scenario, {
        dataset: bundledDataset(),
        energy,
        onProgress: (done, total) => {
          if (!bar) return;
          if (!barStarted) {
            bar.start(total, 0);
            barStarted = true;
          }
          bar.update(done);
        },
      });
      bar?.stop();
      if (opts.out) {
        // An output folder need not exist yet: relative to where the user typed the command (INIT_CWD under npm).
        const dir = resolve(ctx.env.INIT_CWD || process.cwd(), opts.out);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, 'result.json'), toJson(result));
        await writeFile(join(dir, 'summary.md'), simulationMarkdown(result));
        await writeFile(join(dir, 'chart.svg'), simulationChart(result));
        ctx.io.stderr(`wrote result.json, summary.md and chart.svg to ${dir}\n`);
      }
      ctx.io.stdout(json(cmd) ? toJson(result) : simulationMarkdown(result));
    });
}
