#!/usr/bin/python3
"""End-to-end tests of the desktop app: start the real `relance` on a demo book and drive it
through the accessibility tree (AT-SPI), as a screen reader would, then check the book with
relancectl. Run under `xvfb-run -a dbus-run-session` (see tests/gui/meson.build).

Prints TAP. Screenshots of every view, light and dark, French and English, go to $SCREENSHOTS.
GUI_TESTS=import,cancel runs only the tests whose names hold one of those words.
"""
import datetime
import http.server
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import pyatspi

import x11

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

# The app works from 360 px wide: no window of it may ask to be wider. A window's least width
# on the X server counts the frame GTK draws around it without a compositor (5 px a side):
# libadwaita's preferences window, made for 360 px, asks for 370.
NARROWEST = 370
# GTK's own dialogs, not the app's: its print dialog asks for some 720 px.
GTK_DIALOGS = {"Imprimer", "Print"}
# GNOME's title bar buttons (org.gnome.desktop.wm.preferences button-layout): GTK's own
# default, minimize and maximize too, made a wider title bar than on the users' desktops.
GTK_SETTINGS = "[Settings]\ngtk-decoration-layout=appmenu:close\n"

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
    def __init__(self, book, lang, dark=False, config=None, args=(), buttons=None):
        self.lang = lang
        self.words = WORDS[lang]
        self.config = config or tempfile.mkdtemp(prefix="relance-gui-config-")
        os.makedirs(os.path.join(self.config, "gtk-4.0"), exist_ok=True)
        with open(os.path.join(self.config, "gtk-4.0", "settings.ini"), "w") as f:
            f.write(GTK_SETTINGS if buttons is None
                    else f"[Settings]\ngtk-decoration-layout={buttons}\n")
        env = dict(os.environ)
        env.update({
            "LC_ALL": self.words["locale"], "LANGUAGE": "",
            "XDG_CONFIG_HOME": self.config, "GSETTINGS_BACKEND": "keyfile",
            "ADW_DEBUG_COLOR_SCHEME": "prefer-dark" if dark else "prefer-light",
            "GTK_A11Y": "atspi", "NO_AT_BRIDGE": "0",
        })
        for _attempt in range(3):
            self.env = env
            self.proc = subprocess.Popen([RELANCE] + ([book] if book else []) + list(args),
                                         env=env)
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
                role = node.getRole()
                if role in (pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE) and n > 50:
                    continue
                # The newest windows first: a dialog just opened is found without walking the
                # main window's long lists.
                order = range(n) if role == pyatspi.ROLE_APPLICATION else range(n - 1, -1, -1)
                stack.extend(node.getChildAtIndex(i) for i in order)
            except Exception:
                continue

    def find(self, pred, what, timeout=30, root=None):
        try:
            return self.wait(lambda: next((n for n in self.nodes(root) if pred(n)), None), what,
                             timeout)
        except AssertionError as e:
            # Say what was there: the windows, and how long one walk of the tree takes.
            start = time.time()
            count = sum(1 for _n in self.nodes(root))
            try:
                windows = [self.app.getChildAtIndex(i).name for i in range(self.app.childCount)]
            except Exception:
                windows = "?"
            raise AssertionError(f"{e} (windows {windows}; {count} nodes walked in "
                                 f"{time.time() - start:.1f} s)") from None

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
        self.assert_fits_narrow(name)

    @staticmethod
    def assert_fits_narrow(what):
        """Every window of the app on screen can be made 360 px wide. Message dialogs are left
        out: they cannot be resized, and take their parent window's width less a margin."""
        too_wide = [f"{w['title']} ({w['least_width']} px)" for w in x11.windows()
                    if (w["least_width"] or 0) > NARROWEST and not w["fixed"]
                    and w["title"] not in GTK_DIALOGS]
        assert not too_wide, f"{what}: windows that cannot be 360 px wide: {too_wide}"


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
    # Under the chart (the open invoices), what takes them to the Outstanding tile.
    line = app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL
                    and n.name.startswith("Factures non soldées "), "the chart's reconciliation")
    amounts = [cents_of(a) for a in re.findall(r"\d[\d\u202f\u00a0 ]*,\d\d", line.name)]
    assert amounts == [aging["open_invoices_cents"], aging["unapplied_credits_cents"],
                       aging["unallocated_payments_cents"], aging["outstanding_cents"]], \
        (line.name, aging)
    # Without the half-year's rates, what could be invoiced is not guessed: the tile says so.
    to_invoice = ctl_json(book, "aging", "--to-invoice")["to_invoice"]
    assert to_invoice["rates_to_confirm"], to_invoice
    assert app.tile("À facturer") == "—"
    app.screenshot("dashboard-fr-light")


def test_every_view_opens(ctx):
    app, book = ctx["app"], ctx["book"]
    for i, name in enumerate(VIEW_NAMES):
        app.show_view(i)
        app.screenshot(f"{name}-fr-light")
        if name == "invoices":
            # The cells of the list are read out by their text (each one a GtkInscription).
            first = min(inv["number"] for inv in ctl_json(book, "invoices"))
            app.find(lambda n, first=first: n.getRole() == pyatspi.ROLE_LABEL
                     and n.name == first, f"the cell of invoice {first} in the list")
    app.show_view(3)

    # The day's actions: their buttons keep to the rows' end, whatever the length of the
    # rows' titles (beside a long French step name they followed the text, each row its own).
    def right_edges():
        buttons = app.find_all(lambda n: n.getRole() == pyatspi.ROLE_PUSH_BUTTON
                               and n.name.startswith(app.words["approve"]))
        edges = [b.queryComponent().getExtents(pyatspi.WINDOW_COORDS) for b in buttons]
        return sorted({e.x + e.width for e in edges if e.width > 0}) if len(edges) > 1 else None
    edges = app.wait(right_edges, "the Approve buttons of the day's actions")
    assert len(edges) == 1, f"the Approve buttons end at {edges}"


def test_unconfirmed_rates_are_announced(ctx):
    """The demo book has no confirmed rates for the current half-year: the window says so,
    in words, until the user confirms them."""
    app = ctx["app"]
    half = "premier" if datetime.date.today().month <= 6 else "second"
    label = app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL
                     and "ne sont pas confirmés" in n.name, "the banner on unconfirmed rates")
    assert f"{half} semestre {datetime.date.today().year}" in label.name, label.name

    # A letter that claims penalties is not made without them: its preview says what to do,
    # in the same words.
    book = ctx["book"]
    names = {c["code"]: c["name"] for c in ctl_json(book, "customers")}
    notice = next(a for a in ctl_json(book, "actions") if a["channel"] == "letter"
                  and a["template"] == "final_notice" and a["state"] == "proposed")
    app.show_view(3)
    app.click(app.button(f"Aperçu du courrier{NB}: {names[notice['customer']]}",
                         "the preview of a final notice"))
    said = (f"Aucun courrier à afficher{NB}: confirmez les taux des pénalités de retard du {half} "
            f"semestre {datetime.date.today().year} dans les préférences")
    app.wait(lambda: said in toasts(app), "what to do, said", timeout=60)
    app.screenshot("letter-needs-rates-fr-light")

    # The banner's button opens the preferences at the rates.
    app.click(app.button("Confirmer les taux", "the banner's button"))
    prefs = window_named(app, "Préférences")
    tab = app.find(lambda n: n.name == "Taux" and n.getRole() == pyatspi.ROLE_PAGE_TAB,
                   "the Rates tab", root=prefs)
    app.wait(lambda: tab.getState().contains(pyatspi.STATE_SELECTED), "the Rates page shown")
    app.screenshot("preferences-rates-from-banner-fr-light")
    close_preferences(app, prefs)


def toasts(app):
    """The texts of the main window's toasts. Looked for near the window's top (the toast
    overlay holds the window's content and its toasts): a walk of the whole tree under load
    can outlast a toast."""
    found = []
    stack = [(app.app.getChildAtIndex(i), 0) for i in range(app.app.childCount)]
    while stack:
        node, depth = stack.pop()
        try:
            if node is None:
                continue
            if node.name == "AdwToastWidget":
                found += [n.name for n in app.nodes(node) if n.getRole() == pyatspi.ROLE_LABEL]
            elif depth < 3:
                stack.extend((node.getChildAtIndex(i), depth + 1) for i in range(node.childCount))
        except Exception:
            continue
    return found


def this_half_year():
    today = datetime.date.today()
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def spin_named(app, root, prefix):
    return app.find(lambda n: n.name.startswith(prefix) and "Value" in n.get_interfaces(),
                    f"the field {prefix}", root=root)


def test_confirm_the_half_year_rates(ctx):
    """The half-year of today has no confirmed rates: the Rates page flags it, and confirming
    it there puts it in the book."""
    app, book = ctx["app"], ctx["book"]
    half = this_half_year()
    assert not any(r["half_year"] == half and r["confirmed"] for r in ctl_json(book, "rates"))
    prefs = open_preferences(app, "Taux")
    app.find(lambda n: n.name.startswith(f"Non confirmés{NB}: "), "the flag", root=prefs)
    for label, value in (("Taux de la BCE", 2.15), ("Taux légal, créancier particulier", 6.67),
                         ("Taux légal, autres cas", 2.62)):
        spin_named(app, prefs, label).queryValue().currentValue = value
    app.screenshot("preferences-rates-fr-light")
    app.click(button_in(app, prefs, "Confirmer les taux du semestre"))
    rate = app.wait(lambda: next((r for r in ctl_json(book, "rates")
                                  if r["half_year"] == half and r["confirmed"]), None),
                    "the half-year confirmed in the book")
    assert (rate["ecb_bp"], rate["b2b_bp"], rate["legal_private_bp"], rate["legal_other_bp"]) \
        == (215, 1215, 667, 262), rate
    assert half in ctl(book, "rates")
    close_preferences(app, prefs)


