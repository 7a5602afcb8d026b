#!/usr/bin/env bash
# Issue 14 (helper rest-jit): ingest rounds against ONE UMR JVM, with per-round evidence of what its JIT does.
# Not part of make bench. Usage (after make build):
#   bench/jit-rounds.sh WORKDIR "rest:0 rest:1 ... kafka:0 ..." [extra java options...]
# Each step loads one population of PATIENTS (2000) by REST ($ingest NDJSON, 4 in flight, as bench/run.sh's
# rest_load) or by Kafka (bench-load kafka); populations are generated once under POPS (rest: seed 142+2r,
# kafka: 143+2r, as make bench's warm-up rounds). Per step: marks.txt (uptime, JVM and C1/C2 threads' CPU
# from /proc, HotSpot's PerfCounters: compiles, OSR, invalidations, loaded/unloaded classes, nmethod code
# size), codecache-<step>.txt (jcmd Compiler.codecache), rounds.txt (the compiler threads' share per step);
# the JVM runs with -XX:+PrintCompilation (umr.log), -Xlog:class+load/unload (class.log) and JFR (every
# jdk.Compilation, jdk.Deoptimization). bench/jit-rounds.py WORKDIR [N] prints the per-step counts.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"; cd "$ROOT"
WORK=$1; STEPS_=$2; shift 2; EXTRA=("$@")
KPORT=${KPORT:-29092}
PORT=${PORT:-28080}; URL=http://localhost:$PORT; JAR=${JAR:-target/quarkus-app/quarkus-run.jar}; TOOLS_JAR=${TOOLS_JAR:-tools/target/umr-tools.jar}
POPS=${POPS:-$ROOT/target/jit-rounds-pops}; PATIENTS=${PATIENTS:-2000}
mkdir -p "$WORK" "$POPS"
tool() { java -Xmx2g -jar "$TOOLS_JAR" "$@"; }
for st in $STEPS_; do k=${st%%:*}; r=${st#*:}; d="$POPS/$k$r"
  [[ -f "$d/sources.json" ]] || tool generate --patients "$PATIENTS" --seed $(( $([[ $k == rest ]] && echo 142 || echo 143) + 2*r)) --out "$d" | head -1
done
KAFKA_PORT=$KPORT KAFKA_DATA_DIR="$WORK/kafka" KAFKA_PARTITIONS=4 deploy/kafka/kafka.sh start
JH="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')"
sed -e '/name="jdk.ThreadCPULoad"/,/<\/event>/ s|<setting name="period">10 s</setting>|<setting name="period">1 s</setting>|' \
    -e '/name="jdk.Compilation"/,/<\/event>/ s|<setting name="threshold"\([^>]*\)>[^<]*</setting>|<setting name="threshold"\1>0 ms</setting>|' \
    -e '/name="jdk.ClassDefine"/,/<\/event>/ s|<setting name="enabled"\([^>]*\)>false</setting>|<setting name="enabled"\1>true</setting>|' \
    -e '/name="jdk.ClassLoad"/,/<\/event>/ s|<setting name="enabled">false</setting>|<setting name="enabled">true</setting>|' \
    -e '/name="jdk.Deoptimization"/,/<\/event>/ s|<setting name="enabled">false</setting>|<setting name="enabled">true</setting>|' \
    "$JH/lib/jfr/default.jfc" > "$WORK/exp.jfc"
env UMR_DATA_DIR="$WORK/data" KAFKA_BOOTSTRAP_SERVERS=localhost:$KPORT QUARKUS_HTTP_PORT="$PORT" QUARKUS_MANAGEMENT_PORT="$((PORT + 1))" \
  java -Xmx1g -Xlog:gc:file="$WORK/gc.log" -XX:+PrintCompilation \
  -Xlog:class+load=info,class+unload=info:file="$WORK/class.log":uptime \
  -XX:StartFlightRecording=filename="$WORK/umr.jfr",dumponexit=true,settings="$WORK/exp.jfc" \
  -XX:FlightRecorderOptions=stackdepth=256 "${EXTRA[@]}" -jar "$JAR" > "$WORK/umr.log" 2>&1 &
PID=$!; echo $PID > "$WORK/pid"
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null; KAFKA_PORT=$KPORT KAFKA_DATA_DIR="$WORK/kafka" deploy/kafka/kafka.sh stop' EXIT
for _ in $(seq 1 600); do curl -sf "$URL/q/health/ready" >/dev/null && break; kill -0 $PID 2>/dev/null || exit 1; sleep 1; done
curl -sf "$URL/q/health/ready" >/dev/null || { echo "UMR did not become ready"; exit 1; }
export UMR_TOKEN="$(UMR_DATA_DIR="$WORK/data" java -jar "$JAR" token --ttl 86400)"
cpu() { awk -v t="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12+$13)/t }' /proc/$PID/stat; }
jit() { for t in /proc/$PID/task/*; do [[ "$(cat $t/comm 2>/dev/null)" == C[12]\ Compiler* ]] && cat $t/stat; done | awk -v t="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); s += $12 + $13 } END { printf "%.2f", s / t }'; }
pc() { jcmd $PID PerfCounter.print 2>/dev/null | grep -E "^(sun.ci.totalCompiles|sun.ci.totalInvalidates|sun.ci.totalBailouts|sun.ci.osrCompiles|java.cls.loadedClasses|java.cls.unloadedClasses|sun.ci.nmethodCodeSize|sun.ci.nmethodSize|sun.cls.sharedLoadedClasses|java.ci.totalTime|sun.rt.safepoints)=" | tr '\n' ' '; }
mark() { echo "$1 epochms=$(date +%s%3N) uptime=$(jcmd $PID VM.uptime 2>/dev/null | sed -n 2p) cpu=$(cpu) jit=$(jit) $(pc)" >> "$WORK/marks.txt"
         jcmd $PID Compiler.codecache > "$WORK/codecache-$1.txt" 2>&1; }
mark start
files() { local dir=$1; { echo "$dir/gp.ndjson"; ls "$dir"/*.ndjson; } | awk '!seen[$0]++' | tr '\n' ',' | sed 's/,$//'; }
for st in $STEPS_; do k=${st%%:*}; r=${st#*:}; d="$POPS/$k$r"
  c0=$(cpu); j0=$(jit); t0=$(date +%s.%N)
  if [[ $k == rest ]]; then
  for f in $(ls "$d"/*.ndjson); do
    tool replay --file "$f" --register-sources "$d/sources.json" --url "$URL" --parallel 4 --progress none 2>&1 | grep -E "accepted|HTTP errors" | tr -s ' ' | tr '\n' ' ' >> "$WORK/replay.txt"
  done
  else
    tool bench-load kafka --bootstrap "localhost:$KPORT" --files "$(files "$d")" --sources "$d/sources.json" --catch-up-seconds 900 --json "$WORK/k.json" 2>&1 | grep -E "^kafka:|rror" >> "$WORK/replay.txt"
  fi
  echo >> "$WORK/replay.txt"
  mark "$k$r"
  c1=$(cpu); j1=$(jit); t1=$(date +%s.%N)
  awk -v r=$k$r -v c="$c0" -v C="$c1" -v j="$j0" -v J="$j1" -v t="$t0" -v T="$t1" 'BEGIN { printf "round %s: wall %.1f s, JVM %.1f s, JIT %.1f s = %.1f%%\n", r, T-t, C-c, J-j, 100*(J-j)/(C-c) }' | tee -a "$WORK/rounds.txt"
done
jcmd $PID JFR.dump filename="$WORK/umr-dump.jfr" >/dev/null 2>&1
