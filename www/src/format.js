// Number formatting shared by the output pane, the event log and the tier comparison.

/** Microseconds as a short human string: `850 µs`, `12.3 ms`, `1.25 s`. */
export function formatUs(us) {
  if (us >= 1e6) return `${(us / 1e6).toFixed(2)} s`;
  if (us >= 1000) return `${(us / 1000).toFixed(us >= 1e5 ? 0 : 1)} ms`;
  return `${Math.round(us)} µs`;
}

/** An integer with thousands separators. */
export function formatCount(n) {
  return n.toLocaleString('en-US');
}
