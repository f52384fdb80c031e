# Shared by the benchmarks under loadtest/: logging, stopping processes, building the jar, and removing the
# run's own database, Redis keys and work directory. Source it after setting REPO, JAR and WORK.

log() { echo "[$(date +%H:%M:%S.%3N)] $*" >&2; }
die() { log "ERROR: $*"; exit 2; }

stop_pid() {  # pid, name, seconds to wait after TERM
    local pid="$1" name="$2" wait_s="${3:-10}" i
    [[ -n "$pid" ]] || return 0
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < wait_s * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name ($pid) still running after ${wait_s}s: KILL"
        kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    return 0
}

# Drops the run's database ($PG_DB), deletes its Redis keys ($REDIS_PREFIX*) and its work dir ($WORK, kept
# with KEEP=1). Safe to call with any of them unset.
remove_run_data() {
    if [[ -n "${PG_DB:-}" ]]; then
        PGCONNECT_TIMEOUT=5 timeout 30 psql -h 127.0.0.1 -U postgres -d postgres -qAt \
            -c "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null 2>&1 \
            && log "dropped database $PG_DB" || log "could not drop database $PG_DB"
    fi
    if [[ -n "${REDIS_PREFIX:-}" ]]; then
        local keys
        keys="$(timeout 30 redis-cli -h 127.0.0.1 -p 6379 --scan --pattern "${REDIS_PREFIX}*" 2>/dev/null | head -n 1000000)"
        if [[ -n "$keys" ]]; then
            printf '%s\n' "$keys" | timeout 60 xargs -r -d '\n' -n 500 redis-cli -h 127.0.0.1 -p 6379 del >/dev/null 2>&1
        fi
        log "deleted Redis keys ${REDIS_PREFIX}* ($(printf '%s' "$keys" | grep -c . || true))"
    fi
    if [[ "${KEEP:-0}" == "1" ]]; then
        log "work dir kept: $WORK"
    else
        rm -rf "$WORK"
    fi
}

build_jar_if_missing() {
    if [[ ! -f "$JAR" ]]; then
        log "building $JAR"
        (cd "$REPO" && { mvn -B -q -o -DskipTests package || mvn -B -q -DskipTests package; }) >"$WORK/build.log" 2>&1 \
            || { tail -50 "$WORK/build.log" >&2; die "build failed"; }
    fi
}

# Waits for dozvon ($DOZVON_PID) to answer /health/ready on $HTTP_PORT, at most ~120 s (embedded stores
# unpack on a first start); dies with the log's tail when it exits or never gets ready.
wait_until_ready() {
    local i ready=0
    for ((i = 0; i < 240; i++)); do
        kill -0 "$DOZVON_PID" 2>/dev/null || { tail -30 "$WORK/dozvon.log" >&2; die "dozvon exited during start"; }
        if [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/health/ready")" == "200" ]]; then
            ready=1; break
        fi
        sleep 0.5
    done
    (( ready )) || { tail -30 "$WORK/dozvon.log" >&2; die "dozvon not ready within 120 s"; }
    log "dozvon ready (pid $DOZVON_PID)"
}

dozvon_sum() {  # name -> the sum of its samples as a plain decimal (no 32-bit clamp), or -1
    curl -s -m 5 "http://127.0.0.1:$HTTP_PORT/metrics" 2>/dev/null \
        | awk -v n="$1" 'BEGIN { found = 0 } $1 == n || index($1, n "{") == 1 { s += $NF; found = 1 }
                         END { if (found) printf "%.0f\n", s; else print -1 }'
}

machine_busy_ms() {  # CPU time every process on the machine has used since boot (all cores), in ms
    awk '$1 == "cpu" { printf "%.0f\n", ($2 + $3 + $4 + $7 + $8 + $9) * 1000 / 100 }' /proc/stat
}

comm_cpu_ms() {  # NAME -> CPU time (ms) the live processes of that name have used so far (an exited one drops out)
    local tck; tck="$(getconf CLK_TCK 2>/dev/null || echo 100)"
    local pids; pids="$(pgrep -x "$1" 2>/dev/null | tr '\n' ' ')"
    [[ -n "$pids" ]] || { echo 0; return; }
    # comm may hold spaces: the fields are counted after its closing parenthesis (utime, stime: 12th, 13th)
    (cd /proc && for p in $pids; do cat "$p/stat" 2>/dev/null; echo; done) \
        | sed -n 's/.*) //p' | awk -v t="$tck" '{ s += $12 + $13 } END { printf "%.0f\n", s * 1000 / t }'
}

children_cpu_ms() {  # CPU time (ms) of this shell's children that have exited and been waited for
    local tck; tck="$(getconf CLK_TCK 2>/dev/null || echo 100)"
    sed 's/.*) //' "/proc/$$/stat" | awk -v t="$tck" '{ printf "%.0f\n", ($14 + $15) * 1000 / t }'
}

dozvon_counter() {  # name -> the sum of its samples, or -1 when /metrics does not answer
    local f="$WORK/metrics.txt"
    curl -s -m 5 -o "$f" "http://127.0.0.1:$HTTP_PORT/metrics" || { echo -1; return; }
    awk -v n="$1" '$1 == n || index($1, n "{") == 1 { s += $NF } END { printf "%d\n", s }' "$f"
}
