/**
 * A fake of the app's API for slice tests, typed against the contract's AzlApi: an answer for a
 * method that does not exist, or with the wrong arguments or result, fails the type check, so
 * the fake cannot drift from the API. Calls are recorded; a method without an answer fails
 * loudly; events are accepted and never fire.
 */
import type { AzlApi } from '../../../../electron/contract/api.js';

type Answer<M> = M extends (...args: infer A) => Promise<infer R> ? (...args: A) => R | Promise<R> : never;

/** Answers for some methods of some groups, each given the method's own arguments. */
export type FakeAnswers = { [G in keyof AzlApi]?: { [M in keyof AzlApi[G]]?: Answer<AzlApi[G][M]> } };

/** Every group of the API (a new group fails the type check here until the fake knows it). */
const GROUPS = { builds: true, install: true, distros: true, pty: true, jobs: true, settings: true, diagnostics: true, dialogs: true } as const satisfies Record<keyof AzlApi, true>;

/** The fake API; `calls` collects `group.method` for every call made. */
export function fakeApi(answers: FakeAnswers, calls: string[] = []): AzlApi {
  const group = (name: keyof AzlApi) =>
    new Proxy(
      {},
      {
        get: (_target, method: string) => {
          if (method.startsWith('on')) return () => () => undefined;
          return async (...args: unknown[]) => {
            calls.push(`${name}.${method}`);
            const answer = (answers[name] as Record<string, ((...args: unknown[]) => unknown) | undefined> | undefined)?.[method];
            if (!answer) throw new Error(`unexpected call ${name}.${method}`);
            return answer(...args);
          };
        },
      },
    );
  return Object.fromEntries(Object.keys(GROUPS).map((name) => [name, group(name as keyof AzlApi)])) as unknown as AzlApi;
}
