#!/usr/bin/env bash
# The Kafka back-load phase of bench/run.sh on its own, profiled alone: a fresh store and broker, one
# generated population produced to the inbound topic, JFR recording only while UMR's group catches up,
# and the CPU seconds of UMR's JVM and of its PostgreSQL over that phase. For finding where the
# Kafka ingest's time goes between full `make bench` runs (which profile all phases together).
# phase.json also gives the compiler threads' CPU over the phase as the OS counts it (jitCpuSeconds, and
# jitShareOfJava of the JVM's CPU), the JVM's CPU per resource without them (javaWithoutJitMsPerResource) and
# the JIT's compilations in the phase. (Before 2026-12-02's steady-ingest, jitCpuSeconds counted user time only.)
#
#   bench/kafka-phase.sh            (builds nothing: run `mvn package` and the tools' package first)
#
# Environment (all optional):
#   PATIENTS        patients in the population (2000)
#   SEED            generator seed (43, the seed bench/run.sh gives its Kafka population)
#   WARMUP_PATIENTS patients of a population (seed SEED+100) produced first, unmeasured, so the JIT has
#                   compiled the path before the phase is measured, as in bench/run.sh after REST (1000)
#   PORT            UMR's HTTP port (28080; management PORT+1)
#   KAFKA_PORT      the broker's port (29092; its controller KAFKA_PORT+1)
#   WORK            working directory (/tmp/umr-kafka-phase); the population is kept in WORK/pop-*
#   JFR_SETTINGS    JFR settings for the phase (profile: a sample every 10 ms)
#   UMR_JAR         the service jar (target/quarkus-app/quarkus-run.jar)
#   UMR_ENV         extra environment for the service, e.g. "UMR_KAFKA_MAX_POLL_RECORDS=2000"
#   PG_SQL          SQL run on the service's database once it is up, before the warm-up (an A/B of a storage
#                   setting on one jar), e.g. "ALTER TABLE inbound_message ALTER COLUMN body SET STORAGE EXTENDED"
#   SETTLE          1 (default): after the warm-up, VACUUM (ANALYZE) and CHECKPOINT (times printed), so the phase
#                   does not pay for the warm-up's dead rows and dirty pages; 0: measure right after the warm-up
#   PG_CEILING      1 (default): after the phase, the rows its inbound messages wrote are written again by COPY
#                   into copies of their tables (bench-load pg-ceiling, pg-ceiling.json): PostgreSQL's own CPU per
#                   resource for the same rows, beside the service's in phase.json; 0 skips it
# phase.json's postgresCpuByType splits PostgreSQL's CPU by process kind (bench/pg-cpu.py: client backends,
# autovacuum, checkpointer, background writer, WAL writer, other, unattributed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PATIENTS="${PATIENTS:-2000}"
SEED="${SEED:-43}"
PORT="${PORT:-28080}"
KAFKA_PORT="${KAFKA_PORT:-29092}"
WORK="${WORK:-/tmp/umr-kafka-phase}"
JFR_SETTINGS="${JFR_SETTINGS:-profile}"
JAR="${UMR_JAR:-target/quarkus-app/quarkus-run.jar}"
TOOLS_JAR="tools/target/umr-tools.jar"
URL="http://localhost:$PORT"
WARMUP_PATIENTS="${WARMUP_PATIENTS:-1000}"
SETTLE="${SETTLE:-1}"
POP="$WORK/pop-$PATIENTS-$SEED"
WARM="$WORK/pop-$WARMUP_PATIENTS-$((SEED + 100))"
RUN="$WORK/run-$(date -u +%H%M%S)"
UMR_PID=""
SAMPLER_PID=""
mkdir -p "$RUN"

tool() { java -Xmx1g -jar "$TOOLS_JAR" "$@"; }
now() { date +%s.%N; }
cleanup() {
    [[ -z "$SAMPLER_PID" ]] || kill "$SAMPLER_PID" 2>/dev/null || true
    if [[ -n "$UMR_PID" ]] && kill -0 "$UMR_PID" 2>/dev/null; then
        kill -TERM "$UMR_PID"; wait "$UMR_PID" 2>/dev/null || true
    fi
    KAFKA_PORT="$KAFKA_PORT" KAFKA_DATA_DIR="$RUN/kafka" deploy/kafka/kafka.sh stop >/dev/null 2>&1 || true
    rm -rf "$RUN/kafka" "$RUN/data"
}
trap cleanup EXIT

