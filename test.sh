#!/usr/bin/env bash
# Runs every AdminPortal test on a fresh machine: installs what the tests need when it is missing
# (Debian's chromium, zbar-tools, poppler-utils, nginx and postgresql, the plugNmeet JS SDK from npm), builds with warnings as errors,
# runs the whole suite offline and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# The PostgreSQL tests start their own throwaway cluster with these binaries (nothing is left running).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing ${missing[*]} from Debian's packages..."
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
        || { echo "Could not install ${missing[*]}"; exit 1; }
    if [[ " ${missing[*]} " == *" nginx "* ]]; then
        # The tests start their own nginx on free loopback ports; the package's default site (port 80) must not stay up.
        if [ -d /run/systemd/system ]; then
            $sudo systemctl disable --now nginx >/dev/null 2>&1
        elif [ -s /run/nginx.pid ]; then
            $sudo /usr/sbin/nginx -s quit
        fi
    fi
fi

if [ ! -d AdminPortal.Tests/JsSdk/node_modules/plugnmeet-sdk-js ]; then
    # --ignore-scripts: the published SDK has a pnpm-only preinstall hook that would try to download a tool.
    (cd AdminPortal.Tests/JsSdk && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) \
        || { echo "Could not install the plugNmeet JS SDK from npm"; exit 1; }
fi

dotnet build AdminPortal.sln -c Release -warnaserror -nologo -v quiet || exit 1

log=$(mktemp)
dotnet test AdminPortal.sln -c Release --no-build --nologo 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
total() { grep -E '^\s*(Passed|Failed)!' "$log" | sed -nE "s/.*$1: +([0-9]+).*/\1/p" | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(total Passed)
failed=$(total Failed)
rm -f "$log"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$rc"
