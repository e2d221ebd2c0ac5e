// Small statistics for benchmark samples.

export function sorted(values) {
  return [...values].sort((a, b) => a - b);
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank];
}

export function median(values) {
  if (values.length === 0) return Number.NaN;
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs `subject` and `baseline` alternately `rounds` times; returns both sample lists. */
export async function alternate(rounds, baseline, subject) {
  const base = [];
  const subj = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first, so a slow drift of the machine does not favour one side.
    if (i % 2 === 0) {
      base.push(await baseline(i));
      subj.push(await subject(i));
    } else {
      subj.push(await subject(i));
      base.push(await baseline(i));
    }
  }
  return { base, subj };
}
