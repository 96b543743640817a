import { createRequire } from 'node:module';

/**
 * A library loaded the first time it is used rather than at start (for CommonJS packages used from
 * synchronous code). Start-up time counts: every library loaded at import delays the first answer.
 */
const load = createRequire(import.meta.url);

export function lazyRequire<T>(id: string): () => T {
  let mod: T | undefined;
  return () => {
    mod ??= load(id) as T;
    return mod;
  };
}
