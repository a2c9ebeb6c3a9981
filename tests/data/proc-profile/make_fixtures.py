#!/usr/bin/env python3
# Writes the two recorded /proc + /sys trees ("before" and "after", one second apart)
# that tests/unit/collect/tst_profile_collector.cpp reads. Figures are chosen so the
# expected rates are round numbers; see the test for what each one checks.
import os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))

def w(root, rel, text):
    p = os.path.join(HERE, root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)

def stat_line(pid, comm, flags, minflt, majflt, ticks, threads, start, rss):
    return (f"{pid} ({comm}) S 1 {pid} {pid} 0 -1 {flags} {minflt} 0 {majflt} 0 {ticks} 0 0 0 20 0 "
            f"{threads} 0 {start} 1000000 {rss} 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n")

# pid: comm, flags, cgroup, exe, (minflt, majflt, ticks, schedstat ns, ctx, read, write) before/after, threads, start, rss, fds, io?
procs = {
    100: dict(comm="postgres", cg="0::/system.slice/postgresql@15-main.service\n", exe="/usr/lib/postgresql/15/bin/postgres",
              b=(10, 0, 100, 1_000_000_000, (10, 5), 0, 0), a=(20, 1, 150, 1_500_000_000, (110, 5), 1048576, 0),
              threads=4, start=500, rss=1000, fds=3, io=True),
    101: dict(comm="postgres", cg="0::/system.slice/postgresql@15-main.service\n", exe=None,
              b=(0, 0, 0, 0, (1, 1), 0, 0), a=(0, 0, 10, 100_000_000, (1, 1), 0, 0),
              threads=1, start=600, rss=500, fds=2, io=False),
    200: dict(comm="stress-ng-cpu", cg="0::/user.slice/user-0.slice/session-3.scope\n", exe="/usr/bin/stress-ng",
              b=(0, 0, 0, 0, (0, 0), 0, 0), a=(0, 0, 90, 900_000_000, (0, 50), 0, 0),
              threads=1, start=700, rss=100, fds=1, io=True),
    201: dict(comm="stress-ng-cpu", cg="0::/user.slice/user-0.slice/session-3.scope\n", exe="/usr/bin/stress-ng",
              b=(0, 0, 0, None, (0, 0), 0, 0), a=(0, 0, 80, None, (0, 50), 0, 0),
              threads=1, start=700, rss=100, fds=1, io=True),
    300: dict(comm="nginx", cg="0::/system.slice/docker-abc.scope\n", exe=None,
              b=(0, 0, 0, 0, (0, 0), 0, 0), a=(0, 0, 20, 200_000_000, (0, 0), 0, 0),
              threads=2, start=800, rss=200, fds=None, io=False),
    2: dict(comm="kthreadd", cg="0::/\n", exe=None, flags=0x00208040,
            b=(0, 0, 0, 0, None, 0, 0), a=(0, 0, 1, 10_000_000, None, 0, 0),
            threads=1, start=0, rss=0, fds=None, io=False),
    400: dict(comm="sh", cg="0::/\n", exe=None, only_after=True,
              a=(5, 0, 30, 300_000_000, (2, 2), 0, 4096), threads=1, start=100000, rss=50, fds=4, io=True),
    500: dict(comm="late", cg="0::/\n", exe=None, only_after=True,
              a=(5, 0, 30, 300_000_000, (2, 2), 0, 0), threads=1, start=100, rss=50, fds=1, io=True),
}

common = {
    "sys/kernel/osrelease": "6.1.0-test\n",
    "loadavg": "1.50 1.00 0.50 3/120 999\n",
    "sys/fs/file-nr": "1000\t0\t100000\n",
    "meminfo": "MemTotal:        8000000 kB\nMemFree:          500000 kB\nMemAvailable:    2000000 kB\n"
               "SwapTotal:       1000000 kB\nSwapFree:         500000 kB\n",
}

def disk(name, reads, rsec, rms, writes, wsec, wms, ticks, weighted):
    return f"   8       0 {name} {reads} 0 {rsec} {rms} {writes} 0 {wsec} {wms} 0 {ticks} {weighted} 0 0 0 0 0 0\n"

def netdev(rows):
    head = ("Inter-|   Receive                                                |  Transmit\n"
            " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n")
    out = head
    for name, rxb, rxe, rxd, rxf, txb, txd in rows:
        out += f"{name:>6}: {rxb} 10 {rxe} {rxd} {rxf} 0 0 0 {txb} 10 0 {txd} 0 0 0 0\n"
    return out

