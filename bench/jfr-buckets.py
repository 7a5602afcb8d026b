#!/usr/bin/env python3
"""Bucket jdk.ExecutionSample from `jfr print` text: leaf-most health.umr frame, inclusive umr methods, threads."""
import sys, re, collections
leaf_umr = collections.Counter(); incl = collections.Counter(); threads = collections.Counter(); leaf = collections.Counter()
n = 0; stack = None; thread = None
frame = re.compile(r'^\s+([\w$.<>]+)\(')
for line in open(sys.argv[1], errors='replace'):
    if line.startswith('jdk.ExecutionSample'):
        stack = []; thread = '?'
    elif stack is not None and 'sampledThread = ' in line:
        thread = re.sub(r'\(javaThreadId.*|"', '', line.split('=', 1)[1]).strip()
        thread = re.sub(r'\d+', 'N', thread)
    elif stack is not None and line.startswith('}'):
        n += 1; threads[thread] += 1
        if stack: leaf[stack[0]] += 1
        u = next((f for f in stack if f.startswith('health.umr')), None)
        leaf_umr[u or '(no health.umr frame) ' + thread] += 1
        for f in set(f for f in stack if f.startswith('health.umr')): incl[f] += 1
        stack = None
    elif stack is not None:
        m = frame.match(line)
        if m: stack.append(m.group(1))
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
def show(title, c, k):
    print(f'--- {title} (of {n} samples)')
    for key, v in c.most_common(k): print(f'{100*v/n:5.1f}% {v:6d} {key}')
show('threads', threads, 12); show('leaf-most health.umr frame', leaf_umr, top)
show('inclusive health.umr methods', incl, top); show('leaf frames', leaf, 15)
