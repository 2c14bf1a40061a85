<#
  azl-wsl: Intune custom compliance discovery script (Devices > Compliance > Scripts; "Run this
  script using the logged on credentials": Yes, since distributions belong to the user). Returns
  the flat JSON compliance-rules.json evaluates: `azl-wsl inventory --intune --start` (stopped
  distributions are started so their image and users can be read).
#>
$ErrorActionPreference = 'Stop'

# Where the CLI is and the fleet folder (azl-wsl-lookup.ps1, which install.ps1 keeps there).
$lookup = Join-Path $env:LOCALAPPDATA 'azl-wsl\intune\azl-wsl-lookup.ps1'
if (Test-Path -LiteralPath $lookup) { . $lookup }

$cli = if (Get-Command Find-AzlWsl -ErrorAction SilentlyContinue) { Find-AzlWsl } else { $null }
if ($cli) {
  $json = & $cli inventory --intune --start
  if ($LASTEXITCODE -eq 0 -and $json) { return ($json | Out-String).Trim() }
}
# azl-wsl not installed through install.ps1, missing or failing: report a device that cannot be shown compliant.
return (@{ AzlWslCompliant = $false; AzlWslDistributions = 0; AzlWslManaged = 0; AzlWslNotInspected = 0; AzlWslPolicyViolations = 0; AzlWslImageVersion = '0.0'; AzlWslImageName = ''; AzlWslRootDefaultUser = $false; AzlWslPasswordlessSudo = $false; AzlWslToolVersion = '' } | ConvertTo-Json -Compress)
