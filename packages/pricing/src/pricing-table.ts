import { costOf, priceFor, validateTokenUsage } from './estimate-cost';
import type {
  CostEstimate,
  InferenceProfilePrefix,
  ModelEntry,
  PricingProvider,
  ResolvedModel,
  TokenUsage,
} from './types';

const PROFILE_PREFIXES: ReadonlySet<string> = new Set<InferenceProfilePrefix>([
  'us',
  'eu',
  'apac',
  'global',
  'us-gov',
  'jp',
  'au',
]);

// OpenAI snapshot suffixes: `-2024-08-06` (current style) and `-0613` / `-0125` (older MMDD style).
const OPENAI_SNAPSHOT_SUFFIX = /^(.+)-(\d{4}-\d{2}-\d{2}|(?:0[1-9]|1[0-2])\d{2})$/;

/** An immutable model table with lookup by id, alias, OpenAI snapshot or Bedrock inference-profile id. */
export class PricingTable {
  readonly #entries: readonly ModelEntry[];
  /** Lower-cased id or alias → entry. */
  readonly #byName = new Map<string, ModelEntry>();

  /** Throws an Error when two rows share an id or alias (case-insensitive). */
  constructor(entries: readonly ModelEntry[]) {
    this.#entries = entries.map((entry) =>
      Object.freeze({ ...entry, aliases: Object.freeze([...entry.aliases]) }),
    );
    for (const entry of this.#entries) {
      for (const name of [entry.id, ...entry.aliases]) {
        const key = name.toLowerCase();
        const existing = this.#byName.get(key);
        if (existing && existing !== entry) {
          throw new Error(`Duplicate model name "${name}": used by "${existing.id}" and "${entry.id}"`);
        }
        this.#byName.set(key, entry);
      }
    }
  }

  /** Rows in table order, optionally only one provider's. */
  list(provider?: PricingProvider): readonly ModelEntry[] {
    return provider ? this.#entries.filter((entry) => entry.provider === provider) : this.#entries;
  }

  /** The row for a canonical id or alias (case-insensitive); no snapshot or profile handling. */
  get(id: string): ModelEntry | undefined {
    return this.#byName.get(id.trim().toLowerCase());
  }

  /**
   * Resolves a model name to its row. Accepts, in order: canonical id or alias (case-insensitive),
   * a Bedrock inference-profile id (`us.anthropic.…`, `global.…`), a dated OpenAI snapshot
   * (`gpt-4o-2024-08-06`). Returns undefined for anything else.
   *
   * `requestId` is what to send upstream: the caller's id when it names a profile or a snapshot
   * (they asked for that exact one), otherwise the canonical id.
   */
  resolve(id: string): ResolvedModel | undefined {
    const trimmed = id.trim();
    if (trimmed === '') return undefined;

    const direct = this.get(trimmed);
    if (direct) return { id: direct.id, provider: direct.provider, entry: direct, requestId: direct.id };

    const dot = trimmed.indexOf('.');
    if (dot > 0) {
      const prefix = trimmed.slice(0, dot).toLowerCase();
      const base = this.#byName.get(trimmed.slice(dot + 1).toLowerCase());
      // Profiles exist only for Bedrock base ids, never for aliases like `us.claude-sonnet-4`.
      if (
        PROFILE_PREFIXES.has(prefix) &&
        base?.provider === 'bedrock' &&
        base.id.toLowerCase() === trimmed.slice(dot + 1).toLowerCase()
      ) {
        return {
          id: base.id,
          provider: base.provider,
          entry: base,
          requestId: `${prefix}.${base.id}`,
          profile: prefix as InferenceProfilePrefix,
        };
      }
    }

    // Stripping exactly one date suffix gives the longest match by construction:
    // `gpt-4o-mini-2024-07-18` → `gpt-4o-mini`, never `gpt-4o`.
    const snapshot = OPENAI_SNAPSHOT_SUFFIX.exec(trimmed);
    if (snapshot?.[1]) {
      const base = this.#byName.get(snapshot[1].toLowerCase());
      if (base?.provider === 'openai') {
        return { id: base.id, provider: base.provider, entry: base, requestId: trimmed };
      }
    }
    return undefined;
  }

  /**
   * USD cost of a call. An unknown model gives `{usd: 0, priced: false}`: the cost is unknown, not zero.
   * Throws RangeError for NaN, infinite or negative token counts, or cachedInputTokens > inputTokens,
   * whether or not the model is known.
   */
  estimateCost(model: string, usage: TokenUsage): CostEstimate {
    const resolved = this.resolve(model);
    if (!resolved) {
      validateTokenUsage(usage);
      return { usd: 0, priced: false };
    }
    return costOf(priceFor(resolved), usage);
  }
}