def test_edit_a_plan_step(ctx):
    """A step of the first plan changed in the Plans page is in the book; a day another step
    has is refused, with the reason in the window, and the book keeps its steps."""
    app, book = ctx["app"], ctx["book"]
    before = ctl_json(book, "plans")
    plan = before[0]
    first, second = plan["steps"][0], plan["steps"][1]
    free_day = next(d for d in range(1, 60) if d not in [s["offset_days"] for s in plan["steps"]]
                    and d < second["offset_days"])
    prefs = open_preferences(app, "Plans")
    app.click(button_in(app, prefs, f"Modifier l’étape{NB}: "))
    app.find(lambda n: n.name.startswith("Étape 1 de "), "the step in the form", root=prefs)

    # Refused: the day of the second step.
    spin_named(app, prefs, "Jour depuis l’échéance").queryValue().currentValue = \
        second["offset_days"]
    app.click(button_in(app, prefs, "Enregistrer l’étape"))
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL
             and f"jour {second['offset_days']:+d}" in n.name, "the refusal", root=prefs)
    app.screenshot("preferences-plans-error-fr-light")
    assert ctl_json(book, "plans") == before

    spin_named(app, prefs, "Jour depuis l’échéance").queryValue().currentValue = free_day
    spin_named(app, prefs, "Écart minimal").queryValue().currentValue = 4
    app.click(button_in(app, prefs, "Enregistrer l’étape"))

    def changed():
        steps = {s["id"]: s for s in ctl_json(book, "plans")[0]["steps"]}
        return steps[first["id"]]["offset_days"] == free_day \
            and steps[first["id"]]["min_gap_days"] == 4
    app.wait(changed, "the step changed in the book")
    app.find(lambda n: n.name.startswith(f"Modifier l’étape{NB}: ")
             and f"Jour +{free_day}{NB}:" in n.name, "the step shown anew",
             root=prefs)
    app.screenshot("preferences-plans-fr-light")
    close_preferences(app, prefs)


def test_copy_and_delete_a_plan(ctx):
    """A new plan starts as a copy of another, with its steps, and can be deleted. A risk
    class's plan cannot be deleted: the reason shows, the book keeps it."""
    app, book = ctx["app"], ctx["book"]
    before = ctl_json(book, "plans")
    plan = before[0]
    prefs = open_preferences(app, "Plans")
    app.click(button_in(app, prefs, f"Copier le plan «{NB}"))
    copy = app.wait(lambda: next((p for p in ctl_json(book, "plans")
                                  if p["key"] == plan["key"] + "-copy-1"), None), "the copy")
    assert copy["risk_class"] is None and copy["name"].startswith("Copie de "), copy
    assert [(s["offset_days"], s["channel"], s["template"]) for s in copy["steps"]] == \
        [(s["offset_days"], s["channel"], s["template"]) for s in plan["steps"]], copy
    app.screenshot("preferences-plans-copy-fr-light")

    # A risk class's plan stays, with the reason.
    app.click(button_in(app, prefs, f"Supprimer le plan «{NB}"))
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL
             and "est celui d’une classe de risque" in n.name, "the refusal", root=prefs)
    assert len(ctl_json(book, "plans")) == len(before) + 1

    app.click(button_in(app, prefs, f"Supprimer le plan «{NB}{copy['name']}{NB}»"))
    app.wait(lambda: [p["key"] for p in ctl_json(book, "plans")] == [p["key"] for p in before],
             "the copy deleted")
    close_preferences(app, prefs)


def rename_plan(app, prefs, name, new):
    """Types a plan's new name in its Name row and applies it with Return (GTK 4.8 does not
    show the row's apply button to AT-SPI): a click gives the row the keyboard focus."""
    time.sleep(1)   # the page laid out
    field = app.find(lambda n: n.name.startswith(f"Nom du plan «{NB}{name}{NB}»")
                     and "EditableText" in n.get_interfaces(), f"the Name row of {name}",
                     root=prefs)
    e = bring_into_view(app, prefs, field)
    pyatspi.Registry.generateMouseEvent(e.x + e.width // 2, e.y + e.height // 2, "b1c")
    # The focus goes to the text inside the row, which GTK 4.8 does not show to AT-SPI.
    time.sleep(1)
    field.queryEditableText().setTextContents(new)
    time.sleep(0.5)
    pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)


def test_rename_a_plan(ctx):
    """A plan renamed in its Name row is renamed in the book, and the page shows the new
    name."""
    app, book = ctx["app"], ctx["book"]
    plan = ctl_json(book, "plans")[0]
    # A shipped plan keeps its English name in the book and shows it in French.
    shown = {"Reliable payer": "Client fiable"}.get(plan["name"], plan["name"])
    new = f"{shown} (renommé)"
    prefs = open_preferences(app, "Plans")
    try:
        rename_plan(app, prefs, shown, new)
        app.wait(lambda: ctl_json(book, "plans")[0]["name"] == new, "the new name in the book")
        app.find(lambda n: n.name.startswith(f"Nom du plan «{NB}{new}{NB}»"),
                 "the plan renamed in the window", root=prefs)
        app.screenshot("preferences-plans-renamed-fr-light")
    finally:
        close_preferences(app, prefs)


def label_starting(app, prefs, prefix, what):
    """A label whose text starts with prefix (GTK 4.8 names a label by its text)."""
    return app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and n.name.startswith(prefix),
                    what, root=prefs).name


def test_template_preview_follows_typing(ctx):
    """The subject typed renders with a customer of the book underneath; an unknown variable
    is said; the template saved is the book's."""
    app, book = ctx["app"], ctx["book"]
    prefs = open_preferences(app, "Modèles")
    field = set_text(app, prefs, "Objet", "Relance pour {{ customer.name }}")
    shown = label_starting(app, prefs, "Relance pour ", "the preview of the subject")
    name = shown[len("Relance pour "):]
    assert name in [c["name"] for c in ctl_json(book, "customers")], shown
    field.queryEditableText().setTextContents("Relance pour {{ client.nom }}")
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and "client.nom" in n.name
             and "Relance pour" not in n.name, "the unknown variable said", root=prefs)
    app.screenshot("preferences-templates-error-fr-light")
    field.queryEditableText().setTextContents("Échéance dépassée — {{ customer.name }}")
    label_starting(app, prefs, "Échéance dépassée — ", "the preview anew")
    app.screenshot("preferences-templates-fr-light")
    app.click(button_in(app, prefs, "Enregistrer le modèle"))
    app.wait(lambda: "Échéance dépassée — {{ customer.name }}"
             in ctl(book, "template", "courtesy", "--language", "fr"), "the template saved")
    # Reset is offered for the user's own version only.
    reset = button_in(app, prefs, "Rétablir le texte livré")
    app.wait(lambda: reset.getState().contains(pyatspi.STATE_SENSITIVE), "Reset offered")
    app.click(reset)
    app.wait(lambda: not reset.getState().contains(pyatspi.STATE_SENSITIVE),
             "Reset no longer offered")
    app.wait(lambda: "Échéance dépassée" not in ctl(book, "template", "courtesy", "--language",
                                                       "fr"), "the shipped text back")
    close_preferences(app, prefs)


def open_customer_of_the_day(app, book):
    """Opens the page of the first customer in the day's actions: the page, name and code."""
    app.show_view(3)
    button = app.button(app.words["open_customer"], "a customer in the day's actions")
    name = customer_named(book, button.name[len(app.words["open_customer"]):])
    app.click(button)
    page = app.find(lambda n: n.name == "RlCustomerPage", "the customer page")
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and n.name == name,
             f"the page of {name}", root=page)
    code = next(c["code"] for c in ctl_json(book, "customers") if c["name"] == name)
    return page, name, code


def test_open_a_customer_from_the_day_actions(ctx):
    app, book = ctx["app"], ctx["book"]
    open_customer_of_the_day(app, book)
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


NB = "\u00a0"


def test_edit_a_message_text(ctx):
    """A proposed action's text changed before it goes out: the book keeps the user's words,
    and the message goes out with them (what relancectl preview shows)."""
    app, book = ctx["app"], ctx["book"]
    confirm_this_half_year(book)
    app.show_view(3)
    prefix = f"Modifier le texte{NB}: "
    button = app.button(prefix, "an action's Edit button")
    name = customer_named(book, button.name[len(prefix):])
    code = next(c["code"] for c in ctl_json(book, "customers") if c["name"] == name)
    ids = [a["id"] for a in proposed(book) if a["customer"] == code]
    app.click(button)
    subject = f"Votre compte chez nous — {name}"
    dialog_field(app, "Objet", subject)
    app.screenshot("edit-text-fr-light")
    dialog_button(app, "Enregistrer")

    def edited():
        return next((i for i in ids if ctl(book, "preview", str(i)).startswith(subject)), None)
    app.wait(edited, "the new subject in the book")


def window_named(app, name, timeout=30):
    """A window of the app, looked for among its windows only: walking the whole tree
    (another window's long lists) took most of the time allowed on a loaded machine."""
    def look():
        for i in range(app.app.childCount - 1, -1, -1):
            w = app.app.getChildAtIndex(i)
            if w is not None and w.getRole() == pyatspi.ROLE_FRAME and w.name == name:
                return w
        return None
    return app.wait(look, f"the window {name}", timeout)


