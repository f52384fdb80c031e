#!/usr/bin/env bash
# Forwarding-chain benchmark: SIPp as the PBX calls four tracked numbers of dozvon, one per path of the chain
# (answered by the first manager; first busy -> next; first no answer -> next; nobody -> head's mobile), at
# rising rates, with Redis claims and Postgres records on; SIPp UASes play the managers' phones and the
# head's mobile. Beside it, the reference: the same UAC straight to a SIPp UAS. Prints Markdown tables.
#
#   loadtest/chain/run.sh                          # RATES="100 250 500 1000 1500", 10 s per step
#   QUICK=1 loadtest/chain/run.sh                  # smoke run: 10 and 20 calls/s, 3 s per step
#   RATES="1000" PATHS=nobody STEP_SECONDS=20 loadtest/chain/run.sh
#
# Knobs (env): RATES, PATHS ("answered busy noanswer nobody"), STEP_SECONDS (1..120), WARMUP_SECONDS (0..300),
# WARMUP_RATE, PAUSE_SECONDS, REFERENCE (1/0), TALK_MS (caller's talk time), AGENTS (per path group; default
# from the highest rate), USE_LOCAL_SERVICES (auto|no), JAVA_OPTS, DOZVON_JAR (another build),
# MAX_PENDING_CLAIMS (sip.maxPendingClaims, the admission limit), MAX_LOOP_LAG_MS (sip.maxLoopLagMillis),
# DOZVON_CPUS, RIG_CPUS (taskset CPU lists: dozvon on some cores, every SIPp on others; Postgres and Redis are
# the machine's and stay where they are), RESULT_FILE, KEEP=1.
#
# Safety: traffic only to 127.0.0.1; every port picked free in 20000-39999 (never 5060/8080; SIPp's -p,
# -cp and -mp set explicitly); its own database (created, dropped) and Redis key prefix (deleted); every loop
# bounded in count and time; everything it started is stopped on exit (trap).
set -uo pipefail   # no -e: a SIPp exit code (1 some calls failed, ...) must not abort the run

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATS="python3 $HERE/stats.py"
FREEPORT="python3 $HERE/../sip-edge/stats.py freeport"
JAR="${DOZVON_JAR:-$REPO/target/dozvon.jar}"   # DOZVON_JAR: compare builds
SC="$HERE/scenarios"

if [[ "${QUICK:-0}" == "1" ]]; then
    RATES="${RATES:-10 20}"; STEP_SECONDS="${STEP_SECONDS:-3}"; WARMUP_SECONDS="${WARMUP_SECONDS:-2}"
    WARMUP_RATE="${WARMUP_RATE:-10}"
fi
RATES="${RATES:-100 250 500 1000 1500}"
PATHS="${PATHS:-answered busy noanswer nobody}"
STEP_SECONDS="${STEP_SECONDS:-10}"
WARMUP_SECONDS="${WARMUP_SECONDS:-10}"
WARMUP_RATE="${WARMUP_RATE:-100}"
PAUSE_SECONDS="${PAUSE_SECONDS:-2}"
REFERENCE="${REFERENCE:-1}"
TALK_MS="${TALK_MS:-500}"
AGENTS="${AGENTS:-0}"
RING_SECONDS=1                 # telephony.ringSeconds; every path group: rings 1, rings 1, head-mobile
MOBILE_SECONDS=2
STEP_MS="$((RING_SECONDS * 1000)),$((RING_SECONDS * 1000))"
CALL_BOUND_S=$((2 * RING_SECONDS + MOBILE_SECONDS + TALK_MS / 1000 + 2))   # longest call (nobody path)
RECV_TIMEOUT_MS=$(((CALL_BOUND_S + 5) * 1000))
SIPP_BUF=4194304

# log, die, stop_pid, remove_run_data, build_jar_if_missing, wait_until_ready, dozvon_counter
source "$HERE/../lib/common.sh"

