#!/usr/bin/env bash
# A throw-away Fabric network around one command (issue 26 item 3, dareg side by side with a minimal contract):
# network/fabric.sh up --bench-contract bench/target/dareg-bench-*-contract.jar in a temporary state directory, so that
# bench's minimal contract (chaincode "benchput") runs beside dareg's chaincode on the same channel, with the same
# endorsement policy and block cutting; runs the command with DAREG_FABRIC_STATE set; then network/fabric.sh down,
# also when the command fails or the script is interrupted.
#   bench/fabric.sh command [args...]
# Settings: FABRIC_BIN (required; without it this says so, runs nothing and exits 0, so that the suite goes on),
# FABRIC_CFG (as network/fabric.sh), DAREG_FABRIC_PORT (default 37050, away from the integration tests' 27050 and
# 27150), DAREG_FABRIC_BATCH_TIMEOUT and DAREG_FABRIC_BATCH_SIZE (network/fabric.sh's defaults: 100ms, 500).
# The network's logs are kept in a temporary directory when the command fails (printed), removed otherwise.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: bench/fabric.sh command [args...]" >&2
  exit 2
fi
if [[ -z "${FABRIC_BIN:-}" ]]; then
  echo "SKIPPED: FABRIC_BIN is not set. Point it at the bin/ directory of a Fabric 2.4+ release (peer, orderer,"
  echo "configtxgen, cryptogen, osnadmin; core.yaml and orderer.yaml in ../config or FABRIC_CFG) to run dareg side by side"
  echo "with a minimal contract on network/fabric.sh's network."
  exit 0
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$(ls "$root"/bench/target/dareg-bench-*-contract.jar 2>/dev/null | head -1 || true)"
if [[ -z "$jar" ]]; then
  echo "bench/fabric.sh: no bench/target/dareg-bench-*-contract.jar: build first (mvn -B -ntp -q -DskipTests package)" >&2
  exit 1
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/dareg-fabric-bench.XXXXXX")"
export DAREG_FABRIC_STATE="$dir/state"
export DAREG_FABRIC_PORT="${DAREG_FABRIC_PORT:-37050}"
child=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then
    kill "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  "$root/network/fabric.sh" down >/dev/null 2>&1 || echo "bench/fabric.sh: network/fabric.sh down failed for $DAREG_FABRIC_STATE" >&2
  if [[ $rc -ne 0 ]]; then
    echo "bench/fabric.sh: failed ($rc); the network's logs are in $dir/state.last-logs" >&2
  else
    rm -rf "$dir"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "# Fabric from $FABRIC_BIN, a throw-away network in $DAREG_FABRIC_STATE, ports 127.0.0.1:$DAREG_FABRIC_PORT and up"
"$root/network/fabric.sh" up --bench-contract "$jar" >"$dir/up.log" 2>&1 &
child=$!
rc=0
wait "$child" || rc=$?
child=""
grep -E 'up in|committed on' "$dir/up.log" | sed 's/^/# /' || true
if [[ $rc -ne 0 ]]; then
  cat "$dir/up.log" >&2
  exit $rc
fi
# In the background, so that a signal interrupts the wait and the trap takes the network down at once.
"$@" &
child=$!
rc=0
wait "$child" || rc=$?
child=""
exit $rc
