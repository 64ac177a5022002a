#!/usr/bin/env pwsh
# Orders build script. Run it through the repository's local PowerShell tool:
#   dotnet tool restore && dotnet pwsh build.ps1 test
# Tasks:
#   build  compile the solution
#   test   run every test project, print "N passed, N failed, N skipped", exit non-zero on any failure
#   run    run the service on the embedded SQLite default (same as: dotnet run --project src/Orders.Gateway)
#   postgres  start the local PostgreSQL the tests use and print its ORDERS_TEST_POSTGRES connection string
#   prometheus  install Prometheus and promtool (Debian's prometheus package), which the alert-rule tests and the live Prometheus test run
#   chromium    install Chromium and chromedriver (Debian's chromium, chromium-driver), which the console's browser tests drive
param(
    [ValidateSet('build', 'test', 'run', 'postgres', 'prometheus', 'chromium')]
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

# PostgreSQL for the integration tests. ORDERS_TEST_POSTGRES wins if set; otherwise, as root on Debian, this
# installs Debian's postgresql package if needed, creates and starts its cluster, and creates a test role.
# Anywhere else it says what to do, and the PostgreSQL tests are reported as skipped (under CI: the run fails).
function Wait-Postgres([string] $port) {
    $deadline = (Get-Date).AddSeconds(30)
    while ($true) {
        & pg_isready -q -h 127.0.0.1 -p $port
        if ($LASTEXITCODE -eq 0) { return }
        if ((Get-Date) -gt $deadline) { throw "PostgreSQL did not accept connections on 127.0.0.1:$port within 30 s" }
        Start-Sleep -Milliseconds 200
    }
}

# Installs Debian packages the tests need (apt-get update once per run).
$script:AptUpdated = $false
function Install-DebianPackage([string] $package, [switch] $NoRecommends) {
    if (-not $script:AptUpdated) {
        & apt-get update -qq; if ($LASTEXITCODE -ne 0) { throw 'apt-get update failed' }
        $script:AptUpdated = $true
    }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    $arguments = @('install', '-y', '-qq')
    if ($NoRecommends) { $arguments += '--no-install-recommends' }
    & apt-get @arguments $package
    if ($LASTEXITCODE -ne 0) { throw "apt-get install $package failed" }
}

# A tool some tests run, from Debian packages: as root on Debian this installs them if a command is missing; anywhere
# else it says what to install, and those tests are reported as skipped (under CI, which always has them: the run fails).
function Install-TestTool([string[]] $commands, [string[]] $packages, [string] $tests) {
    if (-not ($commands | Where-Object { -not (Get-Command $_ -ErrorAction SilentlyContinue) })) { return }
    $isRoot = $IsLinux -and ((& id -u) -eq '0')
    if (-not $isRoot -or -not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        $message = "$($commands -join '/'): not installed (this needs root on Debian: apt-get install $($packages -join ' ')); " +
            "until then $tests are skipped."
        if ($env:CI -eq 'true') { throw $message }
        Write-Host $message
        return
    }
    Write-Host "$($commands -join '/'): installing Debian's $($packages -join ', ')"
    foreach ($package in $packages) { Install-DebianPackage $package -NoRecommends }
}

# Prometheus and promtool for the alert-rule tests and the live Prometheus test (deploy/prometheus): Debian's
# prometheus package, which has both. In containers such as CI's, policy-rc.d keeps the package's service from
# starting; on a host with systemd apt starts it, and `systemctl disable --now prometheus` stops it.
function Install-Promtool {
    Install-TestTool @('promtool', 'prometheus') @('prometheus') 'the alert-rule tests and the live Prometheus test'
}

# Chromium and its driver for the operator console's browser tests (ConsoleBrowserTests).
function Install-Chromium {
    Install-TestTool @('chromium', 'chromedriver') @('chromium', 'chromium-driver') "the console's browser tests"
}

function Start-TestPostgres {
    if ($env:ORDERS_TEST_POSTGRES) {
        Write-Host "PostgreSQL: using ORDERS_TEST_POSTGRES"
        return
    }
    $isRoot = $IsLinux -and ((& id -u) -eq '0')
    if (-not $isRoot -or -not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        $message = "PostgreSQL: not started (this needs root on Debian). Set ORDERS_TEST_POSTGRES to a connection " +
            "string for a server where the tests may create databases; until then the PostgreSQL tests are skipped."
        if ($env:CI -eq 'true') { throw $message }
        Write-Host $message
        return
    }

    if (-not (Get-Command pg_ctlcluster -ErrorAction SilentlyContinue)) {
        Write-Host "PostgreSQL: installing Debian's postgresql package"
        Install-DebianPackage postgresql
    }

    $version = Get-ChildItem /usr/lib/postgresql -Directory | Sort-Object { [int]$_.Name } | Select-Object -Last 1 -ExpandProperty Name
    $cluster = & pg_lsclusters --no-header | Where-Object { ($_ -split '\s+')[0] -eq $version -and ($_ -split '\s+')[1] -eq 'main' }
    if (-not $cluster) {
        & pg_createcluster $version main | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "pg_createcluster $version main failed" }
        $cluster = & pg_lsclusters --no-header | Where-Object { ($_ -split '\s+')[0] -eq $version -and ($_ -split '\s+')[1] -eq 'main' }
    }
    $port = ($cluster -split '\s+')[2]
    if (($cluster -split '\s+')[3] -ne 'online') {
        & pg_ctlcluster $version main start
        if ($LASTEXITCODE -ne 0) { throw "pg_ctlcluster $version main start failed" }
    }

    Wait-Postgres $port

    # Test classes run side by side, each with a database and connection pool of its own.
    $maxConnections = & runuser -u postgres -- psql -qAt -p $port -c 'SHOW max_connections'
    if ([int]$maxConnections -lt 300) {
        & runuser -u postgres -- psql -q -p $port -c 'ALTER SYSTEM SET max_connections = 300' | Out-Null
        & pg_ctlcluster $version main restart
        if ($LASTEXITCODE -ne 0) { throw "pg_ctlcluster $version main restart failed" }
        Wait-Postgres $port
    }

    $role = "DO `$`$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'orders_test') THEN " +
        "CREATE ROLE orders_test LOGIN CREATEDB PASSWORD 'orders_test'; END IF; END `$`$; " +
        # Dropping a test database WITH (FORCE) may have to end a backend of another role (an autovacuum worker).
        "GRANT pg_signal_backend TO orders_test;"
    & runuser -u postgres -- psql -q -p $port -v ON_ERROR_STOP=1 -c $role
    if ($LASTEXITCODE -ne 0) { throw 'creating the orders_test role failed' }

    $env:ORDERS_TEST_POSTGRES = "Host=127.0.0.1;Port=$port;Username=orders_test;Password=orders_test"
    Write-Host "PostgreSQL: $version running on 127.0.0.1:$port (role orders_test)"
}

