import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { defaultPricingTable } from './default-table';
import { PricingFileError } from './pricing-file-error';
import { PricingTable } from './pricing-table';
import type { ModelEntry } from './types';

const price = z.strictObject({
  input: z.number().finite().nonnegative(),
  output: z.number().finite().nonnegative(),
  cachedInput: z.number().finite().nonnegative().optional(),
});

const row = z.strictObject({
  id: z.string().trim().min(1),
  provider: z.enum(['openai', 'bedrock']).optional(),
  displayName: z.string().min(1).optional(),
  aliases: z.array(z.string().trim().min(1)).optional(),
  price: price.optional(),
  globalPrice: price.optional(),
  tokenLimitParam: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
  acceptsTemperature: z.boolean().optional(),
  acceptsTemperatureWithTopP: z.boolean().optional(),
  requiresInferenceProfile: z.boolean().optional(),
  source: z.string().min(1).optional(),
  checked: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
    .optional(),
});

const pricingFile = z.strictObject({ models: z.array(row) });

type PricingFileRow = z.infer<typeof row>;

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function mergeRow(
  file: string,
  index: number,
  fileRow: PricingFileRow,
  base: ModelEntry | undefined,
  fileDate: string,
): ModelEntry {
  const { id, ...fields } = fileRow;
  const defaults = { source: `pricing file ${file}`, checked: fileDate };
  if (base) {
    // An override that changes a price but names no source would keep the old source: say where it came from.
    const priceChanged = fileRow.price !== undefined || fileRow.globalPrice !== undefined;
    return {
      ...base,
      ...(priceChanged ? defaults : {}),
      ...dropUndefined(fields),
      aliases: [...base.aliases, ...(fileRow.aliases ?? []).filter((alias) => !base.aliases.includes(alias))],
    };
  }
  if (!fileRow.provider) {
    throw new PricingFileError(file, `"${id}" is not in the built-in table, so provider is required`, {
      field: `models[${index}].provider`,
    });
  }
  if (!fileRow.price) {
    throw new PricingFileError(file, `"${id}" is not in the built-in table, so price is required`, {
      field: `models[${index}].price`,
    });
  }
  return {
    displayName: id,
    aliases: [],
    tokenLimitParam: 'max_tokens',
    acceptsTemperature: true,
    acceptsTemperatureWithTopP: true,
    ...defaults,
    ...dropUndefined(fields),
    id,
    provider: fileRow.provider,
    price: fileRow.price,
  };
}

/**
 * Reads a JSON pricing file `{ "models": [ {id, provider, price: {input, output, cachedInput?}, aliases?, …} ] }`
 * and returns a table with its rows merged over `base` (the default table unless given). A row whose id
 * matches an existing canonical id overrides only the fields it gives; other rows are added and need
 * provider and price. Rows without source/checked record the file path and the file's modification date.
 * Throws PricingFileError naming the file and the failing field.
 */
export async function loadPricingFile(
  path: string,
  base: PricingTable = defaultPricingTable,
): Promise<PricingTable> {
  let text: string;
  let fileDate: string;
  try {
    text = await readFile(path, 'utf8');
    fileDate = (await stat(path)).mtime.toISOString().slice(0, 10);
  } catch (cause) {
    throw new PricingFileError(path, 'cannot be read', { cause });
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PricingFileError(path, `is not valid JSON (${(cause as Error).message})`, { cause });
  }

  const parsed = pricingFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? fieldPath(issue.path) : undefined;
    throw new PricingFileError(path, issue?.message ?? 'does not match the expected shape', {
      field: field === '' ? undefined : field,
      cause: parsed.error,
    });
  }

  const entries = [...base.list()];
  parsed.data.models.forEach((fileRow, index) => {
    const at = entries.findIndex((entry) => entry.id.toLowerCase() === fileRow.id.toLowerCase());
    const merged = mergeRow(path, index, fileRow, at >= 0 ? entries[at] : undefined, fileDate);
    if (at >= 0) entries[at] = merged;
    else entries.push(merged);
  });

  try {
    return new PricingTable(entries);
  } catch (cause) {
    throw new PricingFileError(path, (cause as Error).message, { field: 'models', cause });
  }
}
