import cron from 'node-cron';
import type { Static } from '@sinclair/typebox';
import type { ErrorDetail } from '../api/errors';
import { schemaProblems } from '../validation';
import {
  SPEC_SCHEMAS,
  type CarbonThresholdSpec,
  type CarbonWindowSpec,
  type PolicyTypeName,
  type ScheduleSpec,
} from './spec-schemas';

export function timezoneProblem(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return undefined;
  } catch {
    return `unknown IANA time zone "${zone}"`;
  }
}

export function cronProblem(expression: string): string | undefined {
  const result = cron.validateDetailed(expression);
  if (result.valid) return undefined;
  return `invalid cron expression "${expression}": ${result.errors.map((e) => e.message).join('; ')}`;
}

function scheduleProblems(spec: Static<typeof ScheduleSpec>): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const tz = timezoneProblem(spec.timezone);
  if (tz) details.push({ field: 'spec.timezone', problem: tz });
  for (const key of ['sleepCron', 'wakeCron'] as const) {
    const expression = spec[key];
    const problem = expression === undefined ? undefined : cronProblem(expression);
    if (problem) details.push({ field: `spec.${key}`, problem });
  }
  if ((spec.sleepCron === undefined) !== (spec.wakeCron === undefined)) {
    details.push({
      field: spec.sleepCron ? 'spec.wakeCron' : 'spec.sleepCron',
      problem: 'sleepCron and wakeCron go together',
    });
  }
  if (!spec.offWindows?.length && !spec.sleepCron && !spec.offDates?.length && !spec.offRanges?.length) {
    details.push({
      field: 'spec',
      problem: 'needs at least one of offWindows, sleepCron/wakeCron, offDates, offRanges',
    });
  }
  spec.offRanges?.forEach((range, i) => {
    if (Date.parse(range.to) <= Date.parse(range.from)) {
      details.push({ field: `spec.offRanges.${i}.to`, problem: 'must be after from' });
    }
  });
  spec.offWindows?.forEach((w, i) => {
    if (w.from.day === w.to.day && w.from.time === w.to.time) {
      details.push({ field: `spec.offWindows.${i}.to`, problem: 'must differ from from' });
    }
  });
  return details;
}

function carbonThresholdProblems(spec: Static<typeof CarbonThresholdSpec>): ErrorDetail[] {
  if (spec.bands || spec.offAboveGPerKwh !== undefined || spec.offAbovePercentile !== undefined) return [];
  return [{ field: 'spec', problem: 'needs at least one of bands, offAboveGPerKwh, offAbovePercentile' }];
}

function carbonWindowProblems(spec: Static<typeof CarbonWindowSpec>): ErrorDetail[] {
  if (spec.earliestStart === undefined) return [];
  const room = Date.parse(spec.deadline) - Date.parse(spec.earliestStart);
  if (room < spec.durationMinutes * 60_000) {
    return [{ field: 'spec.deadline', problem: 'leaves less than durationMinutes after earliestStart' }];
  }
  return [];
}

/** Every problem with a policy's spec for its type: shape first, then meaning (time zones, cron, ranges). */
export function policySpecProblems(type: PolicyTypeName, spec: unknown): ErrorDetail[] {
  const shape = schemaProblems(SPEC_SCHEMAS[type], spec, 'spec');
  if (shape.length) return shape;
  switch (type) {
    case 'schedule':
      return scheduleProblems(spec as Static<typeof ScheduleSpec>);
    case 'carbon-threshold':
      return carbonThresholdProblems(spec as Static<typeof CarbonThresholdSpec>);
    case 'carbon-window':
      return carbonWindowProblems(spec as Static<typeof CarbonWindowSpec>);
    default:
      return [];
  }
}