def button_in(app, root, prefix, what=None):
    return app.find(lambda n: n.getRole() == pyatspi.ROLE_PUSH_BUTTON
                    and n.name.replace("_", "").startswith(prefix), what or prefix, root=root)


def set_text(app, root, label, text):
    """Types text into the entry row named label (GTK 4.8 reads its name twice)."""
    field = app.find(lambda n: n.name in (label, f"{label} {label}")
                     and "EditableText" in n.get_interfaces(), f"the field {label}", root=root)
    field.queryEditableText().setTextContents(text)
    return field


def open_preferences(app, page=None):
    """Opens the preferences from the main menu, on the page named (a tab of the window)."""
    menu = "Menu principal" if app.lang == "fr" else "Main Menu"
    app.click(app.find(lambda n: n.name == menu and n.queryAction().nActions > 0,
                       "the main menu"))
    item = app.find(lambda n: n.name.replace("_", "") == ("Préférences" if app.lang == "fr"
                                                          else "Preferences")
                    and n.getRole() != pyatspi.ROLE_FRAME, "the Preferences item")
    app.click(item)
    prefs = window_named(app, "Préférences" if app.lang == "fr" else "Preferences")
    if page is not None:
        app.click(app.find(lambda n: n.name == page and n.getRole() == pyatspi.ROLE_PAGE_TAB,
                           f"the page {page}", root=prefs))
        time.sleep(1)
    return prefs


def close_preferences(app, prefs):
    app.click(button_in(app, prefs, "Fermer" if app.lang == "fr" else "Close"))
    # GTK 4.8 may crash when the tree is walked while the window is being destroyed.
    time.sleep(2)


def book_rows(book, sql):
    with sqlite3.connect(book) as db:
        return db.execute(sql).fetchall()


def confirm_this_half_year(book):
    """The letters claim penalties at the half-year's rate: the demo book must have it."""
    today = datetime.date.today()
    ctl(book, "rates", "--set", f"{today.year}-H{1 if today.month <= 6 else 2}", "--ecb", "2.15",
        "--legal-private", "6.67", "--legal-other", "2.62")


def test_preview_a_letter(ctx):
    app, book = ctx["app"], ctx["book"]
    confirm_this_half_year(book)
    app.show_view(3)
    button = app.button(f"Aperçu du courrier{NB}: ", "a letter to preview")
    app.click(button)
    window = window_named(app, "Courrier")
    page = app.find(lambda n: n.name.startswith("Page 1 sur "), "the first page", root=window)
    pages = int(page.name.rsplit(" ", 1)[1])
    assert pages >= 1, page.name
    # An A4 page at its own size (744 px wide) in the wide window, not squeezed to its height.
    app.wait(lambda: page.queryComponent().getExtents(pyatspi.WINDOW_COORDS).width >= 700,
             "the page at its own width")
    extents = page.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    assert abs(extents.height / extents.width - 297 / 210) < 0.02, (extents.width, extents.height)
    app.screenshot("letter-preview-fr-light")
    app.click(button_in(app, window, "Fermer"))
    # Shown is not printed: the book keeps nothing.
    assert book_rows(book, "SELECT count(*) FROM letters")[0][0] == 0


def test_print_the_day_letters(ctx):
    """The day's approved letters through the desktop print dialog, to a file: the book then
    keeps the batch and each letter in it."""
    app, book = ctx["app"], ctx["book"]
    confirm_this_half_year(book)
    app.show_view(3)

    def approved_letters():
        return [a["id"] for a in ctl_json(book, "actions")
                if a["state"] == "approved" and a["channel"] == "letter"]
    while len(approved_letters()) < 2:
        before = len(approved_letters())
        names = {c["code"]: c["name"] for c in ctl_json(book, "customers")}
        letter = next(a for a in proposed(book) if a["channel"] == "letter")
        app.click(app.button(app.words["approve"] + names[letter["customer"]],
                             "a letter to approve"))
        # Proposed on old payment data, it asks first.
        confirm = app.wait(lambda: len(approved_letters()) > before or next(
            (n for n in app.nodes() if n.getRole() == pyatspi.ROLE_PUSH_BUTTON
             and n.name.replace("_", "") == "Approuver"), None), "the letter approved")
        if confirm is not True:
            app.click(confirm)
            app.wait(lambda: len(approved_letters()) > before, "the letter approved")
    approved = approved_letters()
    app.click(app.button("Imprimer les courriers du jour", timeout=60))
    window = window_named(app, "Les courriers du jour")
    page = app.find(lambda n: n.name.startswith("Page 1 sur "), "the batch", root=window)
    pages = int(page.name.rsplit(" ", 1)[1])
    app.screenshot("letters-day-fr-light")
    app.click(button_in(app, window, "Imprimer"))
    dialog = app.find(lambda n: n.getRole() in (pyatspi.ROLE_DIALOG, pyatspi.ROLE_FRAME)
                      and n.name == "Imprimer", "the print dialog")
    to_file = app.find(lambda n: n.name == "Imprimer dans un fichier"
                       and n.getRole() in (pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_LABEL,
                                           pyatspi.ROLE_LIST_ITEM),
                       "the Print to File printer", root=dialog)
    # The printer list is a tree view: select the row from the keyboard.
    for node in (to_file, to_file.parent):
        try:
            node.queryComponent().grabFocus()
        except Exception:
            pass
    time.sleep(0.5)
    for keysym in (0xff54, 0xff52, 0x20):   # Down, Up, space
        pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
        time.sleep(0.3)
    print_button = button_in(app, dialog, "Imprimer")
    app.wait(lambda: print_button.getState().contains(pyatspi.STATE_SENSITIVE),
             "the Print to File printer chosen")
    app.screenshot("print-dialog-fr-light")
    app.click(print_button)
    app.wait(lambda: book_rows(book, "SELECT count(*) FROM letters")[0][0] >= len(approved),
             "the letters kept in the book")
    kept = book_rows(book, "SELECT l.action_id, l.first_page, b.pages FROM letters l"
                     " JOIN letter_batches b ON b.id = l.batch_id ORDER BY l.first_page")
    assert sorted(a for a, _, _ in kept) == sorted(approved), (kept, approved)
    assert kept[0][1] == 1 and kept[0][2] == pages, (kept, pages)
    name = f"letters-{datetime.date.today().isoformat()}.pdf"
    places = [os.path.join(d, name) for d in (os.getcwd(), os.path.expanduser("~"),
                                               os.path.expanduser("~/Documents"))]
    printed = app.wait(lambda: [p for p in places if os.path.exists(p)
                                and os.path.getsize(p) > 0], "the printed file")
    time.sleep(1)
    info = subprocess.run(["pdfinfo", printed[0]], capture_output=True, text=True).stdout
    os.remove(printed[0])
    assert re.search(rf"Pages:\s+{pages}\b", info), info
    app.click(button_in(app, window, "Fermer"))

class FakeBrevo(http.server.BaseHTTPRequestHandler):
    """Brevo's transactional e-mail API, as its documentation gives it: one address is
    refused with the provider's words, every other message is taken."""
    sent = []
    bodies = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        to = body["to"][0]["email"]
        if self.headers.get("api-key") != "cle-de-test":
            self.answer(401, {"code": "unauthorized", "message": "Key not found"})
        elif not FakeBrevo.refused:
            FakeBrevo.refused = to
            self.answer(400, {"code": "invalid_parameter", "message": "email is not valid"})
        else:
            FakeBrevo.sent.append(to)
            FakeBrevo.bodies.append(body)
            self.answer(201, {"messageId": f"<{len(FakeBrevo.sent)}@fake.brevo>"})

    def answer(self, status, doc):
        data = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_send_needs_a_key_then_sends(ctx):
    """Without a key, the app says so and opens the preferences; the key typed there goes to
    the keyring; then every approved message goes out with its outcome."""
    app, book = ctx["app"], ctx["book"]
    confirm_this_half_year(book)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeBrevo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ctl(book, "relay", "--base-url", f"http://127.0.0.1:{server.server_port}",
        "--max-attempts", "1")
    outbox = ctl_json(book, "outbox")
    approved = [m for m in outbox if m["state"] == "approved" and m["channel"] == "email"]
    assert len(approved) >= 2, outbox
    FakeBrevo.refused = None
    # The preferences show the book's envelope: the Swiss window is on the right.
    ctl(book, "letter-settings", "--envelope", "ch")
    try:
        app.show_view(3)
        app.click(app.button("Envoyer les messages approuvés"))
        problem = app.find(lambda n: n.name == "Envoi impossible", "no key said")
        app.screenshot("send-no-key-fr-light")
        app.click(app.find(lambda n: n.getRole() == pyatspi.ROLE_PUSH_BUTTON
                           and n.name.replace("_", "").startswith("Ouvrir les préférences"),
                           "the preferences button"))
        prefs = window_named(app, "Préférences")

        # The company's bank details, checked: the error shows in the window.
        set_text(app, prefs, "IBAN", "FR76 3000 6000 0112 3456 7890 188")
        app.click(button_in(app, prefs, "Enregistrer les coordonnées de la société"))
        app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and "IBAN" in n.name
                 and n.name != "IBAN", "the IBAN error", root=prefs)
        app.screenshot("preferences-company-error-fr-light")
        set_text(app, prefs, "IBAN", "fr76 3000 6000 0112 3456 7890 189")
        app.click(button_in(app, prefs, "Enregistrer les coordonnées de la société"))
        app.wait(lambda: "FR7630006000011234567890189" in ctl(book, "company"),
                 "the IBAN kept, normalised")

        # Letters: who signs, where the address goes, and the calibration page to check it.
        app.click(app.find(lambda n: n.name == "Courriers" and n.getRole() == pyatspi.ROLE_PAGE_TAB,
                           "the Letters page", root=prefs))
        app.find(lambda n: n.name == "Fenêtre suisse, à droite", "the Swiss window", root=prefs)
        app.screenshot("preferences-letters-fr-light")
        set_text(app, prefs, "Signataire", "Claire Martin")
        spin = app.find(lambda n: n.name.startswith("Décaler l’adresse vers la droite")
                        and "Value" in n.get_interfaces(), "the right offset", root=prefs)
        spin.queryValue().currentValue = 2.5
        app.click(button_in(app, prefs, "Imprimer la page d’étalonnage"))
        calibration = window_named(app, "Page d’étalonnage")
        app.find(lambda n: n.name == "Page 1 sur 1", "the calibration page", root=calibration)
        app.screenshot("calibration-fr-light")
        settings = ctl(book, "letter-settings")
        assert "Claire Martin" in settings and "+2.5 mm horizontally" in settings, settings
        assert "Envelope: ch" in settings, settings
        app.click(button_in(app, calibration, "Fermer"))

        app.click(app.find(lambda n: n.name == "Envoi" and n.getRole() == pyatspi.ROLE_PAGE_TAB,
                           "the Sending page", root=prefs))
        set_text(app, prefs, "Clé d’API", "cle-de-test")
        app.click(button_in(app, prefs, "Garder la clé dans le trousseau"))
        app.find(lambda n: n.name == "Dans le trousseau", "the key in the keyring", root=prefs)
        app.screenshot("preferences-sending-fr-light")
        app.click(button_in(app, prefs, "Fermer"))

        app.click(app.button("Envoyer les messages approuvés"))
        window = window_named(app, "Envoi des messages")
        status = app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL
                          and n.name.startswith(f"Envoyés{NB}:"), "the end of the sending",
                          timeout=120, root=window)
        app.find(lambda n: f"Échec{NB}: " in n.name and "email is not valid" in n.name,
                 "the provider's words", root=window)
        app.screenshot("send-done-fr-light")
        after = {m["id"]: m for m in ctl_json(book, "outbox", "--all")}
        states = [after[m["id"]]["state"] for m in approved]
        assert states.count("failed") == 1, states
        assert states.count("done") == len(FakeBrevo.sent) == len(approved) - 1, \
            (states, FakeBrevo.sent)
        assert status.name == (f"Envoyés{NB}: {len(approved) - 1}, incertains{NB}: 0, "
                               f"en échec{NB}: 1"), status.name
        app.click(button_in(app, window, "Fermer"))
    finally:
        server.shutdown()
        ctl(book, "letter-settings", "--envelope", "fr")


