#!/usr/bin/env python3
"""Time from saving an edited statement to the live-reload event of `annals serve`.

    benches/serve.py ARCHIVE [RUNS]

Starts the release binary's `serve` on ARCHIVE (a corpus from gen_corpus.py, see
benches/build.sh), opens the event stream as a browser would, then RUNS times (default 10)
appends a sentence to one statement's body and measures until the `reload` event arrives;
then does the same, a third as often, for an edit of a title and of a date (front matter:
the pages showing the statement change, its lists and, for a date, its place in them). The
statement file is restored afterwards. Prints the median and the range, in milliseconds.
"""
import os
import re
import socket
import statistics
import subprocess
import sys
import time

archive = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
binary = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "annals")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]

started = time.time()
server = subprocess.Popen([binary, "--root", archive, "serve", "--port", str(port)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
for line in server.stdout:
    if "Serving the archive" in line:
        break
print(f"initial build and start: {time.time() - started:.1f} s")

events = socket.create_connection(("127.0.0.1", port))
events.sendall(b"GET /__annals/events HTTP/1.1\r\nHost: x\r\n\r\n")
buffer = b""


def wait_for(name):
    global buffer
    marker = f"event: {name}\n".encode()
    while marker not in buffer:
        buffer += events.recv(65536)
    buffer = buffer[buffer.index(marker) + len(marker):]


wait_for("hello")
statements = os.path.join(archive, "content", "statements")
target = None
for dirpath, _, files in sorted(os.walk(statements)):
    for name in sorted(files):
        if name.endswith(".md"):
            target = os.path.join(dirpath, name)
            break
    if target:
        break
original = open(target, encoding="utf-8").read()


def measure(edit, count):
    times = []
    for i in range(count):
        with open(target, "w", encoding="utf-8") as f:
            f.write(edit(i))
        saved = time.perf_counter()
        wait_for("reload")
        times.append((time.perf_counter() - saved) * 1000)
        time.sleep(0.2)
    return times


try:
    body = measure(lambda i: original + f"\nAn added sentence, number {i}.\n", runs)
    title = measure(lambda i: original.replace("title = \"", f"title = \"Edited {i} ", 1), max(3, runs // 3))
    # A date edit moves the statement in the timeline and every list it is on.
    date = measure(lambda i: re.sub(r"^date = \d{4}-\d{2}-\d{2}", f"date = 2019-0{1 + i % 9}-1{i % 10}", original, count=1, flags=re.M), max(3, runs // 3))
finally:
    with open(target, "w", encoding="utf-8") as f:
        f.write(original)
    server.terminate()
    server.wait()
for label, times in (("body edit", body), ("title edit", title), ("date edit", date)):
    print(f"{label}: median {statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}) over {len(times)} saves")
