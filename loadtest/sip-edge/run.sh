#!/usr/bin/env bash
# SIP edge benchmark: SIPp UAC over UDP at rising rates against dozvon (OPTIONS -> 200, INVITE -> 100 + 404
# + ACK) and, in the same run, the same INVITE scenario against a SIPp UAS reference (100 + 404, absorbs the
# ACK), so the table shows dozvon beside the tool's own limit. Prints a Markdown table on stdout.
#
#   loadtest/sip-edge/run.sh                       # RATES="250 500 1000 2000 3000", 10 s per step
#   QUICK=1 loadtest/sip-edge/run.sh               # smoke run: two low rates, 3 s each
#   RATES="500 2000" STEP_SECONDS=20 loadtest/sip-edge/run.sh
#
# Knobs (env): RATES, STEP_SECONDS (1..120), WARMUP_SECONDS (0..60), WARMUP_RATE, PAUSE_SECONDS (between
# steps), TARGETS ("dozvon sipp-uas"), USE_LOCAL_SERVICES (auto|no: "no" forces embedded Postgres/Redis),
# JAVA_OPTS (for the gateway JVM), RESULT_FILE (also write the table there), KEEP=1 (keep the work dir).
#
# Safety: traffic only to 127.0.0.1; ports are picked free in 20000-39999 (never 5060/8080; SIPp's SIP,
# control (-cp, default 8888) and media (-mp, default 6000) ports are all set explicitly); its own
# database (created and dropped) and its own Redis key prefix (deleted); every loop is bounded in count and
# time; everything it started is stopped on exit.
set -uo pipefail   # no -e: a SIPp exit code (1 some calls failed, 97, 99, 255) must not abort the run

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATS="python3 $HERE/stats.py"
NUMBER="${NUMBER:-+74959999999}"   # not in conf/dozvon.yaml: the edge answers 100 at once, then 404 (recorded as a rejected call)
CONFIG="$REPO/conf/dozvon.yaml"
JAR="$REPO/target/dozvon.jar"

if [[ "${QUICK:-0}" == "1" ]]; then
    RATES="${RATES:-50 100}"; STEP_SECONDS="${STEP_SECONDS:-3}"; WARMUP_SECONDS="${WARMUP_SECONDS:-2}"
fi
RATES="${RATES:-250 500 1000 2000 3000}"
STEP_SECONDS="${STEP_SECONDS:-10}"
WARMUP_SECONDS="${WARMUP_SECONDS:-5}"
WARMUP_RATE="${WARMUP_RATE:-200}"
PAUSE_SECONDS="${PAUSE_SECONDS:-2}"
TARGETS="${TARGETS:-dozvon sipp-uas}"
RECV_TIMEOUT_MS=5000           # a call that gets no answer fails after this
SIPP_BUF=4194304               # SIPp socket buffers (the kernel caps them at net.core.rmem_max/wmem_max)

# log, die, stop_pid, remove_run_data, build_jar_if_missing, wait_until_ready, dozvon_counter
source "$HERE/../lib/common.sh"

# ---- validate knobs (bounded loops) -------------------------------------------------------------------
[[ "$STEP_SECONDS" =~ ^[0-9]+$ ]] && (( STEP_SECONDS >= 1 && STEP_SECONDS <= 120 )) || die "STEP_SECONDS must be 1..120"
[[ "$WARMUP_SECONDS" =~ ^[0-9]+$ ]] && (( WARMUP_SECONDS <= 60 )) || die "WARMUP_SECONDS must be 0..60"
[[ "$WARMUP_RATE" =~ ^[0-9]+$ ]] && (( WARMUP_RATE >= 1 && WARMUP_RATE <= 5000 )) || die "WARMUP_RATE must be 1..5000"
[[ "$PAUSE_SECONDS" =~ ^[0-9]+$ ]] && (( PAUSE_SECONDS <= 60 )) || die "PAUSE_SECONDS must be 0..60"
n=0
for r in $RATES; do
    [[ "$r" =~ ^[0-9]+$ ]] && (( r >= 1 && r <= 20000 )) || die "rate '$r' must be 1..20000 calls/s"
    n=$((n + 1))
done
(( n >= 1 && n <= 20 )) || die "RATES must list 1..20 rates"
for t in $TARGETS; do [[ "$t" == dozvon || "$t" == sipp-uas ]] || die "unknown target '$t'"; done
command -v sipp >/dev/null || die "sipp not found (Debian package sip-tester)"
command -v java >/dev/null || die "java not found"
command -v curl >/dev/null || die "curl not found"

# ---- cleanup --------------------------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/dozvon-sip-edge.XXXXXX)"
DOZVON_PID=""
UAS_PID=""
UAC_PID=""
PG_DB=""
REDIS_PREFIX=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    stop_pid "$UAC_PID" "SIPp UAC" 5
    stop_pid "$UAS_PID" "SIPp UAS" 5
    stop_pid "$DOZVON_PID" "dozvon" 20
    remove_run_data
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM HUP