class SlowBrevo(FakeBrevo):
    """Brevo taking its time: a second and a half a message, time to stop the sending."""

    def do_POST(self):
        time.sleep(1.5)
        super().do_POST()


def fake_relay(book, handler):
    """The book's relay pointed at @handler, its key in the keyring; no address refused."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ctl(book, "relay", "--base-url", f"http://127.0.0.1:{server.server_port}",
        "--max-attempts", "1")
    subprocess.run([RELANCECTL, "--book", book, "relay", "--store-key"], input="cle-de-test",
                   text=True, check=True, capture_output=True, timeout=60)
    FakeBrevo.refused = "nobody@example.invalid"
    FakeBrevo.sent.clear()
    FakeBrevo.bodies.clear()
    return server


def email_states(book, ids):
    states = {a["id"]: a["state"] for a in ctl_json(book, "actions", "--all")}
    return [states[i] for i in ids]


def settled_states(book, ids, before):
    """The states once the sending is over: more done than @before, none on its way, and
    no change for longer than a message takes."""
    end, last = time.time() + 90, None
    while time.time() < end:
        states = email_states(book, ids)
        if states == last and "sending" not in states and states.count("done") > before:
            return states
        last = states
        time.sleep(4)
    raise AssertionError(f"the sending did not stop: {last}")


def test_send_stop_then_close(ctx):
    """Stop lets the message on its way finish and sends no other; closing the window while
    sending does the same; the app goes on, and no message leaves twice."""
    app, book = ctx["app"], ctx["book"]
    confirm_this_half_year(book)
    server = fake_relay(book, SlowBrevo)
    approved = [m["id"] for m in ctl_json(book, "outbox")
                if m["state"] == "approved" and m["channel"] == "email"]
    assert len(approved) >= 6, approved
    initial = email_states(book, approved).count("done")
    try:
        for close in (False, True):
            before = email_states(book, approved).count("done")
            app.show_view(3)
            app.click(app.button("Envoyer les messages approuvés"))
            window = window_named(app, "Envoi des messages")
            if close:
                app.click(button_in(app, window, "Fermer"))
            else:
                app.click(button_in(app, window, "Arrêter après ce message"))
                app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL
                         and n.name.startswith(f"Envoyés{NB}:"), "the end of the sending",
                         timeout=60, root=window)
            # Stopped after the message on its way (or the next, the click being slow).
            states = settled_states(book, approved, before)
            done = states.count("done")
            assert done - before < len(approved) - before, (before, states)
            assert states.count("approved") == len(approved) - done, states
            assert len(FakeBrevo.sent) == done - initial == len(set(FakeBrevo.sent)), \
                FakeBrevo.sent
            if not close:
                # The window says what was not sent, and that it stays approved.
                left = len(approved) - done
                app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL
                         and f"Envoi arrêté{NB}: {left} message" in n.name
                         and ("restent approuvés" if left > 1 else "reste approuvé") in n.name,
                         "what was not sent", root=window)
                app.screenshot("send-stopped-fr-light")
                app.click(button_in(app, window, "Fermer"))
            # The app is still there.
            app.show_view(0)
    finally:
        server.shutdown()


class FakeBrevoSms(FakeBrevo):
    """Brevo's transactional SMS API: every message with the right key is taken."""
    sms = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.headers.get("api-key") != "cle-sms" or self.path != "/v3/transactionalSMS/sms":
            self.answer(401, {"code": "unauthorized", "message": "Key not found"})
            return
        FakeBrevoSms.sms.append(body)
        self.answer(201, {"messageId": len(FakeBrevoSms.sms)})


def test_send_a_test_sms(ctx):
    """The SMS provider set in the Sending page, its key kept in the keyring from there, and a
    test SMS to the number typed, its outcome said in the window."""
    app, book = ctx["app"], ctx["book"]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeBrevoSms)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ctl(book, "relay", "--sms-provider", "brevo", "--sms-base-url",
        f"http://127.0.0.1:{server.server_port}")
    try:
        prefs = open_preferences(app, "Envoi")
        set_text(app, prefs, "Expéditeur des SMS (un nom de 11 lettres au plus, ou un numéro)",
                 "Menuiserie Dubois")
        app.click(button_in(app, prefs, "Enregistrer les réglages des SMS"))
        app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and "11 lettres" in n.name
                 and n.name.startswith("«"), "the sender refused", root=prefs)
        assert "Menuiserie" not in ctl(book, "relay")
        set_text(app, prefs, "Expéditeur des SMS (un nom de 11 lettres au plus, ou un numéro)",
                 "Dubois")
        app.click(button_in(app, prefs, "Enregistrer les réglages des SMS"))
        app.wait(lambda: "Dubois" in ctl(book, "relay"), "the sender in the book")
        def kept():
            return len([n for n in app.nodes(prefs) if n.name == "Dans le trousseau"])
        before = kept()
        set_text(app, prefs, "Clé d’API SMS", "cle-sms")
        app.click(button_in(app, prefs, "Garder la clé des SMS dans le trousseau"))
        app.wait(lambda: kept() == before + 1, "the SMS key in the keyring")
        set_text(app, prefs, "Envoyer un SMS d’essai au", "06 12 34 56 78")
        app.click(button_in(app, prefs, "Envoyer un SMS d’essai"))
        app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and n.name.startswith("Envoyé"),
                 "the outcome of the test SMS", root=prefs)
        app.screenshot("preferences-sms-fr-light")
        assert [m["recipient"] for m in FakeBrevoSms.sms] == ["33612345678"], FakeBrevoSms.sms
        assert FakeBrevoSms.sms[0]["sender"] == "Dubois", FakeBrevoSms.sms
        close_preferences(app, prefs)
    finally:
        server.shutdown()
        ctl(book, "relay", "--sms-provider", "", "--sms-base-url", "")


def dialog_field(app, label, text):
    """Types text into the entry of a form dialog named label for screen readers."""
    field = app.find(lambda n: n.name in (label, f"{label} {label}")
                     and "EditableText" in n.get_interfaces(), f"the field {label}")
    field.queryEditableText().setTextContents(text)


def dialog_button(app, label):
    """Clicks a response of a form dialog (GTK 4.8 reads a button's mnemonic label, then its
    label)."""
    app.click(app.find(lambda n: n.getRole() == pyatspi.ROLE_PUSH_BUTTON
                       and n.name.replace("_", "").startswith(label + " ")
                       and n.name.replace("_", "").endswith(" " + label), f"the {label} button"))


