/**
 * Shell completion scripts generated from the command table: every command, its options and
 * the values they take (choices, files, folders), so a new command or option completes without
 * anyone editing a list. Bash (`complete -F`) and PowerShell (`Register-ArgumentCompleter -Native`).
 */
import type { Command, CompletionValues } from '../command.js';
import { COMMON_OPTIONS } from '../parse-options.js';

/** What completes the value of each option that takes one (`--format` → choices, `--profile` → a file). */
function optionValues(command: Command): Map<string, CompletionValues> {
  const values = new Map<string, CompletionValues>();
  const completions = (command.completions ?? {}) as Record<string, CompletionValues | undefined>;
  for (const [name, spec] of Object.entries(command.options)) {
    if (spec.type === 'string') values.set(`--${name}`, completions[name] ?? 'none');
  }
  return values;
}

/** Every option of a command, the common ones included, as typed on the command line. */
function optionNames(command: Command): string[] {
  return [...Object.keys(command.options), ...Object.keys(COMMON_OPTIONS)].map((name) => `--${name}`);
}

/** Single-quoted for bash and PowerShell alike (names and choices never hold a quote; checked). */
function quote(word: string): string {
  if (word.includes("'")) throw new Error(`A completion word cannot contain a quote: ${word}`);
  return `'${word}'`;
}

function bashValues(values: CompletionValues, cur = '"$cur"'): string {
  if (values === 'file') return `COMPREPLY=( $(compgen -f -- ${cur}) )`;
  if (values === 'directory') return `COMPREPLY=( $(compgen -d -- ${cur}) )`;
  if (values === 'none') return 'COMPREPLY=()';
  return `COMPREPLY=( $(compgen -W ${quote(values.join(' '))} -- ${cur}) )`;
}

/** The bash script: `source <(azl-wsl completion bash)`. */
export function bashCompletion(commands: readonly Command[], builtIns: readonly string[]): string {
  const lines = [
    '# azl-wsl completion for bash. Load it with:  source <(azl-wsl completion bash)',
    '# (or save it as /etc/bash_completion.d/azl-wsl). Generated from the command table.',
    '_azl_wsl_complete() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  if [ "$COMP_CWORD" -le 1 ]; then',
    `    COMPREPLY=( $(compgen -W ${quote([...commands.map((command) => command.name), ...builtIns].join(' '))} -- "$cur") )`,
    '    return 0',
    '  fi',
    '  case "${COMP_WORDS[1]}" in',
    `    help) ${bashValues(commands.map((command) => command.name))} ;;`,
  ];
  for (const command of commands) {
    lines.push(`    ${command.name})`);
    const byValues = new Map<string, string[]>();
    for (const [option, values] of optionValues(command)) {
      const key = bashValues(values);
      byValues.set(key, [...(byValues.get(key) ?? []), option]);
    }
    if (byValues.size > 0) {
      lines.push('      case "$prev" in');
      for (const [action, options] of byValues) lines.push(`        ${options.join('|')}) ${action}; return 0 ;;`);
      lines.push('      esac');
    }
    const positional = command.positionals ? bashValues(command.positionals.complete ?? 'file') : 'COMPREPLY=()';
    lines.push(`      if [[ "$cur" == -* ]]; then ${bashValues(optionNames(command))}; else ${positional}; fi ;;`);
  }
  lines.push('  esac', '  return 0', '}', 'complete -o filenames -F _azl_wsl_complete azl-wsl', '');
  return lines.join('\n');
}

function powershellValue(values: CompletionValues): string {
  return typeof values === 'string' ? quote(values) : `@(${values.map(quote).join(', ')})`;
}

/** The PowerShell script: `azl-wsl completion powershell | Out-String | Invoke-Expression`. */
export function powershellCompletion(commands: readonly Command[], builtIns: readonly string[]): string {
  const table = commands.map((command) => {
    const values = [...optionValues(command)].map(([option, value]) => `${quote(option)} = ${powershellValue(value)}`).join('; ');
    const positionals = command.positionals ? powershellValue(command.positionals.complete ?? 'file') : quote('none');
    return `    ${quote(command.name)} = @{ options = @(${optionNames(command).map(quote).join(', ')}); values = @{ ${values} }; positionals = ${positionals} }`;
  });
  return [
    '# azl-wsl completion for PowerShell. Load it with:',
    '#   azl-wsl completion powershell | Out-String | Invoke-Expression',
    '# (or add that line to $PROFILE). Generated from the command table.',
    "Register-ArgumentCompleter -Native -CommandName 'azl-wsl', 'azl-wsl.cmd' -ScriptBlock {",
    '  param($wordToComplete, $commandAst, $cursorPosition)',
    '  $commands = @{',
    ...table,
    '  }',
    '  $words = @($commandAst.CommandElements | ForEach-Object { $_.ToString() })',
    "  $position = if ($wordToComplete -eq '') { $words.Count } else { $words.Count - 1 }",
    '  if ($position -le 1) {',
    `    $candidates = @($commands.Keys) + @(${builtIns.map(quote).join(', ')})`,
    "  } elseif ($words[1] -eq 'help') {",
    '    $candidates = @($commands.Keys)',
    '  } else {',
    '    $command = $commands[$words[1]]',
    '    if (-not $command) { return }',
    '    $previous = $words[$position - 1]',
    '    $value = $command.values[$previous]',
    '    if ($value -is [array]) { $candidates = $value }',
    "    elseif ($value) { return }  # a file, a folder or a typed value: PowerShell's own completion",
    "    elseif ($wordToComplete.StartsWith('-')) { $candidates = $command.options }",
    '    elseif ($command.positionals -is [array]) { $candidates = $command.positionals }',
    '    else { return }',
    '  }',
    "  $candidates | Where-Object { $_ -like \"$wordToComplete*\" } | Sort-Object -Unique | ForEach-Object {",
    "    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)",
    '  }',
    '}',
    '',
  ].join('\n');
}
