#!/usr/bin/env bash
# WebSocket fan-out benchmark: SESSIONS agents of one group hold /ws/agent sessions (FanoutClient.java, a JVM of
# its own); SIPp as the PBX sends a burst of calls; every free agent gets each call's screen pop and one of them,
# round-robin, takes it. Prints offer latency (the PBX's INVITE leaving -> the call.offer frame received, over
# every frame) and take latency (call.take sent -> the taker's phone, a SIPp UAS, got the auto-answer INVITE).
#
#   loadtest/ws-fanout/run.sh                      # 1000 sessions, 20 calls/s x 10 s
#   SESSIONS=200 RATE=10 SECONDS_=5 loadtest/ws-fanout/run.sh
#
# Knobs (env): SESSIONS (1..5000), RATE (calls/s, 1..200), SECONDS_ (1..60), TALK_MS, JAVA_OPTS, DOZVON_JAR,
# RESULT_FILE, KEEP=1.
#
# Safety: traffic only to 127.0.0.1; ports picked free (never 5060/8080); its own database (created, dropped) and
# Redis key prefix (deleted); every wait bounded; everything it started is stopped on exit (trap).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATS="python3 $HERE/stats.py"
FREEPORT="python3 $HERE/../sip-edge/stats.py freeport"
JAR="${DOZVON_JAR:-$REPO/target/dozvon.jar}"
SC="$HERE/../chain/scenarios"
SESSIONS="${SESSIONS:-1000}"
RATE="${RATE:-20}"
SECS="${SECONDS_:-10}"
TALK_MS="${TALK_MS:-500}"
NUMBER="+74952000000"

source "$HERE/../lib/common.sh"

[[ "$SESSIONS" =~ ^[0-9]+$ ]] && (( SESSIONS >= 1 && SESSIONS <= 5000 )) || die "SESSIONS must be 1..5000"
[[ "$RATE" =~ ^[0-9]+$ ]] && (( RATE >= 1 && RATE <= 200 )) || die "RATE must be 1..200"
[[ "$SECS" =~ ^[0-9]+$ ]] && (( SECS >= 1 && SECS <= 60 )) || die "SECONDS_ must be 1..60"
[[ "$TALK_MS" =~ ^[0-9]+$ ]] && (( TALK_MS <= 10000 )) || die "TALK_MS must be 0..10000"
for c in sipp java curl psql redis-cli; do command -v "$c" >/dev/null || die "$c not found"; done
CALLS=$((RATE * SECS))

WORK="$(mktemp -d /tmp/dozvon-fanout.XXXXXX)"
DOZVON_PID="" CLIENT_PID="" PHONE_PID="" MOBILE_PID="" UAC_PID="" PG_DB="" REDIS_PREFIX=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    exec 7>&- 2>/dev/null
    stop_pid "$UAC_PID" "SIPp UAC" 5
    stop_pid "$CLIENT_PID" "fan-out client" 10
    stop_pid "$PHONE_PID" "SIPp phones" 5
    stop_pid "$MOBILE_PID" "SIPp mobile" 5
    stop_pid "$DOZVON_PID" "dozvon" 20
    remove_run_data
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM HUP

build_jar_if_missing
PG_DB="dozvon_fanout_$$_${RANDOM}"
PGCONNECT_TIMEOUT=5 timeout 30 psql -h 127.0.0.1 -U postgres -d postgres -qAt -c "CREATE DATABASE \"$PG_DB\"" \
    >/dev/null 2>"$WORK/psql.err" || { PG_DB=""; die "could not create a database: $(head -1 "$WORK/psql.err")"; }
