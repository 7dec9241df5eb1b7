#!/usr/bin/env python3
"""Serves the kiosk's ui/ on 127.0.0.1 for the Chromium side of scripts/bench.

Usage: serve.py UI_FOLDER REPLIES_JSON. Prints the port it listens on (one line), then serves
until killed. index.html gets two classic scripts before its module: the kiosk's recorded IPC
replies and bench/tauri-replay.js, which answers the welcome screen's calls with them, so
Chromium draws the same welcome screen the kiosk does. Quiet: no request log.
"""
import functools
import http.server
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHIM = '<script src="/__bench/replies.js"></script><script src="/__bench/tauri-replay.js"></script>\n  '


class Handler(http.server.SimpleHTTPRequestHandler):
    # ES modules need a JavaScript MIME type.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".ftl": "text/plain"}
    replies = "{}"

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html"):
            with open(os.path.join(self.directory, "index.html"), encoding="utf-8") as f:
                html = f.read()
            at = html.find('<script type="module"')
            return self.send(html[:at] + SHIM + html[at:], "text/html; charset=utf-8")
        if path == "/__bench/replies.js":
            return self.send("window.__BENCH_REPLIES = " + self.replies + ";\n", "text/javascript")
        if path == "/__bench/tauri-replay.js":
            with open(os.path.join(HERE, "tauri-replay.js"), encoding="utf-8") as f:
                return self.send(f.read(), "text/javascript")
        return super().do_GET()

    def send(self, text, content_type):
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    with open(sys.argv[2], encoding="utf-8") as f:
        Handler.replies = f.read()
    handler = functools.partial(Handler, directory=sys.argv[1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
