#!/usr/bin/env bash
# make bench: the quick benchmark of issue 7, in one go, on real parts only (embedded PostgreSQL,
# a real Kafka broker, real HTTP). See bench/README.md for what each number means.
#
# Environment (all optional):
#   PATIENTS        patients per back-load population (10000; REST and Kafka each load their own, so
#                   the reads and the rebuild see twice as many; 100k does not fit 15 min: see bench/README.md)
#   SEED            generator seed (42; Kafka uses SEED+1, the mixed run SEED+2)
#   READ_SECONDS    seconds measured per read rate (20, after the read step's own 5 s warm-up)
#   READ_RATES      JSON read rates measured over the loaded patients ("1000"; e.g. "200 1000 2000")
#   WARMUP_PATIENTS patients of the unmeasured warm-up populations loaded before the REST and the Kafka
#                   back-loads (2000, seeds SEED+100 and SEED+101; 0 = no warm-up), so the JIT has compiled
#                   the ingest path before it is measured; the determinism check loads REST's warm-up too.
#                   Each path loads further warm-up populations of that size (seeds +2, +4, ...) until, over
#                   one such round, the JVM's C1/C2 compiler threads took under WARMUP_JIT_PERCENT (10) of the
#                   JVM's CPU, or another round would end past WARMUP_MAX_SECONDS (100 per path, generation
#                   included; 0 = one round, as before 2026-12-02)
#   READ_WARMUP_SECONDS  length of one round of unmeasured reads (at 1000 req/s, the same kind) before each
#                   kind's measurement over the loaded patients (30) and at READ_SCALE (15); rounds repeat
#                   until the compiler threads took under WARMUP_JIT_PERCENT of the JVM's CPU in one, or another
#                   would end past READ_WARMUP_MAX_SECONDS (90 per read; 0 = one round, as before 2026-12-02)
#   HOT_READS       1 adds the additional reads with a repeat mix: 80% of reads on a hot 1% of the
#                   patients (HOT_SHARE, HOT_FRACTION), JSON and FHIR at 1000 req/s, over the last read
#                   population (READ_SCALE's if it ran); the uniform reads stay the figures of record (1)
#   MIXED_SECONDS   length of the mixed run (60)
#   MIXED_LINES     NDJSON lines/s fed through Kafka during the mixed run (20)
#   REPORT_SCALE    patients the population reports are measured at last (1000000; 0 = the loaded ones only)
#   READ_SCALE      patients the two reads are measured at last, 1000 req/s each (REPORT_SCALE; 0 skips it)
#   READ_FLOOR      1 measures, after each measured read, the box's floor: /q/health/live at the same rate, by
#                   the same generator, for as long (floor-<phase>.json); and writes what the server itself
#                   took per read from the access log (server-<phase>.json) (1)
#   REBUILD_SCALE   patients the rebuild is measured at last (READ_SCALE; 0 skips it): the copies' source
#                   records written beside their unified records (bench-load grow-sources), then two rebuilds,
#                   measured apart: "after a change" (the copies' records rewritten: each copy's stored
#                   fingerprint is its original's) and "settled" (the same rebuild again, nothing to rewrite)
#   JMH             1 to run the JMH microbenchmarks (1)
#   REST_CLIENTS    requests in flight during the REST back-load (4)
#   DETERMINISM     1 loads the REST population again into a fresh store, files in reverse order, and
#                   compares the records' fingerprint with the first load's (1)
#   READER_NICE    niceness of the read load generator (bench-load read), when run as root (-5): on 2 cores it
#                   shares the CPU with the service and PostgreSQL, and a generator thread that wakes late
#                   adds its own wait to every latency it measures (still measured from the intended send time)
#   BENCH_PORT, BENCH_KAFKA_PORT   ports of this run's service and broker (18080, 19092); its management
#                                  (metrics) port is BENCH_PORT+1
#   SETTLE          1 settles the database before each measured back-load (REST, Kafka), after its warm-up
#                   rounds: VACUUM (ANALYZE), then CHECKPOINT, times printed, its CPU a phase of its own
#                   ("settle rest", "settle kafka"); 0 measures right after the warm-up, as before 2026-12-02 (1)
#   PG_CEILING_MESSAGES  after the Kafka back-load, the rows the last this many inbound messages wrote are written
#                   again by COPY into copies of their tables (bench-load pg-ceiling): PostgreSQL's own CPU per
#                   resource, the ceiling PostgreSQL alone sets on ingest (4000, ~30 s; 0 skips it)
#   BENCH_WORK      working directory (a fresh one under target/bench-work); deleted unless KEEP=1
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PATIENTS="${PATIENTS:-10000}"
SEED="${SEED:-42}"
READ_SECONDS="${READ_SECONDS:-20}"
READ_RATES="${READ_RATES:-1000}"
WARMUP_PATIENTS="${WARMUP_PATIENTS:-2000}"
WARMUP_JIT_PERCENT="${WARMUP_JIT_PERCENT:-10}"
WARMUP_MAX_SECONDS="${WARMUP_MAX_SECONDS:-100}"
READ_WARMUP_SECONDS="${READ_WARMUP_SECONDS:-30}"
READ_WARMUP_MAX_SECONDS="${READ_WARMUP_MAX_SECONDS:-90}"
HOT_READS="${HOT_READS:-1}"
READ_FLOOR="${READ_FLOOR:-1}"
HOT_SHARE="${HOT_SHARE:-0.8}"
HOT_FRACTION="${HOT_FRACTION:-0.01}"
MIXED_SECONDS="${MIXED_SECONDS:-60}"
MIXED_LINES="${MIXED_LINES:-20}"
JMH="${JMH:-1}"
REST_CLIENTS="${REST_CLIENTS:-4}"
DETERMINISM="${DETERMINISM:-1}"
SETTLE="${SETTLE:-1}"
PG_CEILING_MESSAGES="${PG_CEILING_MESSAGES:-4000}"
REPORT_SCALE="${REPORT_SCALE:-1000000}"
READ_SCALE="${READ_SCALE:-$REPORT_SCALE}"
REBUILD_SCALE="${REBUILD_SCALE:-$READ_SCALE}"
SCALED_WARMUP_SECONDS="${SCALED_WARMUP_SECONDS:-15}"
PORT="${BENCH_PORT:-18080}"
KAFKA_PORT="${BENCH_KAFKA_PORT:-19092}"
MVN="${MVN:-mvn -B}"
XMX="${BENCH_XMX:-1g}"
URL="http://localhost:$PORT"
JAR="target/quarkus-app/quarkus-run.jar"
TOOLS_JAR="tools/target/umr-tools.jar"
WORK="${BENCH_WORK:-$ROOT/target/bench-work/$(date -u +%Y%m%dT%H%M%S)}"
STEPS="$WORK/steps"
mkdir -p "$STEPS"
STARTED=$(date +%s)
UMR_PID=""
PG_SAMPLER_PID=""