# ---- validate knobs (bounded loops) -------------------------------------------------------------------
PIN_DOZVON=(); PIN_RIG=()
for knob in DOZVON_CPUS RIG_CPUS; do
    v="${!knob:-}"
    [[ -z "$v" ]] && continue
    [[ "$v" =~ ^[0-9]+([-,][0-9]+)*$ ]] || die "$knob must be a CPU list such as 0 or 2-3 or 0,2"
    command -v taskset >/dev/null || die "$knob needs taskset (util-linux)"
    taskset -c "$v" true 2>/dev/null || die "$knob: no such CPUs here ($(nproc) online)"
done
[[ -n "${DOZVON_CPUS:-}" ]] && PIN_DOZVON=(taskset -c "$DOZVON_CPUS")
[[ -n "${RIG_CPUS:-}" ]] && PIN_RIG=(taskset -c "$RIG_CPUS")
[[ "$STEP_SECONDS" =~ ^[0-9]+$ ]] && (( STEP_SECONDS >= 1 && STEP_SECONDS <= 120 )) || die "STEP_SECONDS must be 1..120"
[[ "$WARMUP_SECONDS" =~ ^[0-9]+$ ]] && (( WARMUP_SECONDS <= 300 )) || die "WARMUP_SECONDS must be 0..300"
[[ "$WARMUP_RATE" =~ ^[0-9]+$ ]] && (( WARMUP_RATE >= 1 && WARMUP_RATE <= 5000 )) || die "WARMUP_RATE must be 1..5000"
[[ "$PAUSE_SECONDS" =~ ^[0-9]+$ ]] && (( PAUSE_SECONDS <= 60 )) || die "PAUSE_SECONDS must be 0..60"
[[ "$TALK_MS" =~ ^[0-9]+$ ]] && (( TALK_MS <= 10000 )) || die "TALK_MS must be 0..10000"
[[ "$AGENTS" =~ ^[0-9]+$ ]] && (( AGENTS <= 20000 )) || die "AGENTS must be 0..20000 (0: from the rates)"
n=0; MAX_RATE=1
for r in $RATES; do
    [[ "$r" =~ ^[0-9]+$ ]] && (( r >= 1 && r <= 5000 )) || die "rate '$r' must be 1..5000 calls/s"
    (( r > MAX_RATE )) && MAX_RATE=$r
    n=$((n + 1))
done
(( n >= 1 && n <= 20 )) || die "RATES must list 1..20 rates"
(( WARMUP_RATE > MAX_RATE )) && MAX_RATE=$WARMUP_RATE
np=0
for p in $PATHS; do
    [[ "$p" =~ ^(answered|busy|noanswer|nobody)$ ]] || die "unknown path '$p'"; np=$((np + 1))
done
(( np >= 1 )) || die "PATHS is empty"
command -v sipp >/dev/null || die "sipp not found (Debian package sip-tester)"
command -v java >/dev/null || die "java not found"
command -v curl >/dev/null || die "curl not found"
command -v psql >/dev/null || die "psql not found: the Postgres check needs the machine's PostgreSQL client"

# ---- cleanup --------------------------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/dozvon-chain.XXXXXX)"
DOZVON_PID=""
UAC_PID=""
declare -A UAS_PIDS=()
PG_DB=""
REDIS_PREFIX=""

