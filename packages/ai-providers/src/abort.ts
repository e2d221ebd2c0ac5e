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
