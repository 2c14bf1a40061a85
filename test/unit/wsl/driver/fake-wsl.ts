/**
 * A one-answer fake wsl.exe for unit tests of the runner and the verb modules: it prints a
 * recorded output file and exits with a given code, recording its argv, stdin and WSL_UTF8.
 * Behaviour per call comes from a script of answers keyed by the first arguments.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WSL_OUTPUT_DIR } from './wsl-output-fixtures.js';

export interface FakeAnswer {
  /** Matches when the call's arguments start with these. */
  args: string[];
  /** Recorded output file name, or literal text (written as UTF-8). */
  output?: string;
  text?: string;
  exit: number;
}

export interface FakeWsl {
  wslPath: string;
  env: NodeJS.ProcessEnv;
  calls(): Promise<{ args: string[]; stdin: string; utf8: string }[]>;
  dispose(): Promise<void>;
}

export async function createFakeWsl(answers: FakeAnswer[]): Promise<FakeWsl> {
  const dir = await mkdtemp(join(tmpdir(), 'azl-fake-wsl-'));
  const wslPath = join(dir, 'wsl.exe');
  const rules = answers
    .map((answer, index) => {
      const file = answer.output ? join(WSL_OUTPUT_DIR, answer.output) : join(dir, `answer-${index}.txt`);
      const pattern = answer.args.join(' ');
      return `case "$*" in "${pattern}"*) cat '${file}'; exit ${answer.exit};; esac`;
    })
    .join('\n');
  await Promise.all(answers.map((answer, index) => (answer.output ? undefined : writeFile(join(dir, `answer-${index}.txt`), answer.text ?? ''))));
  await writeFile(
    wslPath,
    `#!/bin/sh\nn=$(ls '${dir}' | grep -c '\\.args$')\nprintf '%s\\n' "$@" > '${dir}'/call-$n.args\ncat > '${dir}'/call-$n.stdin\nprintf '%s' "$WSL_UTF8" > '${dir}'/call-$n.utf8\n${rules}\necho "fake wsl: no answer for $*"; exit 99\n`,
  );
  await chmod(wslPath, 0o755);
  return {
    wslPath,
    env: {},
    async calls() {
      const out = [];
      for (let n = 0; ; n++) {
        try {
          const args = (await readFile(join(dir, `call-${n}.args`), 'utf8')).split('\n').slice(0, -1);
          out.push({ args, stdin: await readFile(join(dir, `call-${n}.stdin`), 'utf8'), utf8: await readFile(join(dir, `call-${n}.utf8`), 'utf8') });
        } catch {
          return out;
        }
      }
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
