"""Log in to a running Odoo with headless Chromium and save a screenshot of a page.

Usage: python scripts/screenshot.py BASE_URL PATH OUT.png [LOGIN PASSWORD] [WIDTHxHEIGHT]
Uses only Debian's chromium and the venv's websocket-client (Chrome DevTools protocol).
"""

import base64
import json
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket


def main():
    base, path, out = sys.argv[1:4]
    login, password = sys.argv[4:6] if len(sys.argv) >= 6 else ("admin", "admin")
    width, height = (int(x) for x in (sys.argv[6] if len(sys.argv) > 6 else "1400x900").split("x"))
    port = 9333
    profile = tempfile.mkdtemp(prefix="qc-chromium-")
    browser = subprocess.Popen(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            f"--window-size={width},{height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(50):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2))
                break
            except OSError:
                time.sleep(0.2)
        page = next(t for t in targets if t["type"] == "page")
        ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        counter = iter(range(1, 10**6))

        def call(method, **params):
            msg_id = next(counter)
            ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
            while True:
                reply = json.loads(ws.recv())
                if reply.get("id") == msg_id:
                    return reply.get("result", {})

        def evaluate(expression):
            return (
                call("Runtime.evaluate", expression=expression, returnByValue=True)
                .get("result", {})
                .get("value")
            )

        call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        if login != "-":
            call("Page.navigate", url=f"{base}/web/login")
            time.sleep(2)
            evaluate(
                f"document.querySelector('#login').value={json.dumps(login)};"
                f"document.querySelector('#password').value={json.dumps(password)};"
                "document.querySelector('form.oe_login_form').submit();"
            )
            time.sleep(3)
        call("Page.navigate", url=f"{base}{path}")
        time.sleep(6)
        shot = call("Page.captureScreenshot", format="png")
        with open(out, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
        print(out)
    finally:
        browser.terminate()


if __name__ == "__main__":
    main()
