#!/usr/bin/env python3
"""Per step of bench/jit-rounds.sh: PrintCompilation counts (compiles by tier, OSR, made not entrant), class loads and
unloads, and the PerfCounter deltas. Usage: bench/jit-rounds.py WORKDIR [N: also the N most frequent C2 compiles per step]"""
import sys, re, collections, os
work = sys.argv[1]
marks = []
for line in open(os.path.join(work, 'marks.txt')):
    name = line.split()[0]
    up = float(re.search(r'uptime=([\d.]+)', line).group(1)) * 1000
    kv = dict(re.findall(r'(\S+)=(\S+)', line))
    marks.append((name, up, kv))
def bucket(ms):
    for i in range(1, len(marks)):
        if ms <= marks[i][1]:
            return marks[i][0]
    return 'after'
comp = collections.defaultdict(collections.Counter)
top = collections.defaultdict(collections.Counter)
pat = re.compile(r'^\s*(\d+)\s+(\d+)\s+([%sbn!\s]{5})\s+(\d)?\s+(\S+)\s+(.*)$')
for line in open(os.path.join(work, 'umr.log'), errors='replace'):
    m = pat.match(line)
    if not m: continue
    ms = int(m.group(1)); attrs = m.group(3); tier = m.group(4) or '-'; meth = m.group(5); rest = m.group(6)
    b = bucket(ms)
    if 'made not entrant' in rest:
        comp[b]['not_entrant_t%s' % tier] += 1
        top[b]['NE t%s %s' % (tier, meth)] += 1
    elif 'made zombie' in rest: comp[b]['zombie'] += 1
    else:
        comp[b]['compile_t%s%s' % (tier, '_osr' if '%' in attrs else '')] += 1
        if tier == '4': top[b]['C2 ' + meth] += 1
cls = collections.Counter(); clsname = collections.defaultdict(collections.Counter)
for line in open(os.path.join(work, 'class.log'), errors='replace'):
    m = re.match(r'\[([\d.]+)s\] (unloading class )?(\S+)', line)
    if not m: continue
    b = bucket(float(m.group(1)) * 1000); cls[(b, 'unload' if m.group(2) else 'load')] += 1
    n = re.sub(r'[0-9a-f]{6,}|\d+', 'N', m.group(3)); clsname[b][n] += 1
prev = None
for name, up, kv in marks:
    if prev is None: prev = kv; continue
    d = lambda k: int(kv.get(k, 0)) - int(prev.get(k, 0))
    print(f"== {name}: uptime {up/1000:.0f}s cpu {float(kv['cpu'])-float(prev['cpu']):.1f} jit {float(kv['jit'])-float(prev['jit']):.1f} "
          f"totalCompiles {d('sun.ci.totalCompiles')} invalidates {d('sun.ci.totalInvalidates')} osr {d('sun.ci.osrCompiles')} bailouts {d('sun.ci.totalBailouts')} "
          f"loadedClasses {d('java.cls.loadedClasses')} unloaded {d('java.cls.unloadedClasses')} nmethodCode {kv.get('sun.ci.nmethodCodeSize')}")
    print('   ', dict(sorted(comp[name].items())), 'classes', cls[(name, 'load')], cls[(name, 'unload')])
    if len(sys.argv) > 2:
        for k, v in top[name].most_common(int(sys.argv[2])): print('     ', v, k)
        for k, v in clsname[name].most_common(8): print('      class', v, k)
    prev = kv
