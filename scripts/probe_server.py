#!/usr/bin/env python3
"""Small HTTP servers with known archetypes, for `conpar probe` tests and demos.

usage: probe_server.py MODE PORT
  serial-sleep     http.server.HTTPServer: one connection at a time, HTTP/1.0,
                   each request sleeps 20 ms (blocking, serial)
  threads-sleep    ThreadingHTTPServer, keep-alive, each request sleeps 20 ms
                   (a thread per connection: the waits overlap)
  threads-cpu      ThreadingHTTPServer, keep-alive, each request runs a Python
                   loop of about 10 ms (the GIL: one core at a time)
  hang-after-K     ThreadingHTTPServer, keep-alive: answers K requests at
                   once, then never answers again (each later request waits
                   HANG_S, then its connection is closed unanswered)
  backlog-1        http.server.HTTPServer, HTTP/1.0 (a connection per request),
                   each request sleeps 20 ms, listen() backlog 1: clients
                   beyond it overflow the accept queue and retransmit SYNs
  threads-close-backlog-5
                   ThreadingHTTPServer with Python's defaults: HTTP/1.0 (a
                   connection per request), listen() backlog 5; each request
                   sleeps 20 ms
  single-keepalive http.server.HTTPServer speaking HTTP/1.1: one connection
                   at a time, kept alive, so one client holds the server and
                   the others wait unanswered

Listens on 127.0.0.1 only. PORT 0 picks a free port; the first line printed is
"listening on PORT".
"""
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer

SLEEP_S = 0.020
CPU_S = 0.010
HANG_S = 60


def calibrate_loop():
    """Iterations of the loop that take about CPU_S on this machine."""
    n = 20000
    while True:
        t = time.perf_counter()
        spin(n)
        took = time.perf_counter() - t
        if took > 0.005:
            return max(1, int(n * CPU_S / took))
        n *= 2


def spin(n):
    x = 0
    for i in range(n):
        x += i * i
    return x


def handler(mode, loop, version):
    answered = [0]
    limit = int(mode.rsplit("-", 1)[1]) if mode.startswith("hang-after-") else None

    class Handler(BaseHTTPRequestHandler):
        protocol_version = version
        # Headers and body leave in separate writes: without this, Nagle's
        # algorithm holds the body for the client's delayed ACK (40 ms).
        disable_nagle_algorithm = True

        def do_GET(self):
            if limit is not None:
                answered[0] += 1
                if answered[0] > limit:
                    time.sleep(HANG_S)
                    self.close_connection = True
                    return
            elif mode.endswith("sleep") or mode.startswith(("backlog-", "threads-close-")):
                time.sleep(SLEEP_S)
            elif mode == "threads-cpu":
                spin(loop)
            body = b"ok\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    loop = calibrate_loop() if mode == "threads-cpu" else 0
    backlog = 1024
    if mode == "serial-sleep":
        cls, version = HTTPServer, "HTTP/1.0"
    elif mode in ("threads-sleep", "threads-cpu") or mode.startswith("hang-after-"):
        cls, version = ThreadingHTTPServer, "HTTP/1.1"
    elif mode == "threads-close-backlog-5":
        cls, version, backlog = ThreadingHTTPServer, "HTTP/1.0", 5
    elif mode == "backlog-1":
        cls, version, backlog = HTTPServer, "HTTP/1.0", 1
    elif mode == "single-keepalive":
        cls, version = HTTPServer, "HTTP/1.1"
    else:
        sys.exit(f"unknown mode {mode}")
    # Clients connect all at once at each level: a deep backlog keeps them
    # from waiting for SYN retries.
    cls.request_queue_size = backlog
    cls.daemon_threads = True
    server = cls(("127.0.0.1", port), handler(mode, loop, version))
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
