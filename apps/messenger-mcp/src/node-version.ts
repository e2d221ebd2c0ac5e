/** Oldest Node we support (STYLE.md: Node ≥ 20.19, the floor the whole repo is tested on). */
const MINIMUM = [20, 19] as const;

export function exitIfUnsupportedNode(): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1])) return;
  process.stderr.write(
    `messenger-mcp needs Node.js ${MINIMUM.join('.')} or newer, this is ${process.versions.node}: install a current Node.js LTS from https://nodejs.org\n`,
  );
  process.exit(1);
}
