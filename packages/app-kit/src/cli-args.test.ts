import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('runs without arguments', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'run' });
  });

  it('knows --help and --version and their short forms', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['--version'])).toEqual({ kind: 'version' });
    expect(parseCliArgs(['-v'])).toEqual({ kind: 'version' });
  });

  it('names an unknown argument instead of ignoring it', () => {
    expect(parseCliArgs(['--port=9000'])).toEqual({ kind: 'unknown', arg: '--port=9000' });
  });
});