[[ "$(timeout 5 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == "PONG" ]] || die "Redis on 127.0.0.1:6379 does not answer"
REDIS_PREFIX="dozvon-fanout-$$-${RANDOM}:"
ADMIN="fanout-$$-${RANDOM}"

read -r SIP_PORT HTTP_PORT < <($FREEPORT --count 2 --tcp-too)
# --span 5: SIPp binds -p, -cp, -mp and also -mp + 2 (video), four ports of five
read -r P_PHONE P_MOBILE UAC_PORT < <($FREEPORT --count 3 --span 5)
[[ -n "${UAC_PORT:-}" && -n "${HTTP_PORT:-}" ]] || die "no free ports"
BOUND=$((SECS + 200))

start_uas() {  # name scenario port -> pid in $!
    mkdir -p "$WORK/$1"
    (cd "$WORK/$1" && exec timeout -k 5 "$BOUND" sipp -sf "$SC/$2" -i 127.0.0.1 -p "$3" -cp $(($3 + 1)) \
        -mp $(($3 + 2)) -t u1 -nostdin -timeout "${BOUND}s" -trace_logs -log_file "$WORK/$1/timings.log" \
        -trace_err -error_file "$WORK/$1/errors.log" >"$WORK/$1/screen.log" 2>&1) &
}
start_uas phone uas-answer.xml "$P_PHONE"; PHONE_PID=$!
start_uas mobile uas-ring-no-answer.xml "$P_MOBILE"; MOBILE_PID=$!

CONFIG="$WORK/dozvon.yaml"
$STATS config --sip-port "$SIP_PORT" --http-port "$HTTP_PORT" --mobile-port "$P_MOBILE" --phone-port "$P_PHONE" \
    --agents "$SESSIONS" --pg-url "postgresql://postgres@127.0.0.1:5432/$PG_DB" --redis-url redis://127.0.0.1:6379 \
    --redis-prefix "$REDIS_PREFIX" --data-dir "$WORK/data" --admin-token "$ADMIN" --number "$NUMBER" >"$CONFIG" \
    || die "could not write the config"
env $(env | grep -o '^DOZVON_[A-Za-z0-9_]*' | sed 's/^/-u /') \
    java ${JAVA_OPTS:--XX:MaxGCPauseMillis=20} -jar "$JAR" --config "$CONFIG" >"$WORK/dozvon.log" 2>&1 &
DOZVON_PID=$!
wait_until_ready

# the client keeps its sessions until its stdin (fd 7 here) closes
mkfifo "$WORK/client.in"
timeout -k 5 "$BOUND" java -Xss512k "$HERE/FanoutClient.java" "http://127.0.0.1:$HTTP_PORT" "$ADMIN" f "$SESSIONS" \
    "$WORK/client.out" "$BOUND" <"$WORK/client.in" >"$WORK/client.log" 2>&1 &
CLIENT_PID=$!
exec 7>"$WORK/client.in"
for ((i = 0; i < 240; i++)); do
    grep -q '^READY' "$WORK/client.log" 2>/dev/null && break
    kill -0 "$CLIENT_PID" 2>/dev/null || { tail -20 "$WORK/client.log" >&2; die "the client exited"; }
    sleep 0.5
done
grep -q '^READY' "$WORK/client.log" || { tail -20 "$WORK/client.log" >&2; die "sessions not up within 120 s"; }
log "$SESSIONS agent sessions up (dozvon_ws_sessions $(dozvon_sum dozvon_ws_sessions))"
sleep 2

log "calls: $RATE/s x ${SECS}s ($CALLS)"
mkdir -p "$WORK/uac"
(cd "$WORK/uac" && exec timeout -k 5 "$BOUND" sipp "127.0.0.1:$SIP_PORT" -sf "$SC/uac-call.xml" -s "$NUMBER" \
    -set prefix "+7601" -d "$TALK_MS" -i 127.0.0.1 -p "$UAC_PORT" -cp $((UAC_PORT + 1)) -mp $((UAC_PORT + 2)) \
    -t u1 -nostdin -r "$RATE" -m "$CALLS" -timeout "$((SECS + 90))s" -recv_timeout 40000 -trace_logs \
    -log_file "$WORK/uac/timings.log" -trace_stat -stf "$WORK/uac/stat.csv" >"$WORK/uac/screen.log" 2>&1) &
UAC_PID=$!
wait "$UAC_PID"; rc=$?; UAC_PID=""
log "SIPp done, rc=$rc"
sleep 1
SUM="$(curl -s -m 5 "http://127.0.0.1:$HTTP_PORT/metrics" | awk '$1 == "dozvon_ws_offer_seconds_sum" { print $2 }')"
CNT="$(curl -s -m 5 "http://127.0.0.1:$HTTP_PORT/metrics" | awk '$1 == "dozvon_ws_offer_seconds_count" { print $2 }')"
exec 7>&-
wait "$CLIENT_PID"; CLIENT_PID=""
{
    echo "WebSocket fan-out, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg);"
    echo "$SESSIONS agent sessions in one JVM (JDK HttpClient), one group; calls ${RATE}/s x ${SECS}s, each taken by one agent;"
    echo "dozvon $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'), postgres=machine, redis=machine, SIPp rc $rc."
    echo
    $STATS table --uac-log "$WORK/uac/timings.log" --client-out "$WORK/client.out" \
        --phone-log "$WORK/phone/timings.log" --sessions "$SESSIONS" --rate "$RATE" --calls "$CALLS" \
        --server-sum "${SUM:-0}" --server-count "${CNT:-0}"
} >"$WORK/table.md"
cat "$WORK/table.md"
if [[ -n "${RESULT_FILE:-}" ]]; then cp "$WORK/table.md" "$RESULT_FILE"; fi
exit 0
