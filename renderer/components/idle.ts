/**
 * "The page has painted and has nothing better to do": set once by the app after the first
 * paint. Parts of the page that need more code than the list (the cards' menus, the Help menu)
 * render a plain stand-in until then, so their code is not fetched and parsed while the list
 * the user is waiting for is still being drawn.
 */
import { useEffect, useState } from 'react';

let idle = false;
const listeners = new Set<() => void>();

/** Called once by the app when the page is idle after its first paint. */
export function markIdle(): void {
  if (idle) return;
  idle = true;
  for (const listener of listeners) listener();
  listeners.clear();
}

/** True once the page has been idle after its first paint. */
export function useIdle(): boolean {
  const [value, setValue] = useState(idle);
  useEffect(() => {
    if (idle) {
      setValue(true);
      return;
    }
    const listener = (): void => setValue(true);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return value;
}
