/**
 * Light or dark, as Windows is set: the theme follows `prefers-color-scheme` (which Electron
 * and Chromium take from the system setting) and switches live when the user changes it.
 */
import { useEffect, useState } from 'react';
import { webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
}

/** The Fluent theme matching the system's colour scheme now. */
export function useSystemTheme(): { theme: Theme; dark: boolean } {
  const [dark, setDark] = useState(systemPrefersDark);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia(DARK_QUERY);
    const onChange = (): void => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return { theme: dark ? webDarkTheme : webLightTheme, dark };
}