# ---- build ----------------------------------------------------------------------------------------------
build_jar_if_missing

# ---- Postgres / Redis: the machine's when they answer, else embedded --------------------------------------
PG_URL="embedded"
REDIS_URL="embedded"
if [[ "${USE_LOCAL_SERVICES:-auto}" != "no" ]]; then
    if command -v psql >/dev/null && PGCONNECT_TIMEOUT=3 timeout 10 psql -h 127.0.0.1 -U postgres -d postgres -qAt -c 'select 1' >/dev/null 2>&1; then
        PG_DB="dozvon_load_$$_${RANDOM}"
        if PGCONNECT_TIMEOUT=5 timeout 30 psql -h 127.0.0.1 -U postgres -d postgres -qAt -c "CREATE DATABASE \"$PG_DB\"" >/dev/null 2>"$WORK/psql.err"; then
            PG_URL="postgresql://postgres@127.0.0.1:5432/$PG_DB"
        else
            log "could not create a database ($(head -1 "$WORK/psql.err")): embedded Postgres"
            PG_DB=""
        fi
    fi
    if command -v redis-cli >/dev/null && [[ "$(timeout 5 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == "PONG" ]]; then
        REDIS_URL="redis://127.0.0.1:6379"
        REDIS_PREFIX="dozvon-load-$$-${RANDOM}:"
    fi
fi

# ---- start dozvon ---------------------------------------------------------------------------------------
read -r SIP_PORT HTTP_PORT < <($STATS freeport --count 2 --tcp-too)
[[ -n "${HTTP_PORT:-}" ]] || die "no free ports for dozvon"
mkdir -p "$WORK/data" "$WORK/steps"
log "dozvon: SIP 127.0.0.1:$SIP_PORT (UDP+TCP), HTTP 127.0.0.1:$HTTP_PORT, postgres=${PG_URL}, redis=${REDIS_URL} prefix=${REDIS_PREFIX:-default}"
env DOZVON_SIP_HOST=127.0.0.1 DOZVON_SIP_PORT="$SIP_PORT" \
    DOZVON_HTTP_HOST=127.0.0.1 DOZVON_HTTP_PORT="$HTTP_PORT" \
    DOZVON_DATA_DIR="$WORK/data" DOZVON_POSTGRES_URL="$PG_URL" DOZVON_REDIS_URL="$REDIS_URL" \
    ${REDIS_PREFIX:+DOZVON_REDIS_KEYPREFIX="$REDIS_PREFIX"} \
    DOZVON_SHUTDOWN_DRAINSECONDS=1 \
    java ${JAVA_OPTS:--XX:MaxGCPauseMillis=20} -jar "$JAR" --config "$CONFIG" >"$WORK/dozvon.log" 2>&1 &
DOZVON_PID=$!

wait_until_ready

# ---- steps ----------------------------------------------------------------------------------------------
STEP_NO=0
RESULTS="$WORK/results.jsonl"
WARMUP_RESULTS="$WORK/warmup.jsonl"

# start_uas DIR BOUND UAS_PORT MEDIA_PORT: a SIPp UAS (100 + 404, absorbs the ACK), bounded by its own -timeout
start_uas() {
    local dir="$1" bound="$2" mp="$4" i
    UAS_PORT="$3"
    (cd "$dir" && exec timeout -k 5 $((bound + 10)) sipp -sf "$HERE/scenarios/uas-100-404.xml" \
        -i 127.0.0.1 -p "$UAS_PORT" -cp $((UAS_PORT + 1)) -mp "$mp" -t u1 -nostdin -buff_size "$SIPP_BUF" \
        -timeout "${bound}s" -trace_stat -stf "$dir/uas-stat.csv" -fd 1 \
        -trace_err -error_file "$dir/uas-errors.log" >"$dir/uas-screen.log" 2>&1) &
    UAS_PID=$!
    for ((i = 0; i < 50; i++)); do   # up to 5 s for the socket
        if ss -Hlun "sport = :$UAS_PORT" 2>/dev/null | grep -q .; then return 0; fi
        kill -0 "$UAS_PID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# run_step TARGET SCENARIO RATE SECONDS RESULTS_FILE
run_step() {
    local target="$1" scen="$2" rate="$3" secs="$4" out="$5"
    local planned=$((rate * secs)) remote lport mp uport ump rc before=-1 after=-1 delta=-1
    STEP_NO=$((STEP_NO + 1))
    local dir="$WORK/steps/$(printf '%02d' "$STEP_NO")-$target-$scen-$rate"
    mkdir -p "$dir"
    local scenario_file="$HERE/scenarios/uac-invite-100-final.xml"
    [[ "$scen" == options ]] && scenario_file="$HERE/scenarios/uac-options-200.xml"

    read -r lport mp uport ump < <($STATS freeport --count 4 --span 4)
    [[ -n "${ump:-}" ]] || { log "no free ports: step skipped"; return 0; }
    if [[ "$target" == dozvon ]]; then
        remote="127.0.0.1:$SIP_PORT"
        before="$(dozvon_counter dozvon_sip_retransmissions_total)"
    else
        start_uas "$dir" $((secs + RECV_TIMEOUT_MS / 1000 + 30)) "$uport" "$ump" \
            || { log "SIPp UAS did not start: step skipped"; stop_pid "$UAS_PID" "SIPp UAS" 3; UAS_PID=""; return 0; }
        remote="127.0.0.1:$UAS_PORT"
    fi

    log "step $STEP_NO: $target $scen ${rate}/s x ${secs}s ($planned calls)"
    (cd "$dir" && exec timeout -k 5 $((secs + RECV_TIMEOUT_MS / 1000 + 25)) sipp "$remote" -sf "$scenario_file" \
        -s "$NUMBER" -i 127.0.0.1 -p "$lport" -cp $((lport + 1)) -mp "$mp" -t u1 -nostdin -buff_size "$SIPP_BUF" \
        -r "$rate" -rp 1000 -m "$planned" -timeout "$((secs + RECV_TIMEOUT_MS / 1000 + 15))s" \
        -recv_timeout "$RECV_TIMEOUT_MS" \
        -trace_stat -stf "$dir/stat.csv" -fd 1 \
        -trace_logs -log_file "$dir/timings.log" \
        -trace_err -error_file "$dir/errors.log" >"$dir/screen.log" 2>&1) &
    UAC_PID=$!
    wait "$UAC_PID"   # in the background so that a TERM/INT to this script is handled at once
    rc=$?
    UAC_PID=""
    log "  SIPp done, rc=$rc"
    case "$rc" in
        0) ;;
        1) log "  SIPp rc=1: some calls failed" ;;
        97) log "  SIPp rc=97: exit on internal command" ;;
        99) log "  SIPp rc=99: normal exit without calls processed" ;;
        124|137) log "  SIPp rc=$rc: killed by the step time bound" ;;
        *) log "  SIPp rc=$rc (fatal, see $dir/screen.log)"; tail -3 "$dir/screen.log" >&2 ;;
    esac

    if [[ "$target" == dozvon ]]; then
        after="$(dozvon_counter dozvon_sip_retransmissions_total)"
        if [[ "$before" != -1 && "$after" != -1 ]]; then delta=$((after - before)); fi
    else
        stop_pid "$UAS_PID" "SIPp UAS" 5
        UAS_PID=""
    fi
    $STATS step --target "$target" --scenario "$scen" --rate "$rate" --planned "$planned" \
        --stat "$dir/stat.csv" --log "$dir/timings.log" --rc "$rc" --dozvon-retrans "$delta" --out "$out"
    sleep "$PAUSE_SECONDS"
}

