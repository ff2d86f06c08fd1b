"""Log in to a running Odoo with headless Chromium and save a screenshot of a page.

Usage: python scripts/screenshot.py BASE_URL PATH OUT.png [LOGIN PASSWORD] [WIDTHxHEIGHT]
LOGIN "-" takes the page as a visitor. Uses only Debian's chromium and the
venv's websocket-client (Chrome DevTools protocol). scripts/screenshots.py
takes the README's pictures with the same browser.
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """One headless Chromium with its own profile (cookies: one logged-in user)."""

    def __init__(self, width=1400, height=900, locale=None, timezone=None):
        """`locale` ("zh-CN"): of the browser's own widgets and Accept-Language;
        `timezone` ("Asia/Shanghai"): the web client shows times in the browser's."""
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="qc-chromium-")
        self.process = subprocess.Popen(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--hide-scrollbars",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={self.port}",
                f"--window-size={width},{height}",
                *([f"--lang={locale}", f"--accept-lang={locale}"] if locale else []),
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Chromium on Linux takes its own language from the environment, not from --lang.
            env=dict(os.environ, LANGUAGE=locale.replace("-", "_")) if locale else None,
        )
        targets = []
        for _attempt in range(100):
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json", timeout=2))
                break
            except OSError:
                time.sleep(0.2)
        page = next(target for target in targets if target["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=120)
        self.counter = iter(range(1, 10**9))
        if locale:
            self.call("Emulation.setLocaleOverride", locale=locale)
        if timezone:
            self.call("Emulation.setTimezoneOverride", timezoneId=timezone)

    def call(self, method, **params):
        msg_id = next(self.counter)
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == msg_id:
                return reply.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def resize(self, width, height, scale=1):
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=scale,
            mobile=width < 600,
        )

    def open(self, url, wait_for=None, timeout=30, settle=1.5):
        """Load `url`, then wait until `wait_for` (a CSS selector) is on the page."""
        self.call("Page.navigate", url=url)
        deadline = time.time() + timeout
        condition = "document.readyState === 'complete'"
        if wait_for:
            condition += f" && !!document.querySelector({json.dumps(wait_for)})"
        while time.time() < deadline and not self.evaluate(condition):
            time.sleep(0.3)
        time.sleep(settle)

    def login(self, base, login, password):
        self.open(f"{base}/web/login", wait_for="#login")
        self.evaluate(
            f"document.querySelector('#login').value={json.dumps(login)};"
            f"document.querySelector('#password').value={json.dumps(password)};"
            "document.querySelector('form.oe_login_form').submit();"
        )
        time.sleep(3)

    def capture(self, out, full_page=False):
        """Save the viewport (or the whole page) as PNG."""
        params = {"format": "png"}
        if full_page:
            metrics = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params.update(
                captureBeyondViewport=True,
                clip={"x": 0, "y": 0, "width": metrics["width"], "height": metrics["height"], "scale": 1},
            )
        shot = self.call("Page.captureScreenshot", **params)
        with open(out, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
        return out

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    base, path, out = sys.argv[1:4]
    login, password = sys.argv[4:6] if len(sys.argv) >= 6 else ("admin", "admin")
    width, height = (int(x) for x in (sys.argv[6] if len(sys.argv) > 6 else "1400x900").split("x"))
    browser = Browser(width, height)
    try:
        browser.resize(width, height)
        if login != "-":
            browser.login(base, login, password)
        browser.open(f"{base}{path}", settle=6)
        print(browser.capture(out))
    finally:
        browser.close()


if __name__ == "__main__":
    main()