def test_customer_payment_plan(ctx):
    """From a customer's page: a payment plan whose installments add up to the balance to the
    cent; then the customer's dunning plan, chosen from the keyboard."""
    app, book = ctx["app"], ctx["book"]
    page, name, code = open_customer_of_the_day(app, book)
    app.screenshot("customer-actions-fr-light")
    balance = ctl_json(book, "customer", code)["outstanding_cents"]
    plans_before = {p["id"] for p in ctl_json(book, "payment-plans", code)}
    first = datetime.date.today() + datetime.timedelta(days=7)
    app.click(button_in(app, page, "Échéancier"))
    dialog_field(app, "Nombre d’échéances", "3")
    dialog_field(app, "Première échéance (JJ/MM/AAAA)", first.strftime("%d/%m/%Y"))
    app.screenshot("customer-payment-plan-fr-light")
    dialog_button(app, "Mettre en place")
    plan = app.wait(lambda: next((p for p in ctl_json(book, "payment-plans", code)
                                  if p["id"] not in plans_before), None), "the payment plan")
    amounts = [i["amount_cents"] for i in plan["installments"]]
    assert plan["state"] == "active" and len(amounts) == 3, plan
    assert sum(amounts) == balance and amounts[0] == amounts[1] == balance // 3, (amounts, balance)
    assert plan["installments"][0]["due_date"] == first.isoformat(), plan
    app.find(lambda n: n.name.startswith("Échéancier accordé"), "the plan in the history",
             root=page)

    # Its own dunning plan, the book's first, chosen from the keyboard; then by risk class again.
    assert ctl_json(book, "customer", code)["plan"] is None
    for keys, plan in (((0xff54, 0xff0d), "reliable"), ((0xff52, 0xff0d), None)):
        app.click(button_in(app, page, "Plan de relance"))
        choice = app.find(lambda n: n.name == "Plan de relance"
                          and n.getRole() == pyatspi.ROLE_COMBO_BOX, "the plan choice")
        # Its button opens the list on the current choice.
        app.click(app.find(lambda n: n.getRole() == pyatspi.ROLE_PUSH_BUTTON, "its button",
                           root=choice))
        for keysym in keys:   # Down or Up, then Return chooses
            time.sleep(0.5)
            pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
        time.sleep(0.5)
        app.screenshot("customer-dunning-plan-fr-light")
        dialog_button(app, "Changer")
        app.wait(lambda: ctl_json(book, "customer", code)["plan"] == plan or None,
                 f"the plan {plan} in the book")
    app.click(app.button(app.words["back"]))
    time.sleep(0.5)


def test_customer_note(ctx):
    """A note written on a customer's page shows in its history and in relancectl customer
    --json; a blank one cannot be added."""
    app, book = ctx["app"], ctx["book"]
    page, name, code = open_customer_of_the_day(app, book)
    text = "Rappeler lundi : le gérant promet un virement"
    app.click(button_in(app, page, "Ajouter une note"))
    dialog_field(app, "Note", text)
    app.screenshot("customer-note-fr-light")
    dialog_button(app, "Ajouter")
    notes = app.wait(lambda: ctl_json(book, "customer", code)["notes"], "the note in the book")
    assert notes[0]["text"] == text and notes[0]["author"], notes
    app.find(lambda n: text in n.name, "the note in the history", root=page)
    # A blank note cannot be added: the dialog waits for a text; cancelled, nothing is kept.
    app.click(button_in(app, page, "Ajouter une note"))
    dialog_field(app, "Note", "   ")
    add = app.find(lambda n: n.getRole() == pyatspi.ROLE_PUSH_BUTTON
                   and n.name.replace("_", "").startswith("Ajouter ")
                   and n.name.endswith(" Ajouter"), "the Add button")
    app.wait(lambda: not add.getState().contains(pyatspi.STATE_SENSITIVE), "Add disabled")
    dialog_button(app, "Annuler")
    time.sleep(1)
    assert len(ctl_json(book, "customer", code)["notes"]) == 1
    app.screenshot("customer-history-fr-light")
    app.click(app.button(app.words["back"]))
    time.sleep(0.5)


def test_customer_statement_by_email(ctx):
    """A customer's account statement, previewed, then e-mailed to the customer through the
    relay with the PDF attached, and kept in the book and the customer's history."""
    app, book = ctx["app"], ctx["book"]
    server = fake_relay(book, FakeBrevo)
    try:
        page, name, code = open_customer_of_the_day(app, book)
        customer = ctl_json(book, "customer", code)
        # Where reminders go: the first contact with an address, else the customer's own.
        email = next((c["email"] for c in customer["contacts"] if c["email"]),
                     customer["email"])
        assert email and "," not in email, customer
        # The e-mail's words: the book's "statement" template in the customer's language, as
        # edited (here with relancectl; the Templates page of the preferences does the same).
        language = customer["language"] or "fr"
        edited = os.path.join(ctx["tmp"], "statement.txt")
        with open(edited, "w", encoding="utf-8") as f:
            f.write("Votre relevé de compte — {{ customer.name }}\n"
                    "Bonjour,\n\nCi-joint votre relevé au {{ today }}.\n\n{{ company.name }}\n")
        ctl(book, "template", "statement", "--language", language, "--set", edited)
        app.click(button_in(app, page, "Envoyer un relevé"))
        window = window_named(app, "Relevé de compte")
        app.find(lambda n: n.name.startswith("Page 1 sur "), "the statement", root=window)
        app.screenshot("statement-preview-fr-light")
        app.click(button_in(app, window, "Envoyer par courriel"))
        app.wait(lambda: FakeBrevo.sent, "the statement sent", timeout=60)
        assert FakeBrevo.sent == [email], FakeBrevo.sent
        attachment = FakeBrevo.bodies[0]["attachment"][0]
        assert attachment["name"] == f"releve-de-compte-{code}.pdf", attachment["name"]
        assert attachment["content"].startswith("JVBER"), "a PDF"
        assert FakeBrevo.bodies[0]["subject"] == f"Votre relevé de compte — {name}", \
            FakeBrevo.bodies[0]["subject"]
        assert "Ci-joint votre relevé au " in FakeBrevo.bodies[0]["textContent"], \
            FakeBrevo.bodies[0]
        ctl(book, "template", "statement", "--language", language, "--reset")
        rows = app.wait(lambda: book_rows(book, "SELECT count(*) FROM letters l JOIN customers c"
                                          " ON c.id = l.customer_id WHERE l.kind = 'statement'"
                                          f" AND c.code = '{code}'")[0][0], "the statement kept")
        assert rows == 1, rows
        app.find(lambda n: n.name.startswith(f"Envoyé à {email}"), "the outcome", root=window)
        app.screenshot("statement-sent-fr-light")
        app.click(button_in(app, window, "Fermer"))
        app.find(lambda n: n.name == "Relevé de compte", "the statement in the history",
                 root=page)
        app.click(app.button(app.words["back"]))
        time.sleep(0.5)
    finally:
        server.shutdown()


def refresh(app):
    """Actualiser in the primary menu, as a user does after changing the book elsewhere."""
    app.click(app.find(lambda n: n.name == "Menu principal" and "Action" in n.get_interfaces()
                       and n.queryAction().nActions > 0, "the main menu"))
    app.click(app.find(lambda n: n.getRole() == pyatspi.ROLE_MENU_ITEM
                       and n.name.replace("_", "") == "Actualiser", "Refresh in the menu"))
    time.sleep(0.5)


def test_dashboard_to_invoice(ctx):
    """The rates confirmed, the dashboard shows the interest and indemnities the overdue
    business invoices carry, as relancectl counts them; the tile opens the overdue invoices."""
    app, book = ctx["app"], ctx["book"]
    confirm_this_half_year(book)
    # Confirmed by relancectl, not in the app: the app reads the book again when asked, and
    # the banner that asked for the rates goes.
    refresh(app)
    app.wait(lambda: not app.find_all(lambda n: n.getRole() == pyatspi.ROLE_LABEL
                                      and "ne sont pas confirmés" in n.name
                                      and n.getState().contains(pyatspi.STATE_VISIBLE)),
             "the banner about the rates gone")
    to_invoice = ctl_json(book, "aging", "--to-invoice")["to_invoice"]
    expected = to_invoice["interest_cents"] + to_invoice["indemnities_cents"]
    assert to_invoice["rates_to_confirm"] is None and to_invoice["invoices"] > 0, to_invoice
    assert to_invoice["indemnities_cents"] == 4000 * to_invoice["invoices"], to_invoice
    app.show_view(0)
    value = app.wait(lambda: app.tile("À facturer") != "—" and app.tile("À facturer"),
                     "the figure to invoice")
    assert cents_of(value) == expected, (value, to_invoice)
    app.screenshot("dashboard-to-invoice-fr-light")
    app.click(app.button(f"À facturer{NB}:"))
    app.wait(lambda: any(t.getState().contains(pyatspi.STATE_SELECTED)
                         or t.getState().contains(pyatspi.STATE_CHECKED)
                         for name, t in app.tabs.items() if name == app.words["views"][2]),
             "the invoices view")


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


def shown(node):
    extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return extents.width > 0 and extents.height > 0


