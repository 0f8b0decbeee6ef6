/**
 * How the worker loads its on-demand parts: chunks beside the worker in the build (the key
 * importer, the key broker client, the encrypt code), which most starts never need. Each loads
 * once, the first time it is needed; a failed load is forgotten, so the next call tries again.
 */
export function onDemand<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
