import { abortedError } from './provider-error';
import type { ProviderName } from './types';

/** Resolves after `ms`, or rejects with an `aborted` ProviderError as soon as `signal` fires. */
export function sleepUnlessAborted(ms: number, provider: ProviderName, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(provider, signal.reason));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(provider, signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A controller that aborts when the caller's signal does. The adapters abort it themselves too when the consumer
 * stops iterating a stream early, so the upstream request never outlives its reader.
 */
export function linkedAbortController(signal?: AbortSignal): {
  controller: AbortController;
  dispose: () => void;
} {
  const controller = new AbortController();
  if (!signal) return { controller, dispose: () => {} };
  if (signal.aborted) {
    controller.abort(signal.reason);
    return { controller, dispose: () => {} };
  }
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => signal.removeEventListener('abort', onAbort) };
}

export interface Deadline {
  /** Re-arms the timer: a stream that keeps delivering parts is alive, however long it runs. */
  touch(): void;
  timedOut(): boolean;
  clear(): void;
}

/**
 * Aborts `controller` when `ms` pass without a `touch()`. For `complete` it is the deadline of the whole call;
 * streams touch it on every part, so it becomes an idle timeout: the SDKs' own timeouts stop at the response
 * headers and would let a provider that goes silent mid-stream hang the call forever.
 */
export function createDeadline(controller: AbortController, ms: number | undefined): Deadline {
  if (ms === undefined) return { touch: () => {}, timedOut: () => false, clear: () => {} };
  let fired = false;
  let cleared = false;
  const timer = setTimeout(() => {
    fired = true;
    controller.abort(new Error('timeout'));
  }, ms);
  return {
    // refresh() re-arms the same timer: touch runs on every streamed part, and a new timer per part cost more.
    touch: () => {
      if (!fired && !cleared) timer.refresh();
    },
    timedOut: () => fired,
    clear: () => {
      cleared = true;
      clearTimeout(timer);
    },
  };
}