population() { # patients seed dir
    [[ -f "$3/sources.json" ]] || tool generate --patients "$1" --seed "$2" --out "$3" | head -1
}
files() { { echo "$1/gp.ndjson"; ls "$1"/*.ndjson; } | awk '!seen[$0]++' | tr '\n' ',' | sed 's/,$//'; }
population "$PATIENTS" "$SEED" "$POP"
[[ "$WARMUP_PATIENTS" == 0 ]] || population "$WARMUP_PATIENTS" "$((SEED + 100))" "$WARM"

KAFKA_PORT="$KAFKA_PORT" KAFKA_DATA_DIR="$RUN/kafka" KAFKA_PARTITIONS=4 deploy/kafka/kafka.sh start >/dev/null 2>&1
# shellcheck disable=SC2086 # UMR_ENV is a list of NAME=value words
env UMR_DATA_DIR="$RUN/data" QUARKUS_HTTP_PORT="$PORT" QUARKUS_MANAGEMENT_PORT="$((PORT + 1))" \
    KAFKA_BOOTSTRAP_SERVERS="localhost:$KAFKA_PORT" ${UMR_ENV:-} \
    java -Xmx1g -XX:FlightRecorderOptions=stackdepth=256 -jar "$JAR" > "$RUN/umr.log" 2>&1 &
UMR_PID=$!
for _ in $(seq 1 180); do
    curl -sf "$URL/q/health/ready" >/dev/null && break
    kill -0 "$UMR_PID" 2>/dev/null || { tail -30 "$RUN/umr.log"; exit 1; }
    sleep 1
done
# JFR's first start in a JVM retransforms JDK classes, and HotSpot throws away ALL compiled code on a JVM's
# first class retransformation. Started only at the phase, it made the measured phase recompile the whole
# service (9,128 methods made not entrant within 2 s of JFR.start; ~6,200 compilations in a 2,000-patient
# phase instead of ~1,100: bench/README.md, "the JIT during ingest"). So start and stop a recording once
# here, before the warm-up: the phase's own JFR.start below then discards almost nothing.
jcmd "$UMR_PID" JFR.start name=prime settings="$JFR_SETTINGS" >/dev/null
jcmd "$UMR_PID" JFR.stop name=prime >/dev/null
UMR_TOKEN="$(UMR_DATA_DIR="$RUN/data" java -jar "$JAR" token --ttl 86400)"
python3 - "$POP/sources.json" "$URL" "$UMR_TOKEN" <<'EOF'
import json, sys, urllib.request
for s in json.load(open(sys.argv[1])):
    sid = s.pop("id"); s.pop("file", None)
    req = urllib.request.Request(f"{sys.argv[2]}/api/sources/{sid}", data=json.dumps(s).encode(), method="PUT",
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + sys.argv[3]})
    urllib.request.urlopen(req).read()
EOF
PG_PID="$(pgrep -f -- "-D $RUN/data/postgres" | head -1)"
psql_umr() {
    PGPASSWORD="$(cat "$RUN/data/postgres-password")" psql -h localhost -p "$(sed -n 4p "$RUN/data/postgres/postmaster.pid")" \
        -U postgres -d postgres -Atc "$1"
}
if [[ -n "${PG_SQL:-}" ]]; then
    echo "PG_SQL: $PG_SQL"; psql_umr "$PG_SQL"
fi
# PostgreSQL's CPU by process kind, sampled without SQL (bench/pg-cpu.py)
python3 "$ROOT/bench/pg-cpu.py" run "$PG_PID" "$RUN/pg-cpu.state" &
SAMPLER_PID=$!
for _ in $(seq 1 100); do [[ -s "$RUN/pg-cpu.state" ]] && break; sleep 0.1; done # its first sample: the base of the first mark

if [[ "$WARMUP_PATIENTS" != 0 ]]; then
    tool bench-load kafka --bootstrap "localhost:$KAFKA_PORT" --files "$(files "$WARM")" --sources "$WARM/sources.json" \
        --catch-up-seconds 900 --json "$RUN/warmup.json" 2>&1 | grep -E "^kafka:|rror" | sed 's/^/warm-up /' || true
fi
# the OS's account of the JIT: CPU seconds of the C1/C2 compiler threads (/proc/PID/task/*, not JFR's
# sampled estimate; a compiler thread that exited in between is not counted), and compilations so far
jit_cpu() {
    local t ticks=0
    for t in /proc/"$UMR_PID"/task/*; do
        [[ "$(cat "$t/comm" 2>/dev/null)" == C[12]\ Compiler* ]] || continue
        # utime + stime: the name in field 2, "(C2 CompilerThre)", holds a space, so count from after it
        ticks=$((ticks + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$t/stat" 2>/dev/null || echo 0)))
    done
    awk -v s="$ticks" -v t="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", s / t }'
}
compilations() { jcmd "$UMR_PID" PerfCounter.print 2>/dev/null | sed -n 's/^sun.ci.totalCompiles=//p'; }
cpu() { # pids -> utime+stime seconds
    cat "${@/#//proc/}" 2>/dev/null | awk -v t="$(getconf CLK_TCK)" '{ s += $14 + $15 } END { printf "%.2f", s / t }'
}
# PostgreSQL's CPU: the postmaster's own and its reaped children's (cutime+cstime: backends and autovacuum
# workers that exited during the phase), plus the live children's, as bench/run.sh counts it
pg_cpu() {
    { cat "/proc/$PG_PID/stat"; pgrep -P "$PG_PID" | sed 's|^|/proc/|; s|$|/stat|' | xargs cat 2>/dev/null; } \
        | awk -v t="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); s += $12 + $13 } NR == 1 { s += $14 + $15 } END { printf "%.2f", s / t }'
}
# rows written per table and WAL bytes over the phase: what PostgreSQL's CPU went on
pg_writes() {
    psql_umr "SELECT relname || ' ' || n_tup_ins || ' ' || n_tup_upd || ' ' || n_tup_hot_upd || ' ' || n_tup_del
        FROM pg_stat_user_tables UNION ALL SELECT 'WAL-bytes ' || wal_bytes || ' 0 0 0' FROM pg_stat_wal
        UNION ALL SELECT 'WAL-full-page-images ' || wal_fpi || ' 0 0 0' FROM pg_stat_wal
        UNION ALL SELECT 'commits ' || xact_commit || ' 0 0 0' FROM pg_stat_database WHERE datname = 'postgres'" | sort
}
if [[ "$SETTLE" == 1 ]]; then # the warm-up's dead rows, statistics and dirty pages are not the phase's
    S0=$(now); psql_umr "VACUUM (ANALYZE)"; S1=$(now); psql_umr "CHECKPOINT"; S2=$(now)
    awk -v a="$S0" -v b="$S1" -v c="$S2" 'BEGIN { printf "settled after the warm-up: VACUUM (ANALYZE) %.1f s, CHECKPOINT %.1f s\n", b - a, c - b }' \
        | tee "$RUN/settle.txt"
fi
pg_writes > "$RUN/pg-before.txt"
LOG0="$(psql_umr "SELECT COALESCE(max(id), 0) FROM inbound_message")"
LOAD0="$(cut -d' ' -f1 /proc/loadavg)"
jcmd "$UMR_PID" JFR.start name=phase settings="$JFR_SETTINGS" filename="$RUN/phase.jfr" >/dev/null
pg_kinds() { python3 "$ROOT/bench/pg-cpu.py" mark "$SAMPLER_PID" "$RUN/pg-cpu.state" "$RUN/pg-cpu.prev"; }
C0=$(compilations); T0=$(now); MS0=$(date +%s%3N); J0=$(cpu "$UMR_PID/stat"); P0=$(pg_cpu); K0=$(jit_cpu); pg_kinds >/dev/null
tool bench-load kafka --bootstrap "localhost:$KAFKA_PORT" --files "$(files "$POP")" --sources "$POP/sources.json" \
    --catch-up-seconds 900 --json "$RUN/kafka.json" 2>&1 | grep -E "^kafka:|rror" || true
T1=$(now); MS1=$(date +%s%3N); J1=$(cpu "$UMR_PID/stat"); P1=$(pg_cpu); K1=$(jit_cpu); C1=$(compilations)
PG_KINDS=$(pg_kinds)
jcmd "$UMR_PID" JFR.stop name=phase >/dev/null
RES=$(python3 -c "import json; print(json.load(open('$RUN/kafka.json'))['resources'])")
awk -v r="$RES" -v w="$(awk -v a="$T0" -v b="$T1" 'BEGIN{print b-a}')" -v j="$(awk -v a="$J0" -v b="$J1" 'BEGIN{print b-a}')" \
    -v p="$(awk -v a="$P0" -v b="$P1" 'BEGIN{print b-a}')" -v l0="$LOAD0" -v l1="$(cut -d' ' -f1 /proc/loadavg)" \
    -v k="$(awk -v a="$K0" -v b="$K1" 'BEGIN{print b-a}')" -v c="$((${C1:-0} - ${C0:-0}))" -v kinds="$PG_KINDS" \
    'BEGIN { printf "{\"resources\": %d, \"wallSeconds\": %.2f, \"resourcesPerSecond\": %.0f, \"javaCpuSeconds\": %.2f, \"postgresCpuSeconds\": %.2f, \"javaMsPerResource\": %.4f, \"postgresMsPerResource\": %.4f, \"jitCpuSeconds\": %.2f, \"jitShareOfJava\": %.3f, \"javaWithoutJitMsPerResource\": %.4f, \"compilations\": %d, \"load1m\": \"%s -> %s\", \"postgresCpuByType\": %s}\n", r, w, r / w, j, p, 1000 * j / r, 1000 * p / r, k, (j > 0 ? k / j : 0), 1000 * (j - k) / r, c, l0, l1, kinds }' \
    | tee "$RUN/phase.json"
sleep 1 # table statistics are flushed at most once a second
pg_writes > "$RUN/pg-after.txt"
psql_umr "SELECT 'patients ' || (SELECT count(*) FROM patient) || ', source records '
        || (SELECT count(*) FROM source_record) || ', record versions ' || (SELECT count(*) FROM unified_record)
        || ', inbound messages ' || (SELECT count(*) FROM inbound_message) || ' in '
        || (SELECT count(DISTINCT xmin::text) FROM inbound_message) || ' ingest transactions (warm-up included)'" | tee -a "$RUN/phase.txt" || true
python3 - "$RUN/pg-before.txt" "$RUN/pg-after.txt" "$RES" <<'EOF' | tee -a "$RUN/phase.txt"
import sys
before = {l.split()[0]: list(map(int, l.split()[1:])) for l in open(sys.argv[1]) if l.strip()}
res = int(sys.argv[3])
print("--- PostgreSQL writes over the phase, per 1,000 resources: inserted, updated (of which HOT), deleted")
for line in open(sys.argv[2]):
    if not line.strip(): continue
    name, *now = line.split(); was = before.get(name, [0, 0, 0, 0])
    d = [a - b for a, b in zip(map(int, now), was)]
    if any(d): print(f"{name:32s} " + " ".join(f"{1000 * x / res:10.1f}" for x in d))
EOF
if [[ "${PG_CEILING:-1}" == 1 ]]; then # the same rows by COPY: what PostgreSQL alone needs for them
    PHASE_MESSAGES="$(psql_umr "SELECT count(*) FROM inbound_message WHERE id > $LOG0")"
    tool bench-load pg-ceiling --jdbc "jdbc:postgresql://localhost:$(sed -n 4p "$RUN/data/postgres/postmaster.pid")/postgres?user=postgres&password=$(cat "$RUN/data/postgres-password")" \
        --messages "$PHASE_MESSAGES" --json "$RUN/pg-ceiling.json" 2>&1 | grep -E "^pg-ceiling|rror" || true
fi
jfr print --events jdk.ExecutionSample --stack-depth 256 "$RUN/phase.jfr" > "$RUN/samples.txt"
python3 "$ROOT/bench/jfr-buckets.py" "$RUN/samples.txt" 30 | tee -a "$RUN/phase.txt"
rm -f "$RUN/samples.txt"
# the JVM's own account of the phase: CPU by thread group (the JIT's share) and GC pauses (bench-load jfr-phases;
# jdk.ThreadCPULoad comes every 10 s in JFR's own settings, so for a short phase a rough estimate)
printf '{"kafka": {"startEpochMs": %s, "endEpochMs": %s}}\n' "$MS0" "$MS1" > "$RUN/window.json"
tool bench-load jfr-phases --file "$RUN/phase.jfr" --phases "$RUN/window.json" --json "$RUN/jvm.json" || true
tr -d '\n ' < "$RUN/jvm.json" | tee -a "$RUN/phase.txt"; echo
echo "kept: $RUN (phase.json, phase.txt, jvm.json, phase.jfr, umr.log)"