stop_uases() {
    local k
    for k in "${!UAS_PIDS[@]}"; do stop_pid "${UAS_PIDS[$k]}" "SIPp UAS $k" 5; done
    UAS_PIDS=()
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    stop_pid "$UAC_PID" "SIPp UAC" 5
    stop_uases
    stop_pid "$DOZVON_PID" "dozvon" 20
    remove_run_data
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM HUP

# ---- build ----------------------------------------------------------------------------------------------
build_jar_if_missing

# ---- Postgres (required: the records are checked) / Redis (the machine's, else embedded) -----------------
PGCONNECT_TIMEOUT=3 timeout 10 psql -h 127.0.0.1 -U postgres -d postgres -qAt -c 'select 1' >/dev/null 2>&1 \
    || die "PostgreSQL on 127.0.0.1:5432 (user postgres) does not answer"
PG_DB="dozvon_chain_$$_${RANDOM}"
PGCONNECT_TIMEOUT=5 timeout 30 psql -h 127.0.0.1 -U postgres -d postgres -qAt -c "CREATE DATABASE \"$PG_DB\"" \
    >/dev/null 2>"$WORK/psql.err" || { PG_DB=""; die "could not create a database: $(head -1 "$WORK/psql.err")"; }
PG_URL="postgresql://postgres@127.0.0.1:5432/$PG_DB"
REDIS_URL="embedded"
REDIS_PREFIX_CFG="dozvon-chain-$$-${RANDOM}:"
if [[ "${USE_LOCAL_SERVICES:-auto}" != "no" ]] && command -v redis-cli >/dev/null \
    && [[ "$(timeout 5 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == "PONG" ]]; then
    REDIS_URL="redis://127.0.0.1:6379"
    REDIS_PREFIX="$REDIS_PREFIX_CFG"
fi
pg() { PGCONNECT_TIMEOUT=5 timeout 60 psql -h 127.0.0.1 -U postgres -d "$PG_DB" -qAt -F '|' -c "$1"; }

# ---- ports, UASes ---------------------------------------------------------------------------------------
read -r SIP_PORT HTTP_PORT < <($FREEPORT --count 2 --tcp-too)
[[ -n "${HTTP_PORT:-}" ]] || die "no free ports for dozvon"
# --span 5: SIPp binds -p, -cp, -mp and also -mp + 2 (video), four ports of five
read -r P_ANS P_BUSY P_NOANS P_NOBODY P_MOBILE P_REF UAC_PORT < <($FREEPORT --count 7 --span 5)
[[ -n "${UAC_PORT:-}" ]] || die "no free ports for SIPp"
mkdir -p "$WORK/data" "$WORK/steps" "$WORK/uas"

# estimate of the whole run, the bound of each long-lived UAS
STEPS_TOTAL=$(( n * (np + REFERENCE) + np ))
RUN_BOUND=$(( STEPS_TOTAL * (STEP_SECONDS + CALL_BOUND_S + PAUSE_SECONDS + 45) + WARMUP_SECONDS * np + 300 ))

# start_uas NAME SCENARIO PORT [first-leg-memory]
start_uas() {
    local name="$1" scen="$2" port="$3" memory="${4:-}" dir="$WORK/uas/$1" i extra=()
    mkdir -p "$dir"
    if [[ -n "$memory" ]]; then
        printf 'SEQUENTIAL\n+0;1\n' >"$dir/seen.csv"
        extra=(-inf seen.csv -infindex seen.csv 0)
    fi
    (cd "$dir" && exec timeout -k 5 $((RUN_BOUND + 10)) "${PIN_RIG[@]}" sipp -sf "$SC/$scen" -i 127.0.0.1 -p "$port" \
        -cp $((port + 1)) -mp $((port + 2)) -t u1 -nostdin -buff_size "$SIPP_BUF" -timeout "${RUN_BOUND}s" \
        "${extra[@]}" -trace_logs -log_file "$dir/timings.log" -trace_err -error_file "$dir/errors.log" \
        -trace_stat -stf "$dir/stat.csv" -fd 5 >"$dir/screen.log" 2>&1) &
    UAS_PIDS[$name]=$!
    for ((i = 0; i < 50; i++)); do
        if ss -Hlun "sport = :$port" 2>/dev/null | grep -q .; then return 0; fi
        kill -0 "${UAS_PIDS[$name]}" 2>/dev/null || break
        sleep 0.1
    done
    tail -5 "$dir/screen.log" >&2
    die "SIPp UAS $name did not start"
}
# only the phones of the paths that run: an idle SIPp still takes about 1 % of a core, on the cores measured
[[ " $PATHS " == *" answered "* ]] && start_uas answered uas-answer.xml "$P_ANS"
[[ " $PATHS " == *" busy "* ]] && start_uas busy uas-busy-then-answer.xml "$P_BUSY" memory
[[ " $PATHS " == *" noanswer "* ]] && start_uas noanswer uas-ring-then-answer.xml "$P_NOANS" memory
[[ " $PATHS " == *" nobody "* ]] && start_uas nobody uas-ring-no-answer.xml "$P_NOBODY"
start_uas mobile uas-answer.xml "$P_MOBILE"   # the trunk's outbound: any path's last step
(( REFERENCE )) && start_uas reference uas-answer.xml "$P_REF"
log "UAS ports (started for PATHS only): answered $P_ANS, busy $P_BUSY, noanswer $P_NOANS, nobody $P_NOBODY, mobile $P_MOBILE, reference $P_REF"

# ---- start dozvon ---------------------------------------------------------------------------------------
CONFIG="$WORK/dozvon.yaml"
$STATS config --sip-port "$SIP_PORT" --http-port "$HTTP_PORT" --mobile-port "$P_MOBILE" \
    --uas-answered "$P_ANS" --uas-busy "$P_BUSY" --uas-noanswer "$P_NOANS" --uas-nobody "$P_NOBODY" \
    --max-rate "$MAX_RATE" --agents "$AGENTS" --ring-seconds "$RING_SECONDS" --mobile-seconds "$MOBILE_SECONDS" \
    --max-active 50000 --max-pending-claims "${MAX_PENDING_CLAIMS:-0}" --max-loop-lag "${MAX_LOOP_LAG_MS:-0}" --pg-url "$PG_URL" --redis-url "$REDIS_URL" --redis-prefix "$REDIS_PREFIX_CFG" \
    --data-dir "$WORK/data" >"$CONFIG" || die "could not write the config"
N_AGENTS=$(grep -c 'contact: "sip:' "$CONFIG")
log "dozvon: SIP 127.0.0.1:$SIP_PORT, HTTP 127.0.0.1:$HTTP_PORT, $N_AGENTS agents, postgres=$PG_DB, redis=${REDIS_URL} prefix=$REDIS_PREFIX_CFG"
# DOZVON_* from the caller's environment would override the generated config: not passed on
env $(env | grep -o '^DOZVON_[A-Za-z0-9_]*' | sed 's/^/-u /') \
    "${PIN_DOZVON[@]}" java ${JAVA_OPTS:--XX:MaxGCPauseMillis=20} -jar "$JAR" --config "$CONFIG" >"$WORK/dozvon.log" 2>&1 &
DOZVON_PID=$!
wait_until_ready

# ---- steps ----------------------------------------------------------------------------------------------
declare -A NUMBER=([answered]="+74951000001" [busy]="+74951000002" [noanswer]="+74951000003" [nobody]="+74951000004")
STEP_NO=0
RESULTS="$WORK/steps.jsonl"

# pg_check PREFIX CREATED OUT: waits (<= 60 s) until the calls of the step are all in Postgres (or their
# count stops growing for 10 s), then writes each call's leg results ("busy,answered|123") and trace sizes
pg_check() {
    local prefix="$1" created="$2" out="$3" i last=-1 same=0 count
    for ((i = 0; i < 120; i++)); do
        count="$(pg "SELECT count(*) FROM calls WHERE caller LIKE '${prefix}%'" 2>/dev/null || echo -1)"
        (( count >= created )) && break
        if [[ "$count" == "$last" ]]; then same=$((same + 1)); else same=0; last="$count"; fi
        (( same >= 20 )) && break
        sleep 0.5
    done
    pg "SELECT p, count(*) FROM (SELECT c.id, coalesce(string_agg(l.result, ',' ORDER BY l.leg_no), '') AS p
          FROM calls c LEFT JOIN call_legs l ON l.call_id = c.id WHERE c.caller LIKE '${prefix}%' GROUP BY c.id) x
        GROUP BY p" >"$out" 2>>"$WORK/psql.err"
    pg "SELECT '#trace', round(avg(octet_length(trace::text))), max(octet_length(trace::text)) FROM calls
        WHERE caller LIKE '${prefix}%'" >>"$out" 2>>"$WORK/psql.err"
}

# run_step PATH RATE SECONDS [warmup]: PATH is a chain path (against dozvon) or "reference" (SIPp UAS)
run_step() {
    local path="$1" rate="$2" secs="$3" warm="${4:-}" planned=$(($2 * $3)) remote rc before=-1 after=-1 delta=-1
    local cpu0=-1 cpu1=-1 cpu_ms=-1 ref0=-1 ref1=-1 refused=-1 box0 box_ms
    STEP_NO=$((STEP_NO + 1))
    (( STEP_NO <= 999 )) || { log "more than 999 steps: skipped"; return 0; }
    local prefix; prefix="+75$(printf '%03d' "$STEP_NO")"
    local dir="$WORK/steps/$(printf '%03d' "$STEP_NO")-$path-$rate"
    mkdir -p "$dir"
    local service="${NUMBER[$path]:-+74950000000}"
    if [[ "$path" == reference ]]; then
        remote="127.0.0.1:$P_REF"
    else
        remote="127.0.0.1:$SIP_PORT"
        before="$(dozvon_counter dozvon_sip_retransmissions_total)"
        cpu0="$(dozvon_sum process_cpu_time_ns_total)"
        ref0="$(dozvon_sum dozvon_calls_refused_overload_total)"
    fi
    log "step $STEP_NO: $path ${rate}/s x ${secs}s ($planned calls, callers ${prefix}N)${warm:+ (warm-up)}"
    # who used the CPU: Postgres' and Redis' processes, the phones' SIPps (live), the PBX's SIPp (a child of
    # this shell: counted once it has exited and been waited for)
    local pg0 rd0 ph0 ch0 pg_ms rd_ms sipp_ms
    pg0="$(comm_cpu_ms postgres)"; rd0="$(comm_cpu_ms redis-server)"; ph0="$(comm_cpu_ms sipp)"
    ch0="$(children_cpu_ms)"
    box0="$(machine_busy_ms)"
    (cd "$dir" && exec timeout -k 5 $((secs + RECV_TIMEOUT_MS / 1000 + 40)) "${PIN_RIG[@]}" sipp "$remote" -sf "$SC/uac-call.xml" \
        -s "$service" -set prefix "$prefix" -d "$TALK_MS" -i 127.0.0.1 -p "$UAC_PORT" -cp $((UAC_PORT + 1)) \
        -mp $((UAC_PORT + 2)) -t u1 -nostdin -buff_size "$SIPP_BUF" -r "$rate" -rp 1000 -m "$planned" \
        -l $((rate * (CALL_BOUND_S + 5) + 100)) -timeout "$((secs + RECV_TIMEOUT_MS / 1000 + 30))s" \
        -recv_timeout "$RECV_TIMEOUT_MS" -trace_stat -stf "$dir/stat.csv" -fd 1 \
        -trace_logs -log_file "$dir/timings.log" -trace_err -error_file "$dir/errors.log" >"$dir/screen.log" 2>&1) &
    UAC_PID=$!
    wait "$UAC_PID"   # in the background so that a TERM/INT to this script is handled at once
    rc=$?
    UAC_PID=""
    box_ms=$(( $(machine_busy_ms) - box0 ))
    sipp_ms=$(( $(children_cpu_ms) - ch0 + $(comm_cpu_ms sipp) - ph0 ))
    pg_ms=$(( $(comm_cpu_ms postgres) - pg0 )); rd_ms=$(( $(comm_cpu_ms redis-server) - rd0 ))
    log "  SIPp done, rc=$rc"
    case "$rc" in
        0) ;;
        1) log "  SIPp rc=1: some calls failed" ;;
        124|137) log "  SIPp rc=$rc: killed by the step time bound" ;;
        *) log "  SIPp rc=$rc (see $dir/screen.log)"; tail -3 "$dir/screen.log" >&2 ;;
    esac
    local pgout="-" created
    if [[ "$path" != reference ]]; then
        after="$(dozvon_counter dozvon_sip_retransmissions_total)"
        if [[ "$before" != -1 && "$after" != -1 ]]; then delta=$((after - before)); fi
        cpu1="$(dozvon_sum process_cpu_time_ns_total)"
        ref1="$(dozvon_sum dozvon_calls_refused_overload_total)"
        if [[ "$cpu0" != -1 && "$cpu1" != -1 ]]; then cpu_ms=$(( (cpu1 - cpu0) / 1000000 )); fi
        if [[ "$ref0" != -1 && "$ref1" != -1 ]]; then refused=$((ref1 - ref0)); fi
        created="$(python3 -c 'import sys; sys.path.insert(0, sys.argv[2]); import stats; print(stats.as_int(stats.read_stat_csv(sys.argv[1]), "OutgoingCall(C)"))' "$dir/stat.csv" "$HERE/../sip-edge")"
        pgout="$dir/pg.txt"
        pg_check "$prefix" "${created:-0}" "$pgout"
    fi
    $STATS step --path "$path" --rate "$rate" --planned "$planned" --prefix "$prefix" --stat "$dir/stat.csv" \
        --log "$dir/timings.log" --pg "$pgout" --rc "$rc" --dozvon-retrans "$delta" \
        --dozvon-cpu-ms "$cpu_ms" --dozvon-refused "$refused" --machine-cpu-ms "$box_ms" \
        --postgres-cpu-ms "$pg_ms" --redis-cpu-ms "$rd_ms" --sipp-cpu-ms "$sipp_ms" ${warm:+--warmup} --out "$RESULTS"
    sleep "$PAUSE_SECONDS"
}

