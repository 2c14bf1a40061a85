<#
  azl-wsl: Intune Win32 app uninstall command (Install behavior: User).
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File uninstall.ps1 -Name Contoso
  Unregisters the distribution (WSL deletes its disk) when it exists, and forgets the answer file.
  Exits 0 when the distribution is gone, azl-wsl's exit code otherwise.
#>
[CmdletBinding()]
param(
  [Parameter(Mandatory = $true)][string]$Name
)
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

$cli = Find-AzlWsl
if (-not $cli) { exit 1 }
$distros = & $cli list --json | ConvertFrom-Json
$code = 0
if ($distros | Where-Object { $_.name -ieq $Name }) {
  & $cli remove $Name --yes
  $code = $LASTEXITCODE
}
if ($code -eq 0) { Remove-Item -LiteralPath (Join-Path $FleetDir 'fleet.yaml') -Force -ErrorAction SilentlyContinue }
exit $code