function Invoke-Tests {
    $results = Join-Path $PSScriptRoot 'artifacts/test-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    Invoke-Dotnet build Orders.sln -c $Configuration --nologo -v quiet
    Start-TestPostgres
    Install-Promtool
    Install-Chromium

    # Test projects run one after another, fastest first: each starts actor systems, processes and databases, and
    # these machines have 2 cores. (`dotnet test Orders.sln` would run them side by side, and every timing in one
    # project would then depend on what another project happens to be doing.)
    $order = @('Orders.Domain.Tests', 'Orders.Contracts.Tests', 'Orders.WriteSide.Tests', 'Orders.Projections.Tests', 'Orders.Gateway.Tests', 'Orders.Cli.Tests', 'Orders.Node.Tests')
    $projects = @(Get-ChildItem tests -Recurse -Filter '*.Tests.csproj' |
        Sort-Object { $i = [array]::IndexOf($order, $_.BaseName); if ($i -lt 0) { [int]::MaxValue } else { $i } }, Name)
    $testExit = 0
    foreach ($project in $projects) {
        & dotnet test $project.FullName -c $Configuration --no-build --nologo `
            --logger 'trx' --results-directory $results
        if ($LASTEXITCODE -ne 0) { $testExit = $LASTEXITCODE }
    }

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
    'postgres' { Start-TestPostgres; if ($env:ORDERS_TEST_POSTGRES) { Write-Host "ORDERS_TEST_POSTGRES=$env:ORDERS_TEST_POSTGRES" } }
    'prometheus' { Install-Promtool }
    'chromium' { Install-Chromium }
}
