// Results: rows collected per scenario, printed as a table and written as JSON.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function fmt(value, unit) {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : 3;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}

function fmtRatio(ratio) {
  return ratio === undefined || !Number.isFinite(ratio) ? '' : `${ratio.toFixed(2)}×`;
}

/** One table line per row; columns sized to the widest cell. */
export function formatTable(scenarios) {
  const header = ['#', 'metric', 'value', 'baseline', 'ratio', 'target', 'met'];
  const lines = [header];
  for (const s of scenarios) {
    if (s.error) {
      lines.push([String(s.id), `${s.title}: ERROR ${s.error.split('\n')[0]}`, '', '', '', '', 'error']);
      continue;
    }
    for (const r of s.rows) {
      lines.push([
        String(s.id),
        r.metric,
        fmt(r.value, r.unit),
        r.baseline === undefined ? '' : `${fmt(r.baseline.value, r.unit)} (${r.baseline.label})`,
        fmtRatio(r.ratio),
        r.target ?? '',
        r.met === undefined || r.met === null ? '' : r.met ? 'yes' : 'NO',
      ]);
    }
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const out = lines.map((l) =>
    l
      .map((cell, i) => cell.padEnd(widths[i]))
      .join(' | ')
      .trimEnd(),
  );
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('-|-'));
  return out.join('\n');
}

export function writeResults(path, results) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

/**
 * A scenario's result sink. `row({metric, value, unit, baseline: {label, value}, ratio, target, met})`
 * (`ratio: null`: none):
 * ratio defaults to value / baseline.value when a baseline is given.
 */
export function createScenarioResult(id, title, { judge = true } = {}) {
  const rows = [];
  return {
    id,
    title,
    rows,
    row(row) {
      // `ratio: null` says a ratio means nothing here (an additive target like "≤ +2 ms over the baseline").
      const ratio =
        row.ratio === null
          ? undefined
          : (row.ratio ?? (row.baseline !== undefined ? row.value / row.baseline.value : undefined));
      const { met, ratio: _ratio, ...rest } = row;
      // A smoke run keeps the targets beside the figures but judges none of them.
      rows.push({
        ...rest,
        ...(ratio !== undefined && { ratio }),
        ...(judge && met !== undefined && { met }),
      });
    },
  };
}
