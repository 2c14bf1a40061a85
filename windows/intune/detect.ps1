<#
  azl-wsl: Intune Win32 app detection script (runs in the user's context with Install behavior
  User). Intune counts the app as installed when the script exits 0 and writes to stdout, so it
  writes `azl-wsl ensure --check`'s JSON only when the state is compliant, and nothing otherwise.
#>
$ErrorActionPreference = 'Stop'

# --- find azl-wsl (identical in every script of this folder) ---
function Find-AzlWsl {
  if ($env:AZL_WSL_CLI -and (Test-Path -LiteralPath $env:AZL_WSL_CLI)) { return $env:AZL_WSL_CLI }
  $bundled = Join-Path $PSScriptRoot 'azl-wsl\azl-wsl.cmd'
  if (Test-Path -LiteralPath $bundled) { return $bundled }
  $onPath = Get-Command azl-wsl -ErrorAction SilentlyContinue
  if ($onPath) { return $onPath.Source }
  return $null
}
$FleetDir = Join-Path $env:LOCALAPPDATA 'azl-wsl\intune'
# --- end ---

$answers = Join-Path $FleetDir 'fleet.yaml'
$cli = Find-AzlWsl
if (-not $cli -or -not (Test-Path -LiteralPath $answers)) { exit 1 }
$result = & $cli ensure --answers $answers --check 2>$null
if ($LASTEXITCODE -eq 0) {
  Write-Output $result
  exit 0
}
exit 1