log() { printf '\n== %s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }
tool() { java -Xmx2g ${TOOL_JAVA_OPTS:-} -jar "$TOOLS_JAR" "$@"; } # TOOL_JAVA_OPTS: extra JVM options for one call
READER_NICE="${READER_NICE:--5}"
# the read generator ahead of the service and PostgreSQL for the CPU (bench/results/2026-12-02-read-floor.md);
# only root may lower a niceness, so others run it as any tool
reader() { if [[ "$(id -u)" == 0 ]]; then nice -n "$READER_NICE" java -Xmx2g -jar "$TOOLS_JAR" "$@"; else tool "$@"; fi; }
now() { date +%s.%N; }

cleanup() {
    [[ -z "$PG_SAMPLER_PID" ]] || kill "$PG_SAMPLER_PID" 2>/dev/null || true
    if [[ -n "$UMR_PID" ]] && kill -0 "$UMR_PID" 2>/dev/null; then
        kill -TERM "$UMR_PID"; wait "$UMR_PID" 2>/dev/null || true
    fi
    KAFKA_PORT="$KAFKA_PORT" KAFKA_DATA_DIR="$WORK/kafka" deploy/kafka/kafka.sh stop >/dev/null 2>&1 || true
    if [[ "${KEEP:-0}" != 1 ]]; then
        rm -rf "$WORK/data" "$WORK/data2" "$WORK/kafka" "$WORK"/pop-*
    fi
}
trap cleanup EXIT

# Other builds on this box disturb the numbers: say how busy it was when we began.
BOX="$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at start, $(( $(pgrep -c java || true) )) other JVMs running"

log "build ($JAR, $TOOLS_JAR)"
$MVN -o -q package -DskipTests 2>/dev/null || $MVN -q package -DskipTests
$MVN -o -q -f tools/pom.xml package -DskipTests 2>/dev/null || $MVN -q -f tools/pom.xml package -DskipTests
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml tools || echo -dirty)"

log "generate populations of $PATIENTS patients (seeds $SEED, $((SEED + 1)), $((SEED + 2)))"
tool generate --patients "$PATIENTS" --seed "$SEED" --out "$WORK/pop-rest" | head -1
tool generate --patients "$PATIENTS" --seed "$((SEED + 1))" --out "$WORK/pop-kafka" | head -1
tool generate --patients "$(( PATIENTS < 2000 ? PATIENTS : 2000 ))" --seed "$((SEED + 2))" --out "$WORK/pop-mixed" | head -1
if (( WARMUP_PATIENTS > 0 )); then # the warm-ups' own patients (other seeds: other NHS numbers, a few collide)
    tool generate --patients "$WARMUP_PATIENTS" --seed "$((SEED + 100))" --out "$WORK/pop-rest-warm" | head -1
    tool generate --patients "$WARMUP_PATIENTS" --seed "$((SEED + 101))" --out "$WORK/pop-kafka-warm" | head -1
