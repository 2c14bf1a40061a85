<#
  azl-wsl: Intune Win32 app install command (Install behavior: User).
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File install.ps1
  Installs the desktop app silently when the package carries its setup and it is missing, keeps
  the answer file where detect.ps1 finds it, then runs `azl-wsl ensure` and returns its exit code
  (0 compliant/installed, 10 needs-upgrade, 11 refused by policy, 12 running as SYSTEM,
  13 conflict, 1 failed; README.md). All the work is the CLI's.
#>
[CmdletBinding()]
param(
  [string]$Answers = (Join-Path $PSScriptRoot 'fleet.yaml')
)
$ErrorActionPreference = 'Stop'

# Where the CLI is and the fleet folder (azl-wsl-lookup.ps1, beside this script).
. (Join-Path $PSScriptRoot 'azl-wsl-lookup.ps1')

$setup = Get-ChildItem -LiteralPath $PSScriptRoot -Filter '*-Setup-*.exe' -ErrorAction SilentlyContinue | Select-Object -First 1
$app = Join-Path $env:LOCALAPPDATA 'Programs\Azure Linux for WSL'
if ($setup -and -not (Test-Path -LiteralPath $app)) {
  # NSIS per-user install, silent.
  Start-Process -FilePath $setup.FullName -ArgumentList '/S' -Wait
}

New-Item -ItemType Directory -Force -Path $FleetDir | Out-Null
Copy-Item -LiteralPath $Answers -Destination (Join-Path $FleetDir 'fleet.yaml') -Force
Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'azl-wsl-lookup.ps1') -Destination (Join-Path $FleetDir 'azl-wsl-lookup.ps1') -Force

$cli = Find-AzlWsl
if (-not $cli) {
  Write-Error 'azl-wsl was not found (package folder azl-wsl\, PATH, or $env:AZL_WSL_CLI).'
  exit 1
}
& $cli ensure --answers (Join-Path $FleetDir 'fleet.yaml')
exit $LASTEXITCODE
