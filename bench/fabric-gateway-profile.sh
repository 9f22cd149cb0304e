#!/usr/bin/env bash
# Where the dareg gateway's CPU goes on Fabric (issue 26 item 3): run inside bench/fabric.sh, so that a throw-away
# network is up around it and taken down after,
#   FABRIC_BIN=/opt/fabric/bin DAREG_FABRIC_PORT=47050 bench/fabric.sh bench/fabric-gateway-profile.sh OUT name=JAR...
# For each gateway jar in turn (e.g. before=/tmp/old-all.jar after=gateway/target/dareg-gateway-*-all.jar): a fresh
# `serve --dev --fabric` gateway, HttpLoad register at 64 in flight in windows of 30 s, one line a window with the
# gateway's CPU per registration (two transactions) and the CPU its JIT compiler threads took in it (a fresh gateway
# compiles for minutes under load: FabricSideBySide measures it while it does), then one more window recorded with JFR
# (settings=profile) into OUT/<name>/gateway.jfr, with each thread's CPU before and after it beside (threads-*.txt).
# Settings: WINDOWS (default 8, the last recorded), CLIENTS (64). Read the recording with
# `jfr print --events jdk.ExecutionSample --stack-depth 64 OUT/<name>/gateway.jfr` (or jdk.ObjectAllocationSample).
set -uo pipefail

if [[ $# -lt 2 || -z "${DAREG_FABRIC_STATE:-}" ]]; then
  echo "usage: bench/fabric.sh bench/fabric-gateway-profile.sh OUT name=JAR [name=JAR...]" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$(ls "$root"/bench/target/dareg-bench-*-all.jar | head -1)"
out=$1
shift
windows=${WINDOWS:-8}
clients=${CLIENTS:-64}

# CPU ticks of each thread group of process $1 (threads named alike, numbers left out, summed).
threads() {
  for t in /proc/"$1"/task/*; do
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    read -r -a f <<<"${stat##*) }"
    echo "$(tr ' ' _ <"$t/comm") $((f[11] + f[12]))"
  done | awk '{n=$1; sub(/-[0-9]+$/, "", n); a[n]+=$2} END {for (k in a) print k, a[k]}' | sort
}

gw=""
trap '[[ -n $gw ]] && kill "$gw" 2>/dev/null' EXIT # the gateway goes when this script is stopped (bench/fabric.sh does)
for spec in "$@"; do
  name=${spec%%=*}
  jar=${spec#*=}
  mkdir -p "$out/$name"
  data=$(mktemp -d "${TMPDIR:-/tmp}/dareg-gateway-profile.XXXXXX")
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  java -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -jar "$jar" serve --dev --data "$data" --port "$port" \
    --public-rate 2147483647 --fabric "$DAREG_FABRIC_STATE/gateway-registry.json" >"$out/$name/gateway.log" 2>&1 &
  gw=$!
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break
    sleep 0.5
  done
  echo "# $name: $jar, gateway pid $gw, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for w in $(seq 1 "$windows"); do
    [[ $w == "$windows" ]] && jcmd "$gw" JFR.start name=profile settings=profile >/dev/null
    threads "$gw" >"$out/$name/threads-before.txt"
    line=$(java -cp "$bench" io.dareg.bench.HttpLoad --url "http://127.0.0.1:$port" --author-dir "$data/dev/holder" \
      --op register --clients "$clients" --seconds 30 --gateway-pid "$gw" | grep -E "^$clients ")
    threads "$gw" >"$out/$name/threads-after.txt"
    jit=$(join "$out/$name/threads-before.txt" "$out/$name/threads-after.txt" | awk '$1 ~ /^C[12]_/ {t += $3 - $2} END {print t * 10}')
    read -r -a r <<<"$line"
    printf '%s window %d%s: %s registrations/s, %s errors, gateway %s us/registration, of which JIT %.0f\n' "$name" "$w" \
      "$([[ $w == "$windows" ]] && echo " (JFR)")" "${r[1]}" "${r[6]}" "${r[9]}" "$(echo "$jit ${r[5]}" | awk '{print $1 * 1000 / $2}')"
  done
  jcmd "$gw" JFR.stop name=profile filename="$out/$name/gateway.jfr" >/dev/null
  kill "$gw"
  wait "$gw" 2>/dev/null
  gw=""
  rm -rf "$data"
done
