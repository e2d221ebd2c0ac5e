import { describe, expect, it } from 'vitest';
import { isSupportedNodeVersion } from './node-version';

describe('isSupportedNodeVersion', () => {
  it('accepts 20.19 and anything later', () => {
    for (const version of ['20.19.0', '20.20.2', '22.0.0', '24.21.0']) {
      expect(isSupportedNodeVersion(version), version).toBe(true);
    }
  });

  it('refuses releases before 20.19', () => {
    for (const version of ['20.18.3', '18.20.0', '16.0.0']) {
      expect(isSupportedNodeVersion(version), version).toBe(false);
    }
  });
});
