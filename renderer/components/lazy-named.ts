/** React's `lazy` for a named export of a split-off chunk (our modules have no default exports). */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- React's own lazy() takes ComponentType<any>.
type AnyComponent = ComponentType<any>;

/** The component `name` of the module `load` fetches, loaded when it first renders. */
export function lazyNamed<M extends Record<K, AnyComponent>, K extends keyof M>(load: () => Promise<M>, name: K): LazyExoticComponent<M[K]> {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}
