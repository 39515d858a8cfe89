#!/usr/bin/python3
"""Integration tests of e-mail delivery: relancectl relay, send, outbox and test-email against a
local HTTP server playing Brevo (which honours idempotency keys) or Postmark (which has none).

Includes the kill test: relancectl send is killed at random points and started again; every
approved message must be delivered exactly once (Brevo) or be in doubt (Postmark), none lost.

Prints TAP. Each test_* function is one case.
"""
import base64
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RELANCECTL = os.environ["RELANCECTL"]
KEY = "test-key"


class FakeRelay:
    """Brevo's /v3/smtp/email and Postmark's /email, counting what each message's key
    (X-Relance-Key) had taken. Brevo answers a known idempotency key with the message it
    already took, as Brevo does."""

    def __init__(self, delay=0.0):
        self.delay = delay
        self.lock = threading.Lock()
        self.accepted = {}     # correlation key -> times taken
        self.by_idem = {}      # idempotency key -> message id
        self.requests = 0
        self.problems = []
        self.attachments = {}  # correlation key -> [(name, PDF bytes)]
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                data = self.rfile.read(length)
                if len(data) < length:
                    return  # the client died mid-request: nothing was sent
                body = json.loads(data)
                corr = self.headers.get("X-Relance-Key")
                with relay.lock:
                    relay.requests += 1
                if relay.delay:
                    time.sleep(relay.delay)
                if self.path == "/v3/smtp/email":
                    if self.headers.get("api-key") != KEY:
                        return self.answer(401, {"code": "unauthorized", "message": "Key not found"})
                    idem = body.get("headers", {}).get("idempotencyKey")
                    if not idem or not body.get("htmlContent") or not body.get("to"):
                        relay.problems.append(f"brevo request: {sorted(body)}")
                    with relay.lock:
                        if idem in relay.by_idem:
                            return self.answer(201, {"messageId": relay.by_idem[idem]})
                        mid = f"<{len(relay.by_idem) + 1}@relay.test>"
                        relay.by_idem[idem] = mid
                        relay.accepted[corr] = relay.accepted.get(corr, 0) + 1
                        relay.attachments[corr] = [
                            (a.get("name"), base64.b64decode(a.get("content", "")))
                            for a in body.get("attachment", [])]
                    return self.answer(201, {"messageId": mid})
                if self.path == "/email":
                    if self.headers.get("X-Postmark-Server-Token") != KEY:
                        return self.answer(401, {"ErrorCode": 10, "Message": "Bad token"})
                    with relay.lock:
                        relay.accepted[corr] = relay.accepted.get(corr, 0) + 1
                        mid = f"pm-{sum(relay.accepted.values())}"
                    return self.answer(200, {"ErrorCode": 0, "Message": "OK", "MessageID": mid})
                return self.answer(404, {"message": "no such path"})

            def answer(self, status, doc):
                data = json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client killed mid-request

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def env(**extra):
    e = dict(os.environ, LC_ALL="C.UTF-8")
    e.pop("LANGUAGE", None)
    e.pop("RELANCE_BOOK", None)
    e.pop("RELANCE_RELAY_KEY", None)
    e.update(extra)
    return e


def run(book, *args, check=True, key=KEY, lang="C.UTF-8"):
    extra = {"RELANCE_RELAY_KEY": key} if key else {}
    p = subprocess.run([RELANCECTL, "--book", book] + list(args), capture_output=True, text=True,
                       env=env(LC_ALL=lang, **extra), timeout=300)
    if check and p.returncode != 0:
        raise AssertionError(f"{args} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return p


def outbox(book):
    return json.loads(run(book, "outbox", "--all", "--json").stdout)


def book_with_emails(tmp, name, provider, relay, customers=40):
    """A demo book whose run of 23 November proposes e-mails, all approved."""
    path = os.path.join(tmp, name)
    run(path, "demo", "--customers", str(customers), "--invoices", str(customers * 12),
        "--seed", "5", "--as-of", "2026-11-22")
    run(path, "rates", "--set", "2026-H2", "--ecb", "2.15", "--legal-private", "6.65",
        "--legal-other", "2.76")
    run(path, "run", "--as-of", "2026-11-23")
    actions = json.loads(run(path, "actions", "--json").stdout)
    emails = [str(a["id"]) for a in actions if a["channel"] == "email"]
    proposed = [str(a["id"]) for a in actions if a["channel"] == "email"
                and a["state"] == "proposed"]
    if proposed:
        run(path, "approve", *proposed)
    run(path, "relay", "--provider", provider, "--base-url", relay.url, "--retry-delay", "10",
        "--timeout", "5", "--rate", "1000")
    assert emails
    return path, emails


def keys_of(book):
    db = sqlite3.connect(book)
    keys = dict(db.execute("SELECT id, key FROM actions"))
    db.close()
    return keys


def test_send_and_outbox(tmp):
    relay = FakeRelay()
    try:
        book, emails = book_with_emails(tmp, "send.relance", "brevo", relay, customers=20)
        before = outbox(book)
        assert sorted(str(i["id"]) for i in before) == sorted(emails)
        assert all(i["state"] == "approved" for i in before)
        p = run(book, "send", "--as-of", "2026-11-23")
        assert f"Sent: {len(emails)}, in doubt: 0, failed: 0" in p.stdout, p.stdout
        after = outbox(book)
        assert all(i["state"] == "done" and i["provider"] == "brevo" and i["attempts"] == 1
                   and i["provider_message_id"] for i in after), after
        assert run(book, "outbox").stdout.strip().endswith("0 messages")
        keys = keys_of(book)
        assert relay.accepted == {keys[int(i)]: 1 for i in emails}, relay.accepted
        assert not relay.problems, relay.problems
        # Each reminder carries its customer's account statement as a PDF.
        codes = dict(sqlite3.connect(book).execute(
            "SELECT a.key, c.code FROM actions a JOIN customers c ON c.id = a.customer_id"))
        assert set(relay.attachments) == {keys[int(i)] for i in emails}, relay.attachments.keys()
        for key, files in relay.attachments.items():
            assert len(files) == 1, (key, files)
            name, pdf = files[0]
            assert name == f"releve-de-compte-{codes[key]}.pdf", name
            assert pdf.startswith(b"%PDF-"), pdf[:20]
            text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                                  capture_output=True, check=True).stdout.decode()
            assert "Relevé de compte" in text, text[:500]
        # Nothing left to send: a second send sends nothing.
        p = run(book, "send", "--as-of", "2026-11-23")
        assert "Sent: 0, in doubt: 0, failed: 0" in p.stdout
        assert relay.requests == len(emails)
    finally:
        relay.close()


