#!/usr/bin/env python3
"""Splits each client's CPU per request into where it went, from the collapsed stacks that
scripts/profile-benchmark.sh writes: the benchmark's CPU/op (profiler on) times each part's
share of the CPU samples. The profile covers the warm-up too; with the default 30 s window the
window dominates it.

    scripts/profile-summary.py [etcd-benchmarks/target/profiles]
"""
import collections
import json
import pathlib
import re
import sys

directory = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "etcd-benchmarks/target/profiles")
results = json.loads((directory / "run-collapsed" / "benchmarks.json").read_text()).get("results", [])


def role(thread):
    if "bench-writer" in thread:
        return "benchmark writer (watch part)"
    if "CompilerThre" in thread:
        return "JIT compilers"
    if "GC Thread" in thread or "G1 " in thread:
        return "garbage collector"
    if re.search(r"-io-|ELG|eventloop", thread):
        return "event loop"
    if "-callback-" in thread:
        return "callback pool"
    if thread.startswith("[main"):
        return "benchmark driver"
    return "other threads"


def part(thread, stack):
    """What a sample of the event loop or the callback pool was doing."""
    joined = ";".join(stack)
    if "LinkedBlockingQueue.poll" in joined or "LinkedBlockingQueue.take" in joined:
        return "callback pool: parked or waking (futex)"
    if "eventFdWrite" in joined:
        return "callback pool: waking the event loop (eventfd)"
    if "UnaryCall.attempt" in joined or "RawStubsBenchClient.put" in joined or "RawStubsBenchClient.get" in joined:
        return "starting calls (gRPC start, send, request, half-close)"
    if "completeFromTransport" in joined or "CallbackPool.execute" in joined:
        return "event loop: handing responses to the callback pool"
    if "epoll_pwait" in joined or "epoll_wait" in joined:
        return "event loop: waiting in epoll"
    if "WriteQueue.flush" in joined:
        return "event loop: writing (gRPC write queue)"
    if "epollInReady" in joined:
        return "event loop: reading and decoding responses"
    return role(thread) + ": rest"


for collapsed in sorted(directory.glob("*.collapsed")):
    client = collapsed.stem
    cells = [r for r in results if r["client"] == client]
    # without a key-value cell (a watch profile, say), the tables count samples
    cpu_per_op = cells[0]["clientCpuMicrosPerOp"] if cells else None
    roles = collections.Counter()
    parts = collections.Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack_text, _, count = line.rpartition(" ")
        count = int(count)
        stack = stack_text.split(";")
        total += count
        thread_role = role(stack[0])
        roles[thread_role] += count
        if thread_role in ("event loop", "callback pool"):
            parts[part(stack[0], stack[1:])] += count
    unit = "µs/op" if cpu_per_op is not None else "samples"

    def figure(count):
        return f"{cpu_per_op * count / total:.2f}" if cpu_per_op is not None else str(count)

    heading = f"{cpu_per_op:.1f} µs CPU/op with the profiler on, " if cpu_per_op is not None else ""
    print(f"## {client}: {heading}{total} samples")
    print()
    print(f"| thread | {unit} |")
    print("|---|---:|")
    for name, count in roles.most_common():
        print(f"| {name} | {figure(count)} |")
    print()
    print(f"| event loop and callback pool, by activity | {unit} |")
    print("|---|---:|")
    for name, count in parts.most_common():
        print(f"| {name} | {figure(count)} |")
    print()
