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

# Where the CLI is and the fleet folder (azl-wsl-lookup.ps1, beside this script).
. (Join-Path $PSScriptRoot 'azl-wsl-lookup.ps1')

$cli = Find-AzlWsl
if (-not $cli) { exit 1 }
$distros = & $cli list --json | ConvertFrom-Json
$code = 0
if ($distros | Where-Object { $_.name -ieq $Name }) {
  & $cli remove $Name --yes
  $code = $LASTEXITCODE
}
if ($code -eq 0) {
  foreach ($kept in 'fleet.yaml', 'azl-wsl-lookup.ps1') { Remove-Item -LiteralPath (Join-Path $FleetDir $kept) -Force -ErrorAction SilentlyContinue }
}
exit $code
