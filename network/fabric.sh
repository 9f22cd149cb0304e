#!/usr/bin/env bash
# dareg on a real Hyperledger Fabric network, every process native on 127.0.0.1 with TLS:
# one etcdraft orderer (channel participation, no system channel), one peer for each organisation,
# the channel "dareg", and the dareg chaincode as a service (one process per organisation, the
# project's own shaded jar), reached by the peers through the external builder in network/builder.
# One registry (the default): RegistryMSP and ExchangeMSP. N >= 2 registries: RegistryMSP,
# Registry2MSP ... RegistryNMSP, ExchangeMSP and RegulatorMSP (the supervisor, with its own peer).
#
#   network/fabric.sh up [--registries N] [--dev-clock]   crypto, identities, orderer, peers,
#                               channel, chaincode; --dev-clock: the peers read their time from a file
#                               that serve --dev moves with its dev clock (a test network's only)
#                               --bench-contract JAR: also deploy bench's minimal contract (issue 26
#                               item 3, bench/fabric.sh) as chaincode "benchput" beside dareg, same policy
#   network/fabric.sh status   what runs, by recorded PID, and the committed chaincode
#   network/fabric.sh down     stop what `up` started (by recorded PID) and remove the state
#   network/fabric.sh restart-chaincode ORG   kill and restart one organisation's chaincode
#   network/fabric.sh stop-chaincode ORG      kill one organisation's chaincode
#
# Settings (environment): FABRIC_BIN (peer, orderer, configtxgen, cryptogen, osnadmin; 2.4+),
# FABRIC_CFG (core.yaml and orderer.yaml of the same release; default $FABRIC_BIN/../config),
# DAREG_FABRIC_STATE (default network/state), DAREG_FABRIC_PORT (first of the network's ports,
# default 17050: 40 ports for one registry, 10 * (N + 3) for N), DAREG_FABRIC_BATCH_TIMEOUT
# (default 100ms), DAREG_FABRIC_BATCH_SIZE (default 500).
# After `up`, $DAREG_FABRIC_STATE/gateway-<org>.json holds each organisation's gateway settings:
#   java -jar gateway/target/dareg-gateway-*-all.jar serve --fabric FILE
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
STATE="${DAREG_FABRIC_STATE:-$HERE/state}"
BASE="${DAREG_FABRIC_PORT:-17050}"
BATCH_TIMEOUT="${DAREG_FABRIC_BATCH_TIMEOUT:-100ms}"
BATCH_SIZE="${DAREG_FABRIC_BATCH_SIZE:-500}"
CHANNEL=dareg
CHAINCODE=dareg
# bench's minimal contract (issue 26 item 3), deployed only with up --bench-contract JAR
BENCH_CHAINCODE=benchput
DOMAIN=dareg.local

ORDERER_PORT=$BASE
ORDERER_ADMIN_PORT=$((BASE + 1))
ORDERER_OPS_PORT=$((BASE + 2))
MAX_REGISTRIES=8

# The organisations of a network of N registries, in the order they are set up. One registry is
# the network as it always was; with more, the regulator (the supervisor) has a peer of its own.
orgs_of() { # N
  if [ "$1" -eq 1 ]; then echo registry exchange; return; fi
  local list=registry k
  for k in $(seq 2 "$1"); do list="$list registry$k"; done
  echo "$list exchange regulator"
}
# How many registries the network in $STATE has (1 when it says nothing: a network before --registries).
recorded_registries() { cat "$STATE/registries" 2>/dev/null || echo 1; }
ORGS=($(orgs_of "$(recorded_registries)"))

# Each organisation has a block of ten ports, at a place that does not depend on N (so the first
# registry and the exchange keep theirs): registry 1, exchange 2, regulator 3, registryK K + 2.
slot() {
  case "$1" in
    registry) echo 1 ;;
    exchange) echo 2 ;;
    regulator) echo 3 ;;
    registry[0-9]*) echo $((${1#registry} + 2)) ;;
  esac
}
# per organisation: peer, peer's chaincode listener, peer operations, chaincode service, and (with
# --bench-contract only) bench's minimal contract's service at offset 4
port() { # org offset
  echo $((BASE + 10 * $(slot "$1") + $2))
}
msp_of() {
  case "$1" in
    registry) echo RegistryMSP ;;
    registry[0-9]*) echo "Registry${1#registry}MSP" ;;
    exchange) echo ExchangeMSP ;;
    regulator) echo RegulatorMSP ;;
  esac
}
# The name cryptogen gives the organisation (its CA's common name starts with it).
org_name() { local m; m=$(msp_of "$1"); echo "${m%MSP}"; }
known_org() { # org
  local o
  for o in "${ORGS[@]}"; do [ "$o" = "$1" ] && return 0; done
  die "no organisation '$1' on this network (it has: ${ORGS[*]})"
}

