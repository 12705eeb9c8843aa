import { stringify } from 'yaml';

/** Where a command writes; injected so commands can be tested without a process. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface Column<T> {
  header: string;
  value(item: T, now: Date): string;
}

/**
 * An aligned, kubectl-style table: upper-case headers, columns separated by three spaces,
 * no trailing whitespace. Control characters from the server are neutralised.
 */
export function renderTable<T>(columns: Column<T>[], items: T[], now: Date): string {
  const rows = [
    columns.map((c) => c.header),
    ...items.map((item) => columns.map((c) => cell(c.value(item, now)))),
  ];
  const widths = columns.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return (
    rows
      .map((r) =>
        r
          .map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
          .join('   ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function cell(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** YAML for `get`; long strings are not folded so the output applies back unchanged. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** A kubectl-style short duration: 45s, 12m, 5h, 3d, 2y. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 730) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

/** Age of a timestamp relative to now (e.g. "3d"); "-" when missing or unreadable. */
export function age(iso: unknown, now: Date): string {
  const t = time(iso);
  return t === undefined ? '-' : formatDuration(now.getTime() - t);
}

/** "5m ago", "in 29d", or `never` for a missing timestamp. */
export function relative(iso: unknown, now: Date, never = 'never'): string {
  const t = time(iso);
  if (t === undefined) return iso === null || iso === undefined ? never : '-';
  const diff = t - now.getTime();
  return diff > 0 ? `in ${formatDuration(diff)}` : `${formatDuration(-diff)} ago`;
}

function time(iso: unknown): number | undefined {
  if (typeof iso !== 'string') return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** `app=web,tier=api`, or `<none>`. */
export function formatLabels(labels: unknown): string {
  if (typeof labels !== 'object' || labels === null) return '<none>';
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${String(v)}`);
  return pairs.length ? pairs.join(',') : '<none>';
}

export function text(value: unknown, empty = '<none>'): string {
  if (value === undefined || value === null || value === '') return empty;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
