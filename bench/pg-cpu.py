#!/usr/bin/env python3
"""PostgreSQL's CPU by process kind, for bench/run.sh and bench/kafka-phase.sh (issue 14).

Their PostgreSQL total (postmaster + reaped children + live children, /proc) says how much CPU PostgreSQL
took in a phase, not whose: a client backend serving UMR, or autovacuum, the checkpointer, the background
writer or the WAL writer catching up on what an earlier phase wrote. This splits it, cheaply:

  pg-cpu.py run POSTMASTER_PID STATE     sampler, in the background: every 0.5 s (and at once on SIGUSR1)
                                         reads the postmaster's children (/proc/PID/task/PID/children), each
                                         one's kind from its process title (/proc/PID/cmdline: "postgres:
                                         checkpointer", "postgres: autovacuum worker", a client backend
                                         "postgres: USER DB HOST(PORT) ...") and its utime+stime, and writes
                                         the CPU seconds so far per kind to STATE. No SQL: it adds no backend.
  pg-cpu.py mark SAMPLER_PID STATE PREV
                                         at a phase mark: asks the sampler for a fresh sample (SIGUSR1, waits
                                         up to 1 s), prints the seconds per kind since PREV as one JSON object
                                         and keeps the new state as PREV. The kinds add up to PostgreSQL's
                                         whole CPU between the two samples (postmaster, reaped and live
                                         children), as the callers count it, up to the moments they read it.

Processes that exit still count: a child that vanished between two samples is credited with its last
sampled CPU, and the rest of its CPU (what the postmaster's cutime+cstime grew by beyond the vanished
children's last samples) goes to the vanished children's kind when they were all of one kind (the usual
case: an autovacuum worker finishing a table), otherwise to "unattributed", as does a process that was born
and died between two samples (a short psql). A child reaped between the sample's read of it and of the
postmaster shows in cutime one sample before it leaves the children list: that CPU waits one sample for
it instead of being counted twice. Processes are keyed by pid and start time (pid reuse).
"""
import json
import os
import signal
import sys
import time

KINDS = ("client", "autovacuum", "checkpointer", "bgwriter", "walwriter", "other")
TICK = os.sysconf("SC_CLK_TCK")
INTERVAL = 0.5


def kind_of(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            title = f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        return None
    if not title:
        return None  # a zombie (exited, not yet reaped) has no command line: keep the kind it had
    rest = title[len("postgres: "):] if title.startswith("postgres: ") else title
    if rest.startswith("autovacuum"):
        return "autovacuum"  # launcher and workers
    for prefix, kind in (("checkpointer", "checkpointer"), ("background writer", "bgwriter"),
                         ("walwriter", "walwriter")):
        if rest.startswith(prefix):
            return kind
    # a client backend's title: "USER DATABASE HOST(PORT) STATE" or "USER DATABASE [local] STATE"
    words = rest.split()
    if len(words) >= 3 and ("(" in words[2] or words[2] == "[local]"):
        return "client"
    return "other"  # logical replication launcher, walsummarizer, startup, archiver, ...


def stat(pid):
    """(start time, utime+stime, cutime+cstime) in ticks and the parent pid, or None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # after the name: state is field 3, so field n is fields[n - 3]
    return int(fields[19]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14]), int(fields[1])


def children(pm):
    try:
        with open(f"/proc/{pm}/task/{pm}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


class Sampler:
    """Ticks so far by kind: each sample credits each child's growth since the previous sample to the kind
    it has now (a child just forked still carries the postmaster's title until it sets its own, so a kind
    is read every time and only the growth moves with it)."""

    def __init__(self, pm):
        self.pm = pm
        self.live = {}  # (pid, start) -> [kind, ticks at the last sample]
        self.ticks = {k: 0 for k in KINDS + ("unattributed",)}
        # reaped CPU not yet matched to a vanished child: a child reaped between this sample's read of it and
        # of the postmaster is in cutime one sample before it leaves the children list
        self.pool, self.pool_age = 0, 0
        own = stat(pm)
        self.reaped = own[2] if own else 0
        self.own = own[1] if own else 0

    def sample(self):
        seen = {}
        # the children file can miss a live child while the list changes (proc(5)), which read as an exit
        # and then a new child counted whole again: the children seen last time are looked up by pid too
        for pid in set(children(self.pm)) | {pid for pid, _ in self.live}:
            s = stat(pid)
            if s is None or s[3] != self.pm:
                continue
            key = (pid, s[0])
            was = self.live.get(key)
            kind = kind_of(pid) or (was[0] if was else "other")
            self.ticks[kind] += s[1] - (was[1] if was else 0)
            seen[key] = [kind, s[1]]
        own = stat(self.pm)
        if own is None:
            return False
        vanished = [v for k, v in self.live.items() if k not in seen]
        # what the reaped children used beyond their last samples (and children never sampled)
        self.pool += own[2] - self.reaped - sum(t for _, t in vanished)
        kinds = {kind for kind, _ in vanished}
        if self.pool > 0 and (kinds or self.pool_age >= 1):
            self.ticks[kinds.pop() if len(kinds) == 1 else "unattributed"] += self.pool
            self.pool, self.pool_age = 0, 0
        elif self.pool > 0:
            self.pool_age += 1  # no child left this time: wait one sample for the one it belongs to
        self.ticks["other"] += own[1] - self.own  # the postmaster itself
        self.live, self.reaped, self.own = seen, own[2], own[1]
        return True

    def seconds(self):
        return {k: v / TICK for k, v in self.ticks.items()}


def run(pm, state):
    sampler = Sampler(pm)
    seq = 0

    class Wake(Exception):
        pass

    def wake(*_):
        raise Wake()

    signal.signal(signal.SIGUSR1, wake)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
            alive = sampler.sample()
            seq += 1
            tmp = state + ".tmp"
            with open(tmp, "w") as f:
                json.dump({"seq": seq, "seconds": sampler.seconds()}, f)
            os.replace(tmp, state)
            if not alive:
                return
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR1})  # a pending wake-up lands here
            time.sleep(INTERVAL)
        except Wake:
            pass


def read(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {"seq": 0, "seconds": {}}


def mark(sampler_pid, state, prev):
    before = read(state).get("seq", 0)
    if not before:  # no sampler, or it has not installed its handler yet (SIGUSR1 would kill it): no split
        print("{}")
        return
    try:
        if sampler_pid <= 0:  # kill(0, ...) would signal the caller's whole process group
            raise ValueError("no sampler")
        os.kill(sampler_pid, signal.SIGUSR1)
        for _ in range(50):
            time.sleep(0.02)
            if read(state).get("seq", 0) != before:
                break
    except (OSError, ValueError):
        pass  # no sampler (it ended with its postmaster): the last state stands
    now, was = read(state)["seconds"], read(prev)["seconds"]
    out = {k: now.get(k, 0) - was.get(k, 0) for k in KINDS + ("unattributed",)}
    print(json.dumps({k: round(v, 2) for k, v in out.items()}))
    if os.path.exists(state):
        with open(state) as src, open(prev, "w") as dst:
            dst.write(src.read())


if __name__ == "__main__":
    if sys.argv[1:2] == ["run"] and len(sys.argv) == 4:
        run(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1:2] == ["mark"] and len(sys.argv) == 5:
        mark(int(sys.argv[2] or 0), sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