# The users of each organisation: name, role attribute (dareg.role), OU. "admin" is the
# organisation's admin (NodeOU admin); the others are clients. The users' keys are theirs: the
# tests and the dev demo sign their requests and tokens with them. dareg-gateway (role gateway) is
# the one identity each organisation's gateway signs proposals with; it is written apart, under
# gateway-identity/<org>, because the gateway holds no user's key (issue 23).
# exchange-other is an exchange outside ExchangeMSP: what one exchange may read of another's
# trades and listing checks is tested with it. A second (third, ...) registry has its own admin,
# registrar, reviewer and a demo holder; the regulator organisation its admin and a regulator.
users_of() {
  case "$1" in
    registry) printf '%s\n' "registry-admin::admin" "registrar:registrar:client" "reviewer:reviewer:client" \
      "regulator:regulator:client" "holder-demo:holder:client" "buyer-demo:holder:client" \
      "objector-demo::client" "dareg-gateway:gateway:client" "exchange-other:exchange:client" ;;
    registry[0-9]*) printf '%s\n' "registry-admin::admin" "registrar:registrar:client" "reviewer:reviewer:client" \
      "holder-demo:holder:client" "dareg-gateway:gateway:client" ;;
    exchange) printf '%s\n' "exchange-admin::admin" "exchange-demo:exchange:client" "dareg-gateway:gateway:client" ;;
    regulator) printf '%s\n' "regulator-admin::admin" "regulator:regulator:client" "dareg-gateway:gateway:client" ;;
  esac
}

die() { echo "fabric.sh: $*" >&2; exit 1; }
say() { echo "fabric.sh: $*"; }
# What `up` did so far and when (seconds since it started): the steps that take long show.
step() { say "$* (${SECONDS}s)"; }

need_binaries() {
  [ -n "${FABRIC_BIN:-}" ] || die "FABRIC_BIN is not set: point it at the bin/ directory of a Fabric 2.4+ release (peer, orderer, configtxgen, cryptogen, osnadmin)"
  local missing=()
  for b in peer orderer configtxgen cryptogen osnadmin; do
    [ -x "$FABRIC_BIN/$b" ] || missing+=("$b")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing from FABRIC_BIN=$FABRIC_BIN: ${missing[*]}"
  FABRIC_CFG="${FABRIC_CFG:-$FABRIC_BIN/../config}"
  for f in core.yaml orderer.yaml; do
    [ -f "$FABRIC_CFG/$f" ] || die "no $f in FABRIC_CFG=$FABRIC_CFG: a Fabric release has core.yaml and orderer.yaml in config/ beside bin/; binaries built from source have none there, so point FABRIC_CFG at the source tree's sampleconfig/ (or copy its core.yaml and orderer.yaml to $FABRIC_CFG)"
  done
  for t in openssl tar java; do
    command -v "$t" >/dev/null || die "$t is needed and not on PATH"
  done
}

