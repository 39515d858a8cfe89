#!/usr/bin/python3
"""End-to-end tests of the desktop app: start the real `relance` on a demo book and drive it
through the accessibility tree (AT-SPI), as a screen reader would, then check the book with
relancectl. Run under `xvfb-run -a dbus-run-session` (see tests/gui/meson.build).

Prints TAP. Screenshots of every view, light and dark, French and English, go to $SCREENSHOTS.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

import pyatspi

RELANCE = os.environ["RELANCE"]
RELANCECTL = os.environ["RELANCECTL"]
SCREENSHOTS = os.environ["SCREENSHOTS"]

# What the app shows, in each language: tile titles and button name prefixes.
WORDS = {
    "fr": {"locale": "fr_FR.UTF-8", "actions_ready": "Les actions du jour sont prêtes", "outstanding": "Encours", "overdue": "Échu", "dso": "DSO",
           "open_customer": "Ouvrir la fiche client\u00a0: ", "approve": "Approuver\u00a0: ",
           "call": "Noter l’appel\u00a0: ", "record": "_Enregistrer", "back": "Retour",
           "views": ["Tableau de bord", "Clients", "Factures", "À faire", "Litiges"]},
    "en": {"locale": "en_US.UTF-8", "actions_ready": "Today’s actions are ready", "outstanding": "Outstanding", "overdue": "Overdue",
           "dso": "DSO", "open_customer": "Open the customer: ", "approve": "Approve: ",
           "call": "Record the call: ", "record": "_Record", "back": "Back",
           "views": ["Dashboard", "Customers", "Invoices", "To Do", "Disputes"]},
}
VIEW_NAMES = ["dashboard", "customers", "invoices", "todo", "disputes"]

# The TAP report goes to the descriptor tests/gui/run.sh keeps for it.
REPORT = os.fdopen(int(os.environ.get("REPORT_FD", "1")), "w", buffering=1)


def report(line):
    print(line, file=REPORT, flush=True)


def ctl(book, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8")
    p = subprocess.run([RELANCECTL, "--book", book, *args], capture_output=True, text=True,
                       env=env, timeout=300, check=True)
    return p.stdout


def ctl_json(book, *args):
    return json.loads(ctl(book, *args, "--json"))


def cents_of(text):
    """The amount in a displayed figure, in cents: "1 234,56 €" and "€1,234.56" alike."""
    digits = re.sub(r"[^0-9]", "", text)
    return -int(digits) if "-" in text or "−" in text else int(digits)


def tenths_of(text):
    return int(re.sub(r"[^0-9]", "", text))


class App:
    def __init__(self, book, lang, dark=False, config=None):
        self.lang = lang
        self.words = WORDS[lang]
        self.config = config or tempfile.mkdtemp(prefix="relance-gui-config-")
        env = dict(os.environ)
        env.update({
            "LC_ALL": self.words["locale"], "LANGUAGE": "",
            "XDG_CONFIG_HOME": self.config, "GSETTINGS_BACKEND": "keyfile",
            "ADW_DEBUG_COLOR_SCHEME": "prefer-dark" if dark else "prefer-light",
            "GTK_A11Y": "atspi", "NO_AT_BRIDGE": "0",
        })
        for _attempt in range(3):
            self.proc = subprocess.Popen([RELANCE] + ([book] if book else []), env=env)
            try:
                self.app = self.wait(lambda: self.proc.poll() is None and self.find_app(),
                                     "the app on the accessibility bus",
                                     timeout=30 if _attempt == 2 else 10)
                return
            except AssertionError:
                if self.proc.poll() is None:
                    raise
                # It could not start (a display not ready yet): once more.
        raise AssertionError("the app did not start")

    def find_app(self):
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            a = desktop.getChildAtIndex(i)
            if a is not None and a.name == "relance":
                return a
        return None

    def close(self, keep_config=False):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        if not keep_config:
            shutil.rmtree(self.config, ignore_errors=True)

    @staticmethod
    def wait(func, what, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            try:
                result = func()
            except Exception:  # the tree changes under our feet
                result = None
            if result:
                return result
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}")

    def nodes(self, root=None):
        """Every node under root, depth first. GTK 4.8 does not say what is on screen (no
        "showing" state), so callers look for names only one place has; the rows of long
        lists are skipped, they would make every walk slow."""
        stack = [root or self.app]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            try:
                yield node
                n = node.childCount
                if node.getRole() in (pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE) and n > 50:
                    continue
                stack.extend(node.getChildAtIndex(i) for i in range(n - 1, -1, -1))
            except Exception:
                continue

    def find(self, pred, what, timeout=30, root=None):
        return self.wait(lambda: next((n for n in self.nodes(root) if pred(n)), None), what,
                         timeout)

    def find_all(self, pred):
        return [n for n in self.nodes() if pred(n)]

    def button(self, prefix, what=None, timeout=30):
        return self.find(lambda n: n.getRole() in (pyatspi.ROLE_PUSH_BUTTON,
                                                   pyatspi.ROLE_PAGE_TAB,
                                                   pyatspi.ROLE_TOGGLE_BUTTON)
                         and n.name.startswith(prefix), what or prefix, timeout)

    @staticmethod
    def click(node):
        action = node.queryAction()
        for i in range(action.nActions):
            if action.getName(i) == "click":
                action.doAction(i)
                return
        action.doAction(0)

    def show_view(self, index):
        if not hasattr(self, "tabs"):
            tab_list = self.find(lambda n: n.getRole() == pyatspi.ROLE_PAGE_TAB_LIST,
                                 "the view switcher")
            self.tabs = {t.name: t for t in (tab_list.getChildAtIndex(i)
                                             for i in range(tab_list.childCount))}
        self.click(self.tabs[self.words["views"][index]])
        time.sleep(0.5)

    def tile(self, title):
        """The value of a dashboard figure, from the name its button gives screen readers."""
        node = self.button(title + ("\u00a0:" if self.lang == "fr" else ":"), f"the {title} tile")
        return node.name.split(":", 1)[1].strip()

    def screenshot(self, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        time.sleep(0.5)
        subprocess.run(["import", "-window", "root",
                        os.path.join(SCREENSHOTS, f"{name}.png")], check=True, timeout=60)


def customer_named(book, text):
    """The customer whose name starts text: GTK 4.8 reads a button aloud as its accessible
    label followed by its visible label."""
    names = [c["name"] for c in ctl_json(book, "customers")]
    found = max((n for n in names if text.startswith(n)), key=len, default=None)
    assert found is not None, text
    return found


def proposed(book):
    return [a for a in ctl_json(book, "actions") if a["state"] == "proposed"]


# The cases share one book and one running app, in order: they tell a user's morning.

def test_dashboard_figures_match_relancectl(ctx):
    app, book = ctx["app"], ctx["book"]
    aging = ctl_json(book, "aging")
    outstanding = app.wait(lambda: app.tile(app.words["outstanding"]) != "—"
                           and app.tile(app.words["outstanding"]), "the figures")
    assert cents_of(outstanding) == aging["outstanding_cents"], (outstanding, aging)
    overdue = app.tile(app.words["overdue"])
    assert cents_of(overdue) == aging["overdue_cents"], (overdue, aging)
    dso = app.tile(app.words["dso"])
    assert tenths_of(dso) == round(aging["dso_countback_days"] * 10), (dso, aging)
    app.screenshot("dashboard-fr-light")


def test_every_view_opens(ctx):
    app = ctx["app"]
    for i, name in enumerate(VIEW_NAMES):
        app.show_view(i)
        app.screenshot(f"{name}-fr-light")
    app.show_view(3)


def test_open_a_customer_from_the_day_actions(ctx):
    app, book = ctx["app"], ctx["book"]
    button = app.button(app.words["open_customer"], "a customer in the day's actions")
    name = customer_named(book, button.name[len(app.words["open_customer"]):])
    app.click(button)
    page = app.find(lambda n: n.name == "RlCustomerPage", "the customer page")
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and n.name == name,
             f"the page of {name}", root=page)
    app.screenshot("customer-fr-light")
    app.click(app.button(app.words["back"]))
    time.sleep(0.5)


def test_approve_an_action_changes_the_book(ctx):
    app, book = ctx["app"], ctx["book"]
    before = proposed(book)
    button = app.button(app.words["approve"], "an action to approve")
    name = customer_named(book, button.name[len(app.words["approve"]):])
    app.click(button)
    app.wait(lambda: len(proposed(book)) == len(before) - 1, "the approval in the book")
    codes = {c["code"]: c["name"] for c in ctl_json(book, "customers")}
    approved = [a for a in ctl_json(book, "actions") if a["state"] == "approved"]
    assert any(codes[a["customer"]] == name for a in approved), (name, approved)


def test_record_a_call_outcome(ctx):
    app, book = ctx["app"], ctx["book"]
    button = app.button(app.words["call"], "a call to make")
    name = customer_named(book, button.name[len(app.words["call"]):])
    codes = {c["name"]: c["code"] for c in ctl_json(book, "customers")}
    calls_before = [a for a in ctl_json(book, "actions", "--all")
                    if a["channel"] == "call" and a["customer"] == codes[name]
                    and a["state"] == "proposed"]
    assert calls_before, name
    app.click(button)
    app.screenshot("call-fr-light")
    record = app.words["record"].replace("_", "")
    app.click(app.find(lambda n: n.getRole() == pyatspi.ROLE_PUSH_BUTTON
                       and n.name.replace("_", "").startswith(record), "the Record button"))
    action_id = calls_before[0]["id"]

    def done():
        for a in ctl_json(book, "actions", "--all"):
            if a["id"] == action_id and a["state"] != "proposed":
                return a
        return None
    action = app.wait(done, "the call in the book")
    assert action["state"] == "done" and action["outcome"] == "reached", action


def test_last_book_and_view_are_kept(ctx):
    app, book = ctx["app"], ctx["book"]
    app.show_view(3)
    keyfile = os.path.join(app.config, "glib-2.0", "settings", "keyfile")
    text = app.wait(lambda: os.path.exists(keyfile) and "last-view='todo'" in open(keyfile).read()
                    and open(keyfile).read(), "the settings written")
    assert f"last-book='{book}'" in text, text
    app.close(keep_config=True)
    ctx["app"] = app = App(None, "fr", config=app.config)
    tab = app.find(lambda n: n.getRole() == pyatspi.ROLE_PAGE_TAB
                   and n.name == app.words["views"][3], "the To Do tab")
    shown = (pyatspi.STATE_SELECTED, pyatspi.STATE_CHECKED, pyatspi.STATE_PRESSED)
    app.wait(lambda: any(tab.getState().contains(s) for s in shown), "the To Do view shown")
    app.button(app.words["outstanding"], "the dashboard of the last book")


def notifications():
    """The calls the fake notification server received: (summary, body) of each Notify."""
    out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.Notifications",
                          "--object-path", "/org/freedesktop/Notifications", "--method",
                          "org.freedesktop.DBus.Mock.GetCalls"],
                         capture_output=True, text=True, check=True, timeout=30).stdout
    return re.findall(r"'Notify', \[<'[^']*'>, <uint32 \d+>, <'[^']*'>, <'([^']*)'>, <'([^']*)'>",
                      out)


def test_notifications_once_per_event(ctx):
    app = ctx["app"]
    # Two launches so far on this book, each ran the engine and looked for events.
    ready = app.words["actions_ready"]
    found = app.wait(lambda: [n for n in notifications() if n[0] == ready], "the notification")
    time.sleep(2)
    found = [n for n in notifications() if n[0] == ready]
    assert len(found) == 1, notifications()
    assert re.search(r"\d+", found[0][1]), found
    summaries = [n[0] for n in notifications()]
    assert len(summaries) == len(set(summaries)), summaries


def screenshots_in(book, lang, dark):
    scheme = "dark" if dark else "light"
    app = App(book, lang, dark)
    try:
        app.find(lambda n: n.getRole() == pyatspi.ROLE_PUSH_BUTTON
                 and n.name.startswith(WORDS[lang]["outstanding"]) and "—" not in n.name,
                 "the figures")
        for i, name in enumerate(VIEW_NAMES):
            app.show_view(i)
            app.screenshot(f"{name}-{lang}-{scheme}")
        app.show_view(3)
        app.click(app.button(WORDS[lang]["open_customer"]))
        time.sleep(2)
        app.screenshot(f"customer-{lang}-{scheme}")
    finally:
        app.close()


def test_screenshots_en_light(ctx):
    screenshots_in(ctx["book"], "en", False)


def test_screenshots_fr_dark(ctx):
    screenshots_in(ctx["book"], "fr", True)


def test_screenshots_en_dark(ctx):
    screenshots_in(ctx["book"], "en", True)


def wait_for_display():
    """xvfb-run may hand over before the server answers (when started with SIGUSR1 ignored,
    as test runners may do): wait until an X client can connect."""
    import ctypes
    xlib = ctypes.CDLL("libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]

    def connect():
        display = xlib.XOpenDisplay(None)
        if display:
            xlib.XCloseDisplay(display)
        return bool(display)
    App.wait(connect, "the X server", 60)


def main():
    tests = [v for k, v in globals().items() if k.startswith("test_")]
    report(f"1..{len(tests)}")
    wait_for_display()
    # A fake notification server on the private bus records what the app announces.
    daemon = subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", "--template",
                               "notification_daemon"], stdout=subprocess.DEVNULL)
    App.wait(lambda: subprocess.run(["gdbus", "introspect", "--session", "--dest",
                                     "org.freedesktop.Notifications", "--object-path",
                                     "/org/freedesktop/Notifications"],
                                    capture_output=True).returncode == 0,
             "the fake notification server")
    tmp = tempfile.mkdtemp(prefix="relance-gui-")
    book = os.path.join(tmp, "demo.relance")
    ctl(book, "demo", "--customers", "300", "--invoices", "6000", "--seed", "1")
    ctx = {"book": book}
    failed = 0
    try:
        ctx["app"] = App(book, "fr")
        for i, test in enumerate(tests, 1):
            if test.__name__.startswith("test_screenshots") and "app" in ctx:
                ctx.pop("app").close()
            try:
                test(ctx)
                report(f"ok {i} {test.__name__}")
            except Exception:
                failed += 1
                report(f"not ok {i} {test.__name__}")
                for line in traceback.format_exc().splitlines():
                    report(f"# {line}")
    finally:
        if "app" in ctx:
            ctx["app"].close()
        daemon.terminate()
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
