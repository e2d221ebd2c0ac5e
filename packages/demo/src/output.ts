// The demo talks to a person, so it writes to stdout (no MCP stdio of its own to protect).

const out = process.stdout;

export function line(text = ''): void {
  out.write(`${text}\n`);
}

let stepNumber = 0;
export function step(title: string): void {
  stepNumber += 1;
  line();
  line(`${stepNumber}. ${title}`);
}

export function detail(text: string): void {
  for (const part of text.split('\n')) line(`   ${part}`);
}

/**
 * Shows streamed text as it grows. On a terminal one line is rewritten in place (its tail, cut to the
 * terminal width); elsewhere (a pipe, a test) every update is its own `… ` line.
 */
export function createProgressPrinter(): { update(text: string): void; finish(): void } {
  let shown = false;
  return {
    update(text) {
      const flat = text.replace(/\s+/g, ' ');
      if (out.isTTY) {
        const width = Math.max(20, (out.columns ?? 80) - 6);
        const tail = flat.length > width ? `…${flat.slice(-(width - 1))}` : flat;
        out.write(`\r\x1b[K   … ${tail}`);
      } else {
        line(`   … ${flat}`);
      }
      shown = true;
    },
    finish() {
      if (shown && out.isTTY) out.write('\n');
    },
  };
}

export function formatUsd(usd: number): string {
  return `$${usd.toFixed(6)}`;
}
