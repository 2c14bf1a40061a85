<#
  azl-wsl: Intune Win32 app detection script (runs in the user's context with Install behavior
  User). Intune counts the app as installed when the script exits 0 and writes to stdout, so it
  writes `azl-wsl ensure --check`'s JSON only when the state is compliant, and nothing otherwise.
#>
$ErrorActionPreference = 'Stop'

# Where the CLI is and the fleet folder (azl-wsl-lookup.ps1, which install.ps1 keeps there).
$lookup = Join-Path $env:LOCALAPPDATA 'azl-wsl\intune\azl-wsl-lookup.ps1'
# Not installed through install.ps1: not detected.
if (-not (Test-Path -LiteralPath $lookup)) { exit 1 }
. $lookup

$answers = Join-Path $FleetDir 'fleet.yaml'
$cli = Find-AzlWsl
if (-not $cli -or -not (Test-Path -LiteralPath $answers)) { exit 1 }
$result = & $cli ensure --answers $answers --check 2>$null
if ($LASTEXITCODE -eq 0) {
  Write-Output $result
  exit 0
}
exit 1