fi
# gp first: it is nearly all of the volume, so a paced (mixed) run feeds a realistic stream from its start
files() { local dir=$1; { echo "$dir/gp.ndjson"; ls "$dir"/*.ndjson; } | awk '!seen[$0]++' | tr '\n' ',' | sed 's/,$//'; }

log "HAPI FHIR JSON parse of the REST population (the ceiling; box quiet)"
tool bench-load parse --files "$(files "$WORK/pop-rest")" --json "$STEPS/parse.json"

log "start Kafka on :$KAFKA_PORT and UMR on :$PORT (fresh data in $WORK)"
KAFKA_PORT="$KAFKA_PORT" KAFKA_DATA_DIR="$WORK/kafka" KAFKA_PARTITIONS=4 deploy/kafka/kafka.sh start
# The GC log gives the peak heap (and, gc+cpu, each pause's GC CPU against its wall time: a long pause with little CPU is GC threads waiting for a core, read-floor); JFR (default settings, ~1% overhead) is kept for profiling, with each
# thread's CPU load every second instead of every 10 s (bench-load jfr-phases: the JIT's share per phase).
JAVA_HOME_DIR="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')"
JFC="default"
if [[ -f "$JAVA_HOME_DIR/lib/jfr/default.jfc" ]]; then
    JFC="$WORK/bench.jfc"
    sed '/name="jdk.ThreadCPULoad"/,/<\/event>/ s|<setting name="period">10 s</setting>|<setting name="period">1 s</setting>|' \
        "$JAVA_HOME_DIR/lib/jfr/default.jfc" > "$JFC"
fi
start_umr() { # data dir, extra env (KAFKA_BOOTSTRAP_SERVERS=... or nothing): starts UMR, sets UMR_PID and UMR_TOKEN
    env UMR_DATA_DIR="$1" QUARKUS_HTTP_PORT="$PORT" QUARKUS_MANAGEMENT_PORT="$((PORT + 1))" ${2:+"$2"} \
        java -Xmx"$XMX" -Xlog:gc,gc+cpu:file="$1.gc.log" \
        -XX:StartFlightRecording=filename="$1.jfr",dumponexit=true,settings="$JFC" \
        -XX:FlightRecorderOptions=stackdepth=256 \
        -jar "$JAR" > "$1.log" 2>&1 &
    UMR_PID=$!
    for _ in $(seq 1 120); do
        curl -sf "$URL/q/health/ready" >/dev/null && break
        kill -0 "$UMR_PID" 2>/dev/null || { tail -30 "$1.log"; exit 1; }
        sleep 1
    done
    curl -sf "$URL/q/health/ready" >/dev/null || { echo "UMR did not become ready"; exit 1; }
    # Authentication and audit are on, as in production: the tools (replay, bench-load) send this local admin
    # token (UMR_TOKEN), minted from the key the service created in its data dir.
    UMR_TOKEN="$(UMR_DATA_DIR="$1" java -jar "$JAR" token --ttl 86400)"
    export UMR_TOKEN
}
start_umr "$WORK/data" "KAFKA_BOOTSTRAP_SERVERS=localhost:$KAFKA_PORT"
ln -sf data.gc.log "$WORK/gc.log"; ln -sf data.jfr "$WORK/umr.jfr"; ln -sf data.log "$WORK/umr.log"
# every current unified record's fingerprint and every source record's content hash (not the version counts,
# which follow arrival order): what two loads of one population must agree on
fingerprint() { # service data dir -> "patients records md5" (its PostgreSQL's port and password are in the dir)
    PGPASSWORD="$(cat "$1/postgres-password")" psql -h localhost -p "$(pg_port "$1")" -U postgres -d postgres -Atc "
        SELECT (SELECT count(DISTINCT nhs_number) FROM unified_record) || ' ' || (SELECT count(*) FROM source_record)
            || ' ' || md5(coalesce((SELECT string_agg(nhs_number || ':' || fingerprint, ',' ORDER BY nhs_number)
                FROM (SELECT DISTINCT ON (nhs_number) nhs_number, fingerprint FROM unified_record
                      ORDER BY nhs_number, version DESC) c), '')
            || '|' || coalesce((SELECT string_agg(source_id || '|' || resource_type || '|' || business_key || '|'
                || content_sha256 || '|' || logical_id, ',' ORDER BY source_id, resource_type, business_key)
                FROM source_record), ''))"
}
pg_port() { sed -n 4p "$1/postgres/postmaster.pid" 2>/dev/null || true; }
# One replay (one JVM, sources registered once) sends all of a population's files, in `ls` order (or its
# reverse), REST_CLIENTS requests in flight across file boundaries. Until 2026-12-02 it was one JVM per file:
# ~2 s of the generator's CPU and seconds of wall time (the service idle) a file before its first request,
# most of the generator's 24% of the box in REST's phase (bench/results/2026-12-02-rest-ingest.md).
rest_load() { # population dir, "reverse" or not: every file by $ingest NDJSON, REST_CLIENTS requests in flight
    local files file out failed=0 args=()
    if [[ "${2:-}" == reverse ]]; then files=$(ls -r "$1"/*.ndjson); else files=$(ls "$1"/*.ndjson); fi
    for file in $files; do args+=(--file "$file"); done
    # C1 only (-XX:TieredStopAtLevel=1): the generator's hot code is copying bytes, and C2 compiling it took
    # CPU the service could have had (0.09-0.12 against 0.14 ms/res for 2,000 patients, shared box)
    out="$(TOOL_JAVA_OPTS=-XX:TieredStopAtLevel=1 tool replay "${args[@]}" --register-sources "$1/sources.json" --url "$URL" \
        --parallel "$REST_CLIENTS" --progress none 2>&1 || true)"
    echo "$out" | grep -E "^replay|accepted|refused  |HTTP errors|rate" || true
    failed="$(echo "$out" | sed -n 's/^  HTTP errors *\([0-9,]*\) request.*/\1/p' | tr -d ,)"
    REST_FAILED=$((REST_FAILED + ${failed:-0}))
}

# CPU seconds used so far by the service's JVM and by its PostgreSQL (postmaster and backends), and the
# box's load: per phase, this says whether a phase was bound by UMR's Java, by PostgreSQL, or by others.
PG_PID="$(pgrep -f -- "-D $WORK/data/postgres" | head -1 || true)"
# ... and whose: PostgreSQL's CPU by process kind (client backends, autovacuum, checkpointer, background writer,
# WAL writer, other; bench/pg-cpu.py samples the postmaster's children every 0.5 s and at each mark, no SQL),
# so a phase's PostgreSQL CPU can be told from maintenance catching up on what an earlier phase wrote.
if [[ -n "$PG_PID" ]]; then
    python3 bench/pg-cpu.py run "$PG_PID" "$WORK/pg-cpu.state" &
    PG_SAMPLER_PID=$!
    for _ in $(seq 1 100); do [[ -s "$WORK/pg-cpu.state" ]] && break; sleep 0.1; done # its first sample: the base of the first mark
fi
cpu_seconds() { # pid... -> utime+stime in seconds
    local ticks; ticks=$(getconf CLK_TCK)
    cat "${@/#//proc/}" 2>/dev/null | awk -v t="$ticks" '{ s += $14 + $15 } END { printf "%.1f", s / t }' || echo 0
}
pg_pids() { [[ -n "$PG_PID" ]] && { echo "$PG_PID/stat"; pgrep -P "$PG_PID" | sed 's|$|/stat|'; }; }
# The JIT's part of the JVM's CPU, as the OS counts it: CPU seconds so far of the service's C1/C2 compiler
# threads (/proc/PID/task/*; the thread name "C2 CompilerThre" holds a space, hence the sub()). Live threads
# only: on 2 cores HotSpot keeps one of each for the JVM's life; on a bigger box a compiler thread that exits
# takes its CPU with it (undercounted). The JVM's CPU minus this is the steady-state estimate in the table.
jit_seconds() {
    local t
    for t in /proc/"$UMR_PID"/task/*; do
        if [[ "$(cat "$t/comm" 2>/dev/null)" == C[12]\ Compiler* ]]; then cat "$t/stat" 2>/dev/null || true; fi
    done | awk -v t="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); s += $12 + $13 } END { printf "%.2f", s / t }'
}
# PostgreSQL's CPU: the postmaster's own and its reaped children's (cutime+cstime: every backend that has
# exited, e.g. the tools' connections or the service's pool closing idle ones), plus the live backends'.
# Without the reaped part a phase in which connections close lost their whole CPU (grow-sources read -60 s).
pg_cpu_seconds() {
    local ticks; ticks=$(getconf CLK_TCK)
    cat $(pg_pids | sed 's|^|/proc/|') 2>/dev/null | awk -v t="$ticks" '
        { s += $14 + $15 } NR == 1 { s += $16 + $17 } END { printf "%.1f", s / t }' || echo 0
}
# The whole box's CPU from /proc/stat (busy = user+nice+system+irq+softirq; steal apart), and the load
# generator's: every tool this script ran and waited for (its children's CPU, cutime+cstime of this shell).
box_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
children_seconds() { awk -v t="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($14 + $15) / t }' "/proc/$$/stat"; }
LAST_MARK=$(now); LAST_MS=$(date +%s%3N); LAST_JAVA=0; LAST_JIT=0; LAST_PG=0; LAST_GEN=$(children_seconds); LAST_BOX=$(box_ticks)
cpu_mark() { # phase name: appends one line of wall, UMR JVM, PostgreSQL, generator and box CPU since the last mark
    local t ms java jit pg gen box kinds
    t=$(now); ms=$(date +%s%3N); java=$(cpu_seconds "$UMR_PID/stat"); jit=$(jit_seconds); pg=$(pg_cpu_seconds)
    gen=$(children_seconds); box=$(box_ticks)
    kinds=$(python3 bench/pg-cpu.py mark "$PG_SAMPLER_PID" "$WORK/pg-cpu.state" "$WORK/pg-cpu.prev" 2>/dev/null || echo '{}')
    awk -v p="$1" -v w="$(awk -v a="$LAST_MARK" -v b="$t" 'BEGIN{print b-a}')" -v j="$java" -v lj="$LAST_JAVA" -v k="$jit" -v lk="$LAST_JIT" \
        -v g="$pg" -v lg="$LAST_PG" -v l="$(cut -d' ' -f1 /proc/loadavg)" -v gen="$gen" -v lgen="$LAST_GEN" \
        -v box="$box" -v lbox="$LAST_BOX" -v s="$LAST_MS" -v e="$ms" -v cores="$(nproc)" -v kinds="$kinds" \
        'BEGIN { split(box, n, " "); split(lbox, o, " "); total = n[3] - o[3]; if (total <= 0) total = 1
                 if (j - lj < 0) lj = 0  # a new JVM (the determinism run) counts from 0
                 if (k - lk < 0) lk = 0
                 printf "\"%s\": {\"wallSeconds\": %.1f, \"umrJavaCpuSeconds\": %.1f, \"umrJitCpuSeconds\": %.2f, \"postgresCpuSeconds\": %.1f, \"generatorCpuSeconds\": %.1f, \"boxBusyPercent\": %.1f, \"boxStealPercent\": %.1f, \"cores\": %d, \"loadAverage1m\": %s, \"startEpochMs\": %s, \"endEpochMs\": %s, \"postgresCpuByType\": %s}", p, w, j - lj, k - lk, g - lg, gen - lgen, 100 * (n[1] - o[1]) / total, 100 * (n[2] - o[2]) / total, cores, l, s, e, kinds }' \
        >> "$WORK/cpu.parts"
    echo "," >> "$WORK/cpu.parts"
    LAST_MARK=$t; LAST_MS=$ms; LAST_JAVA=$java; LAST_JIT=$jit; LAST_PG=$pg; LAST_GEN=$gen; LAST_BOX=$box
}
: > "$WORK/cpu.parts"
cpu_mark "service start"

# The ingest paths' warm-ups (issue 14, helper steady-ingest): a JVM in its first minutes spends about half its
# CPU compiling (C2 reached the hot ingest methods only after ~250 s of uptime), so one warm-up population left
# the measured phases half JIT. Each path loads warm-up populations of WARMUP_PATIENTS (round 0: seed SEED+100
# for REST, SEED+101 for Kafka; round r: +2r, generated when needed) until, over one round, the compiler
# threads took under WARMUP_JIT_PERCENT of the JVM's CPU (settled) or another round would end past
# WARMUP_MAX_SECONDS (capped).
# The rounds are one "warm-up ..." CPU row; warmup.json says how many rounds and the last round's JIT share.
REST_WARM_DIRS=()
: > "$WORK/warmup.parts"
jit_share_since() { # umr-cpu-seconds jit-cpu-seconds (read before): compiler threads' % of the JVM's CPU since
    awk -v j="$(awk -v a="$1" -v b="$(cpu_seconds "$UMR_PID/stat")" 'BEGIN { print b - a }')" \
        -v k="$(awk -v a="$2" -v b="$(jit_seconds)" 'BEGIN { print b - a }')" \
        'BEGIN { printf "%.1f", (j > 0 ? 100 * k / j : 0) }'
}
warm_up() { # rest|kafka first-seed: warm-up rounds of one ingest path, unmeasured
    local kind=$1 seed=$2 round=0 start began dir j0 k0 share settled=false
    start=$(date +%s)
    while :; do
        began=$(date +%s)
        dir="$WORK/pop-$kind-warm"; (( round == 0 )) || dir="$dir$round"
        [[ -f "$dir/sources.json" ]] || tool generate --patients "$WARMUP_PATIENTS" --seed "$((seed + 2 * round))" --out "$dir" | head -1
        j0=$(cpu_seconds "$UMR_PID/stat"); k0=$(jit_seconds)
        if [[ "$kind" == rest ]]; then
            rest_load "$dir" | sed 's/^/warm-up /'
            REST_WARM_DIRS+=("$dir")
        else
            tool bench-load kafka --bootstrap "localhost:$KAFKA_PORT" --files "$(files "$dir")" \
                --sources "$dir/sources.json" --catch-up-seconds 900 --json "$WORK/warm-kafka.json" 2>&1 \
                | grep -E "^kafka:|rror" | sed 's/^/warm-up /' || true
        fi
        round=$((round + 1))
        share=$(jit_share_since "$j0" "$k0")
        echo "warm-up $kind round $round: compiler threads $share% of the JVM's CPU ($(( $(date +%s) - start )) s so far)"
        if awk -v s="$share" -v m="$WARMUP_JIT_PERCENT" 'BEGIN { exit !(s < m) }'; then settled=true; break; fi
        # stop when another round as long as this one would end past the cap
        (( 2 * $(date +%s) - began - start <= WARMUP_MAX_SECONDS )) || break
    done
    printf '"%s": {"rounds": %d, "patientsPerRound": %d, "seconds": %d, "lastRoundJitPercent": %s, "jitPercentBound": %s, "maxSeconds": %d, "settled": %s},' \
        "$kind" "$round" "$WARMUP_PATIENTS" "$(( $(date +%s) - start ))" "$share" "$WARMUP_JIT_PERCENT" "$WARMUP_MAX_SECONDS" "$settled" \
        >> "$WORK/warmup.parts"
}

# Before each measured back-load, after its warm-up rounds (SETTLE=1): the warm-ups wrote more patients than the
# measured population in the two minutes before it, and their autovacuum, checkpoint and WAL work landed in the
# measured phase (bench/results/2026-12-02-kafka-pg2.md). An operator's back-load starts from a database in its
# steady state, not from one two minutes behind on maintenance. The measured phase still pays for its own.
settle() { # phase: VACUUM (ANALYZE) then CHECKPOINT, timed; its CPU is a phase of its own ("settle <phase>")
    [[ "$SETTLE" == 1 ]] || return 0
    local t0 t1 t2 sql
    sql() { PGPASSWORD="$(cat "$WORK/data/postgres-password")" psql -h localhost -p "$(pg_port "$WORK/data")" \
        -U postgres -d postgres -Atqc "$1"; }
    log "settle before the $1 back-load: VACUUM (ANALYZE), then CHECKPOINT"
    t0=$(now); sql "VACUUM (ANALYZE)" || true; t1=$(now); sql "CHECKPOINT" || true; t2=$(now)
    awk -v a="$t0" -v b="$t1" -v c="$t2" -v p="$1" \
        'BEGIN { printf "settled before %s: VACUUM (ANALYZE) %.1f s, CHECKPOINT %.1f s\n", p, b - a, c - b }'
    cpu_mark "settle $1"
}
tool bench-load count --files "$(files "$WORK/pop-rest")" --json "$WORK/rest-count.json"
REST_FAILED=0
if (( WARMUP_PATIENTS > 0 )); then
    log "warm-up, unmeasured: REST back-loads of $WARMUP_PATIENTS other patients until the JIT settles (< $WARMUP_JIT_PERCENT% of the JVM) or $WARMUP_MAX_SECONDS s"
    warm_up rest "$((SEED + 100))"
    cpu_mark "warm-up rest"
fi
settle rest
log "back-load via REST: \$ingest NDJSON, the files in order through one replay, $REST_CLIENTS requests in flight"
REST_START=$(now)
REST_FAILED=0
rest_load "$WORK/pop-rest"
REST_SECONDS=$(awk -v a="$REST_START" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
REST_RESOURCES=$(sed -n 's/.*"resources" : \([0-9]*\).*/\1/p' "$WORK/rest-count.json")
cat > "$STEPS/rest.json" <<EOF
{"resources": $REST_RESOURCES, "endToEndSeconds": $REST_SECONDS, "httpErrors": $REST_FAILED,
 "resourcesPerSecond": $(awk -v r="$REST_RESOURCES" -v s="$REST_SECONDS" 'BEGIN { printf "%.1f", r / s }')}
EOF
printf 'REST: %s resources in %.1f s\n' "$REST_RESOURCES" "$REST_SECONDS"
cpu_mark rest
FIRST_FINGERPRINT="$(fingerprint "$WORK/data")"
echo "REST population's records (with its warm-up's): $FIRST_FINGERPRINT (patients, source records, fingerprint)"

if (( WARMUP_PATIENTS > 0 )); then
    log "warm-up, unmeasured: Kafka back-loads of $WARMUP_PATIENTS other patients until the JIT settles (< $WARMUP_JIT_PERCENT% of the JVM) or $WARMUP_MAX_SECONDS s"
    warm_up kafka "$((SEED + 101))"
    cpu_mark "warm-up kafka"
fi
settle kafka
{ echo "{"; tr -d '\n' < "$WORK/warmup.parts" | sed 's/,$//'; echo "}"; } > "$STEPS/warmup.json"
log "back-load via Kafka (key NHS number, header umr-source) until UMR's group has caught up"
tool bench-load kafka --bootstrap "localhost:$KAFKA_PORT" --files "$(files "$WORK/pop-kafka")" \
    --sources "$WORK/pop-kafka/sources.json" --catch-up-seconds 1800 --json "$STEPS/kafka.json" 2>&1 \
    | grep -E "^kafka:|rror" || true # the Kafka client's own log (config dumps) is noise here
cpu_mark kafka
PG_PORT="$(pg_port "$WORK/data")"
# the service's PostgreSQL asks for a password (scram-sha-256); it is in the data dir (hex, safe in a URL)
BENCH_JDBC="${PG_PORT:+jdbc:postgresql://localhost:$PG_PORT/postgres?user=postgres&password=$(cat "$WORK/data/postgres-password" 2>/dev/null || true)}"
# PostgreSQL's own ceiling on ingest (issue 14; bench/results/2026-12-03-pg-ceiling.md): the rows the Kafka
# phase's last messages wrote, in all eight tables ingest writes, written again by COPY into copies of
# their tables, one transaction per 200 messages' rows; PostgreSQL's CPU per resource from /proc
if (( PG_CEILING_MESSAGES > 0 )) && [[ -n "$BENCH_JDBC" ]]; then
    log "PostgreSQL's ceiling: the last $PG_CEILING_MESSAGES messages' rows written again by COPY"
    tool bench-load pg-ceiling --jdbc "$BENCH_JDBC" --messages "$PG_CEILING_MESSAGES" \
        --json "$STEPS/pg-ceiling.json" || true
    cpu_mark pg-ceiling
fi

PATIENT_LISTS="$WORK/pop-rest/patients.csv,$WORK/pop-kafka/patients.csv"
# each kind of read: first READ_WARMUP_SECONDS of the same read at 1000 req/s, unmeasured (its own phase), so
# the JIT has compiled the path; then the measurement (the read step's own 5 s warm-up, then READ_SECONDS).
# Its seed is 2^41 + 7, not 7: the reads hash seed * 31 + i, so seed 7 had picked the patients the measured run
# (seed 1) read next (three quarters of them at 1M), warm in the read cache and PostgreSQL (ReadPick.apart).
# Rounds of $3 s repeat (each its own seed, far from the measured run's), until one leaves the compiler threads under
# WARMUP_JIT_PERCENT of the JVM's CPU or another would end past READ_WARMUP_MAX_SECONDS: a fixed 30 s had left
# the FHIR read at 20k compiling for 5.6 of its 35 measured seconds (bench/results/2026-12-02-read-java.md).
read_warmup() { # kind patients-csv seconds [label]
    (( $3 > 0 )) || return 0
    local round=0 start j0 k0 share
    start=$(date +%s)
    while :; do
        log "warm-up, unmeasured: $1 reads at 1000 req/s for $3 s (round $((round + 1)))"
        j0=$(cpu_seconds "$UMR_PID/stat"); k0=$(jit_seconds)
        reader bench-load read --url "$URL" --patients "$2" --rate 1000 --seconds "$3" --warmup-seconds 0 --kind "$1" \
            --seed "$(( (1 << 41) + 7 + 1000003 * round ))" --json "$WORK/warm-read.json" 2>&1 | sed 's/^/warm-up /' || true
        round=$((round + 1))
        share=$(jit_share_since "$j0" "$k0")
        echo "warm-up read $1${4:+ $4} round $round: compiler threads $share% of the JVM's CPU ($(( $(date +%s) - start )) s so far)"
        if awk -v s="$share" -v m="$WARMUP_JIT_PERCENT" 'BEGIN { exit !(s < m) }'; then break; fi
        (( $(date +%s) - start + $3 + 5 <= READ_WARMUP_MAX_SECONDS )) || break
    done
    sleep 3
    cpu_mark "warm-up read $1${4:+ $4}"
}
# Beside each measured read (called right after its cpu_mark, with the umr.log line the step began at):
# (1) server-<phase>.json, what the server itself took per read: the access log's milliseconds (from the
# request reaching the router until the answer's last byte was written; truncated to whole ms; the step's own
# 5 s warm-up included), so the table can tell time inside UMR from time queued before it or on the wire;
# (2) floor-<phase>.json, the box's floor: /q/health/live (no work) at the same rate by the same generator for
# as long, right after, so the table says what the box and the generator alone give at that rate.
read_tail() { # phase rate first-umr.log-line
    [[ "$READ_FLOOR" == 1 ]] || return 0
    tail -n +"$3" "$WORK/umr.log" | grep -E 'access\] GET /(api/patients/|fhir/Patient/\$unified-medications)' \
        | sed -nE 's/.* 200 [0-9]+ bytes ([0-9]+) ms from .*/\1/p' | sort -n | awk '{ v[NR] = $1 }
        function at(p) { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; return v[i] }
        END { if (NR == 0) { print "{\"count\": 0}"; exit }
              printf "{\"count\": %d, \"p50Ms\": %d, \"p95Ms\": %d, \"p99Ms\": %d, \"p999Ms\": %d, \"maxMs\": %d}\n", NR, at(50), at(95), at(99), at(99.9), v[NR] }' \
        > "$STEPS/server-$1.json" || true
    log "floor beside $1: /q/health/live at $2 req/s for $READ_SECONDS s (same generator, after 5 s warm-up)"
    reader bench-load read --url "$URL" --kind live --rate "$2" --seconds "$READ_SECONDS" --warmup-seconds 5 \
        --json "$STEPS/floor-$1.json" || true
    sleep 3
    cpu_mark "floor $1"
}
log_line() { echo $(( $(wc -l < "$WORK/umr.log") + 1 )); }
read_warmup api "$PATIENT_LISTS" "$READ_WARMUP_SECONDS"
for rate in $READ_RATES; do
    log "reads at $rate req/s for $READ_SECONDS s (open loop, after 5 s warm-up)"
    from=$(log_line)
    reader bench-load read --url "$URL" --patients "$PATIENT_LISTS" --rate "$rate" --seconds "$READ_SECONDS" \
        --warmup-seconds 5 --json "$STEPS/read-$rate.json" || true
    sleep 3 # let a backlog of the previous rate drain before the next
    cpu_mark "read-$rate"
    read_tail "read-$rate" "$rate" "$from"
done
read_warmup fhir "$PATIENT_LISTS" "$READ_WARMUP_SECONDS"
log "FHIR reads (\$unified-medications) at 1000 req/s for $READ_SECONDS s (open loop, after 5 s warm-up)"
from=$(log_line)
reader bench-load read --url "$URL" --patients "$PATIENT_LISTS" --rate 1000 --seconds "$READ_SECONDS" \
    --warmup-seconds 5 --kind fhir --json "$STEPS/read-fhir-1000.json" || true
sleep 3
cpu_mark "read-fhir-1000"
read_tail "read-fhir-1000" 1000 "$from"

# an unmeasured first rebuild (the JIT compiles the path, PostgreSQL reads the tables in); the second is measured
rebuild() { curl -s -X POST --max-time 1800 -H "Authorization: Bearer $UMR_TOKEN" "$URL/api/admin/rebuild" -o "$1" -w '%{http_code}' || true; }
log "warm-up, unmeasured: POST /api/admin/rebuild"
rebuild "$WORK/rebuild-warm.out" >/dev/null
cpu_mark "warm-up rebuild"
log "POST /api/admin/rebuild"
REBUILD_START=$(now)
status=$(rebuild "$WORK/rebuild.out")
if [[ "$status" == 200 ]]; then
    cp "$WORK/rebuild.out" "$STEPS/rebuild.json"
else # say so in the table rather than dropping the row
    printf '{"failed": true, "httpStatus": "%s", "afterSeconds": %s}\n' "$status" \
        "$(awk -v a="$REBUILD_START" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')" > "$STEPS/rebuild.json"
fi
cat "$STEPS/rebuild.json"; echo
cpu_mark rebuild

log "mixed run: $MIXED_SECONDS s of steady Kafka ingest ($MIXED_LINES lines/s) + reads at 200 req/s"
tool bench-load kafka --bootstrap "localhost:$KAFKA_PORT" --files "$(files "$WORK/pop-mixed")" \
    --sources "$WORK/pop-mixed/sources.json" --lines-per-second "$MIXED_LINES" --seconds "$MIXED_SECONDS" \
    --catch-up-seconds 600 --json "$STEPS/mixed-kafka.json" 2>&1 | grep -E "^kafka:|rror" &
MIXED_PID=$!
reader bench-load read --url "$URL" --patients "$PATIENT_LISTS" --rate 200 --seconds "$MIXED_SECONDS" \
    --warmup-seconds 0 --json "$STEPS/mixed-read.json" || true
wait "$MIXED_PID" || true
cpu_mark mixed
# Last, because it writes synthetic summary rows a rebuild would have to recompute: the reports at the
# loaded population, then with the summary rows grown to REPORT_SCALE patients (bench/README.md).
log "population reports: latency at the loaded population, then at $REPORT_SCALE patients"
tool bench-load reports --url "$URL" --scale "$REPORT_SCALE" \
    ${BENCH_JDBC:+--jdbc "$BENCH_JDBC"} \
    --json "$STEPS/reports.json" || true
cpu_mark reports
# Then the reads at READ_SCALE patients: the loaded patients' unified records copied under new NHS numbers
# straight into the bench database (bench/README.md), and both reads at 1,000 req/s over all of them.
if (( READ_SCALE > 0 )) && [[ -n "$BENCH_JDBC" ]]; then
    log "reads at $READ_SCALE patients: records copied under new NHS numbers, then JSON and FHIR reads at 1000 req/s"
    tool bench-load grow-records --jdbc "$BENCH_JDBC" \
        --scale "$READ_SCALE" --patients-out "$WORK/scaled-patients.csv" --json "$STEPS/records-scaled.json" || true
    cpu_mark grow-records
    if [[ -s "$WORK/scaled-patients.csv" ]]; then
        read_warmup api "$WORK/scaled-patients.csv" "$SCALED_WARMUP_SECONDS" "scaled"
        log "scaled: JSON reads at $READ_SCALE patients, 1000 req/s for $READ_SECONDS s (open loop, after 5 s warm-up)"
        from=$(log_line)
        reader bench-load read --url "$URL" --patients "$WORK/scaled-patients.csv" --rate 1000 --seconds "$READ_SECONDS" \
            --warmup-seconds 5 --json "$STEPS/read-scaled-1000.json" || true
        sleep 3
        cpu_mark "read-scaled-1000"
        read_tail "read-scaled-1000" 1000 "$from"
        read_warmup fhir "$WORK/scaled-patients.csv" "$SCALED_WARMUP_SECONDS" "scaled"
        log "scaled: FHIR reads at $READ_SCALE patients, 1000 req/s for $READ_SECONDS s (open loop, after 5 s warm-up)"
        from=$(log_line)
        reader bench-load read --url "$URL" --patients "$WORK/scaled-patients.csv" --rate 1000 --seconds "$READ_SECONDS" \
            --warmup-seconds 5 --kind fhir --json "$STEPS/read-fhir-scaled-1000.json" || true
        sleep 3
        cpu_mark "read-fhir-scaled-1000"
        read_tail "read-fhir-scaled-1000" 1000 "$from"
    fi
fi
if [[ "$HOT_READS" == 1 ]]; then
    # additional, not the figure of record: a portal re-reading recent patients (the path is warm by now)
    HOT_PATIENTS="$PATIENT_LISTS"; [[ -s "$WORK/scaled-patients.csv" ]] && HOT_PATIENTS="$WORK/scaled-patients.csv"
    for kind in api fhir; do
        name="read-hot-1000"; [[ "$kind" == fhir ]] && name="read-fhir-hot-1000"
        log "additional: $kind reads at 1000 req/s, $HOT_SHARE of them on a hot $HOT_FRACTION of the patients"
        from=$(log_line)
        reader bench-load read --url "$URL" --patients "$HOT_PATIENTS" --rate 1000 --seconds "$READ_SECONDS" \
            --warmup-seconds 5 --kind "$kind" --hot-share "$HOT_SHARE" --hot-fraction "$HOT_FRACTION" \
            --json "$STEPS/$name.json" || true
        sleep 3
        cpu_mark "$name"
        read_tail "$name" 1000 "$from"
    done
fi
# Last, the rebuild at REBUILD_SCALE patients: for the patients grow-records copied, their originals' patient
# rows and source records copied under the copies' numbers (bench-load grow-sources, bench/README.md), so a
# rebuild recomputes them as real patients; the reports' synthetic patients (no records) are removed first.
# Then TWO measured rebuilds (the path is warm from the loaded population's two), each with its own step file
# and CPU mark: "rebuild-scaled", after a change (each copy's stored fingerprint is its original's, so every
# copy's record is rewritten: a version, an outbox row and a summary each), then "rebuild-scaled-settled", the
# same rebuild again with nothing to rewrite. Failures are reported, not fatal.
scaled_rebuild() { # step name: one POST /api/admin/rebuild, its summary (+ the phase's peak heap) in $STEPS/<step>.json
    local step=$1 log_from gc_from start status phase_heap
    log_from=$(( $(wc -l < "$WORK/umr.log") + 1 )); gc_from=$(( $(wc -l < "$WORK/gc.log") + 1 ))
    start=$(now)
    status=$(curl -s -X POST --max-time 5400 -H "Authorization: Bearer $UMR_TOKEN" "$URL/api/admin/rebuild" \
        -o "$WORK/$step.out" -w '%{http_code}' || true)
    # the service's progress lines (every 10,000 patients), one in ten, and the last
    tail -n +"$log_from" "$WORK/umr.log" | grep -E "rebuild: [0-9]+ / [0-9]+ patients" | awk 'NR % 10 == 1 { print } { last = $0 } END { if (NR % 10 != 1) print last }' || true
    # the largest heap in use before a GC during this phase (G1: "612M->103M(1024M)")
    phase_heap=$(tail -n +"$gc_from" "$WORK/gc.log" | grep -oE '[0-9]+M->[0-9]+M\(' | tr -d 'M(' \
        | awk -F'->' '{ if ($1 + 0 > peak) peak = $1 + 0 } END { print peak + 0 }' || echo 0)
    if [[ "$status" == 200 ]]; then # the summary, one JSON object, with the phase's peak heap added
        sed -E 's/\}[[:space:]]*$/, "peakHeapMb": '"${phase_heap:-0}"'}/' "$WORK/$step.out" > "$STEPS/$step.json"
    else # say so in the table rather than dropping the row
        printf '{"failed": true, "httpStatus": "%s", "afterSeconds": %s, "peakHeapMb": %s}\n' "$status" \
            "$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')" "${phase_heap:-0}" \
            > "$STEPS/$step.json"
    fi
    cat "$STEPS/$step.json"; echo
    cpu_mark "$step"
}
if (( REBUILD_SCALE > 0 )) && [[ -n "$BENCH_JDBC" ]]; then
    log "rebuild at $REBUILD_SCALE patients: source records copied for the copied patients, then POST /api/admin/rebuild twice"
    if (( REBUILD_SCALE > READ_SCALE )); then # grow-records made fewer copies than wanted (or none)
        tool bench-load grow-records --jdbc "$BENCH_JDBC" --scale "$REBUILD_SCALE" \
            --patients-out "$WORK/rebuild-patients.csv" --json "$WORK/records-rebuild.json" || true
    fi
    tool bench-load grow-sources --jdbc "$BENCH_JDBC" --scale "$REBUILD_SCALE" --drop-report-patients \
        --json "$STEPS/sources-scaled.json" || true
    cpu_mark grow-sources
    log "rebuild at $REBUILD_SCALE patients, after a change: the copies' records rewritten"
    scaled_rebuild rebuild-scaled
    log "rebuild at $REBUILD_SCALE patients, settled: the same rebuild again, nothing to rewrite"
    scaled_rebuild rebuild-scaled-settled
fi
{ echo "{"; tr -d '\n' < "$WORK/cpu.parts" | sed 's/,$//'; echo "}"; } > "$STEPS/cpu.json"
cat "$STEPS/cpu.json"

log "stop UMR (JFR is written to $WORK/umr.jfr)"
kill -TERM "$UMR_PID"; wait "$UMR_PID" 2>/dev/null || true
UMR_PID=""
KAFKA_PORT="$KAFKA_PORT" KAFKA_DATA_DIR="$WORK/kafka" deploy/kafka/kafka.sh stop
if [[ "$DETERMINISM" == 1 ]]; then
    log "same answer under concurrency: the REST population again, into a fresh store, files in reverse order"
    start_umr "$WORK/data2" ""
    # the first store holds REST's warm-up populations too, loaded first and in that order: so does this one
    for dir in "${REST_WARM_DIRS[@]}"; do rest_load "$dir"; done
    rest_load "$WORK/pop-rest" reverse
    SECOND_FINGERPRINT="$(fingerprint "$WORK/data2")"
    kill -TERM "$UMR_PID"; wait "$UMR_PID" 2>/dev/null || true
    UMR_PID=""
    read -r fp_patients fp_records fp_first <<< "$FIRST_FINGERPRINT"
    read -r _ _ fp_second <<< "$SECOND_FINGERPRINT"
    printf '{"patients": %s, "records": %s, "first": "%s", "second": "%s", "clients": %s}\n' \
        "${fp_patients:-0}" "${fp_records:-0}" "$fp_first" "$fp_second" "$REST_CLIENTS" > "$STEPS/determinism.json"
    cat "$STEPS/determinism.json"
fi
# G1 lines read "... 612M->103M(1024M) ...": before the arrow is the heap in use before that GC.
grep -oE '[0-9]+M->[0-9]+M\(' "$WORK/gc.log" | tr -d 'M(' | awk -F'->' -v xmx="$XMX" '
    { if ($1 + 0 > peak) peak = $1 + 0; if ($2 + 0 > live) live = $2 + 0 }
    END { printf "{\"peakHeapMb\": %d, \"maxLiveAfterGcMb\": %d, \"xmx\": \"%s\"}\n", peak, live, xmx }' \
    > "$STEPS/heap.json"
cat "$STEPS/heap.json"
tool bench-load jfr --file "$WORK/umr.jfr" --top 15 --json "$STEPS/profile.json" || true
# per phase, the JVM's own account: the JIT's share of its CPU and the GC pauses (the table's "bound by")
tool bench-load jfr-phases --file "$WORK/umr.jfr" --phases "$STEPS/cpu.json" --json "$STEPS/jfr-phases.json" || true

if [[ "$JMH" == 1 ]]; then
    # JMH and the exec plugin come from Maven Central the first time (offline first, as for the build)
    jmh() { # jmh.json-file jmh-args...: one JMH run, GC profiler on (bytes per operation)
        local out="$1"; shift
        local run=(-q -Pbench test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec
            "-Djmh.args=$* -prof gc -rf json -rff $out")
        { $MVN -o "${run[@]}" 2>&1 || $MVN "${run[@]}" 2>&1; } | grep -E "^Benchmark|^h\.u\.|entries each|ERROR" || true
    }
    log "JMH microbenchmarks (1 fork, 2 warm-up + 3 measured iterations of 2 s; reconcile apart, below)"
    jmh "$WORK/jmh-others.json" -e ReconcileBench -f 1 -wi 2 -i 3 -w 2s -r 2s
    # Reconcile carries a target (<= 50 us), so it gets a figure of record: with 2 warm-up iterations
    # its three measured ones still ranged 47-94 us (557138b: the JIT was still compiling it) and
    # JMH's 99.9% error was wider than the score. At 9225bb3 two forks of 10 + 5 one-second iterations
    # gave 53.1 us with an error of 41%: the forks' means agreed (19.7k and 17.9k ops/s) but single
    # iterations ranged 9.8k-26k ops/s with GC under 1% of the time, and JMH's error over 10 samples is
    # 1.5 standard deviations. So: 5 forks (each JVM's inlining is its own draw) of 15 warm-up + 8
    # measured iterations (40 samples: the error is 0.56 of a standard deviation), and the worker
    # thread's CPU per op and the JIT's compile time per measured iteration beside the wall clock
    # (CpuTimeProfiler; bench/results/2026-12-02-reconcile-v.md).
    log "JMH reconcile (5 forks, 15 warm-up + 8 measured iterations of 1 s; thread CPU per op beside it)"
    jmh "$WORK/jmh-reconcile.json" ReconcileBench -f 5 -wi 15 -i 8 -w 1s -r 1s -prof health.umr.bench.CpuTimeProfiler
    # The second figure: the reconciling thread's CPU time in 3 JVMs, each warmed up until its JIT is
    # quiet (counted in work, not seconds), then 5 rounds of 5,000 reconciles (ReconcileCpu).
    log "reconcile by thread CPU (3 JVMs, warmed until the JIT is quiet, 5 rounds of 5,000)"
    $MVN -o -q -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/bench-classpath" \
        >/dev/null 2>&1 || $MVN -q -Pbench dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$WORK/bench-classpath" >/dev/null 2>&1 || true
    java -cp "target/test-classes:target/classes:$(cat "$WORK/bench-classpath" 2>/dev/null)" \
        health.umr.reconcile.ReconcileCpu 3 5 5000 "$STEPS/reconcile-cpu.json" | grep -vE "^fork [0-9]+: round" || true
    python3 -c 'import json,sys; json.dump([b for f in sys.argv[2:] for b in json.load(open(f))], open(sys.argv[1], "w"))' \
        "$STEPS/jmh.json" "$WORK/jmh-others.json" "$WORK/jmh-reconcile.json" || true
fi

ELAPSED=$(( $(date +%s) - STARTED ))
cat > "$STEPS/meta.json" <<EOF
{"date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "commit": "$COMMIT", "patients": $PATIENTS, "seed": $SEED,
 "readSeconds": $READ_SECONDS, "readRates": "$READ_RATES", "warmupPatients": $WARMUP_PATIENTS,
 "readWarmupSeconds": $READ_WARMUP_SECONDS, "scaledWarmupSeconds": $SCALED_WARMUP_SECONDS, "mixedSeconds": $MIXED_SECONDS, "mixedLinesPerSecond": $MIXED_LINES,
 "box": "$BOX", "java": "$(java -version 2>&1 | head -1 | tr -d '"')", "elapsedSeconds": $ELAPSED}
EOF
RESULT="bench/results/$(date -u +%Y-%m-%d)-$COMMIT.json"
log "report ($RESULT; whole run $ELAPSED s)"
tool bench-load report --dir "$STEPS" --out "$RESULT"