# Runs a Fabric binary with a clean environment plus the given VAR=value settings, so that no
# CORE_* or ORDERER_* variable of the caller's shell leaks into Fabric's configuration.
fab() { env -i PATH="$PATH" HOME="$HOME" "$@"; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Runs FUNCTION ORG for every organisation at once (each in a subshell) and fails when one did:
# the steps of one organisation do not wait for another's, which keeps `up` short with several.
each_org() { # function
  local fn=$1 org pids=() failed=()
  for org in "${ORGS[@]}"; do
    "$fn" "$org" &
    pids+=("$!")
  done
  local i
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("${ORGS[$i]}")
  done
  [ ${#failed[@]} -eq 0 ] || die "$fn failed for ${failed[*]} (see above)"
}

start() { # name, then VAR=value ... command args
  local name=$1; shift
  local pidf="$STATE/pids/$name.pid"
  if pid_alive "$pidf"; then say "$name already runs (pid $(cat "$pidf"))"; return; fi
  env -i PATH="$PATH" HOME="$HOME" "$@" >"$STATE/logs/$name.log" 2>&1 &
  echo $! >"$pidf"
  say "started $name (pid $!, log $STATE/logs/$name.log)"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits until the process `start` recorded as NAME listens on PORT; fails at once if it exited (a
# port taken by another program makes it exit, where a bare "something listens" check would pass).
wait_port() { # port what [name]
  local pidf="$STATE/pids/${3:-}.pid"
  for _ in $(seq 1 240); do
    if [ -n "${3:-}" ] && ! pid_alive "$pidf"; then
      die "$2 exited before listening on 127.0.0.1:$1; see $STATE/logs/$3.log"
    fi
    if listening "$1"; then return 0; fi
    sleep 0.25
  done
  die "$2 did not listen on 127.0.0.1:$1 in 60 s; see $STATE/logs/"
}

# Refuses to start when a port of this network is taken (another network, or any program).
ports_free() {
  local taken=()
  for p in $ORDERER_PORT $ORDERER_ADMIN_PORT $ORDERER_OPS_PORT; do listening "$p" && taken+=("$p"); done
  for org in "${ORGS[@]}"; do
    for i in 0 1 2 3 ${BENCH_JAR:+4}; do listening "$(port "$org" $i)" && taken+=("$(port "$org" $i)"); done
  done
  [ ${#taken[@]} -eq 0 ] || die "ports ${taken[*]} on 127.0.0.1 are in use (another network?): stop it, or choose other ports with DAREG_FABRIC_PORT"
}

# --- crypto ------------------------------------------------------------------------------------

# True when the certificate's ECDSA signature has a low S (s <= n/2 of P-256). Fabric's MSP
# rejects, as "signed by unknown authority", a CA whose self-signature has a high S, and cryptogen
# and openssl produce one about half the time; such certificates are made again.
low_s() {
  local off s
  off=$(openssl asn1parse -in "$1" | tail -1 | cut -d: -f1 | tr -d ' ')
  s=$(openssl asn1parse -in "$1" -strparse "$off" | sed -n 3p | sed 's/.*INTEGER *://')
  s=$(printf '%064s' "$s" | tr ' ' 0)
  [[ ! "$s" > "7FFFFFFF800000007FFFFFFFFFFFFFFFDE737D56D38BCF4279DCE5617E3192A8" ]]
}

crypto_org() { # kind name domain
  local conf="$STATE/crypto-config-$2.yaml"
  if [ "$1" = orderer ]; then
    cat >"$conf" <<EOF
OrdererOrgs:
  - Name: $2
    Domain: $3
    EnableNodeOUs: true
    Specs:
      - Hostname: orderer
        SANS: [localhost, 127.0.0.1]
EOF
  else
    cat >"$conf" <<EOF
PeerOrgs:
  - Name: $2
    Domain: $3
    EnableNodeOUs: true
    Template: {Count: 1, SANS: [localhost, 127.0.0.1]}
    Users: {Count: 0}
EOF
  fi
  local kind_dir=peerOrganizations
  [ "$1" = orderer ] && kind_dir=ordererOrganizations
  for _ in $(seq 1 64); do
    rm -rf "$STATE/crypto/$kind_dir/$3"
    fab "$FABRIC_BIN/cryptogen" generate --config="$conf" --output="$STATE/crypto" >/dev/null
    local ok=1
    for c in $(find "$STATE/crypto/$kind_dir/$3" -name '*.pem' -o -name '*.crt'); do
      low_s "$c" || { ok=0; break; }
    done
    [ $ok = 1 ] && return 0
  done
  die "cryptogen gave high-S signatures 64 times in a row for $3"
}

crypto_peer() { crypto_org peer "$(org_name "$1")" "$1.$DOMAIN"; }

crypto() {
  mkdir -p "$STATE"
  crypto_org orderer Orderer "orderer.$DOMAIN" &
  local orderer=$!
  each_org crypto_peer
  wait $orderer || die "the orderer organisation's crypto material could not be made"
  each_org users
}

# Signs a user certificate with the organisation's CA: subject O=<MSP id>, OU=<node OU>, OU=<role>,
# CN=<name>, and the role as the Fabric CA attribute extension (1.2.3.4.5.6.7.8.1) that the
# chaincode reads as dareg.role.
users() {
  local org=$1 msp ca_dir
  msp=$(msp_of "$org")
  ca_dir="$STATE/crypto/peerOrganizations/$org.$DOMAIN/ca"
  local ca_cert ca_key
  ca_cert=$(ls "$ca_dir"/*-cert.pem)
  ca_key="$ca_dir/priv_sk"
  while IFS=: read -r name role ou; do
    local dir="$STATE/identities/$org/$name"
    [ "$name" = dareg-gateway ] && dir="$STATE/gateway-identity/$org"
    mkdir -p "$dir"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/key.pem" 2>/dev/null
    chmod 600 "$dir/key.pem"
    local subject="/O=$msp/OU=$ou"
    [ -n "$role" ] && subject="$subject/OU=$role"
    subject="$subject/CN=$name"
    local ext="$dir/ext.cnf"
    {
      echo "basicConstraints=critical,CA:FALSE"
      echo "keyUsage=critical,digitalSignature"
      echo "subjectKeyIdentifier=hash"
      echo "authorityKeyIdentifier=keyid"
      if [ -n "$role" ]; then
        local attrs="{\"attrs\":{\"dareg.role\":\"$role\",\"hf.EnrollmentID\":\"$name\"}}"
        echo "1.2.3.4.5.6.7.8.1=DER:$(printf '%s' "$attrs" | od -An -v -tx1 | tr -d ' \n')"
      fi
    } >"$ext"
    openssl req -new -key "$dir/key.pem" -subj "$subject" -out "$dir/req.csr" 2>/dev/null
    for _ in $(seq 1 64); do
      openssl x509 -req -in "$dir/req.csr" -CA "$ca_cert" -CAkey "$ca_key" -CAcreateserial \
        -days 365 -sha256 -extfile "$ext" -out "$dir/cert.pem" 2>/dev/null
      low_s "$dir/cert.pem" && break
    done
    rm -f "$dir/req.csr" "$ext"
  done < <(users_of "$org")
  rm -f "$ca_dir"/*.srl
}

# --- channel configuration ---------------------------------------------------------------------

configtx() {
  local o="$STATE/crypto/ordererOrganizations/orderer.$DOMAIN/orderers/orderer.orderer.$DOMAIN"
  cat >"$STATE/configtx.yaml" <<EOF
Organizations:
  - &Orderer
    Name: OrdererMSP
    ID: OrdererMSP
    MSPDir: $STATE/crypto/ordererOrganizations/orderer.$DOMAIN/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Writers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Admins: {Type: Signature, Rule: "OR('OrdererMSP.admin')"}
    OrdererEndpoints: ["127.0.0.1:$ORDERER_PORT"]
$(for org in "${ORGS[@]}"; do m=$(msp_of "$org"); cat <<EOO
  - &$m
    Name: $m
    ID: $m
    MSPDir: $STATE/crypto/peerOrganizations/$org.$DOMAIN/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('$m.admin', '$m.peer', '$m.client')"}
      Writers: {Type: Signature, Rule: "OR('$m.admin', '$m.client')"}
      Admins: {Type: Signature, Rule: "OR('$m.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('$m.peer')"}
    AnchorPeers:
      - {Host: 127.0.0.1, Port: $(port "$org" 0)}
EOO
done)
Capabilities:
  Channel: &ChannelCapabilities {V2_0: true}
  Orderer: &OrdererCapabilities {V2_0: true}
  Application: &ApplicationCapabilities {V2_0: true}
Profiles:
  DaregChannel:
    Policies:
      Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
      Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
      Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    Capabilities: *ChannelCapabilities
    Orderer:
      OrdererType: etcdraft
      Addresses: ["127.0.0.1:$ORDERER_PORT"]
      BatchTimeout: $BATCH_TIMEOUT
      BatchSize: {MaxMessageCount: $BATCH_SIZE, AbsoluteMaxBytes: 99 MB, PreferredMaxBytes: 2 MB}
      EtcdRaft:
        Consenters:
          - Host: 127.0.0.1
            Port: $ORDERER_PORT
            ClientTLSCert: $o/tls/server.crt
            ServerTLSCert: $o/tls/server.crt
      Organizations: [*Orderer]
      Policies:
        Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
        Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
        Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
        BlockValidation: {Type: ImplicitMeta, Rule: "ANY Writers"}
      Capabilities: *OrdererCapabilities
    Application:
      Organizations: [$(for org in "${ORGS[@]}"; do printf '*%s, ' "$(msp_of "$org")"; done | sed 's/, $//')]
      Policies:
        Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
        Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
        Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
        LifecycleEndorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
        Endorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
      Capabilities: *ApplicationCapabilities
EOF
  fab FABRIC_CFG_PATH="$STATE" "$FABRIC_BIN/configtxgen" -profile DaregChannel -channelID "$CHANNEL" \
    -outputBlock "$STATE/$CHANNEL.block" 2>"$STATE/logs/configtxgen.log" \
    || die "configtxgen failed; see $STATE/logs/configtxgen.log"
}

# --- processes ---------------------------------------------------------------------------------

orderer_up() {
  local o="$STATE/crypto/ordererOrganizations/orderer.$DOMAIN/orderers/orderer.orderer.$DOMAIN"
  mkdir -p "$STATE/orderer"
  cp "$FABRIC_CFG/orderer.yaml" "$STATE/orderer/orderer.yaml"
  start orderer FABRIC_CFG_PATH="$STATE/orderer" \
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 ORDERER_GENERAL_LISTENPORT="$ORDERER_PORT" \
    ORDERER_GENERAL_LOCALMSPID=OrdererMSP ORDERER_GENERAL_LOCALMSPDIR="$o/msp" \
    ORDERER_GENERAL_TLS_ENABLED=true ORDERER_GENERAL_TLS_PRIVATEKEY="$o/tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$o/tls/server.crt" ORDERER_GENERAL_TLS_ROOTCAS="[$o/tls/ca.crt]" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$o/tls/server.crt" \
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$o/tls/server.key" ORDERER_GENERAL_CLUSTER_ROOTCAS="[$o/tls/ca.crt]" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$ORDERER_ADMIN_PORT" ORDERER_ADMIN_TLS_ENABLED=true \
    ORDERER_ADMIN_TLS_CERTIFICATE="$o/tls/server.crt" ORDERER_ADMIN_TLS_PRIVATEKEY="$o/tls/server.key" \
    ORDERER_ADMIN_TLS_ROOTCAS="[$o/tls/ca.crt]" ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$o/tls/ca.crt]" \
    ORDERER_FILELEDGER_LOCATION="$STATE/orderer/ledger" ORDERER_CONSENSUS_WALDIR="$STATE/orderer/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$STATE/orderer/snap" ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$ORDERER_OPS_PORT" \
    ORDERER_METRICS_PROVIDER=disabled FABRIC_LOGGING_SPEC=INFO \
    "$FABRIC_BIN/orderer"
}

peer_dir() { echo "$STATE/crypto/peerOrganizations/$1.$DOMAIN/peers/peer0.$1.$DOMAIN"; }
admin_msp() { echo "$STATE/crypto/peerOrganizations/$1.$DOMAIN/users/Admin@$1.$DOMAIN/msp"; }

# Starts an organisation's peer; peer_wait waits until it listens (all peers start at once).
peer_start() {
  local org=$1 p
  p=$(peer_dir "$org")
  mkdir -p "$STATE/peers/$org"
  sed "s#/opt/hyperledger/ccaas_builder#$HERE/builder#; s#name: ccaas_builder#name: dareg-ccaas#" \
    "$FABRIC_CFG/core.yaml" >"$STATE/peers/$org/core.yaml"
  grep -q "$HERE/builder" "$STATE/peers/$org/core.yaml" \
    || die "could not point core.yaml's chaincode.externalBuilders at $HERE/builder"
  start "peer-$org" FABRIC_CFG_PATH="$STATE/peers/$org" \
    CORE_PEER_ID="peer0.$org.$DOMAIN" CORE_PEER_LOCALMSPID="$(msp_of "$org")" CORE_PEER_MSPCONFIGPATH="$p/msp" \
    CORE_PEER_LISTENADDRESS="127.0.0.1:$(port "$org" 0)" CORE_PEER_ADDRESS="127.0.0.1:$(port "$org" 0)" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$(port "$org" 1)" CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$(port "$org" 1)" \
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$(port "$org" 0)" CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$(port "$org" 0)" \
    CORE_PEER_GOSSIP_USELEADERELECTION=false CORE_PEER_GOSSIP_ORGLEADER=true CORE_PEER_GOSSIP_RECONNECTINTERVAL=2s \
    CORE_PEER_TLS_ENABLED=true CORE_PEER_TLS_CERT_FILE="$p/tls/server.crt" CORE_PEER_TLS_KEY_FILE="$p/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$p/tls/ca.crt" CORE_PEER_FILESYSTEMPATH="$STATE/peers/$org/data" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$(port "$org" 2)" CORE_METRICS_PROVIDER=disabled \
    CORE_LEDGER_STATE_STATEDATABASE=goleveldb CORE_PEER_GATEWAY_ENABLED=true CORE_VM_ENDPOINT= \
    CORE_CHAINCODE_EXECUTETIMEOUT=30s CORE_PEER_PROFILE_ENABLED=false FABRIC_LOGGING_SPEC=INFO \
    "$FABRIC_BIN/peer" node start
}
peer_wait() { wait_port "$(port "$1" 0)" "peer0.$1" "peer-$1"; }

# The peer CLI as the organisation's admin.
as_admin() { # org, then peer args
  local org=$1; shift
  fab FABRIC_CFG_PATH="$STATE/peers/$org" CORE_PEER_LOCALMSPID="$(msp_of "$org")" \
    CORE_PEER_MSPCONFIGPATH="$(admin_msp "$org")" CORE_PEER_ADDRESS="127.0.0.1:$(port "$org" 0)" \
    CORE_PEER_TLS_ENABLED=true CORE_PEER_TLS_ROOTCERT_FILE="$(peer_dir "$org")/tls/ca.crt" \
    FABRIC_LOGGING_SPEC=WARN "$FABRIC_BIN/peer" "$@"
}

channel() {
  local o="$STATE/crypto/ordererOrganizations/orderer.$DOMAIN/orderers/orderer.orderer.$DOMAIN"
  fab "$FABRIC_BIN/osnadmin" channel join --channelID "$CHANNEL" --config-block "$STATE/$CHANNEL.block" \
    -o "127.0.0.1:$ORDERER_ADMIN_PORT" --ca-file "$o/tls/ca.crt" \
    --client-cert "$o/tls/server.crt" --client-key "$o/tls/server.key" >"$STATE/logs/osnadmin.log" 2>&1 \
    || die "the orderer did not join channel $CHANNEL; see $STATE/logs/osnadmin.log"
  each_org join
  step "channel $CHANNEL: the orderer and ${#ORGS[@]} peers joined"
}

join() {
  for _ in $(seq 1 20); do
    if as_admin "$1" channel join -b "$STATE/$CHANNEL.block" >>"$STATE/logs/channel-join-$1.log" 2>&1; then
      return 0
    fi
    sleep 1
  done
  die "peer0.$1 did not join channel $CHANNEL; see $STATE/logs/channel-join-$1.log"
}

chaincode_jar() {
  local jar
  jar=$(ls "$ROOT"/chaincode/target/dareg-chaincode-*-all.jar 2>/dev/null | head -1 || true)
  if [ -n "$jar" ] && [ -n "$(find "$ROOT/chaincode/src/main" "$ROOT/core/src/main" "$ROOT/chaincode/pom.xml" "$ROOT/core/pom.xml" "$ROOT/pom.xml" -newer "$jar" -type f -print -quit)" ]; then
    say "the chaincode jar is older than its sources: building it again" >&2
    jar=""
  fi
  if [ -z "$jar" ]; then
    say "building the chaincode jar (mvn -q -pl chaincode -am package -DskipTests)" >&2
    (cd "$ROOT" && mvn -B -ntp -q -pl chaincode -am package -DskipTests) >&2
    jar=$(ls "$ROOT"/chaincode/target/dareg-chaincode-*-all.jar | head -1)
  fi
  echo "$jar"
}

# The chaincode's endorsement policy. One registry: both organisations. Several: any two
# organisations' peers, so that no organisation endorses alone (network/README.md says why that
# and the signed requests the rules check are enough, and what two organisations together could do).
endorsement_policy() {
  if [ ${#ORGS[@]} -eq 2 ]; then
    echo "AND('RegistryMSP.peer','ExchangeMSP.peer')"
  else
    local org list=""
    for org in "${ORGS[@]}"; do list="$list,'$(msp_of "$org").peer'"; done
    echo "OutOf(2$list)"
  fi
}

# Packages the chaincode for each organisation and starts its services, without waiting for them:
# a JVM takes seconds to start, which the channel's set-up hides (the peers call a service only
# when a transaction runs, after `deploy`).
chaincode_services() {
  # The services run a copy, so that rebuilding the project does not change a running jar.
  mkdir -p "$STATE/chaincode"
  cp "$CHAINCODE_JAR" "$STATE/chaincode/dareg-chaincode.jar"
  each_org package
  for org in "${ORGS[@]}"; do chaincode_start "$org"; done
}

# Where a chaincode's package for an organisation is made: dareg's where it always was, bench's
# minimal contract's apart.
package_dir() { # org [chaincode]
  if [ "${2:-$CHAINCODE}" = "$CHAINCODE" ]; then echo "$STATE/chaincode/$1"; else echo "$STATE/chaincode/$2/$1"; fi
}
# The port offset of a chaincode's service (see port).
service_offset() { [ "${1:-$CHAINCODE}" = "$CHAINCODE" ] && echo 3 || echo 4; }

package() { # org [chaincode]
  local org=$1 cc=${2:-$CHAINCODE}
  local pkg
  pkg=$(package_dir "$org" "$cc")
  mkdir -p "$pkg/src"
  printf '{"address":"127.0.0.1:%s","dial_timeout":"10s","tls_required":false}\n' "$(port "$org" "$(service_offset "$cc")")" >"$pkg/src/connection.json"
  printf '{"type":"ccaas","label":"%s_%s"}\n' "$cc" "$org" >"$pkg/metadata.json"
  tar -C "$pkg/src" -czf "$pkg/code.tar.gz" connection.json
  tar -C "$pkg" -czf "$pkg/$cc.tgz" metadata.json code.tar.gz
  as_admin "$org" lifecycle chaincode calculatepackageid "$pkg/$cc.tgz" >"$pkg/package-id"
}

# Installs and approves the chaincode for each organisation (all at once), commits the definition
# with the endorsement policy above, and waits for the chaincode services to listen.
deploy() {
  local o="$STATE/crypto/ordererOrganizations/orderer.$DOMAIN/orderers/orderer.orderer.$DOMAIN"
  local policy
  policy=$(endorsement_policy)
  echo "$policy" >"$STATE/chaincode/policy"
  each_org deploy_org
  local peers=() org
  for org in "${ORGS[@]}"; do
    peers+=(--peerAddresses "127.0.0.1:$(port "$org" 0)" --tlsRootCertFiles "$(peer_dir "$org")/tls/ca.crt")
  done
  commit_definition "$CHAINCODE" "$policy" "${peers[@]}"
  for org in "${ORGS[@]}"; do chaincode_wait "$org"; done
  step "the ${#ORGS[@]} chaincode services listen"
  if [ -f "$STATE/chaincode/$BENCH_CHAINCODE.jar" ]; then
    # bench's minimal contract: the same lifecycle, the same policy, on the same channel
    each_org bench_deploy_org
    commit_definition "$BENCH_CHAINCODE" "$policy" "${peers[@]}"
    for org in "${ORGS[@]}"; do bench_wait "$org"; done
    step "the ${#ORGS[@]} $BENCH_CHAINCODE services listen"
  fi
}

commit_definition() { # chaincode policy, then the peers' --peerAddresses/--tlsRootCertFiles
  local cc=$1 policy=$2; shift 2
  local o="$STATE/crypto/ordererOrganizations/orderer.$DOMAIN/orderers/orderer.orderer.$DOMAIN"
  local log="$STATE/logs/commit.log"
  [ "$cc" = "$CHAINCODE" ] || log="$STATE/logs/commit-$cc.log"
  as_admin registry lifecycle chaincode commit -o "127.0.0.1:$ORDERER_PORT" --tls --cafile "$o/tls/ca.crt" \
    --channelID "$CHANNEL" --name "$cc" --version 1 --sequence 1 --signature-policy "$policy" \
    "$@" >"$log" 2>&1 \
    || die "committing the definition of chaincode $cc failed; see $log"
  step "chaincode $cc committed on $CHANNEL, endorsement policy $policy"
}

bench_deploy_org() { deploy_org "$1" "$BENCH_CHAINCODE"; }

deploy_org() { # org [chaincode]
  local org=$1 cc=${2:-$CHAINCODE}
  local o="$STATE/crypto/ordererOrganizations/orderer.$DOMAIN/orderers/orderer.orderer.$DOMAIN"
  local pkg id suffix=""
  pkg=$(package_dir "$org" "$cc")
  [ "$cc" = "$CHAINCODE" ] || suffix="-$cc"
  as_admin "$org" lifecycle chaincode install "$pkg/$cc.tgz" >"$STATE/logs/install$suffix-$org.log" 2>&1 \
    || grep -q "already successfully installed" "$STATE/logs/install$suffix-$org.log" \
    || die "install of $cc on peer0.$org failed; see $STATE/logs/install$suffix-$org.log"
  id=$(cat "$pkg/package-id")
  # The orderer elects its Raft leader a moment after the channel is joined (longer on a busy machine): an approval
  # sent before that is refused SERVICE_UNAVAILABLE and is sent again, for up to a minute; any other failure stops up.
  local tries=0
  until as_admin "$org" lifecycle chaincode approveformyorg -o "127.0.0.1:$ORDERER_PORT" --tls --cafile "$o/tls/ca.crt" \
      --channelID "$CHANNEL" --name "$cc" --version 1 --sequence 1 --package-id "$id" \
      --signature-policy "$(cat "$STATE/chaincode/policy")" >"$STATE/logs/approve$suffix-$org.log" 2>&1; do
    tries=$((tries + 1))
    grep -q "SERVICE_UNAVAILABLE" "$STATE/logs/approve$suffix-$org.log" && [ "$tries" -lt 30 ] \
      || die "approval of $cc by $(msp_of "$org") failed; see $STATE/logs/approve$suffix-$org.log"
    sleep 2
  done
}

# The file the peers read their time from, or empty: DAREG_TEST_PEER_CLOCK_FILE (the integration
# tests move the network's time through it), or state/peer-clock after up --dev-clock.
peer_clock_file() {
  if [ -n "${DAREG_TEST_PEER_CLOCK_FILE:-}" ]; then echo "$DAREG_TEST_PEER_CLOCK_FILE"
  elif [ -f "$STATE/dev-clock" ]; then echo "$STATE/peer-clock"
  fi
}

# bench's minimal contract (up --bench-contract JAR): a copy of the jar, a ccaas package per
# organisation, one service per organisation on port offset 4, started like dareg's.
bench_services() {
  cp "$1" "$STATE/chaincode/$BENCH_CHAINCODE.jar"
  each_org bench_package
  local org
  for org in "${ORGS[@]}"; do
    start "$BENCH_CHAINCODE-$org" CHAINCODE_SERVER_ADDRESS="127.0.0.1:$(port "$org" 4)" \
      CORE_CHAINCODE_LOGGING_LEVEL=WARNING CORE_CHAINCODE_LOGGING_SHIM=WARNING \
      CORE_CHAINCODE_ID_NAME="$(cat "$(package_dir "$org" "$BENCH_CHAINCODE")/package-id")" \
      java -Xmx512m -jar "$STATE/chaincode/$BENCH_CHAINCODE.jar"
  done
}
bench_package() { package "$1" "$BENCH_CHAINCODE"; }
bench_wait() { wait_port "$(port "$1" 4)" "the $BENCH_CHAINCODE service of $1" "$BENCH_CHAINCODE-$1"; }

chaincode_up() { chaincode_start "$1"; chaincode_wait "$1"; }
chaincode_wait() { wait_port "$(port "$1" 3)" "the chaincode service of $1" "chaincode-$1"; }
chaincode_start() {
  local org=$1
  start "chaincode-$org" CHAINCODE_SERVER_ADDRESS="127.0.0.1:$(port "$org" 3)" \
    DAREG_TEST_PEER_CLOCK_FILE="$(peer_clock_file)" \
    CORE_CHAINCODE_LOGGING_LEVEL=WARNING CORE_CHAINCODE_LOGGING_SHIM=WARNING \
    CORE_CHAINCODE_ID_NAME="$(cat "$STATE/chaincode/$org/package-id")" \
    java -Xmx512m -jar "$STATE/chaincode/dareg-chaincode.jar"
}

# Writes each organisation's gateway settings: its peer, the TLS root, the gateway's own identity,
# the CA certificates whose identities may sign bearer tokens, and (for serve --dev only) the demo
# users the dev demo plays the roles with.
gateway_settings() {
  for org in "${ORGS[@]}"; do
    local m roots
    m=$(msp_of "$org")
    roots=""
    for o in "${ORGS[@]}"; do
      roots="$roots\"$(ls "$STATE"/crypto/peerOrganizations/$o.$DOMAIN/ca/*-cert.pem)\","
    done
    local clock_setting=""
    [ -n "$(peer_clock_file)" ] && clock_setting=",
  \"devPeerClock\": \"$(peer_clock_file)\""
    cat >"$STATE/gateway-$org.json" <<EOF
{
  "channel": "$CHANNEL",
  "chaincode": "$CHAINCODE",
  "mspId": "$m",
  "peerEndpoint": "127.0.0.1:$(port "$org" 0)",
  "peerHostOverride": "peer0.$org.$DOMAIN",
  "peerTlsRoot": "$(peer_dir "$org")/tls/ca.crt",
  "identity": "$STATE/gateway-identity/$org",
  "tokenRoots": [${roots%,}],
  "devUsers": "$STATE/identities/$org"$clock_setting
}
EOF
  done
}

# The peers' Fabric Gateway finds the other organisations' peers for endorsement through gossip,
# which learns of them a few seconds after the channel is joined; until then every submit fails with
# "no combination of peers can be derived which satisfy the endorsement policy". Waits until every
# peer has seen every other peer come online on the channel.
wait_membership() {
  local org other
  for org in "${ORGS[@]}"; do
    for other in "${ORGS[@]}"; do
      [ "$other" = "$org" ] && continue
      local endpoint="127.0.0.1:$(port "$other" 0) "
      for _ in $(seq 1 240); do
        if grep "\[$CHANNEL\] Membership view has changed" "$STATE/logs/peer-$org.log" | grep -qF "$endpoint"; then
          continue 2
        fi
        sleep 0.25
      done
      die "peer0.$org did not see peer0.$other on $CHANNEL within 60 s; see $STATE/logs/peer-$org.log"
    done
  done
  step "the ${#ORGS[@]} peers see each other on $CHANNEL"
}

# --- commands ----------------------------------------------------------------------------------

up() {
  local dev_clock=0 registries=1 bench_jar=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --dev-clock) dev_clock=1 ;;
      --bench-contract)
        [ $# -ge 2 ] || die "--bench-contract takes the minimal contract's jar (bench/target/dareg-bench-*-contract.jar)"
        bench_jar=$2; shift ;;
      --registries)
        [ $# -ge 2 ] || die "--registries takes a number"
        registries=$2; shift ;;
      --registries=*) registries=${1#--registries=} ;;
      *) die "up takes --registries N, --dev-clock and --bench-contract JAR, not $1" ;;
    esac
    shift
  done
  [ -z "$bench_jar" ] || [ -f "$bench_jar" ] \
    || die "--bench-contract $bench_jar: no such file (build it: mvn -B -ntp -q -pl bench -am -DskipTests package)"
  BENCH_JAR=$bench_jar # ports_free checks the minimal contract's ports only when it is deployed
  [[ "$registries" =~ ^[0-9]+$ ]] && [ "$registries" -ge 1 ] && [ "$registries" -le $MAX_REGISTRIES ] \
    || die "--registries takes a number from 1 to $MAX_REGISTRIES, not '$registries'"
  ORGS=($(orgs_of "$registries"))
  need_binaries
  if [ -d "$STATE" ] && ls "$STATE"/pids/*.pid >/dev/null 2>&1; then
    die "$STATE holds a network already; run '$0 down' first"
  fi
  ports_free
  # built (if stale) before anything starts, so that a failed build leaves nothing running
  CHAINCODE_JAR=$(chaincode_jar)
  rm -rf "$STATE"
  mkdir -p "$STATE/pids" "$STATE/logs"
  [ $dev_clock = 1 ] && : >"$STATE/dev-clock"
  echo "$registries" >"$STATE/registries"
  SECONDS=0
  crypto
  step "crypto material and users of ${#ORGS[@]} organisations made"
  configtx
  orderer_up
  for org in "${ORGS[@]}"; do peer_start "$org"; done
  chaincode_services
  [ -z "$bench_jar" ] || bench_services "$bench_jar"
  wait_port "$ORDERER_ADMIN_PORT" "the orderer's admin endpoint" orderer
  for org in "${ORGS[@]}"; do peer_wait "$org"; done
  channel
  deploy
  wait_membership
  gateway_settings
  local settings=() org
  for org in "${ORGS[@]}"; do settings+=("$STATE/gateway-$org.json"); done
  say "up in ${SECONDS} s: ${#ORGS[@]} organisations ($(for org in "${ORGS[@]}"; do printf '%s ' "$(msp_of "$org")"; done | sed 's/ $//'))"
  say "gateway settings, one per organisation: ${settings[*]}"
  say "try it with demo identities and tokens (serve --dev prints them; --dev-clock lets its clock move past notice periods):"
  say "  java -jar gateway/target/dareg-gateway-0.1.0-SNAPSHOT-all.jar serve --dev --fabric $STATE/gateway-registry.json"
  say "a gateway for real users (their own keys; tokens from the CAs in tokenRoots):"
  say "  java -jar gateway/target/dareg-gateway-0.1.0-SNAPSHOT-all.jar serve --fabric $STATE/gateway-registry.json"
}

status() {
  [ -d "$STATE/pids" ] || { say "no network (no $STATE/pids)"; return 1; }
  local down=0
  echo "network: $(recorded_registries) registr$([ "$(recorded_registries)" = 1 ] && echo y || echo ies), organisations ${ORGS[*]}"
  [ -f "$STATE/chaincode/policy" ] && echo "endorsement policy: $(cat "$STATE/chaincode/policy")"
  for f in "$STATE"/pids/*.pid; do
    local n
    n=$(basename "$f" .pid)
    if pid_alive "$f"; then echo "$n: running (pid $(cat "$f"))"; else echo "$n: NOT running"; down=1; fi
  done
  if [ -n "${FABRIC_BIN:-}" ]; then
    as_admin registry lifecycle chaincode querycommitted --channelID "$CHANNEL" --name "$CHAINCODE" 2>&1 | sed 's/^/chaincode: /' || true
  fi
  return $down
}

down() {
  if [ -d "$STATE/pids" ]; then
    for f in "$STATE"/pids/*.pid; do
      [ -f "$f" ] || continue
      local pid
      pid=$(cat "$f")
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -9 "$pid" 2>/dev/null || true
        say "stopped $(basename "$f" .pid) (pid $pid)"
      fi
    done
  fi
  if [ -d "$STATE/logs" ]; then
    rm -rf "$STATE.last-logs"
    mv "$STATE/logs" "$STATE.last-logs"
  fi
  rm -rf "$STATE"
  say "down; removed $STATE (its logs are kept in $STATE.last-logs until the next down)"
}

restart_chaincode() {
  local org=${1:-registry}
  need_binaries
  known_org "$org"
  local f="$STATE/pids/chaincode-$org.pid"
  if pid_alive "$f"; then kill -9 "$(cat "$f")"; say "killed chaincode-$org"; fi
  rm -f "$f"
  chaincode_up "$org"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  restart-chaincode) restart_chaincode "${2:-registry}" ;;
  stop-chaincode)
    known_org "${2:-registry}"
    f="$STATE/pids/chaincode-${2:-registry}.pid"
    if pid_alive "$f"; then kill -9 "$(cat "$f")"; say "killed chaincode-${2:-registry}"; fi ;;
  *) echo "usage: $0 up [--registries N] [--dev-clock] [--bench-contract JAR] | status | down | restart-chaincode ORG | stop-chaincode ORG" >&2; exit 2 ;;
esac
