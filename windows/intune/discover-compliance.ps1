<#
  azl-wsl: Intune custom compliance discovery script (Devices > Compliance > Scripts; "Run this
  script using the logged on credentials": Yes, since distributions belong to the user). Returns
  the flat JSON compliance-rules.json evaluates: `azl-wsl inventory --intune --start` (stopped
  distributions are started so their image and users can be read).
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

$cli = Find-AzlWsl
if ($cli) {
  $json = & $cli inventory --intune --start
  if ($LASTEXITCODE -eq 0 -and $json) { return ($json | Out-String).Trim() }
}
# azl-wsl missing or failing: report a device that cannot be shown compliant.
return (@{ AzlWslCompliant = $false; AzlWslDistributions = 0; AzlWslManaged = 0; AzlWslNotInspected = 0; AzlWslPolicyViolations = 0; AzlWslImageVersion = '0.0'; AzlWslImageName = ''; AzlWslRootDefaultUser = $false; AzlWslPasswordlessSudo = $false; AzlWslToolVersion = '' } | ConvertTo-Json -Compress)
