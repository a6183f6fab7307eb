#!/usr/bin/env python3
"""Save-to-reload latency of `skillpress serve`: median of N one-lesson edits.

  python3 bench/serve_latency.py SKILLPRESS_BIN COURSE_DIR [--edits 20] [--settle 2] [--edit text|title]

Starts the dev server on a free port, listens to its live-reload stream, then N times edits one
lesson and measures the time from the write to the `reload` event (the moment an open page starts
reloading), checking the page then serves the edit. `--edit text` (default) appends a sentence to
the lesson's body; `--edit title` changes its front-matter title, which changes the navigation
(`assets/nav.js`), the neighbours' previous/next links and the module page. Also prints the
server's resident memory after its first build and its peak (Linux /proc). Standard library only.
"""
import argparse
import glob
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("course")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--settle", type=float, default=2.0,
                    help="seconds between edits (the peers' figures used 3)")
    ap.add_argument("--edit", choices=["text", "title"], default="text")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="sp-serve-bench-")
    course = os.path.join(work, "course")
    shutil.copytree(args.course, course, ignore=shutil.ignore_patterns("public"))
    out = os.path.join(work, "out")
    proc = subprocess.Popen([args.bin, "serve", "--root", course, "--out", out, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port = None
    for line in proc.stdout:
        if line.startswith("Serving http://127.0.0.1:"):
            port = int(line.split(":")[2].split("/")[0])
            break
    if port is None:
        sys.exit("server did not start")
    # Keep reading the server's output: each rebuild prints its summary and warnings, and a
    # full pipe would stop the server mid-print.
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()

    sse = socket.create_connection(("127.0.0.1", port))
    sse.sendall(b"GET /__skillpress/events HTTP/1.1\r\nHost: x\r\n\r\n")
    sse.settimeout(30)
    buf = b""

    def wait_event(name):
        nonlocal buf
        marker = b"event: " + name.encode() + b"\n"
        # Heartbeats arrive every 15 s, so the socket timeout alone would never fire.
        deadline = time.monotonic() + 30
        while marker not in buf:
            if time.monotonic() > deadline:
                sys.exit("no %s event within 30 s" % name)
            buf += sse.recv(65536)
        buf = buf[buf.index(marker) + len(marker):]

    wait_event("hello")
    rss_first = rss_mib(proc.pid, "VmRSS")
    # The first edit waits like the others: saved right after the first build, it would fall
    # inside the pause the server leaves between rebuilds (and beside the first search index).
    time.sleep(args.settle)
    lessons = sorted(glob.glob(os.path.join(course, "content", "modules", "*", "[0-9]*.md")))
    lesson = lessons[len(lessons) // 2]
    rel = os.path.relpath(lesson, os.path.join(course, "content", "modules"))
    module_dir, name = rel.split(os.sep)
    module = module_dir.split("-", 1)[1]
    page = name[:-3].split("-", 1)[1] + ".html"
    url = "http://127.0.0.1:%d/modules/%s/%s" % (port, module, page)
    text = open(lesson, encoding="utf-8").read()
    times, cpus = [], []
    for i in range(args.edits):
        marker = "Benchmark edit %d." % i
        if args.edit == "text":
            new_text = text + "\n\n" + marker + "\n"
        else:
            marker = "Benchmark title %d" % i
            new_text = re.sub(r"(?m)^title: .*$", "title: \"%s\"" % marker, text, count=1)
            assert new_text != text, "the lesson has no `title:` line"
        cpu0 = cpu_ms(proc.pid)
        t0 = time.perf_counter()
        with open(lesson, "w", encoding="utf-8") as f:
            f.write(new_text)
        wait_event("reload")
        times.append((time.perf_counter() - t0) * 1000)
        cpus.append(cpu_ms(proc.pid) - cpu0)
        body = urllib.request.urlopen(url, timeout=30).read().decode()
        assert marker in body, "page does not show the edit"
        time.sleep(args.settle)
    rss_peak = rss_mib(proc.pid, "VmHWM")
    rss_last = rss_mib(proc.pid, "VmRSS")
    proc.terminate()
    proc.wait()
    shutil.rmtree(work, ignore_errors=True)
    times.sort()
    print("lessons: %d  %s edits: %d  median %.0f ms  p90 %.0f ms  min %.0f ms  max %.0f ms" % (
        len(lessons), args.edit, len(times), statistics.median(times),
        times[int(len(times) * 0.9) - 1], times[0], times[-1]))
    # CPU time the server spent from the write to the event: on a machine shared with other
    # jobs, wall time waits for the cores, CPU time does not.
    print("server CPU per edit: median %.0f ms (min %.0f, max %.0f)" % (
        statistics.median(cpus), min(cpus), max(cpus)))
    print("resident: %s MiB after the first build, %s MiB after the edits, peak %s MiB" % (
        rss_first, rss_last, rss_peak))


def cpu_ms(pid):
    """User plus system CPU time of process `pid` so far, in milliseconds (Linux /proc)."""
    try:
        fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def rss_mib(pid, field):
    """A memory figure of process `pid` from /proc/PID/status, in MiB ("?" where unavailable)."""
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith(field + ":"):
                return "%.0f" % (int(line.split()[1]) / 1024)
    except OSError:
        pass
    return "?"


if __name__ == "__main__":
    main()
