"""Concurrent submissions against a local multi-worker Odoo (issue 7, load).

`--target ours`: the public complaint form. Each client GETs /complaint,
takes the CSRF token and the form's action from the page, and POSTs the
fields of FORM with the honeypot left empty. `--target peer`: OCA
helpdesk_mgmt's portal form (it has no public one): each client logs in as
a portal user of its own, GETs /new/ticket and POSTs /submitted/ticket.

After each submission the client opens what the complainant is sent to,
the tracking page (ours) or the portal ticket page (the peer), with a GET,
and posts a message on it: ours through the page's message form, the
peer through the portal chatter (`/mail/message/post`, what its page's
composer calls).

A fixed number of submissions shared by --clients threads; loopback only.
Prints and returns errors, records created, whether their references are
unique, and the p50/p95 of each step: the submission (GET the form and
POST it), the page GET and the message POST. The peer's clients log in
before the clock starts. With --server-pid, also the CPU time the Odoo
server's processes and PostgreSQL's spent per submission, from the first
request until the work left to the scheduler is done: what a round costs
the server in all, wherever it is spent.
"""

import argparse
import json
import os
import re
import statistics
import sys
import threading
import time
import xmlrpc.client
from pathlib import Path
from urllib.parse import urljoin, urlparse

import psycopg2
import requests

# The public form's fields (issue 5); adjust here when the form changes.
FORM = {
    "kind": "complaint",
    "description": "Load test {n}: the lead content in report R-{n} is wrong; please re-test the sample.",
    "complainant_request": "Re-test the retained sample.",
    "report": "R-L{n}",
    "complainant_name": "Load Tester {n}",
    "complainant_email": "load{n}@customer.example",
    "complainant_phone": "+86 21 5555 0000",
    "complainant_organisation": "Customer {n} Co., Ltd.",
    "privacy_consent": "on",
}
HONEYPOT = "website_url"
TICKET_FORM = {
    "subject": "Load test {n}: lead content disputed",
    "description": "Load test {n}: the lead content in report R-{n} is wrong; please re-test the sample.",
    "category": "",
}
PORTAL_PASSWORD = "load-test-portal-1"
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"[^>]*>(?:(?!</form>).)*name="csrf_token"', re.S)
SUCCESS = {"ours": re.compile(r"/complaint/status/"), "peer": re.compile(r"/my/ticket/\d+")}
MESSAGE = "Load test {n}: a question about the re-test of the retained sample."
STEPS = ("submit", "page", "message")
MESSAGE_ACTION = re.compile(r'<form[^>]*action="([^"]*/complaint/status/[^"/]+/message)"')
TABLES = {"ours": ("quality_complaint", "name"), "peer": ("helpdesk_ticket", "number")}


def csrf_and_action(session, url):
    page = session.get(url, timeout=60)
    page.raise_for_status()
    return csrf_and_action_of(page)


def csrf_and_action_of(page):
    token = CSRF.search(page.text)
    if not token:
        raise RuntimeError(f"no CSRF token on {page.url}")
    action = FORM_ACTION.search(page.text)
    return token.group(1), urljoin(page.url, action.group(1) if action else page.url)


def client_address(n):
    """A customer address of its own per submission (198.18.0.0/15 is for benchmarks).

    Odoo runs with --proxy-mode in the load test, as behind the lab's reverse
    proxy, so the per-address rate limit stays on and sees 500 customers.
    No traffic goes to these addresses: they are only a header.
    """
    return f"198.18.{n // 250}.{n % 250 + 1}"


def proxy_headers(base, n):
    # Odoo applies the proxy headers only when X-Forwarded-Host is there too.
    return {
        "X-Forwarded-For": client_address(n),
        "X-Forwarded-Host": urlparse(base).netloc,
        "X-Forwarded-Proto": "http",
    }


def submit_ours(session, base, n):
    headers = proxy_headers(base, n)
    page = session.get(f"{base}/complaint", timeout=60, headers=headers)
    page.raise_for_status()
    token = CSRF.search(page.text).group(1)
    action = FORM_ACTION.search(page.text)
    data = {key: value.format(n=n) for key, value in FORM.items()}
    data.update(csrf_token=token, **{HONEYPOT: ""})
    return session.post(
        urljoin(f"{base}/complaint", action.group(1) if action else "/complaint"),
        data=data,
        headers=headers,
        timeout=120,
        allow_redirects=False,
    )


