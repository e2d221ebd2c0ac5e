import { z } from 'zod';

// C0 control characters other than tab, line feed and carriage return, plus DEL. Providers reject
// or silently mangle them, and they are a common vector for log injection.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** True when the string holds a UTF-16 surrogate half without its partner (not valid Unicode text). */
export function hasUnpairedSurrogate(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

/** A user-text field: length-bounded, no control characters, valid Unicode. */
export function userText(min: number, max: number) {
  return z
    .string()
    .min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !FORBIDDEN_CONTROL.test(value), { error: 'must not contain control characters' })
    .refine((value) => !hasUnpairedSurrogate(value), {
      error: 'must be valid Unicode text (unpaired surrogate)',
    });
}
