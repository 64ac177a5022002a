#!/usr/bin/env pwsh
# Orders build script. Run it through the repository's local PowerShell tool:
#   dotnet tool restore && dotnet pwsh build.ps1 test
# Tasks:
#   build  compile the solution
#   test   run every test project, print "N passed, N failed, N skipped", exit non-zero on any failure
#   run    run the service on the embedded SQLite default (same as: dotnet run --project src/Orders.Gateway)
param(
    [ValidateSet('build', 'test', 'run')]
    [string] $Task = 'build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Set-Location $PSScriptRoot

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Tests {
    $results = Join-Path $PSScriptRoot 'artifacts/test-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    Invoke-Dotnet build Orders.sln -c $Configuration --nologo -v quiet

    $projects = @(Get-ChildItem tests -Recurse -Filter '*.Tests.csproj')
    # Test projects run one after another: each starts actor systems and databases, and these machines have 2 cores.
    & dotnet test Orders.sln -c $Configuration --no-build --nologo `
        --logger 'trx' --results-directory $results
    $testExit = $LASTEXITCODE

    $passed = 0; $failed = 0; $skipped = 0
    $trx = @(Get-ChildItem $results -Filter '*.trx' -ErrorAction SilentlyContinue)
    foreach ($file in $trx) {
        $counters = ([xml](Get-Content -LiteralPath $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $skipped += [int]$counters.total - [int]$counters.executed
    }

    if ($trx.Count -lt $projects.Count) {
        Write-Host "Only $($trx.Count) of $($projects.Count) test projects reported results: a test host crashed."
        $failed += $projects.Count - $trx.Count
    }
    if ($testExit -ne 0 -and $failed -eq 0) {
        Write-Host "dotnet test exited with $testExit although no test failed: counting the run as failed."
        $failed = 1
    }

    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
    exit 0
}

switch ($Task) {
    'build' { Invoke-Dotnet build Orders.sln -c $Configuration }
    'test' { Invoke-Tests }
    'run' { Invoke-Dotnet run --project src/Orders.Gateway -c $Configuration }
}