def page_ours(session, base, n, location):
    """The tracking page the submission redirects to."""
    page = session.get(urljoin(base, location), headers=proxy_headers(base, n), timeout=60)
    page.raise_for_status()
    return page


def message_ours(session, base, n, page):
    """The tracking page's message form, as the complainant sends it."""
    token, action = CSRF.search(page.text), MESSAGE_ACTION.search(page.text)
    if not (token and action):
        raise RuntimeError(f"no message form on {page.url}")
    response = session.post(
        urljoin(page.url, action.group(1)),
        data={"csrf_token": token.group(1), "body": MESSAGE.format(n=n)},
        headers=proxy_headers(base, n),
        timeout=120,
        allow_redirects=False,
    )
    location = response.headers.get("Location", "")
    if response.status_code not in (302, 303) or "sent=1" not in location:
        raise RuntimeError(f"message refused: {response.status_code} {location}")


def submit_peer(session, base, n):
    token, _action = csrf_and_action(session, f"{base}/new/ticket")
    data = {key: value.format(n=n) for key, value in TICKET_FORM.items()}
    data["csrf_token"] = token
    return session.post(f"{base}/submitted/ticket", data=data, timeout=120, allow_redirects=False)


def page_peer(session, base, n, location):
    """The portal ticket page the submission redirects to."""
    page = session.get(urljoin(base, location), timeout=60)
    page.raise_for_status()
    return page


