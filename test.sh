#!/usr/bin/env bash
# The one test command. On a fresh Debian 12 machine (as root, no stdin) it installs what the tests need,
# starts a throwaway PostgreSQL cluster, builds Portal.sln once and runs every test project under tests/,
# all of them even when one fails. TRX files go to $TEST_RESULTS_DIR (default ./TestResults).
#
#   TEST_RESULTS_DIR   where the TRX files go
#   PORTAL_PG_PORT     port for the throwaway cluster (default: the first free one from 5433)
set -euo pipefail

cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export PORTAL_BROWSER=/usr/bin/chromium
results_dir=$(realpath -m "${TEST_RESULTS_DIR:-TestResults}")
packages=(postgresql chromium fonts-dejavu-core haproxy python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc libprotobuf-dev)
run_started=$SECONDS
timings=()

step() { printf '\n==> %s\n' "$*"; }
timed() { timings+=("$(printf '%-22s %4ss' "$1" $((SECONDS - $2)))"); }

# The cluster's files must belong to postgres, which refuses to run as root.
as_postgres() {
    if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_missing_packages() {
    local missing=() package status
    for package in "${packages[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
        [[ $status == "install ok installed" ]] || missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        echo "Present: ${packages[*]}"
        return
    fi
    echo "Installing: ${missing[*]}"
    # Another checkout may be installing too: wait for the dpkg lock rather than fail.
    apt-get update -qq -o DPkg::Lock::Timeout=300
    apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null
}

free_port() {
    local port
    for ((port = 5433; port < 5533; port++)); do
        # A refused connection means nobody listens there.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "No free port between 5433 and 5532" >&2
    return 1
}

pg_dir=""
stop_postgres() {
    [[ -n $pg_dir ]] || return 0
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
}
trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_postgres() {
    pg_bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d | sort -V | tail -n 1)
    [[ -x $pg_bin/initdb ]] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql" >&2; return 1; }
    pg_dir=$(mktemp -d /tmp/portal-pg.XXXXXX)
    [[ $EUID -ne 0 ]] || chown postgres "$pg_dir"
    as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync --no-instructions >/dev/null
    local port attempt
    for attempt in 1 2 3; do
        port=${PORTAL_PG_PORT:-$(free_port)}
        # A throwaway cluster: durability settings off, for speed.
        if as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start -o \
            "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
            break
        fi
        # Another checkout's cluster may have taken the port since it was found free.
        if [[ -n ${PORTAL_PG_PORT:-} ]] || ((attempt == 3)); then
            cat "$pg_dir/server.log" >&2
            return 1
        fi
    done
    "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "CREATE DATABASE portal_test" >/dev/null
    export PORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=portal_test"
    echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $pg_dir"
}

step "Debian packages"
t=$SECONDS
install_missing_packages
timed "packages" "$t"

step "PostgreSQL"
t=$SECONDS
start_postgres
timed "postgres" "$t"

step "Build"
t=$SECONDS
command -v dotnet >/dev/null || { echo "The .NET SDK (dotnet) is not on PATH" >&2; exit 1; }
if ! dotnet build Portal.sln -c Release -nologo; then
    echo "Build failed: no tests run." >&2
    exit 1
fi
timed "build" "$t"

mkdir -p "$results_dir"
find "$results_dir" -maxdepth 1 -name '*.trx' -delete
mapfile -t projects < <(find tests -name '*.csproj' -not -path '*/bin/*' -not -path '*/obj/*' | sort)
((${#projects[@]} > 0)) || { echo "No test projects under tests/" >&2; exit 1; }

failed=0
results=()
tests_started=$SECONDS
for project in "${projects[@]}"; do
    name=$(basename "$project" .csproj)
    step "Test $name"
    t=$SECONDS
    if ! grep -qF "${project//\//\\}" Portal.sln; then
        echo "$project is not in Portal.sln, so the build above did not build it." >&2
        outcome="NOT BUILT"
    elif dotnet test "$project" -c Release --no-build --nologo \
        --logger "trx;LogFileName=$name.trx" --results-directory "$results_dir" \
        --blame-hang-timeout 15m --blame-hang-dump-type none; then
        outcome="ok"
    else
        outcome="FAILED"
    fi
    [[ $outcome == ok ]] || failed=1
    counts="no results"
    if [[ -f $results_dir/$name.trx ]]; then
        counts=$(python3 .ci/trx_counts.py "$results_dir/$name.trx") || counts="unreadable TRX"
    fi
    results+=("$(printf '%-28s %-9s %5ss   %s' "$name" "$outcome" $((SECONDS - t)) "$counts")")
done
timed "tests" "$tests_started"

step "Summary"
printf '%s\n' "${results[@]}"
echo
printf '%s\n' "${timings[@]}"
printf '%-22s %4ss\n' "total" $((SECONDS - run_started))
echo "TRX files: $results_dir"
exit "$failed"