def test_narrow_window_keeps_the_day_actions(ctx):
    """A wide window made 360 px wide, as a user would with the mouse: the rows of À faire keep
    a readable title, Aperçu, Modifier and Ignorer go to a menu beside Approuver, and the menu
    does what the buttons did."""
    ctx.pop("app").close()
    config = tempfile.mkdtemp(prefix="relance-gui-config-")
    os.makedirs(os.path.join(config, "glib-2.0", "settings"))
    with open(os.path.join(config, "glib-2.0", "settings", "keyfile"), "w") as f:
        f.write("[io/github/relance/Relance]\nlast-view='todo'\n"
                "window-width=1100\nwindow-height=720\n")
    book = ctx["book"]
    ctx["app"] = app = App(book, "fr", config=config)
    app.find(lambda n: n.name.startswith("Ignorer\u00a0: ") and shown(n),
             "a row's Skip button in the wide window")
    # The window asked for at most 360 px even when wide: a window manager lets it be made so
    # narrow (the rows' full line of buttons asked for 561 px once).
    window = app.wait(lambda: next((w for w in x11.windows() if w["least_width"]), None),
                      "the window on the X server")
    assert window["least_width"] <= NARROWEST, window
    x11.resize(window["id"], 360, 720)
    window = app.wait(lambda: next((w for w in x11.windows() if w["id"] == window["id"]
                                    and w["width"] <= NARROWEST), None),
                      "the window 360 px wide")
    more_prefix = "Autres actions\u00a0: "
    # GTK 4.8 tells screen readers no "showing" state: a button hidden by its row is one that
    # has no size.
    more = app.find(lambda n: n.name.startswith(more_prefix) and "Action" in n.get_interfaces()
                    and n.queryAction().nActions > 0 and shown(n), "a row's menu of actions")
    name = customer_named(book, more.name[len(more_prefix):])
    skip = app.button("Ignorer\u00a0: " + name, "the row's Skip button")
    assert not shown(skip), "Skip shown at 360 px"
    approve = app.button(app.words["approve"] + name, "the row's Approve button")
    assert shown(approve), "Approve hidden at 360 px"
    app.screenshot("todo-narrow-fr-light")
    # A form dialog fits in the narrow window: libadwaita sizes it to its parent.
    app.click(app.find(lambda n: n.name.startswith(app.words["call"]) and shown(n)
                       and "Action" in n.get_interfaces(), "a call's Record button"))
    form = app.wait(lambda: next((w for w in x11.windows() if w["fixed"]), None),
                    "the Record the Call dialog")
    assert form["width"] <= window["width"], (form, window)
    app.screenshot("call-narrow-fr-light")
    dialog_button(app, "Annuler")
    app.wait(lambda: not any(w["fixed"] for w in x11.windows()), "the dialog closed")
    before = proposed(book)
    app.click(more)
    app.click(app.find(lambda n: n.getRole() == pyatspi.ROLE_MENU_ITEM
                       and n.name.replace("_", "") == "Ignorer" and shown(n),
                       "Ignorer in the menu"))
    app.wait(lambda: len(proposed(book)) == len(before) - 1, "the action skipped in the book")
    skipped = [row[0] for row in book_rows(book, "SELECT c.name FROM actions a JOIN customers c"
                                                 " ON c.id = a.customer_id"
                                                 " WHERE a.state = 'skipped'")]
    assert name in skipped, (name, skipped)


def test_narrow_window_with_minimize_and_maximize(ctx):
    """With minimize and maximize in the title bar too (GTK's default, Ubuntu's), the window can
    still be made 360 px wide: once narrow, the book's name moves aside instead of asking for as
    much room on its left as the buttons take on its right."""
    ctx.pop("app").close()
    book = ctx["book"]
    ctx["app"] = app = App(book, "fr", buttons="menu:minimize,maximize,close")
    app.find(lambda n: n.name.startswith(app.words["outstanding"]), "the dashboard")
    window = app.wait(lambda: next((w for w in x11.windows() if w["least_width"]), None),
                      "the window on the X server")

    def narrowed():
        # A window manager lets the window go as narrow as it asks, step by step as a user drags.
        x11.resize(window["id"], 360, 720)
        time.sleep(0.5)
        w = next(w for w in x11.windows() if w["id"] == window["id"])
        return w if w["least_width"] <= NARROWEST and w["width"] <= NARROWEST else None
    narrow = app.wait(narrowed, "the window 360 px wide")
    app.screenshot("narrow-three-buttons-fr-light")
    assert narrow["least_width"] <= NARROWEST, narrow

    # Ended as a session ends (SIGTERM), it keeps its width; started again, it opens as narrow
    # (its title bar was laid out wide first, and asked for 399 px).
    keyfile = os.path.join(app.config, "glib-2.0", "settings", "keyfile")
    app.close(keep_config=True)
    width = int(re.search(r"window-width=(\d+)", open(keyfile).read()).group(1))
    assert width <= NARROWEST, width
    ctx["app"] = app = App(book, "fr", config=app.config, buttons="menu:minimize,maximize,close")
    app.find(lambda n: n.name.startswith(app.words["outstanding"]), "the dashboard")
    again = app.wait(lambda: next((w for w in x11.windows() if w["least_width"]), None),
                     "the window on the X server")
    assert again["width"] <= NARROWEST, again


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

    # A promise whose day passed unpaid, and a formal notice posted 10 days ago whose invoice
    # is still open: announced at the next start, once each; the notice opens its customer.
    book = ctx["book"]
    today = datetime.date.today()
    customers = [c for c in ctl_json(book, "customers") if c["overdue_cents"] > 0]
    promiser, noticed = customers[-1], customers[-2]
    ctl(book, "promise", promiser["code"], "--amount", "999999,99", "--on",
        (today - datetime.timedelta(days=5)).isoformat(), "--date",
        (today - datetime.timedelta(days=2)).isoformat())
    invoice = next(i for i in ctl_json(book, "invoices", "--customer", noticed["code"], "--open")
                   if i["kind"] == "invoice")
    posted = (today - datetime.timedelta(days=10)).isoformat()
    with sqlite3.connect(book) as db:
        # A registered formal notice as `relancectl registered` leaves it, done on the day posted.
        cur = db.execute(
            "INSERT INTO actions (key, customer_id, channel, template, state, proposed_on,"
            " state_changed_at, created_at, done_on, registered_number, amount_cents)"
            " SELECT 'test-notice', id, 'registered_letter', 'formal_notice', 'done', ?1, ?1, ?1,"
            " ?1, '1A00000000001', ?2 FROM customers WHERE code = ?3",
            (posted, invoice["left_cents"], noticed["code"]))
        db.execute("INSERT INTO action_invoices (action_id, invoice_id, amount_cents, days_late)"
                   " SELECT ?1, id, ?2, 30 FROM invoices WHERE number = ?3",
                   (cur.lastrowid, invoice["left_cents"], invoice["number"]))
    broken = f"Promesse non tenue{NB}: {promiser['name']}"
    expired = f"Mise en demeure expirée{NB}: {noticed['name']}"
    app.close(keep_config=True)
    ctx["app"] = app = App(book, "fr", config=app.config)
    app.wait(lambda: {broken, expired} <= {n[0] for n in notifications()},
             "the broken promise and the expired notice announced")
    body = next(b for s, b in notifications() if s == expired)
    assert "délai" in body, body
    # Activated, the notice's notification opens its customer (ids are given in order by the
    # fake server, from 1).
    nid = [n[0] for n in notifications()].index(expired) + 1
    subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.Notifications",
                    "--object-path", "/org/freedesktop/Notifications", "--method",
                    "org.freedesktop.DBus.Mock.EmitSignal", "org.freedesktop.Notifications",
                    "ActionInvoked", "us", f"[<uint32 {nid}>, <'default'>]"],
                   check=True, capture_output=True, timeout=30)
    page = app.find(lambda n: n.name == "RlCustomerPage", "the customer page")
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and n.name == noticed["name"],
             f"the page of {noticed['name']}", root=page)
    app.screenshot("notification-opens-customer-fr-light")
    # Started again, the app announces neither again.
    app.close(keep_config=True)
    ctx["app"] = app = App(book, "fr", config=app.config)
    app.button(app.words["outstanding"], "the dashboard")
    time.sleep(3)
    summaries = [n[0] for n in notifications()]
    assert summaries.count(broken) == 1 and summaries.count(expired) == 1, summaries


INVOICES_HEADER = "N° facture;Code client;Client;Date facture;Date d'échéance;Montant TTC\n"


def write_csv(ctx, name, rows, header=INVOICES_HEADER):
    path = os.path.join(ctx["tmp"], name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        f.writelines(row + "\n" for row in rows)
    return path


def file_chooser(app, title):
    """GTK 4.8 gives a file chooser dialog the role of a filler."""
    return app.wait(lambda: next((w for w in (app.app.getChildAtIndex(i)
                                              for i in range(app.app.childCount))
                                  if w is not None and w.name == title), None),
                    f"the file chooser {title}")


def import_windows(app):
    return [w for w in (app.app.getChildAtIndex(i) for i in range(app.app.childCount))
            if w is not None and w.name == "Importation"]


def import_windows_of(app, path):
    """The import dialogs of the file at path: its name is under the window's title."""
    name = os.path.basename(path)
    return [w for w in import_windows(app) if any(
        n.getRole() == pyatspi.ROLE_LABEL and n.name == name for n in app.nodes(w))]


def import_window(app, path):
    return app.wait(lambda: next(iter(import_windows_of(app, path)), None),
                    f"the import window of {os.path.basename(path)}")


def figure(app, window, title):
    """A figure of the import, from the name its row gives screen readers."""
    node = app.find(lambda n: n.name.startswith(f"{title}{NB}: "), f"the figure {title}",
                    root=window)
    # GTK 4.8 reads the row's label, then the text in it.
    return int(node.name.split(":", 1)[1].split()[0])


def import_more(app, path):
    """`relance --import FILE` while the app runs: the running app imports it."""
    subprocess.run([RELANCE, "--import", path], env=app.env, check=True, timeout=60)


def test_import_invoices_through_the_dialog(ctx):
    """`relance BOOK --import FILE`: the dialog shows the format, the columns and the dry
    run's figures (nothing written yet), then imports; the book has the invoices."""
    ctx.pop("app").close()
    book = os.path.join(ctx["tmp"], "import.relance")
    ctl(book, "init", "--name", "Import SARL", "--terms", "30")
    csv = write_csv(ctx, "factures.csv", [
        "FA-001;C001;Boulangerie Martin;01/09/2026;01/10/2026;1 200,00",
        "FA-002;C001;Boulangerie Martin;15/09/2026;15/10/2026;300,50",
        "FA-003;C002;Garage Lefèvre;01/10/2026;31/10/2026;2 000,00",
    ])
    ctx["app"] = app = App(book, "fr", args=["--import", csv])
    window = import_window(app, csv)
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL
             and n.name == f"Fichier CSV de factures et d’avoirs{NB}: séparateur «{NB};{NB}», "
             "encodage UTF-8", "the format",
             root=window)
    assert figure(app, window, "Factures et avoirs nouveaux") == 3
    assert figure(app, window, "Nouveaux clients") == 2
    assert figure(app, window, "Lignes rejetées") == 0
    app.find(lambda n: n.name.startswith(f"Colonne Montant TTC{NB}: Montant "), "the mapping",
             root=window)
    assert ctl_json(book, "invoices") == [], "a dry run wrote to the book"
    app.screenshot("import-preview-fr-light")
    app.click(button_in(app, window, "Importer"))
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and n.name == "Import terminé",
             "the end of the import", root=window)
    invoices = {i["number"]: i for i in ctl_json(book, "invoices")}
    assert sorted(invoices) == ["FA-001", "FA-002", "FA-003"], invoices
    assert invoices["FA-002"]["amount_cents"] == 30050, invoices["FA-002"]
    assert figure(app, window, "Factures et avoirs nouveaux") == 3
    app.screenshot("import-done-fr-light")
    app.click(button_in(app, window, "Fermer"))
    # GTK 4.8 may crash when asked about a window as it goes: let it go first.
    time.sleep(1)
    # The views read the book again: the dashboard shows what was imported.
    app.wait(lambda: app.tile(app.words["outstanding"]) != "—"
             and cents_of(app.tile(app.words["outstanding"])) == 350050, "the new outstanding")