def message_peer(session, base, n, page):
    """What the portal ticket page's chatter composer sends."""
    ticket_id = int(re.search(r"/my/ticket/(\d+)", page.url).group(1))
    response = session.post(
        f"{base}/mail/message/post",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "id": n,
            "params": {
                "thread_model": "helpdesk.ticket",
                "thread_id": ticket_id,
                "post_data": {
                    "body": MESSAGE.format(n=n),
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        },
        timeout=120,
    )
    response.raise_for_status()
    if "error" in response.json():
        raise RuntimeError(f"message refused: {response.json()['error'].get('message')}")


STEPS_OF = {"ours": (submit_ours, page_ours, message_ours), "peer": (submit_peer, page_peer, message_peer)}


def portal_logins(base, db, clients, admin_password):
    """One portal user per client (created once through XML-RPC as admin)."""
    common = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/common")
    uid = common.authenticate(db, "admin", admin_password, {})
    models = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/object", allow_none=True)
    portal = models.execute_kw(
        db, uid, admin_password, "ir.model.data", "check_object_reference", ["base", "group_portal"]
    )[1]
    logins = [f"load-portal-{index}" for index in range(clients)]
    existing = models.execute_kw(
        db,
        uid,
        admin_password,
        "res.users",
        "search_read",
        [[("login", "in", logins)]],
        {"fields": ["login"]},
    )
    missing = set(logins) - {user["login"] for user in existing}
    for login in sorted(missing):
        models.execute_kw(
            db,
            uid,
            admin_password,
            "res.users",
            "create",
            [
                {
                    "name": login,
                    "login": login,
                    "email": f"{login}@customer.example",
                    "password": PORTAL_PASSWORD,
                    "group_ids": [(6, 0, [portal])],
                }
            ],
        )
    return logins


def login(session, base, user):
    token, _action = csrf_and_action(session, f"{base}/web/login")
    response = session.post(
        f"{base}/web/login",
        data={"login": user, "password": PORTAL_PASSWORD, "csrf_token": token, "redirect": "/my"},
        timeout=60,
    )
    response.raise_for_status()
    if "session_id" not in session.cookies:
        raise RuntimeError(f"{user} could not log in")


def count_rows(dsn, target, since_id):
    table, reference = TABLES[target]
    with psycopg2.connect(dsn) as connection, connection.cursor() as cr:
        cr.execute(
            f"SELECT count(*), count(DISTINCT {reference}) FROM {table} WHERE id > %s",
            (since_id,),
        )
        return cr.fetchone()


def max_id(dsn, target):
    table, _reference = TABLES[target]
    with psycopg2.connect(dsn) as connection, connection.cursor() as cr:
        cr.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
        return cr.fetchone()[0]


def server_cpu_seconds(server_pid):
    """CPU seconds used so far by the Odoo server (`server_pid` and its
    workers, recycled ones included) and by PostgreSQL (its backends, ended
    ones included), from /proc."""
    processes = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, tail = stat.read_text().rsplit(")", 1)
        except OSError:
            continue
        values = tail.split()
        # utime, stime and the reaped children's cutime, cstime, in clock ticks
        processes[int(stat.parent.name)] = (
            head.split("(", 1)[1],
            int(values[1]),
            sum(map(int, values[11:15])),
        )
    children = {}
    for pid, (_comm, ppid, _ticks) in processes.items():
        children.setdefault(ppid, []).append(pid)
    odoo, todo = set(), [server_pid]
    while todo:
        pid = todo.pop()
        if pid in processes and pid not in odoo:
            odoo.add(pid)
            todo.extend(children.get(pid, ()))
    ticks = sum(ticks for pid, (comm, _ppid, ticks) in processes.items() if pid in odoo or comm == "postgres")
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_for_intake(dsn, timeout=300):
    """Seconds from the last answered submission until the intake job has
    finished every case (duplicate check, routing notice, receipt); None if
    it had not after `timeout`."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        with psycopg2.connect(dsn) as connection, connection.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM quality_complaint"
                " WHERE duplicate_check_pending OR routing_notice_pending OR receipt_pending"
            )
            if not cr.fetchone()[0]:
                return round(time.perf_counter() - started, 1)
        time.sleep(1)
    return None


def run(args):
    host = urlparse(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"refusing to load {host}: loopback only")
    base = args.url.rstrip("/")
    dsn = f"dbname={args.db}"
    if args.target == "ours":
        probe = requests.get(f"{base}/complaint", timeout=60)
        if probe.status_code == 404:
            return {"target": "ours", "skipped": "no /complaint route (public form of issue 5 not installed)"}
        users = [None] * args.clients
    else:
        users = portal_logins(base, args.db, args.clients, args.admin_password)
    submit, open_page, post_message = STEPS_OF[args.target]
    before = max_id(dsn, args.target)
    numbers = iter(range(args.first, args.first + args.total))
    lock = threading.Lock()
    timings, errors = {step: [] for step in STEPS}, []

    def timed(step, call, *call_args):
        started = time.perf_counter()
        try:
            return call(*call_args)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings[step].append(elapsed)

    def client(session):
        while True:
            with lock:
                n = next(numbers, None)
            if n is None:
                return
            try:
                response = timed("submit", submit, session, base, n)
                location = response.headers.get("Location", "")
                if response.status_code not in (302, 303) or not SUCCESS[args.target].search(location):
                    raise RuntimeError(f"{response.status_code} {location}")
                page = timed("page", open_page, session, base, n, location)
                timed("message", post_message, session, base, n, page)
            except (requests.RequestException, RuntimeError) as error:
                with lock:
                    errors.append(repr(error))

    sessions = [requests.Session() for _user in users]
    for session, user in zip(sessions, users, strict=True):
        if user:
            login(session, base, user)
    cpu_before = server_cpu_seconds(args.server_pid) if args.server_pid else None
    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(session,)) for session in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    intake_s = wait_for_intake(dsn) if args.target == "ours" else None
    server_cpu_s = server_cpu_seconds(args.server_pid) - cpu_before if args.server_pid else None
    created, unique = count_rows(dsn, args.target, before)
    result = {
        "target": args.target,
        "submissions": len(timings["submit"]),
        "clients": args.clients,
        "errors": len(errors),
        "first_errors": errors[:5],
        "created": created,
        "unique_references": unique == created,
        "wall_s": round(wall, 1),
        "per_second": round(len(timings["submit"]) / wall, 1),
        "intake_done_s": intake_s,
        "server_cpu_s": server_cpu_s,
    }
    result["samples_ms"] = {step: [round(value, 1) for value in values] for step, values in timings.items()}
    return result


def merged(rows):
    """One row per target from its rounds: counts added, the percentiles of
    all the rounds' timings together."""
    by_target = {}
    for row in rows:
        by_target.setdefault(row["target"], []).append(row)
    result = []
    for target, rounds in by_target.items():
        if any("skipped" in row for row in rounds):
            result.append(next(row for row in rounds if "skipped" in row))
            continue
        row = {
            "target": target,
            "rounds": len(rounds),
            "submissions": sum(part["submissions"] for part in rounds),
            "clients": rounds[0]["clients"],
            "errors": sum(part["errors"] for part in rounds),
            "first_errors": [error for part in rounds for error in part["first_errors"]][:5],
            "created": sum(part["created"] for part in rounds),
            "unique_references": all(part["unique_references"] for part in rounds),
            "wall_s": round(sum(part["wall_s"] for part in rounds), 1),
            "intake_done_s": max(
                (part.get("intake_done_s") for part in rounds),
                key=lambda value: float("inf") if value is None else value,
            ),
        }
        row["per_second"] = round(row["submissions"] / row["wall_s"], 1) if row["wall_s"] else 0
        cpu = [part.get("server_cpu_s") for part in rounds]
        if None not in cpu and row["submissions"]:
            row["server_cpu_ms_per_submission"] = round(1000 * sum(cpu) / row["submissions"], 1)
        for step in STEPS:
            values = [value for part in rounds for value in part["samples_ms"][step]]
            if len(values) > 1:
                row[f"{step}_p50_ms"] = round(statistics.median(values), 1)
                row[f"{step}_p95_ms"] = round(statistics.quantiles(values, n=20)[18], 1)
        result.append(row)
    return result


def background_done(row):
    """The intake job's lag after the last submission of a round (the worst
    round); the peer does nothing after its requests."""
    if row["target"] != "ours":
        return "-"
    if row["intake_done_s"] is None:
        return "**not done**"
    return row["intake_done_s"]


def report(out, rounds):
    """bench/results/load.{json,md} from the rounds of both targets."""
    rows = merged(rounds)
    names = {
        "ours": "public complaint form, tracking page",
        "peer": "helpdesk_mgmt portal ticket form, portal ticket page",
    }
    lines = [
        "| form | rounds | submissions | clients | errors | created | unique refs | submit p50 / p95 ms | "
        "page GET p50 / p95 ms | message p50 / p95 ms | submissions per s | background work done after (s) | "
        "server CPU per submission (ms) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        if "skipped" in row:
            lines.append(f"| {names[row['target']]} | skipped: {row['skipped']} | | | | | | | | | | | |")
            continue
        unique = "yes" if row["unique_references"] else "**no**"
        steps = " | ".join(
            f"{row.get(f'{step}_p50_ms', '-')} / {row.get(f'{step}_p95_ms', '-')}" for step in STEPS
        )
        lines.append(
            f"| {names[row['target']]} | {row['rounds']} | {row['submissions']} | {row['clients']} | {row['errors']} | "
            f"{row['created']} | {unique} | {steps} | {row['per_second']} | {background_done(row)} | "
            f"{row.get('server_cpu_ms_per_submission', '-')} |"
        )
    with open(f"{out}/load.json", "w") as file:
        json.dump(
            [{key: value for key, value in row.items() if key != "samples_ms"} for row in rows],
            file,
            indent=1,
        )
    with open(f"{out}/load.md", "w") as file:
        file.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--report", metavar="DIR", help="write the JSON lines read on stdin as DIR/load.{json,md}"
    )
    parser.add_argument("--url", help="http://127.0.0.1:PORT")
    parser.add_argument("--db")
    parser.add_argument("--target", choices=("ours", "peer"))
    parser.add_argument("--total", type=int, default=500)
    parser.add_argument("--first", type=int, default=0, help="number of the first submission (of this round)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--admin-password", default="admin")
    parser.add_argument("--server-pid", type=int, help="the Odoo server's process, to count the CPU it uses")
    args = parser.parse_args()
    if args.report:
        report(args.report, [json.loads(line) for line in sys.stdin if line.strip()])
        return
    if not (args.url and args.db and args.target):
        parser.error("--url, --db and --target are required")
    print(json.dumps(run(args)))


if __name__ == "__main__":
    main()
