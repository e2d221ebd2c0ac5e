import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommandOrThrow } from './run-command';
import { type PackageJson, REPO_ROOT } from './workspace';

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `release-checks-${prefix}-`));
}

export interface PackedTarball {
  filename: string;
  /** Paths inside the tarball, relative to its `package/` folder. */
  files: string[];
}

/**
 * Packs a workspace package the way `pnpm publish` would (workspace:* ranges become real versions) and
 * returns the tarball's path and contents.
 */
export async function pnpmPack(packageDir: string, destination: string): Promise<PackedTarball> {
  const { stdout } = await runCommandOrThrow('pnpm', ['pack', '--pack-destination', destination, '--json'], {
    cwd: join(REPO_ROOT, packageDir),
  });
  const report = JSON.parse(stdout) as { filename: string; files: { path: string }[] };
  return { filename: report.filename, files: report.files.map((file) => file.path) };
}

/** The package.json inside a tarball: what npm installs, after pnpm rewrote workspace ranges. */
export async function readPackedPackageJson(tarball: string): Promise<PackageJson> {
  const { stdout } = await runCommandOrThrow('tar', ['-xzOf', tarball, 'package/package.json'], {
    cwd: REPO_ROOT,
  });
  return JSON.parse(stdout) as PackageJson;
}
