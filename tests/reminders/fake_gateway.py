"""A local fake SMS/Zalo gateway: a real HTTP server on 127.0.0.1 at a free port, started by
the test, recording each request. Nothing leaves the machine and the HTTP layer is not mocked.
Used by ``tests/reminders`` and by the browser test ``e2e/test_reminders.py``."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeGateway:
    def __init__(self):
        self.requests = []
        # Status codes to answer with, in order; then 200 for ever.
        self.script = []
        self.zalo_errors = []
        self._lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with gateway._lock:
                    gateway.requests.append(
                        {
                            "path": self.path,
                            "headers": {k.lower(): v for k, v in self.headers.items()},
                            "json": body,
                        }
                    )
                    n = len(gateway.requests)
                    status = gateway.script.pop(0) if gateway.script else 200
                    zalo_error = gateway.zalo_errors.pop(0) if gateway.zalo_errors else 0
                if self.path.startswith("/zalo"):
                    answer = {"error": zalo_error, "message": "Success" if not zalo_error else "x"}
                    if not zalo_error:
                        if self.path.startswith("/zalo/message/template"):  # ZNS
                            answer["data"] = {"msg_id": f"zns-{n}", "sent_time": "0"}
                        else:
                            answer["data"] = {"message_id": f"zalo-{n}", "user_id": "u"}
                else:
                    answer = {"id": f"gw-{n}", "status": "accepted"}
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def posts(self, prefix):
        return [r for r in self.requests if r["path"].startswith(prefix)]