T_START=$(date +%s)
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

if (( WARMUP_SECONDS > 0 )); then
    log "warm-up: ${WARMUP_RATE}/s for ${WARMUP_SECONDS}s, OPTIONS and INVITE (not in the table)"
    run_step dozvon options "$WARMUP_RATE" "$WARMUP_SECONDS" "$WARMUP_RESULTS"
    run_step dozvon invite "$WARMUP_RATE" "$WARMUP_SECONDS" "$WARMUP_RESULTS"
fi

for rate in $RATES; do
    for target in $TARGETS; do
        if [[ "$target" == dozvon ]]; then
            run_step dozvon options "$rate" "$STEP_SECONDS" "$RESULTS"
            run_step dozvon invite "$rate" "$STEP_SECONDS" "$RESULTS"
        else
            run_step sipp-uas invite "$rate" "$STEP_SECONDS" "$RESULTS"
        fi
    done
done

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
{
    echo "SIP edge over UDP, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before ${LOAD_BEFORE}, after ${LOAD_AFTER};"
    echo "${STEP_SECONDS}s per step, warm-up ${WARMUP_RATE}/s x ${WARMUP_SECONDS}s; dozvon $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'),"
    echo "postgres=$([[ -n "$PG_DB" ]] && echo machine || echo embedded) redis=$([[ -n "$REDIS_PREFIX" ]] && echo machine || echo embedded), $(sipp -v 2>/dev/null | grep -o 'SIPp v[^ ]*' | head -1), net.core.rmem_max=$(cat /proc/sys/net/core/rmem_max 2>/dev/null)."
    echo
    $STATS table --details "$RESULTS"
    echo
    echo "Total $(( $(date +%s) - T_START ))s."
} >"$WORK/table.md"
cat "$WORK/table.md"
if [[ -n "${RESULT_FILE:-}" ]]; then cp "$WORK/table.md" "$RESULT_FILE"; fi
if [[ "${KEEP:-0}" == "1" ]]; then cp "$RESULTS" "$WORK/results.jsonl.copy" 2>/dev/null; fi
exit 0
