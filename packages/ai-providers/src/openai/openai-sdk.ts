type OpenAISdk = typeof import('openai');

let loading: Promise<OpenAISdk> | undefined;
let loaded: OpenAISdk | undefined;

/**
 * The openai package, imported on first use (~46 ms of start-up): an app on another provider never pays for it.
 */
export function loadOpenAISdk(): Promise<OpenAISdk> {
  loading ??= import('openai').then((sdk) => {
    loaded = sdk;
    return sdk;
  });
  return loading;
}

/** The SDK once loaded. Its error classes exist only then, and an error thrown by it implies it was loaded. */
export function loadedOpenAISdk(): OpenAISdk | undefined {
  return loaded;
}