def test_import_a_file_with_a_bad_row(ctx):
    """A bad row is shown with its line, column and why; cancelling leaves the book as it
    was."""
    app = ctx["app"]
    book = os.path.join(ctx["tmp"], "import.relance")
    before = ctl_json(book, "invoices")
    csv = write_csv(ctx, "factures-erreur.csv", [
        "FA-010;C003;Plomberie Roux;01/10/2026;31/10/2026;500,00",
        "FA-011;C003;Plomberie Roux;31/02/2026;31/03/2026;80,00",
        "FA-012;C003;Plomberie Roux;01/10/2026;31/10/2026;douze",
    ])
    import_more(app, csv)
    window = import_window(app, csv)
    assert figure(app, window, "Lignes rejetées") == 2
    assert figure(app, window, "Factures et avoirs nouveaux") == 1
    app.find(lambda n: n.name.startswith(f"Ligne 4 · Montant TTC{NB}: "), "the bad amount",
             root=window)
    app.find(lambda n: n.name.startswith(f"Ligne 3 · Date facture{NB}: "), "the bad date",
             root=window)
    app.find(lambda n: n.getRole() == pyatspi.ROLE_PUSH_BUTTON
             and n.name.replace("_", "").startswith("Enregistrer les rejets"),
             "Save the rejects", root=window)
    app.screenshot("import-rejects-fr-light")

    # Saved as CSV: file, line, field, why.
    app.click(button_in(app, window, "Enregistrer les rejets"))
    saved = os.path.join(ctx["tmp"], "rejets.csv")
    chooser = file_chooser(app, "Enregistrer les rejets")
    name = app.find(lambda n: n.name == f"Nom{NB}:" and "EditableText" in n.get_interfaces(),
                    "the file name", root=chooser)
    name.queryEditableText().setTextContents(saved)
    app.click(button_in(app, chooser, "Enregistrer"))
    app.wait(lambda: os.path.exists(saved), "the rejects saved")
    time.sleep(1)
    with open(saved, encoding="utf-8") as f:
        rows = f.read().splitlines()
    assert rows[0] == "Fichier;Ligne;Champ;Motif", rows
    assert rows[1].startswith("factures-erreur.csv;3;Date facture;"), rows
    assert rows[2].startswith("factures-erreur.csv;4;Montant TTC;"), rows
    app.click(button_in(app, window, "Annuler"))
    time.sleep(1)
    app.wait(lambda: not import_windows_of(app, csv), "the import window closed", timeout=10)
    assert ctl_json(book, "invoices") == before


def test_import_from_the_menu(ctx):
    """Import… in the primary menu asks for the files, with a filter for every format."""
    app = ctx["app"]
    assert app.proc.poll() is None, f"the app has ended: {app.proc.poll()}"
    app.click(app.find(lambda n: n.name == "Menu principal" and "Action" in n.get_interfaces()
                       and n.queryAction().nActions > 0, "the main menu"))
    item = app.find(lambda n: n.getRole() == pyatspi.ROLE_MENU_ITEM
                    and n.name.replace("_", "").startswith("Importer…"), "Import… in the menu")
    app.click(item)
    chooser = file_chooser(app, "Importer des fichiers")
    app.find(lambda n: n.name == "Tous les fichiers pris en charge", "the filter of every format",
             root=chooser)
    app.screenshot("import-chooser-fr-light")
    app.click(button_in(app, chooser, "Annuler"))
    time.sleep(1)
    app.wait(lambda: not any(w is not None and w.name == "Importer des fichiers"
                             for w in (app.app.getChildAtIndex(i)
                                       for i in range(app.app.childCount))),
             "the file chooser closed", timeout=10)


def test_import_a_bank_statement(ctx):
    """A camt.053 statement: its payments, what was matched, and what was left aside."""
    app = ctx["app"]
    book = os.path.join(ctx["tmp"], "import.relance")
    statement = os.path.join(os.path.dirname(__file__), "..", "data", "samples", "camt",
                             "OCA16_test-camt053.xml")
    before = book_rows(book, "SELECT count(*) FROM payments")[0][0]
    import_more(app, os.path.abspath(statement))
    window = import_window(app, statement)
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL
             and n.name.startswith(f"Relevé bancaire{NB}: camt.053.001.02"), "the format",
             root=window)
    assert figure(app, window, "Nouveaux règlements") == 1
    assert figure(app, window, "Non rapprochés") == 1
    app.find(lambda n: n.name.startswith("Remarques sur le fichier"), "the remarks",
             root=window)
    app.click(button_in(app, window, "Importer"))
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and n.name == "Import terminé",
             "the end of the import", root=window)
    assert book_rows(book, "SELECT count(*) FROM payments")[0][0] == before + 1
    app.screenshot("import-camt-fr-light")
    app.click(button_in(app, window, "Fermer"))
    time.sleep(1)


def test_cancel_a_big_import(ctx):
    """Cancelled half-way, a big import leaves the book exactly as it was."""
    app = ctx["app"]
    book = os.path.join(ctx["tmp"], "import.relance")
    n = 40000
    invoices = write_csv(ctx, "grosses-factures.csv", [
        f"G-{i:06d};K{i % 400:04d};Client {i % 400};01/09/2026;01/10/2026;{100 + i % 900},50"
        for i in range(n)])
    ctl(book, "import", invoices)
    payments = write_csv(ctx, "reglements.csv", [
        f"05/10/2026;K{i % 400:04d};G-{i:06d};{100 + i % 900},50;VIR-{i}" for i in range(n)],
        header="Date de règlement;Code client;N° facture;Montant;Référence\n")
    before = book_rows(book, "SELECT (SELECT count(*) FROM payments), (SELECT count(*) FROM "
                       "allocations), (SELECT count(*) FROM imports)")
    import_more(app, payments)
    window = import_window(app, payments)
    assert figure(app, window, "Nouveaux règlements") == n
    app.click(button_in(app, window, "Importer"))
    bar = app.find(lambda n: n.getRole() == pyatspi.ROLE_PROGRESS_BAR, "the progress bar",
                   root=window)
    app.wait(lambda: 0 < bar.queryValue().currentValue < 0.9, "the import under way",
             timeout=60)
    app.screenshot("import-progress-fr-light")
    app.click(button_in(app, window, "Annuler"))
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and n.name == "Import annulé",
             "the import cancelled", timeout=60, root=window)
    after = book_rows(book, "SELECT (SELECT count(*) FROM payments), (SELECT count(*) FROM "
                      "allocations), (SELECT count(*) FROM imports)")
    assert after == before, (before, after)
    close = button_in(app, window, "Fermer")
    assert close.getState().contains(pyatspi.STATE_SENSITIVE)
    app.click(close)
    time.sleep(1)
    app.wait(lambda: not import_windows_of(app, payments), "the import window closed",
             timeout=10)


def test_drop_a_file_on_the_window(ctx):
    """A file dropped on the window, from another application, opens the import dialog on
    it. The drag is a real one: a small GTK window drags the file (tests/gui/drag_source.py)
    and the mouse moves it onto the app through the X test extension."""
    app = ctx["app"]
    csv = write_csv(ctx, "deposee.csv", [
        "D-001;C201;Fonderie Gris;01/10/2026;31/10/2026;640,00",
    ])
    source = subprocess.Popen(["/usr/bin/python3",
                               os.path.join(os.path.dirname(__file__), "drag_source.py"), csv],
                              env=dict(app.env, GTK_A11Y="none"))
    try:
        # Without a window manager the new window sits in the top left corner, over the app's.
        time.sleep(3)
        assert source.poll() is None, "the drag source did not start"
        mouse = pyatspi.Registry.generateMouseEvent
        mouse(100, 60, "abs")
        time.sleep(0.3)
        mouse(100, 60, "b1p")
        for i in range(1, 21):
            time.sleep(0.1)
            mouse(100 + i * 25, 60 + i * 17, "abs")
        time.sleep(0.5)
        mouse(600, 400, "b1r")
        window = import_window(app, csv)
        assert figure(app, window, "Factures et avoirs nouveaux") == 1
        app.screenshot("import-dropped-fr-light")
        app.click(button_in(app, window, "Annuler"))
        time.sleep(1)
        app.wait(lambda: not import_windows_of(app, csv), "the import window closed",
                 timeout=10)
    finally:
        source.terminate()
        source.wait(timeout=10)


