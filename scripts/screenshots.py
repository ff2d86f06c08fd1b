"""Take the README's pictures from a running Odoo with the module's demo data.

Usage: python scripts/screenshots.py BASE_URL DB OUT_DIR

For each language (zh_CN, then en_US) writes OUT_DIR/<lang>/*.png: the board,
a case form, the public form on a phone, the tracking page, the reply letter
(its PDF through pdftoppm) and the dashboard. The demo users read the web
client in the language of the set; run it on a throwaway database
(scripts/screenshots.sh, `make screenshots`), since it changes their language.
"""

import http.cookiejar
import json
import subprocess
import sys
import tempfile
import urllib.request
import xmlrpc.client
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot import Browser

# Language: its URL code on the public pages and the browser's locale.
LANGS = {"zh_CN": ("zh_CN", "zh-CN"), "en_US": ("en", "en-US")}
TIMEZONE = "Asia/Shanghai"  # the demo lab's
STAFF = ("customer_service", "quality_manager", "top_management")
# The case of the form (awaiting top management's approval, with an investigation,
# a re-test, nonconforming work and CAPA) and the replied case of the tracking page and letter.
FORM_CASE = "demo_case_inv_dispute_done"
REPLIED_CASE = "demo_case_12"
MAX_WIDTH = 1200  # of a committed picture, in pixels


class Odoo:
    """What the shots need to know of the database, over XML-RPC."""

    def __init__(self, base, db):
        self.base, self.db = base, db
        self.common = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/common")
        self.models = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/object", allow_none=True)

    def call(self, login, model, method, *args, **kwargs):
        # Demo passwords are the logins (admin's too).
        uid = self.common.authenticate(self.db, login, login, {})
        return self.models.execute_kw(self.db, uid, login, model, method, list(args), kwargs)

    def res_id(self, name, module="quality_complaint"):
        rows = self.call(
            "admin", "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)]
        )
        return rows[0]["res_id"]

    def menu_path(self, menu):
        action = self.call("admin", "ir.ui.menu", "read", [self.res_id(menu)], ["action"])[0]["action"]
        return f"/odoo/action-{action.split(',')[1]}"

    def set_lang(self, lang):
        users = self.call("admin", "res.users", "search", [("login", "in", list(STAFF))])
        self.call("admin", "res.users", "write", users, {"lang": lang})
        # The letter speaks the complainant's language: the case's, for this set.
        self.call(
            "customer_service", "quality.complaint", "write", [self.res_id(REPLIED_CASE)], {"lang": lang}
        )

    def pdf(self, login, report, record_id):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        payload = {"jsonrpc": "2.0", "params": {"db": self.db, "login": login, "password": login}}
        request = urllib.request.Request(
            f"{self.base}/web/session/authenticate",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        opener.open(request, timeout=60).read()
        return opener.open(f"{self.base}/report/pdf/{report}/{record_id}", timeout=300).read()


def optimise(path):
    """At most MAX_WIDTH pixels wide, in 256 colours: screenshots stay small."""
    image = Image.open(path).convert("RGB")
    if image.width > MAX_WIDTH:
        image = image.resize(
            (MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)), Image.Resampling.LANCZOS
        )
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True
    )
    print(path)


def staff_shots(odoo, base, out, locale):
    board = odoo.menu_path("menu_complaint_cases")
    shots = (
        ("board", "customer_service", board, (1600, 900), ".o_kanban_record"),
        ("case_form", "top_management", f"{board}/{odoo.res_id(FORM_CASE)}", (1600, 1000), ".o-mail-Message"),
        (
            "dashboard",
            "quality_manager",
            odoo.menu_path("menu_complaint_dashboard"),
            (1600, 1000),
            ".o_content",
        ),
    )
    for name, login, path, (width, height), ready in shots:
        browser = Browser(width, height, locale, TIMEZONE)
        try:
            browser.resize(width, height)
            browser.login(base, login, login)
            browser.open(f"{base}{path}", wait_for=ready, settle=3)
            optimise(browser.capture(out / f"{name}.png"))
        finally:
            browser.close()


def public_shots(odoo, base, out, url_code, locale):
    token = odoo.call(
        "customer_service", "quality.complaint", "read", [odoo.res_id(REPLIED_CASE)], ["access_token"]
    )[0]["access_token"]
    shots = (
        ("public_form_phone", f"/{url_code}/complaint", (390, 844), 2, False),
        ("tracking_page", f"/{url_code}/complaint/status/{token}", (1100, 900), 1, True),
    )
    for name, path, (width, height), scale, full_page in shots:
        browser = Browser(width, height, locale, TIMEZONE)
        try:
            browser.resize(width, height, scale)
            browser.open(f"{base}{path}", wait_for="main", settle=2)
            optimise(browser.capture(out / f"{name}.png", full_page=full_page))
        finally:
            browser.close()


def letter_shot(odoo, out):
    pdf = odoo.pdf("customer_service", "quality_complaint.report_reply_letter", odoo.res_id(REPLIED_CASE))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "letter.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "100",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                source,
                Path(tmp) / "letter",
            ],
            check=True,
        )
        target = out / "reply_letter.png"
        target.write_bytes((Path(tmp) / "letter.png").read_bytes())
    optimise(target)


def main():
    base, db, out_dir = sys.argv[1:4]
    odoo = Odoo(base, db)
    for lang, (url_code, locale) in LANGS.items():
        out = Path(out_dir) / lang
        out.mkdir(parents=True, exist_ok=True)
        odoo.set_lang(lang)
        staff_shots(odoo, base, out, locale)
        public_shots(odoo, base, out, url_code, locale)
        letter_shot(odoo, out)


if __name__ == "__main__":
    main()
