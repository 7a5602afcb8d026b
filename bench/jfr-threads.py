#!/usr/bin/env python3
"""Share of the service JVM's CPU per thread group (JIT compiler, request executor, event loop, GC, Kafka and
UMR's own threads), per phase of a bench/run.sh log, from the run's JFR recording (jdk.ThreadCPULoad, every
10 s in JFR's default settings; an estimate, not an exact account).

    bench/jfr-threads.py WORK/data.jfr BENCH_LOG

Why: a phase's "Java per resource" counts all of the JVM's CPU, and a JVM started minutes before is still
compiling; the JIT's share says how much of a figure is warm-up rather than the code path measured.
"""
import json, re, subprocess, sys

def group(name):
    for pattern, g in [('C[12] Compiler', 'jit'), ('^executor', 'executor'), ('^vert.x-eventloop', 'eventloop'),
                       ('GC|^G1', 'gc'), ('^umr|kafka', 'umr/kafka')]:
        if re.search(pattern, name, re.I):
            return g
    return 'other'

def main(jfr, log):
    events = json.loads(subprocess.run(['jfr', 'print', '--json', '--events', 'jdk.ThreadCPULoad', jfr],
                                       check=True, capture_output=True, text=True).stdout)['recording']['events']
    marks = re.findall(r'^== (\d\d:\d\d:\d\d)  (.*)$', open(log).read(), re.M)
    phases = {}
    for e in events:
        v = e['values']
        thread = (v.get('eventThread') or {}).get('javaName') or '?'
        time = v['startTime'][11:19]  # UTC, as the log's marks
        phase = next((name for at, name in reversed(marks) if at <= time), 'before the log')
        shares = phases.setdefault(phase[:40], {})
        shares[group(thread)] = shares.get(group(thread), 0.0) + v['user'] + v['system']
    for phase, shares in phases.items():
        total = sum(shares.values()) or 1
        print(f'{phase:42s}', '  '.join(f'{g} {100 * s / total:.0f}%' for g, s in
                                         sorted(shares.items(), key=lambda x: -x[1])))

if __name__ == '__main__':
    main(*sys.argv[1:3])