T_START=$(date +%s)
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
if (( WARMUP_SECONDS > 0 )); then
    for p in $PATHS; do run_step "$p" "$WARMUP_RATE" "$WARMUP_SECONDS" warmup; done
fi
for rate in $RATES; do
    for p in $PATHS; do run_step "$p" "$rate" "$STEP_SECONDS"; done
    (( REFERENCE )) && run_step reference "$rate" "$STEP_SECONDS"
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

log "stopping the UASes (their logs are complete once they exit)"
stop_uases
{
    echo "Forwarding chain over UDP, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before ${LOAD_BEFORE}, after ${LOAD_AFTER};"
    echo "${STEP_SECONDS}s per step, warm-up ${WARMUP_RATE}/s x ${WARMUP_SECONDS}s per path; ringSeconds ${RING_SECONDS}, chain rings 1 / rings 1 / head-mobile ${MOBILE_SECONDS}s, wrap-up 0, talk ${TALK_MS} ms;"
    echo "$N_AGENTS agents ($(grep -c 'group: answered' "$CONFIG") per path group); dozvon $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'), postgres=machine, redis=$([[ -n "$REDIS_PREFIX" ]] && echo machine || echo embedded), $(sipp -v 2>/dev/null | grep -o 'SIPp v[^ ]*' | head -1)."
    echo
    $STATS table "$RESULTS" --step-ms "$STEP_MS" --uas-log "$WORK"/uas/*/timings.log
    echo
    echo "Total $(( $(date +%s) - T_START ))s."
} >"$WORK/table.md"
cat "$WORK/table.md"
if [[ -n "${RESULT_FILE:-}" ]]; then cp "$WORK/table.md" "$RESULT_FILE"; fi
exit 0
