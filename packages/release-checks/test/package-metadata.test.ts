import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, type PackedTarball, pnpmPack, readPackedPackageJson } from './helpers/pack';
import { runCommand } from './helpers/run-command';
import {
  INTERNAL,
  type PackageJson,
  PUBLISHABLE,
  REPO_ROOT,
  ROOT_BIN,
  readPackageJson,
} from './helpers/workspace';

// Every publishable package is packed once, the way `pnpm publish` would pack it (workspace:* ranges
// replaced), and the checks below read those tarballs: what npm users get, not the workspace folder.
const packDir = makeTempDir('metadata');
const packed = new Map<string, { tarball: PackedTarball; manifest: PackageJson }>();
const publishableNames = new Set<string>(PUBLISHABLE.map((entry) => entry.name));

beforeAll(async () => {
  for (const entry of PUBLISHABLE) {
    const tarball = await pnpmPack(entry.dir, packDir);
    packed.set(entry.name, { tarball, manifest: await readPackedPackageJson(tarball.filename) });
  }
});

afterAll(() => {
  rmSync(packDir, { recursive: true, force: true });
});

function packedOf(name: string): { tarball: PackedTarball; manifest: PackageJson } {
  const found = packed.get(name);
  if (!found) throw new Error(`${name} was not packed`);
  return found;
}

describe.each(PUBLISHABLE)('$name ($dir)', ({ name, kind }) => {
  it('passes publint --strict with no errors or warnings', async () => {
    const { tarball } = packedOf(name);
    const bytes = readFileSync(tarball.filename);
    const { messages, pkg } = await publint({
      // Files in an npm tarball sit under package/.
      pkgDir: 'package',
      strict: true,
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    });
    const problems = messages
      .filter((message) => message.type !== 'suggestion')
      .map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);
    expect(problems).toEqual([]);
  });

  it('declares what npm shows and checks: README, files, license, engines.node >=20.19, not private', () => {
    const { tarball, manifest } = packedOf(name);
    expect(tarball.files).toContain('README.md');
    expect(manifest.files?.length ?? 0).toBeGreaterThan(0);
    expect(manifest.license).toBeTruthy();
    expect(manifest.engines?.node).toBe('>=20.19');
    expect(manifest.private ?? false).toBe(false);
  });

  it('depends at run time only on packages that are published too', () => {
    const { manifest } = packedOf(name);
    const ours = Object.keys({ ...manifest.dependencies, ...(manifest.peerDependencies as object) }).filter(
      (dependency) => dependency.startsWith('@org/'),
    );
    // Apps bundle the workspace packages they use (they are devDependencies), so they need none of ours.
    const allowed = kind === 'app' ? [] : ours.filter((dependency) => publishableNames.has(dependency));
    expect(ours).toEqual(allowed);
    expect(
      Object.values(manifest.dependencies ?? {}).filter((range) => range.startsWith('workspace:')),
    ).toEqual([]);
  });

  // arethetypeswrong checks the types of importable entry points; the apps are bin-only (no exports, no
  // types), so there is nothing for it to check there.
  it.runIf(kind === 'library')(
    'has types that resolve for ESM consumers (arethetypeswrong, esm-only)',
    async () => {
      const { tarball } = packedOf(name);
      const result = await runCommand(
        join(ROOT_BIN, 'attw'),
        [tarball.filename, '--profile', 'esm-only', '--format', 'json'],
        { cwd: REPO_ROOT },
      );
      const report = JSON.parse(result.stdout) as {
        analysis: { types: unknown };
        problems?: Record<string, { kind: string; resolutionKind?: string; entrypoint?: string }[]>;
      };
      // We publish ESM only (STYLE.md), so CommonJS and node10 resolution are out of scope, as the esm-only
      // profile says; the JSON lists every problem regardless of profile, so filter the same way.
      const ignored = new Set(['node10', 'node16-cjs']);
      const problems = Object.values(report.problems ?? {})
        .flat()
        .filter((problem) => !problem.resolutionKind || !ignored.has(problem.resolutionKind));
      expect(report.analysis.types).not.toBe(false);
      expect(problems).toEqual([]);
      expect(result.code).toBe(0);
    },
  );
});

describe('internal packages', () => {
  it.each(INTERNAL)('$name is private, so publishing the workspace skips it', ({ dir }) => {
    expect(readPackageJson(join(REPO_ROOT, dir)).private).toBe(true);
  });
});