def figure_text(app, window, title):
    """A figure of the import as shown: "—" while the file cannot be read."""
    node = app.find(lambda n: n.name.startswith(f"{title}{NB}: "), f"the figure {title}",
                    root=window)
    return node.name.split(":", 1)[1].split()[0]


def bring_into_view(app, window, node):
    """Scrolls the window's content with the mouse wheel until node is in view (GTK 4.8 does
    not scroll to a node asked for through AT-SPI)."""
    for _ in range(40):
        box = window.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        e = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        if e.y >= box.y + 60 and e.y + e.height <= box.y + box.height - 10:
            return e
        button = "b5c" if e.y + e.height > box.y + box.height - 10 else "b4c"
        pyatspi.Registry.generateMouseEvent(box.x + box.width // 2, box.y + box.height // 2,
                                            button)
        time.sleep(0.3)
    raise AssertionError(f"{node.name} out of view")


def choose(app, window, row_prefix, choices, item):
    """Chooses item in the combo row whose name starts with row_prefix, as a user does: a
    click opens its list (GTK 4.8 gives a combo row no action), then the keyboard: Home, Down
    to the item, Return. choices is the list in its order: each key is waited for until the
    item it leads to has the focus, so that a busy machine loses none."""
    row = app.find(lambda n: n.getRole() == pyatspi.ROLE_COMBO_BOX
                   and n.name.startswith(row_prefix), row_prefix, root=window)
    e = bring_into_view(app, window, row)
    pyatspi.Registry.generateMouseEvent(e.x + e.width * 3 // 4, e.y + e.height // 2, "b1c")
    # The pointer away: over the list, it would choose the item under it (its list selects
    # on hover).
    time.sleep(0.3)
    pyatspi.Registry.generateMouseEvent(1270, 790, "abs")

    def focused():
        """The label of the item of the open list that has the keyboard focus."""
        for n in app.nodes(row):
            if n.getRole() == pyatspi.ROLE_LIST_ITEM \
                    and n.getState().contains(pyatspi.STATE_FOCUSED):
                return next((c.name for c in app.nodes(n) if c.getRole() == pyatspi.ROLE_LABEL),
                            "")
        return None
    app.wait(focused, f"the list of {row_prefix} open")
    for k in range(choices.index(item) + 1):
        pyatspi.Registry.generateKeyboardEvent(0xff54 if k else 0xff50, None, pyatspi.KEY_SYM)
        app.wait(lambda: focused() == choices[k], f"{choices[k]} focused", timeout=10)
    pyatspi.Registry.generateKeyboardEvent(0xff0d, None, pyatspi.KEY_SYM)
    return row


# The choices of a column of an invoice file, in their order (Not imported first).
INVOICE_FIELDS = ["Non importée", "Numéro de facture", "Code client", "Nom du client",
                  "Facture ou avoir", "Date de facture", "Date d’échéance", "Devise", "Montant"]


def test_import_choose_the_columns(ctx):
    """A CSV file whose amount column is not recognised: the dialog says so; the amount is
    chosen among the fields and the dry run's figures follow; a field chosen for a second
    column leaves the first, which the window says; the import takes the columns chosen."""
    app = ctx["app"]
    book = os.path.join(ctx["tmp"], "import.relance")
    if not os.path.exists(book):   # run alone: the app has the demo book open
        book = ctx["book"]
    csv = write_csv(ctx, "colonnes.csv", [
        "1 000,00;1 200,00;M-001;C101;Menuiserie Blanc;01/09/2026;01/10/2026",
        "250,00;300,00;M-002;C102;Atelier Noir;15/09/2026;15/10/2026",
    ], header="Montant HT;Combien (TTC, €);N° facture;Code client;Client;Date facture;"
              "Date d'échéance\n")
    import_more(app, csv)
    window = import_window(app, csv)
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL
             and n.name == "Choisissez la colonne de chaque champ dont l’import a besoin"
             f"{NB}: Montant.",
             "why the file cannot be imported", root=window)
    assert figure_text(app, window, "Factures et avoirs nouveaux") == "—"
    importer = button_in(app, window, "Importer")
    assert not importer.getState().contains(pyatspi.STATE_SENSITIVE)
    app.screenshot("import-columns-missing-fr-light")

    choose(app, window, f"Colonne Montant HT{NB}: Non importée", INVOICE_FIELDS, "Montant")
    app.wait(lambda: figure_text(app, window, "Factures et avoirs nouveaux") == "2",
             "the figures of the dry run with the amount chosen")
    app.wait(lambda: importer.getState().contains(pyatspi.STATE_SENSITIVE), "Import possible")
    app.find(lambda n: n.getRole() == pyatspi.ROLE_COMBO_BOX
             and n.name.startswith(f"Colonne Montant HT{NB}: Montant"), "the column's name",
             root=window)

    # The amount with tax: the net amount lets it go, and the window says so.
    choose(app, window, f"Colonne Combien (TTC, €){NB}: Non importée", INVOICE_FIELDS,
           "Montant")
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL
             and n.name.startswith(f"La colonne «{NB}Montant HT{NB}» était prise pour Montant"),
             "the column let go", root=window)
    app.find(lambda n: n.getRole() == pyatspi.ROLE_COMBO_BOX
             and n.name.startswith(f"Colonne Montant HT{NB}: Non importée"),
             "the net amount not imported", root=window)
    app.find(lambda n: n.getRole() == pyatspi.ROLE_COMBO_BOX
             and n.name.startswith(f"Colonne Combien (TTC, €){NB}: Montant"),
             "the amount with tax chosen", root=window)
    app.wait(lambda: importer.getState().contains(pyatspi.STATE_SENSITIVE), "Import possible")
    assert figure(app, window, "Factures et avoirs nouveaux") == 2
    assert not [i for i in ctl_json(book, "invoices") if i["number"].startswith("M-")], \
        "a dry run wrote to the book"
    app.screenshot("import-columns-chosen-fr-light")

    app.click(importer)
    app.find(lambda n: n.getRole() == pyatspi.ROLE_LABEL and n.name == "Import terminé",
             "the end of the import", root=window)
    invoices = {i["number"]: i for i in ctl_json(book, "invoices")}
    assert invoices["M-001"]["amount_cents"] == 120000, invoices["M-001"]
    assert invoices["M-002"]["amount_cents"] == 30000, invoices["M-002"]
    app.click(button_in(app, window, "Fermer"))
    time.sleep(1)
    app.wait(lambda: not import_windows_of(app, csv), "the import window closed", timeout=10)


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


# The tests in groups, each a meson test of its own with its own X server, bus and app (see
# meson.build): two run side by side. Every test is in exactly one group.
GROUPS = {
    "main": ["test_dashboard_figures_match_relancectl", "test_every_view_opens",
             "test_unconfirmed_rates_are_announced", "test_open_a_customer_from_the_day_actions",
             "test_approve_an_action_changes_the_book", "test_record_a_call_outcome",
             "test_edit_a_message_text",
             "test_preview_a_letter", "test_print_the_day_letters",
             "test_send_needs_a_key_then_sends", "test_last_book_and_view_are_kept",
             "test_notifications_once_per_event"],
    "import": ["test_import_invoices_through_the_dialog", "test_import_a_file_with_a_bad_row",
               "test_import_from_the_menu", "test_import_a_bank_statement",
               "test_import_choose_the_columns", "test_drop_a_file_on_the_window",
               "test_cancel_a_big_import"],
    "prefs": ["test_confirm_the_half_year_rates", "test_edit_a_plan_step",
              "test_copy_and_delete_a_plan", "test_rename_a_plan",
              "test_template_preview_follows_typing", "test_send_a_test_sms"],
    "customer": ["test_customer_payment_plan", "test_customer_note",
                 "test_customer_statement_by_email", "test_dashboard_to_invoice",
                 "test_send_stop_then_close", "test_narrow_window_keeps_the_day_actions",
                 "test_narrow_window_with_minimize_and_maximize"],
    "screenshots": ["test_screenshots_en_light", "test_screenshots_fr_dark",
                    "test_screenshots_en_dark"],
}


def main():
    tests = [v for k, v in globals().items() if k.startswith("test_")]
    grouped = [name for names in GROUPS.values() for name in names]
    lost = sorted(set(t.__name__ for t in tests) ^ set(grouped))
    if lost or len(grouped) != len(set(grouped)):
        report("Bail out! tests in no group, in two, or unknown: " + ", ".join(lost))
        return 1
    # GUI_GROUP=name runs one group (meson.build runs each).
    group = os.environ.get("GUI_GROUP")
    if group:
        tests = [t for t in tests if t.__name__ in GROUPS[group]]
    # GUI_TESTS=name,name runs only those (and what they need: the demo book, the app).
    only = [t for t in os.environ.get("GUI_TESTS", "").split(",") if t]
    if only:
        tests = [t for t in tests if any(o in t.__name__ for o in only)]
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
    ctx = {"book": book, "tmp": tmp}
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
                try:
                    ctx["app"].screenshot(f"failed-{test.__name__}")
                except Exception:
                    pass
                # On standard error too: test runners show it when the suite fails.
                print(f"{test.__name__} failed:\n{traceback.format_exc()}", file=sys.stderr)
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
