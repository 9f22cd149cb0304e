#!/usr/bin/env bash
# The whole benchmark suite in one bounded run (under 20 minutes on 2 cores; --quick about 6):
# builds the jars if needed, runs every benchmark program one after another in its own JVM, and
# writes bench/results/<date>.md with the machine, every figure and the goals as ratios.
#   bench/suite.sh [--quick] [--scale N] [--pg-only] [--signed-only] [--log-only] [--hash-only] [--fabric-only]
# --fabric-only: only dareg side by side with a minimal contract on a throw-away Fabric network (issue 26 item 3,
# bench/fabric.sh; skipped with a message when FABRIC_BIN is not set), into bench/results/<date>-fabric.md.
# --pg-only: only dareg's registrations against PostgreSQL's (issue 26; a throw-away cluster through
# bench/pg.sh, skipped with a message when PostgreSQL is not installed), into bench/results/<date>-pg.md.
# --log-only: only the transparency log (issue 24): commits with the log off and on alternating, proofs at 1,000,000
# entries in process and over HTTP, receipt verify against offline verify, into bench/results/<date>-log.md.
# --hash-only: only evidence hashing (issue 26 item 5): `dareg hash` against sha256sum and openssl dgst -sm3 on a 1 GiB
# file and on a tree of 2,000 files, each pair alternated, into bench/results/<date>-hash.md.
# --signed-only: only registrations with signed writes (issue 23): SignedPathCpu (the rules' path of a signed
# registration in one thread, issue 26 item 2), then through the Ledger port signed and unsigned and over HTTP
# signed, alternating twice, into bench/results/<date>-signed.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! ls bench/target/dareg-bench-*-all.jar gateway/target/dareg-gateway-*-all.jar client/target/dareg-client-*-all.jar >/dev/null 2>&1; then
  mvn -B -ntp -q -DskipTests package
fi
exec java -cp "$(ls bench/target/dareg-bench-*-all.jar | head -1)" io.dareg.bench.Suite "$@"