def test_refused_key_fails_with_the_providers_words(tmp):
    relay = FakeRelay()
    try:
        book, emails = book_with_emails(tmp, "refused.relance", "postmark", relay, customers=20)
        p = run(book, "send", "--as-of", "2026-11-23", key="wrong", check=False)
        assert p.returncode == 1
        assert "Bad token" in p.stdout, p.stdout
        assert all(i["state"] == "failed" and "401" in i["reason"] for i in outbox(book))
        assert relay.requests == len(emails) and not relay.accepted
    finally:
        relay.close()


def test_no_key_is_a_clear_error(tmp):
    relay = FakeRelay()
    try:
        book, _ = book_with_emails(tmp, "nokey.relance", "brevo", relay, customers=20)
        # No key in the environment, and no keyring in this session (or none for brevo).
        p = run(book, "send", key=None, check=False)
        assert p.returncode == 1
        assert p.stderr.count("\n") == 1, p.stderr
        assert "RELANCE_RELAY_KEY" in p.stderr, p.stderr
        assert relay.requests == 0
    finally:
        relay.close()


def test_relay_settings_and_test_email(tmp):
    relay = FakeRelay()
    try:
        book = os.path.join(tmp, "relay.relance")
        run(book, "init", "--name", "Menuiserie Dubois")
        assert run(book, "relay", "--provider", "pigeon", check=False).returncode == 1
        assert run(book, "relay", "--sms-sender", "Menuiserie Dubois", check=False).returncode == 1
        run(book, "relay", "--provider", "brevo", "--base-url", relay.url,
            "--from", "compta@dubois.example", "--reply-to", "relances@dubois.example")
        shown = run(book, "relay").stdout
        assert relay.url in shown and "RELANCE_RELAY_KEY" in shown and KEY not in shown
        p = run(book, "test-email", "jean@client.example")
        assert "Sent: 1" in p.stdout, p.stdout
        assert relay.accepted == {"test:jean@client.example": 1}
        run(book, "relay", "--reply-to", "")
        assert "relances@dubois.example" not in run(book, "relay").stdout
        fr = run(book, "relay", lang="fr_FR.UTF-8").stdout
        assert "Prestataire courriel   brevo" in fr and "Clé d’API              RELANCE" in fr, fr
    finally:
        relay.close()


def kill_and_restart(tmp, provider):
    relay = FakeRelay(delay=0.04)
    rng = random.Random(42 if provider == "brevo" else 43)
    try:
        book, emails = book_with_emails(tmp, f"kill-{provider}.relance", provider, relay,
                                        customers=600)
        keys = keys_of(book)
        killed = 0
        for _ in range(12):
            proc = subprocess.Popen([RELANCECTL, "--book", book, "send", "--as-of", "2026-11-23"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    env=env(RELANCE_RELAY_KEY=KEY))
            time.sleep(rng.uniform(0.01, 0.35))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
            proc.wait()
        run(book, "send", "--as-of", "2026-11-23", check=False)
        items = {str(i["id"]): i for i in outbox(book)}
        assert sorted(items) == sorted(emails), "every approved message is accounted for"
        for i in emails:
            taken = relay.accepted.get(keys[int(i)], 0)
            assert taken <= 1, f"action {i} was taken {taken} times"
            st = items[i]["state"]
            if provider == "brevo":
                assert st == "done" and taken == 1, (i, st, taken)
            else:
                assert st in ("done", "in_doubt"), (i, st)
                if st == "done":
                    assert taken == 1, (i, taken)
        assert not relay.problems
        doubt = sum(1 for i in items.values() if i["state"] == "in_doubt")
        assert killed >= 4, f"only {killed} sends were killed mid-way"
        print(f"# {provider}: killed {killed} sends; {len(emails)} messages, "
              f"{sum(relay.accepted.values())} taken, {doubt} in doubt, none twice")
    finally:
        relay.close()


def test_kill_send_brevo(tmp):
    kill_and_restart(tmp, "brevo")


def test_kill_send_postmark(tmp):
    kill_and_restart(tmp, "postmark")


def main():
    tests = [(n, f) for n, f in sorted(globals().items()) if n.startswith("test_")]
    print(f"1..{len(tests)}")
    failed = 0
    for i, (name, func) in enumerate(tests, 1):
        tmp = tempfile.mkdtemp(prefix="relance-delivery-")
        try:
            func(tmp)
            print(f"ok {i} - {name}")
        except Exception:
            failed += 1
            print(f"not ok {i} - {name}")
            for line in traceback.format_exc().splitlines():
                print(f"# {line}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
