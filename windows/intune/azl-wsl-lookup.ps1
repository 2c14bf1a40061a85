<#
  azl-wsl: where the Intune scripts find the CLI and keep their files, in one place. Dot-sourced
  by install.ps1 and uninstall.ps1 from the package folder; install.ps1 also copies it into the
  fleet folder, where detect.ps1 and discover-compliance.ps1 (which Intune runs on their own,
  without the package) dot-source it from.
#>

# The CLI, in this order: $env:AZL_WSL_CLI, the package's azl-wslzl-wsl.cmd, azl-wsl on PATH.
function Find-AzlWsl {
  if ($env:AZL_WSL_CLI -and (Test-Path -LiteralPath $env:AZL_WSL_CLI)) { return $env:AZL_WSL_CLI }
  $bundled = Join-Path $PSScriptRoot 'azl-wsl\azl-wsl.cmd'
  if (Test-Path -LiteralPath $bundled) { return $bundled }
  $onPath = Get-Command azl-wsl -ErrorAction SilentlyContinue
  if ($onPath) { return $onPath.Source }
  return $null
}

# The answer file and this helper, kept per user between Intune's runs.
$FleetDir = Join-Path $env:LOCALAPPDATA 'azl-wsl\intune'
