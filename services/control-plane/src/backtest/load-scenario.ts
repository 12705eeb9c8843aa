import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';

export class ScenarioFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioFileError';
  }
}

/**
 * Reads a scenario document (YAML or JSON). A `forecastFile` key names a CSV (timestamp plus one
 * intensity column, gCO2e/kWh) next to the scenario; it becomes `forecastPoints` with forecast "points",
 * so a what-if can replay a forecast with its real errors.
 */
export async function loadScenarioFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ScenarioFileError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new ScenarioFileError(`${path}: not valid YAML or JSON: ${(err as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new ScenarioFileError(`${path}: a scenario is one mapping`);
  const scenario = { ...(doc as Record<string, unknown>) };
  if (scenario.forecastFile !== undefined) {
    if (typeof scenario.forecastFile !== 'string')
      throw new ScenarioFileError(`${path}: forecastFile must be a path`);
    const csv = isAbsolute(scenario.forecastFile)
      ? scenario.forecastFile
      : resolve(dirname(path), scenario.forecastFile);
    scenario.forecastPoints = await readForecastCsv(csv);
    scenario.forecast = 'points';
    delete scenario.forecastFile;
  }
  return scenario;
}

/** CSV with a header: a "timestamp" column and the first other column holding a number is the intensity. */
export async function readForecastCsv(path: string): Promise<{ time: string; intensityGPerKwh: number }[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ScenarioFileError(`cannot read forecast file ${path}: ${(err as Error).message}`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  const timeColumn = header.indexOf('timestamp');
  if (timeColumn < 0) throw new ScenarioFileError(`${path}: the header needs a "timestamp" column`);
  const valueColumn = header.findIndex((h, i) => i !== timeColumn && /forecast|gco2|intensity/i.test(h));
  if (valueColumn < 0)
    throw new ScenarioFileError(`${path}: no intensity column (a header naming forecast, gco2 or intensity)`);
  return lines.map((line, n) => {
    const cells = line.split(',');
    const time = cells[timeColumn]?.trim() ?? '';
    const value = Number(cells[valueColumn]);
    if (Number.isNaN(Date.parse(time)) || !Number.isFinite(value) || value < 0) {
      throw new ScenarioFileError(
        `${path}:${n + 2}: expected a timestamp and a non-negative number, got "${line}"`,
      );
    }
    return { time: new Date(time).toISOString(), intensityGPerKwh: value };
  });
}