states = {
    "before": dict(
        uptime="999.50 1900.00\n",
        stat="cpu  1000 0 500 8000 100 0 0 0 0 0\ncpu0 500 0 250 4000 50 0 0 0 0 0\ncpu1 500 0 250 4000 50 0 0 0 0 0\n"
             "intr 0\nctxt 0\nbtime 0\nprocesses 10\nprocs_running 1\nprocs_blocked 0\n",
        psi_cpu="some avg10=10.00 avg60=5.00 avg300=1.00 total=1000000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
        psi_mem="some avg10=0.00 avg60=0.00 avg300=0.00 total=5000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=1000\n",
        cpustat="usage_usec 100\nnr_periods 100\nnr_throttled 5\nthrottled_usec 1000\n",
        vmstat="pgmajfault 100\npswpin 0\npswpout 0\npgscan_direct 0\npgscan_direct_throttle 7\noom_kill 1\n",
        disks=disk("vda", 1000, 8000, 500, 2000, 16000, 1500, 1000, 3000) + disk("vda1", 1000, 8000, 500, 2000, 16000, 1500, 1000, 3000)
              + disk("loop0", 5, 5, 5, 5, 5, 5, 5, 5),
        net=[("lo", 0, 0, 0, 0, 0, 0), ("eth0", 1000000, 0, 0, 0, 0, 0), ("veth0", 0, 0, 0, 0, 0, 0)],
        snmp=(10, 1000, 7), netstat=(0, 0)),
    "after": dict(
        uptime="1000.50 1901.00\n",
        stat="cpu  1100 0 550 8300 100 0 0 50 0 0\ncpu0 550 0 275 4150 50 0 0 25 0 0\ncpu1 550 0 275 4150 50 0 0 25 0 0\n"
             "intr 0\nctxt 0\nbtime 0\nprocesses 12\nprocs_running 3\nprocs_blocked 0\n",
        psi_cpu="some avg10=12.50 avg60=6.00 avg300=1.50 total=1250000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
        psi_mem="some avg10=0.00 avg60=0.00 avg300=0.00 total=5000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=1000\n",
        cpustat="usage_usec 200\nnr_periods 200\nnr_throttled 15\nthrottled_usec 101000\n",
        vmstat="pgmajfault 150\npswpin 10\npswpout 20\npgscan_direct 1000\npgscan_direct_throttle 9\noom_kill 2\n",
        disks=disk("vda", 1100, 10048, 700, 2300, 20096, 2500, 1800, 7000) + disk("vda1", 1100, 10048, 700, 2300, 20096, 2500, 1800, 7000)
              + disk("loop0", 9, 9, 9, 9, 9, 9, 9, 9),
        net=[("lo", 5000, 0, 0, 0, 5000, 0), ("eth0", 13500000, 2, 3, 1, 1000000, 1), ("veth0", 100, 0, 0, 0, 100, 0)],
        snmp=(20, 2000, 7), netstat=(4, 4)),
}

for state, st in states.items():
    shutil.rmtree(os.path.join(HERE, state), ignore_errors=True)
    P = os.path.join(state, "proc")
    S = os.path.join(state, "sys")
    for rel, text in common.items():
        w(P, rel, text)
    w(P, "uptime", st["uptime"])
    w(P, "stat", st["stat"])
    w(P, "pressure/cpu", st["psi_cpu"])
    w(P, "pressure/memory", st["psi_mem"])  # no pressure/io: that figure must stay absent
    w(S, "fs/cgroup/cpu.stat", st["cpustat"])
    w(P, "vmstat", st["vmstat"])
    w(P, "diskstats", st["disks"])
    w(P, "net/dev", netdev(st["net"]))
    r, o, e = st["snmp"]
    w(P, "net/snmp", "Ip: Forwarding DefaultTTL\nIp: 1 64\n"
      "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n"
      f"Tcp: 1 200 120000 -1 0 0 0 0 {e} 0 {o} {r} 0 0 0\n")
    lo, ld = st["netstat"]
    w(P, "net/netstat", f"TcpExt: SyncookiesSent ListenOverflows ListenDrops\nTcpExt: 0 {lo} {ld}\n")
    w(S, "block/vda/device/ioerr_cnt", "0x2\n")
    w(S, "block/loop0/size", "0\n")
    w(S, "class/net/eth0/speed", "1000\n")
    w(S, "class/net/veth0/speed", "-1\n")
    for pid, d in procs.items():
        if d.get("only_after") and state == "before":
            continue
        minflt, majflt, ticks, ns, ctx, rb, wb = d[state[0]] if not d.get("only_after") else d["a"]
        base = os.path.join(P, str(pid))
        w(P, f"{pid}/stat", stat_line(pid, d["comm"], d.get("flags", 0x400100), minflt, majflt, ticks, d["threads"], d["start"], d["rss"]))
        if ns is not None:
            w(P, f"{pid}/schedstat", f"{ns} 0 0\n")
        if ctx is not None:
            w(P, f"{pid}/status", f"Name:\t{d['comm']}\nThreads:\t{d['threads']}\nvoluntary_ctxt_switches:\t{ctx[0]}\nnonvoluntary_ctxt_switches:\t{ctx[1]}\n")
        if d["io"]:
            w(P, f"{pid}/io", f"rchar: 0\nwchar: 0\nsyscr: 0\nsyscw: 0\nread_bytes: {rb}\nwrite_bytes: {wb}\ncancelled_write_bytes: 0\n")
        w(P, f"{pid}/cgroup", d["cg"])
        if d["exe"]:
            os.symlink(d["exe"], os.path.join(HERE, base, "exe"))
        if d["fds"] is not None:
            for i in range(d["fds"]):
                w(P, f"{pid}/fd/{i}", "")
