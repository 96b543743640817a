import { type ComponentType, Suspense, lazy } from 'react';
import { Loading } from '../components/ui';

/**
 * A page (or dashboard card) whose code is fetched only when it is first shown, so that the
 * script needed for the sign-in page stays small. A feature writes
 *   { path: 'things', Component: lazyPage(() => import('./ThingsPage'), 'ThingsPage') }
 * naming the module's export; each module becomes its own chunk, with what only it imports.
 */
export function lazyPage<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string): ComponentType {
  const Lazy = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  // biome-ignore lint/correctness/noComponentHookFactories: made once per route when the module loads, never during a render.
  function LazyPage() {
    return (
      <Suspense fallback={<Loading />}>
        <Lazy />
      </Suspense>
    );
  }
  LazyPage.displayName = `Lazy(${name})`;
  return LazyPage;
}
