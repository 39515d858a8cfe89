/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-schema.h"

/* The numbered migrations of the book. Migration N takes a book from user_version N-1 to N.
 * Never edit a migration that has shipped: add a new one. Each runs in the transaction that
 * also sets user_version, so a book is always at exactly one version.
 *
 * Conventions: dates are ISO 8601 text 'YYYY-MM-DD'; timestamps are ISO 8601 UTC text;
 * money is INTEGER cents with a currency code beside it. */

static const char migration_1[] =
  /* Who the book belongs to: exactly one row. */
  "CREATE TABLE company ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name TEXT NOT NULL DEFAULT '',"
  "  address1 TEXT, address2 TEXT, address3 TEXT,"
  "  postcode TEXT, city TEXT, country TEXT NOT NULL DEFAULT 'FR',"
  "  siren TEXT, vat_number TEXT, iban TEXT, bic TEXT, email TEXT, phone TEXT,"
  "  currency TEXT NOT NULL DEFAULT 'EUR',"
  "  language TEXT NOT NULL DEFAULT 'fr',"
  "  payment_terms_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365)"
  ");"
  "INSERT INTO company (id) VALUES (1);"

  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE imports ("
  "  id INTEGER PRIMARY KEY,"
  "  file_name TEXT NOT NULL,"
  "  checksum TEXT NOT NULL,"
  "  format TEXT NOT NULL,"
  "  started_at TEXT NOT NULL,"
  "  finished_at TEXT,"
  "  actor TEXT NOT NULL,"
  "  rows INTEGER NOT NULL DEFAULT 0,"
  "  inserted INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0,"
  "  unchanged INTEGER NOT NULL DEFAULT 0,"
  "  rejected INTEGER NOT NULL DEFAULT 0,"
  "  customers_created INTEGER NOT NULL DEFAULT 0"
  ");"

  "CREATE TABLE customers ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL DEFAULT 'business' CHECK (kind IN ('business', 'consumer')),"
  "  siren TEXT, vat_number TEXT,"
  "  language TEXT NOT NULL DEFAULT 'fr',"
  "  email TEXT, phone TEXT,"
  "  address1 TEXT, address2 TEXT, address3 TEXT,"
  "  postcode TEXT, city TEXT, country TEXT NOT NULL DEFAULT 'FR',"
  "  credit_limit_cents INTEGER CHECK (credit_limit_cents IS NULL OR credit_limit_cents >= 0),"
  "  payment_terms_days INTEGER CHECK (payment_terms_days IS NULL"
  "                                    OR payment_terms_days BETWEEN 0 AND 365),"
  "  terms_end_of_month INTEGER NOT NULL DEFAULT 0,"
  "  assigned_to TEXT,"
  "  notes TEXT,"
  "  import_id INTEGER REFERENCES imports (id),"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE INDEX customers_name ON customers (name COLLATE NOCASE);"

  "CREATE TABLE contacts ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  role TEXT, email TEXT, phone TEXT,"
  "  is_primary INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX contacts_customer ON contacts (customer_id);"

  /* Invoices and credit notes. amount_cents is positive for both; paid_cents is kept by the
   * allocation triggers below and is never written by the code. */
  "CREATE TABLE invoices ("
  "  id INTEGER PRIMARY KEY,"
  "  number TEXT NOT NULL UNIQUE,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  kind TEXT NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note')),"
  "  issue_date TEXT NOT NULL CHECK (issue_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
  "  due_date TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
  "  currency TEXT NOT NULL DEFAULT 'EUR',"
  "  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),"
  "  paid_cents INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),"
  "  cancelled INTEGER NOT NULL DEFAULT 0,"
  "  status TEXT GENERATED ALWAYS AS (CASE WHEN cancelled THEN 'cancelled'"
  "    WHEN paid_cents >= amount_cents THEN 'paid' ELSE 'open' END) VIRTUAL,"
  "  settled_on TEXT,"
  "  reference TEXT,"
  "  credited_number TEXT,"
  "  import_id INTEGER REFERENCES imports (id),"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE INDEX invoices_customer ON invoices (customer_id, due_date);"
  "CREATE INDEX invoices_open ON invoices (due_date) WHERE paid_cents < amount_cents AND NOT cancelled;"

  "CREATE TABLE payments ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL UNIQUE,"
  "  customer_id INTEGER REFERENCES customers (id),"
  "  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
  "  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),"
  "  currency TEXT NOT NULL DEFAULT 'EUR',"
  "  method TEXT, reference TEXT, payer_name TEXT, payer_iban TEXT,"
  "  invoice_number TEXT,"
  "  import_id INTEGER REFERENCES imports (id),"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE INDEX payments_customer ON payments (customer_id, date);"

  /* A part of a payment, or of a credit note, applied to an invoice. */
  "CREATE TABLE allocations ("
  "  id INTEGER PRIMARY KEY,"
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id),"
  "  payment_id INTEGER REFERENCES payments (id),"
  "  credit_note_id INTEGER REFERENCES invoices (id),"
  "  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),"
  "  date TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  CHECK ((payment_id IS NULL) <> (credit_note_id IS NULL))"
  ");"
  "CREATE INDEX allocations_invoice ON allocations (invoice_id);"
  "CREATE INDEX allocations_payment ON allocations (payment_id) WHERE payment_id IS NOT NULL;"
  "CREATE INDEX allocations_credit_note ON allocations (credit_note_id)"
  "  WHERE credit_note_id IS NOT NULL;"
  "CREATE INDEX allocations_date ON allocations (date);"

  "CREATE TRIGGER allocations_insert AFTER INSERT ON allocations BEGIN"
  "  UPDATE invoices SET paid_cents = paid_cents + NEW.amount_cents,"
  "    settled_on = CASE WHEN paid_cents + NEW.amount_cents >= amount_cents"
  "      THEN max(coalesce(settled_on, NEW.date), NEW.date) ELSE NULL END"
  "    WHERE id = NEW.invoice_id;"
  "  UPDATE invoices SET paid_cents = paid_cents + NEW.amount_cents,"
  "    settled_on = CASE WHEN paid_cents + NEW.amount_cents >= amount_cents"
  "      THEN max(coalesce(settled_on, NEW.date), NEW.date) ELSE NULL END"
  "    WHERE id = NEW.credit_note_id;"
  "END;"
  "CREATE TRIGGER allocations_delete AFTER DELETE ON allocations BEGIN"
  "  UPDATE invoices SET paid_cents = paid_cents - OLD.amount_cents"
  "    WHERE id IN (OLD.invoice_id, OLD.credit_note_id);"
  "  UPDATE invoices SET settled_on = CASE WHEN paid_cents >= amount_cents"
  "      THEN (SELECT max(date) FROM allocations a"
  "            WHERE a.invoice_id = invoices.id OR a.credit_note_id = invoices.id)"
  "      ELSE NULL END"
  "    WHERE id IN (OLD.invoice_id, OLD.credit_note_id);"
  "END;"
  "CREATE TRIGGER allocations_no_update BEFORE UPDATE ON allocations BEGIN"
  "  SELECT RAISE (ABORT, 'allocations are replaced, not updated');"
  "END;"
  /* An invoice whose amount changes on re-import may become paid, or open again. */
  "CREATE TRIGGER invoices_amount AFTER UPDATE OF amount_cents ON invoices BEGIN"
  "  UPDATE invoices SET settled_on = CASE WHEN paid_cents >= amount_cents"
  "      THEN (SELECT max(date) FROM allocations a"
  "            WHERE a.invoice_id = NEW.id OR a.credit_note_id = NEW.id)"
  "      ELSE NULL END"
  "    WHERE id = NEW.id;"
  "END;"

  /* Append only: every change to the book, when, by whom. */
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  entity_id INTEGER,"
  "  detail TEXT"
  ");"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  "END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  "END;";


/* The dunning engine: rates, plans and their steps, risk, holds, the action queue. */
static const char migration_2[] =
  /* Late-payment rates by half-year, in basis points (12.15 % = 1215). A half-year the user
   * has not confirmed is not used to claim penalties. */
  "CREATE TABLE rates ("
  "  half_year TEXT PRIMARY KEY CHECK (half_year GLOB '[0-9][0-9][0-9][0-9]-H[12]'),"
  "  ecb_bp INTEGER NOT NULL CHECK (ecb_bp >= -1000 AND ecb_bp <= 10000),"
  "  b2b_bp INTEGER NOT NULL CHECK (b2b_bp >= 0 AND b2b_bp <= 10000),"
  "  legal_private_bp INTEGER NOT NULL CHECK (legal_private_bp >= 0),"
  "  legal_other_bp INTEGER NOT NULL CHECK (legal_other_bp >= 0),"
  "  confirmed INTEGER NOT NULL DEFAULT 1,"
  "  source TEXT"
  ") WITHOUT ROWID;"
  "INSERT INTO rates (half_year, ecb_bp, b2b_bp, legal_private_bp, legal_other_bp, source) VALUES"
  "  ('2023-H1', 250, 1250, 447, 206, 'shipped'),"
  "  ('2023-H2', 400, 1400, 682, 422, 'shipped'),"
  "  ('2024-H1', 450, 1450, 801, 507, 'shipped'),"
  "  ('2024-H2', 425, 1425, 816, 492, 'shipped'),"
  "  ('2025-H1', 315, 1315, 721, 371, 'shipped'),"
  "  ('2025-H2', 215, 1215, 665, 276, 'shipped'),"
  "  ('2026-H1', 215, 1215, 667, 262, 'shipped');"

  /* Plans (scénarios de relance) and their steps. */
  "CREATE TABLE plans ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  risk_class TEXT CHECK (risk_class IS NULL OR risk_class IN ('A', 'B', 'C', 'D')),"
  "  thank_you INTEGER NOT NULL DEFAULT 1,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE UNIQUE INDEX plans_risk_class ON plans (risk_class) WHERE risk_class IS NOT NULL;"
  "CREATE TABLE plan_steps ("
  "  id INTEGER PRIMARY KEY,"
  "  plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  offset_days INTEGER NOT NULL CHECK (offset_days BETWEEN -60 AND 365),"
  "  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'letter', 'registered_letter',"
  "                                             'call', 'task')),"
  "  template TEXT NOT NULL,"
  "  needs_approval INTEGER NOT NULL DEFAULT 1,"
  "  claims_penalties INTEGER NOT NULL DEFAULT 0,"
  "  min_gap_days INTEGER NOT NULL DEFAULT 0 CHECK (min_gap_days BETWEEN 0 AND 90),"
  "  UNIQUE (plan_id, position)"
  ");"

  /* Who is chased how: a customer's own plan, its risk, never chase. */
  "ALTER TABLE customers ADD COLUMN plan_id INTEGER REFERENCES plans (id);"
  "ALTER TABLE customers ADD COLUMN never_chase INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE customers ADD COLUMN risk_score INTEGER"
  "  CHECK (risk_score IS NULL OR risk_score BETWEEN 0 AND 100);"
  "ALTER TABLE customers ADD COLUMN risk_class TEXT"
  "  CHECK (risk_class IS NULL OR risk_class IN ('A', 'B', 'C', 'D'));"
  "ALTER TABLE customers ADD COLUMN risk_reasons TEXT;"
  "ALTER TABLE customers ADD COLUMN risk_as_of TEXT;"
  /* A late-payment rate agreed in the contract, in basis points; NULL: the legal default. */
  "ALTER TABLE customers ADD COLUMN contract_rate_bp INTEGER"
  "  CHECK (contract_rate_bp IS NULL OR contract_rate_bp BETWEEN 0 AND 10000);"

  /* Templates edited by the user; the shipped ones live in the code. */
  "CREATE TABLE templates ("
  "  key TEXT NOT NULL,"
  "  language TEXT NOT NULL,"
  "  subject TEXT NOT NULL DEFAULT '',"
  "  body TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  PRIMARY KEY (key, language)"
  ") WITHOUT ROWID;"

  /* Holds: disputes on invoices, promises to pay, payment plans, manual holds. */
  "CREATE TABLE disputes ("
  "  id INTEGER PRIMARY KEY,"
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id),"
  "  reason TEXT NOT NULL,"
  "  opened_on TEXT NOT NULL,"
  "  deadline TEXT,"
  "  resolved_on TEXT,"
  "  resolution TEXT,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX disputes_invoice ON disputes (invoice_id);"
  "CREATE TABLE promises ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  made_on TEXT NOT NULL,"
  "  promised_for TEXT NOT NULL,"
  "  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'kept', 'broken', 'cancelled')),"
  "  settled_on TEXT,"
  "  note TEXT,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX promises_customer ON promises (customer_id);"
  "CREATE TABLE promise_invoices ("
  "  promise_id INTEGER NOT NULL REFERENCES promises (id) ON DELETE CASCADE,"
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id),"
  "  PRIMARY KEY (promise_id, invoice_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE payment_plans ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  agreed_on TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'completed', 'broken',"
  "                                                        'cancelled')),"
  "  ended_on TEXT,"
  "  note TEXT,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX payment_plans_customer ON payment_plans (customer_id);"
  "CREATE TABLE installments ("
  "  id INTEGER PRIMARY KEY,"
  "  payment_plan_id INTEGER NOT NULL REFERENCES payment_plans (id) ON DELETE CASCADE,"
  "  due_date TEXT NOT NULL,"
  "  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0)"
  ");"
  "CREATE INDEX installments_plan ON installments (payment_plan_id, due_date);"
  "CREATE TABLE payment_plan_invoices ("
  "  payment_plan_id INTEGER NOT NULL REFERENCES payment_plans (id) ON DELETE CASCADE,"
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id),"
  "  PRIMARY KEY (payment_plan_id, invoice_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX payment_plan_invoices_invoice ON payment_plan_invoices (invoice_id);"
  "CREATE TABLE holds ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER REFERENCES customers (id),"
  "  invoice_id INTEGER REFERENCES invoices (id),"
  "  reason TEXT NOT NULL,"
  "  starts_on TEXT NOT NULL,"
  "  expires_on TEXT,"
  "  released_on TEXT,"
  "  created_at TEXT NOT NULL,"
  "  CHECK ((customer_id IS NULL) <> (invoice_id IS NULL))"
  ");"
  "CREATE INDEX holds_customer ON holds (customer_id) WHERE customer_id IS NOT NULL;"
  "CREATE INDEX holds_invoice ON holds (invoice_id) WHERE invoice_id IS NOT NULL;"

  /* The action queue. key is unique: the same action is never proposed twice. */
  "CREATE TABLE actions ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL UNIQUE,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  step_id INTEGER REFERENCES plan_steps (id),"
  "  kind TEXT NOT NULL DEFAULT 'reminder' CHECK (kind IN ('reminder', 'thank_you')),"
  "  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'letter', 'registered_letter',"
  "                                            'call', 'task')),"
  "  template TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'sending', 'done', 'failed',"
  "                                       'in_doubt', 'cancelled', 'skipped')),"
  "  proposed_on TEXT NOT NULL,"
  "  stale_data INTEGER NOT NULL DEFAULT 0,"
  "  amount_cents INTEGER NOT NULL DEFAULT 0,"
  "  subject TEXT,"
  "  body TEXT,"
  "  reason TEXT,"
  "  outcome TEXT,"
  "  note TEXT,"
  "  registered_number TEXT,"
  "  provider_message_id TEXT,"
  "  state_changed_at TEXT NOT NULL,"
  "  done_on TEXT,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX actions_customer ON actions (customer_id, proposed_on);"
  "CREATE INDEX actions_open ON actions (state) WHERE state IN ('proposed', 'approved', 'sending',"
  "                                                              'in_doubt');"
  "CREATE TABLE action_invoices ("
  "  action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,"
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id),"
  "  amount_cents INTEGER NOT NULL,"
  "  days_late INTEGER NOT NULL,"
  "  PRIMARY KEY (action_id, invoice_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX action_invoices_invoice ON action_invoices (invoice_id);"
  /* Thank-yous look for invoices settled lately. */
  "CREATE INDEX invoices_settled ON invoices (settled_on) WHERE settled_on IS NOT NULL;"
  /* Which steps each invoice has had (done) or jumped over (skipped): never twice. */
  "CREATE TABLE invoice_steps ("
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id),"
  "  step_id INTEGER NOT NULL REFERENCES plan_steps (id),"
  "  action_id INTEGER REFERENCES actions (id),"
  "  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'skipped')),"
  "  on_date TEXT NOT NULL,"
  "  PRIMARY KEY (invoice_id, step_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE calls ("
  "  id INTEGER PRIMARY KEY,"
  "  action_id INTEGER REFERENCES actions (id),"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  called_on TEXT NOT NULL,"
  "  outcome TEXT NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'promise', 'dispute',"
  "                                            'wrong_number')),"
  "  note TEXT,"
  "  promise_id INTEGER REFERENCES promises (id),"
  "  dispute_id INTEGER REFERENCES disputes (id),"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX calls_customer ON calls (customer_id);";

/* Delivery: the attempts of each e-mail or SMS sent through a relay provider, and what an
 * action needs to be resent safely (the idempotency key of its send) and to be shown (its
 * provider, when it left). */
static const char migration_3[] =
  "ALTER TABLE actions ADD COLUMN provider TEXT;"
  "ALTER TABLE actions ADD COLUMN idempotency_key TEXT;"
  "ALTER TABLE actions ADD COLUMN sent_at TEXT;"
  "CREATE TABLE delivery_attempts ("
  "  id INTEGER PRIMARY KEY,"
  "  action_id INTEGER NOT NULL REFERENCES actions (id),"
  "  provider TEXT NOT NULL,"
  "  number INTEGER NOT NULL CHECK (number >= 1),"
  "  started_at TEXT NOT NULL,"
  "  finished_at TEXT,"
  "  http_status INTEGER,"
  "  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('sent', 'retry', 'failed', 'in_doubt')),"
  "  provider_message_id TEXT,"
  "  error TEXT,"
  "  UNIQUE (action_id, number)"
  ");";

/* Printed letters: their settings (logo, signature, envelope window, calibration) and every
 * letter printed, kept as its own PDF, or as its pages in a day's batch kept whole, with a
 * checksum, so that it can be shown again exactly. */
static const char migration_4[] =
  "CREATE TABLE letter_settings ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  logo BLOB,"
  "  signature BLOB,"
  "  signatory TEXT,"
  "  signatory_title TEXT,"
  "  envelope TEXT NOT NULL DEFAULT 'fr' CHECK (envelope IN ('fr', 'din', 'ch')),"
  "  offset_x_dmm INTEGER NOT NULL DEFAULT 0 CHECK (offset_x_dmm BETWEEN -300 AND 300),"
  "  offset_y_dmm INTEGER NOT NULL DEFAULT 0 CHECK (offset_y_dmm BETWEEN -300 AND 300),"
  "  duplex INTEGER NOT NULL DEFAULT 0"
  ");"
  "INSERT INTO letter_settings (id) VALUES (1);"
  /* A day's batch kept whole: its letters point at their pages in it. */
  "CREATE TABLE letter_batches ("
  "  id INTEGER PRIMARY KEY,"
  "  as_of TEXT NOT NULL,"
  "  pages INTEGER NOT NULL CHECK (pages > 0),"
  "  sha256 TEXT NOT NULL,"
  "  pdf BLOB NOT NULL,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE TABLE letters ("
  "  id INTEGER PRIMARY KEY,"
  "  action_id INTEGER REFERENCES actions (id),"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  kind TEXT NOT NULL,"
  "  as_of TEXT NOT NULL,"
  "  pages INTEGER NOT NULL CHECK (pages > 0),"
  "  sha256 TEXT NOT NULL,"
  "  pdf BLOB,"
  "  batch_id INTEGER REFERENCES letter_batches (id),"
  "  first_page INTEGER CHECK (first_page > 0),"
  "  created_at TEXT NOT NULL,"
  "  CHECK ((pdf IS NULL) = (batch_id IS NOT NULL) AND (batch_id IS NULL) = (first_page IS NULL))"
  ");"
  "CREATE INDEX letters_action ON letters (action_id) WHERE action_id IS NOT NULL;"
  "CREATE INDEX letters_customer ON letters (customer_id, as_of);"
  /* Each letter lists its customer's credit notes still to apply: found without reading every
   * invoice of the customer. */
  "CREATE INDEX invoices_open_credit_notes ON invoices (customer_id)"
  "  WHERE kind = 'credit_note' AND NOT cancelled AND paid_cents < amount_cents;";

/* Bank-statement imports: each payment matched to an invoice, why and how surely. Sure ones
 * were allocated ('auto'); the others wait for the user ('pending') until accepted (then
 * allocated) or rejected. Invoices are looked up by their payment reference, payers by IBAN. */
static const char migration_5[] =
  "CREATE TABLE payment_matches ("
  "  id INTEGER PRIMARY KEY,"
  "  payment_id INTEGER NOT NULL REFERENCES payments (id) ON DELETE CASCADE,"
  "  invoice_id INTEGER NOT NULL REFERENCES invoices (id),"
  "  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),"
  "  reason TEXT NOT NULL CHECK (reason IN ('reference', 'invoice_number', 'amount_iban',"
  "                                         'amount_name')),"
  "  confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 100),"
  "  state TEXT NOT NULL CHECK (state IN ('auto', 'pending', 'accepted', 'rejected')),"
  "  created_at TEXT NOT NULL,"
  "  decided_at TEXT"
  ");"
  "CREATE INDEX payment_matches_payment ON payment_matches (payment_id);"
  "CREATE INDEX payment_matches_invoice ON payment_matches (invoice_id);"
  "CREATE INDEX payment_matches_pending ON payment_matches (state) WHERE state = 'pending';"
  "CREATE INDEX invoices_reference ON invoices (reference) WHERE reference IS NOT NULL;"
  "CREATE INDEX payments_iban ON payments (payer_iban) WHERE payer_iban IS NOT NULL;";

/* 6: the date a registered letter's acknowledgement of receipt came back (its number is in
 * registered_number since migration 1). */
static const char migration_6[] =
  "ALTER TABLE actions ADD COLUMN received_on TEXT;";

/* 7: the plan steps an invoice jumped over on its way to the step it reached (a run after days
 * without one, a book imported late), kept with that step: their ids, comma-separated, in plan
 * order. Before, each was a row of its own in state 'skipped'; those rows stay valid. */
static const char migration_7[] =
  "ALTER TABLE invoice_steps ADD COLUMN skipped TEXT;"
  /* The reminders not carried out yet, whose invoices wait for them: read by every run without
   * walking the history of actions. */
  "CREATE INDEX actions_unfinished ON actions (customer_id)"
  "  WHERE state IN ('proposed', 'approved', 'sending', 'in_doubt', 'failed');";

/* 8: notes written about a customer (what was said on the phone, what was agreed), kept with
 * who wrote them; shown in the customer's history. */
static const char migration_8[] =
  "CREATE TABLE customer_notes ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  created_at TEXT NOT NULL,"
  "  author TEXT NOT NULL DEFAULT '',"
  "  text TEXT NOT NULL CHECK (length (trim (text)) > 0)"
  ");"
  "CREATE INDEX customer_notes_customer ON customer_notes (customer_id, created_at);";

/* 9: what the daily run reads, in indexes that hold it all: the open invoices it may chase, in
 * the order it goes through them (by customer, then due date, then id), and the credit notes
 * still to apply with their amounts. The run then reads a few megabytes in order instead of
 * one page of the invoices table per open invoice (a tenth of the time on a book of a million
 * invoices), and writes one index less per action and one row less per invoice chased. */
static const char migration_9[] =
  "CREATE INDEX invoices_chase ON invoices (customer_id, due_date, id, amount_cents, paid_cents,"
  "  issue_date) WHERE paid_cents < amount_cents AND NOT cancelled AND kind = 'invoice';"
  "DROP INDEX invoices_open_credit_notes;"
  "CREATE INDEX invoices_open_credit_notes ON invoices (customer_id, issue_date, amount_cents,"
  "  paid_cents) WHERE kind = 'credit_note' AND NOT cancelled AND paid_cents < amount_cents;"
  /* A customer's invoices with what scoring and a customer's figures read of them: the run
   * rescores the customers whose invoices fell due without reading the invoices table. */
  "DROP INDEX invoices_customer;"
  "CREATE INDEX invoices_customer ON invoices (customer_id, due_date, kind, cancelled,"
  "  issue_date, settled_on, amount_cents, paid_cents, currency);"
  /* One index of the actions not carried out instead of two (every action the run proposes
   * went into both): by state and channel for the day's counts, then customer. Its condition
   * is written without a list: SQLite evaluates "state IN (…)" of more than two values with a
   * temporary table, built again for each row written. Queries name it by repeating the
   * condition (the actions not done, cancelled or skipped). */
  "DROP INDEX actions_open;"
  "DROP INDEX actions_unfinished;"
  "CREATE INDEX actions_unfinished ON actions (state, channel, customer_id)"
  "  WHERE state <> 'done' AND state <> 'cancelled' AND state <> 'skipped';"
  /* The step an invoice is to receive from an action not carried out yet is kept with the
   * action's invoices, and becomes the invoice's own (a row of invoice_steps) when the action
   * is carried out or skipped: a run writes one row per invoice chased instead of two. The
   * steps pending in existing books move there. */
  "ALTER TABLE action_invoices ADD COLUMN step_id INTEGER REFERENCES plan_steps (id);"
  "ALTER TABLE action_invoices ADD COLUMN skipped TEXT;"
  "UPDATE action_invoices SET (step_id, skipped) = (SELECT s.step_id, s.skipped"
  "  FROM invoice_steps s WHERE s.action_id = action_invoices.action_id"
  "  AND s.invoice_id = action_invoices.invoice_id AND s.state = 'pending');"
  "DELETE FROM invoice_steps WHERE state = 'pending';"
  /* The changes a run decides from, without walking back over the lines of the runs since
   * (each proposed action has one): the engine's fingerprint of the book. */
  "CREATE INDEX audit_log_changes ON audit_log (id) WHERE action <> 'run'"
  "  AND action <> 'propose' AND action <> 'shrink' AND action <> 'risk';";

/* 10: totals kept up to date as invoices, credit notes, payments and allocations are written,
 * so that the dashboard's aged balance and DSO are read from a few thousand rows instead of a
 * pass over every invoice (rl-aging-totals.c says how a day in the past is answered from them):
 *
 *  - totals_open: what open invoices still owe, by currency and due date;
 *  - totals_customers: what each customer's open invoices and credit notes still owe, by
 *    currency (credit limits; amounts by risk class, read with the customers' risk classes
 *    from an index of their own);
 *  - totals_sales: net sales (invoices less credit notes, not cancelled) by currency and issue
 *    date, open or not (the DSO);
 *  - totals_unallocated: the payments of known payers with money not applied yet (or applied
 *    over their amount, so that any other payment of a known payer is known to be applied
 *    exactly).
 *
 * They hold the book as it is now, whatever the dates: an invoice issued tomorrow is in them.
 * Triggers keep them (a bulk load drops the triggers and rebuilds the totals once at its end,
 * see rl_book_begin_bulk()); they are derived data, never written by the code. The open items
 * issued after a day in the past are found in their own index (of issue dates alone: it is
 * built again by every bulk load), and the allocations made after it in theirs, which now
 * holds all they need. The app's first look at a book also lists who customers are assigned
 * to: from an index of its own too, not a scan of every customer. */
#define TOTALS_TABLES \
  "CREATE TABLE totals_open (" \
  "  currency TEXT NOT NULL," \
  "  due_date TEXT NOT NULL," \
  "  owed_cents INTEGER NOT NULL," \
  "  n INTEGER NOT NULL," \
  "  PRIMARY KEY (currency, due_date)" \
  ") WITHOUT ROWID;" \
  "CREATE TABLE totals_customers (" \
  "  customer_id INTEGER NOT NULL," \
  "  currency TEXT NOT NULL," \
  "  invoices_cents INTEGER NOT NULL," \
  "  credits_cents INTEGER NOT NULL," \
  "  n INTEGER NOT NULL," \
  "  PRIMARY KEY (customer_id, currency)" \
  ") WITHOUT ROWID;" \
  "CREATE TABLE totals_sales (" \
  "  currency TEXT NOT NULL," \
  "  issue_date TEXT NOT NULL," \
  "  net_cents INTEGER NOT NULL," \
  "  PRIMARY KEY (currency, issue_date)" \
  ") WITHOUT ROWID;" \
  "CREATE TABLE totals_unallocated (" \
  "  payment_id INTEGER PRIMARY KEY," \
  "  customer_id INTEGER NOT NULL," \
  "  currency TEXT NOT NULL," \
  "  date TEXT NOT NULL," \
  "  left_cents INTEGER NOT NULL" \
  ");" \
  "CREATE INDEX invoices_open_issued ON invoices (issue_date)" \
  "  WHERE paid_cents < amount_cents AND NOT cancelled;" \
  "CREATE INDEX customers_credit_limit ON customers (id, credit_limit_cents)" \
  "  WHERE credit_limit_cents IS NOT NULL;" \
  "CREATE INDEX customers_risk_class ON customers (risk_class);" \
  "CREATE INDEX customers_assigned ON customers (assigned_to)" \
  "  WHERE assigned_to IS NOT NULL AND assigned_to <> '';" \
  "DROP INDEX allocations_date;" \
  "CREATE INDEX allocations_date ON allocations (date, invoice_id, credit_note_id, payment_id," \
  "  amount_cents);"

/* What invoice row R (NEW or OLD) adds to the totals, S being "" to add it or "-" to take it
 * away: an item counts while it is not cancelled and not settled. */
#define TOTALS_OPEN(R, S) \
  "INSERT INTO totals_open (currency, due_date, owed_cents, n)" \
  " SELECT " R ".currency, " R ".due_date, " S "(" R ".amount_cents - " R ".paid_cents), " S "1" \
  " WHERE " R ".kind <> 'credit_note' AND NOT " R ".cancelled" \
  "  AND " R ".paid_cents < " R ".amount_cents" \
  " ON CONFLICT DO UPDATE SET owed_cents = owed_cents + excluded.owed_cents, n = n + excluded.n;" \
  "INSERT INTO totals_customers (customer_id, currency, invoices_cents, credits_cents, n)" \
  " SELECT " R ".customer_id, " R ".currency," \
  "  " S "(CASE WHEN " R ".kind = 'credit_note' THEN 0" \
  "    ELSE " R ".amount_cents - " R ".paid_cents END)," \
  "  " S "(CASE WHEN " R ".kind = 'credit_note'" \
  "    THEN " R ".amount_cents - " R ".paid_cents ELSE 0 END)," \
  "  " S "1" \
  " WHERE NOT " R ".cancelled AND " R ".paid_cents < " R ".amount_cents" \
  " ON CONFLICT DO UPDATE SET invoices_cents = invoices_cents + excluded.invoices_cents," \
  "  credits_cents = credits_cents + excluded.credits_cents, n = n + excluded.n;"
#define TOTALS_SALES(R, S) \
  "INSERT INTO totals_sales (currency, issue_date, net_cents)" \
  " SELECT " R ".currency, " R ".issue_date," \
  "  " S "(CASE WHEN " R ".kind = 'credit_note' THEN -" R ".amount_cents" \
  "    ELSE " R ".amount_cents END)" \
  " WHERE NOT " R ".cancelled" \
  " ON CONFLICT DO UPDATE SET net_cents = net_cents + excluded.net_cents;"
/* Payment P's money not applied yet, read again from the payment and its allocations. */
#define TOTALS_PAYMENT(P) \
  "DELETE FROM totals_unallocated WHERE payment_id = " P ";" \
  "INSERT INTO totals_unallocated (payment_id, customer_id, currency, date, left_cents)" \
  " SELECT * FROM (SELECT id, customer_id, currency, date, amount_cents - coalesce (" \
  "   (SELECT sum (a.amount_cents) FROM allocations a WHERE a.payment_id = p.id), 0) AS left" \
  "  FROM payments p WHERE p.id = " P " AND p.customer_id > 0) WHERE left <> 0;"

/* The triggers are all named totals_*: a bulk load drops those of the tables it fills. */
#define TOTALS_TRIGGERS \
  "CREATE TRIGGER totals_invoices_insert AFTER INSERT ON invoices BEGIN " \
  TOTALS_OPEN ("NEW", "") TOTALS_SALES ("NEW", "") "END;" \
  "CREATE TRIGGER totals_invoices_delete AFTER DELETE ON invoices BEGIN " \
  TOTALS_OPEN ("OLD", "-") TOTALS_SALES ("OLD", "-") "END;" \
  "CREATE TRIGGER totals_invoices_open AFTER UPDATE OF amount_cents, paid_cents, cancelled, kind," \
  "  currency, due_date, customer_id ON invoices" \
  " WHEN OLD.amount_cents <> NEW.amount_cents OR OLD.paid_cents <> NEW.paid_cents" \
  "  OR OLD.cancelled IS NOT NEW.cancelled OR OLD.kind <> NEW.kind" \
  "  OR OLD.currency <> NEW.currency OR OLD.due_date <> NEW.due_date" \
  "  OR OLD.customer_id <> NEW.customer_id BEGIN " \
  TOTALS_OPEN ("OLD", "-") TOTALS_OPEN ("NEW", "") "END;" \
  "CREATE TRIGGER totals_invoices_sales AFTER UPDATE OF amount_cents, cancelled, kind, currency," \
  "  issue_date ON invoices" \
  " WHEN OLD.amount_cents <> NEW.amount_cents OR OLD.cancelled IS NOT NEW.cancelled" \
  "  OR OLD.kind <> NEW.kind OR OLD.currency <> NEW.currency" \
  "  OR OLD.issue_date <> NEW.issue_date BEGIN " \
  TOTALS_SALES ("OLD", "-") TOTALS_SALES ("NEW", "") "END;" \
  "CREATE TRIGGER totals_payments_insert AFTER INSERT ON payments BEGIN " \
  TOTALS_PAYMENT ("NEW.id") "END;" \
  "CREATE TRIGGER totals_payments_update AFTER UPDATE OF id, customer_id, date, amount_cents," \
  "  currency ON payments BEGIN " \
  TOTALS_PAYMENT ("OLD.id") TOTALS_PAYMENT ("NEW.id") "END;" \
  "CREATE TRIGGER totals_payments_delete AFTER DELETE ON payments BEGIN " \
  "  DELETE FROM totals_unallocated WHERE payment_id = OLD.id; END;" \
  "CREATE TRIGGER totals_allocations_insert AFTER INSERT ON allocations" \
  " WHEN NEW.payment_id IS NOT NULL BEGIN " TOTALS_PAYMENT ("NEW.payment_id") "END;" \
  "CREATE TRIGGER totals_allocations_delete AFTER DELETE ON allocations" \
  " WHEN OLD.payment_id IS NOT NULL BEGIN " TOTALS_PAYMENT ("OLD.payment_id") "END;"

/* The totals computed again from the invoices (and credit notes), then from the payments: what
 * a bulk load runs at its end. Each reads the whole table in order (NOT INDEXED): through an
 * index, a million rows would be looked up one by one, several times slower. */
#define TOTALS_FILL_INVOICES \
  "DELETE FROM totals_open;" \
  "INSERT INTO totals_open (currency, due_date, owed_cents, n)" \
  " SELECT currency, due_date, sum (amount_cents - paid_cents), count (*)" \
  " FROM invoices NOT INDEXED WHERE kind <> 'credit_note' AND NOT cancelled AND paid_cents < amount_cents" \
  " GROUP BY currency, due_date;" \
  "DELETE FROM totals_customers;" \
  "INSERT INTO totals_customers (customer_id, currency, invoices_cents, credits_cents, n)" \
  " SELECT customer_id, currency," \
  "  sum (CASE WHEN kind = 'credit_note' THEN 0 ELSE amount_cents - paid_cents END)," \
  "  sum (CASE WHEN kind = 'credit_note' THEN amount_cents - paid_cents ELSE 0 END), count (*)" \
  " FROM invoices NOT INDEXED WHERE NOT cancelled AND paid_cents < amount_cents" \
  " GROUP BY customer_id, currency;" \
  "DELETE FROM totals_sales;" \
  "INSERT INTO totals_sales (currency, issue_date, net_cents)" \
  " SELECT currency, issue_date," \
  "  sum (CASE WHEN kind = 'credit_note' THEN -amount_cents ELSE amount_cents END)" \
  " FROM invoices NOT INDEXED WHERE NOT cancelled GROUP BY currency, issue_date;"
#define TOTALS_FILL_PAYMENTS \
  "DELETE FROM totals_unallocated;" \
  "INSERT INTO totals_unallocated (payment_id, customer_id, currency, date, left_cents)" \
  " SELECT * FROM (SELECT p.id, p.customer_id, p.currency, p.date," \
  "   p.amount_cents - coalesce (a.allocated, 0) AS left FROM payments p NOT INDEXED" \
  "   LEFT JOIN (SELECT payment_id, sum (amount_cents) AS allocated" \
  "    FROM allocations NOT INDEXED WHERE payment_id IS NOT NULL GROUP BY payment_id) a" \
  "   ON a.payment_id = p.id" \
  "  WHERE p.customer_id > 0) WHERE left <> 0;"

/* Migration 10 is these texts as they are now: when the totals change, a new migration must
 * copy what it needs of them instead of editing them. */
static const char migration_10[] =
  TOTALS_TABLES TOTALS_TRIGGERS TOTALS_FILL_INVOICES TOTALS_FILL_PAYMENTS;

/* 11: what the daily run reads of every customer, in an index that holds it: the run went
 * through the whole customers table (400 bytes a customer with its address and the reasons of
 * its score, 20 MB for 50,000) to read some 40. */
static const char migration_11[] =
  "CREATE INDEX customers_run ON customers (id, plan_id, risk_class, never_chase, code, name);";

static const char * const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
  migration_10,
  migration_11,
};

int
_rl_book_schema_n_migrations (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
_rl_book_schema_migration (int version)
{
  g_return_val_if_fail (version >= 1 && version <= (int) G_N_ELEMENTS (migrations), NULL);
  return migrations[version - 1];
}

/* The CREATE TRIGGER statements of the totals, as in a new book. */
const char *
_rl_book_schema_totals_triggers (void)
{
  return TOTALS_TRIGGERS;
}

/* What computes the totals again from @table's rows: the invoices' totals for "invoices", the
 * payments' for "payments" or "allocations"; %NULL for other tables. */
const char *
_rl_book_schema_totals_fill (const char *table)
{
  if (g_str_equal (table, "invoices"))
    return TOTALS_FILL_INVOICES;
  if (g_str_equal (table, "payments") || g_str_equal (table, "allocations"))
    return TOTALS_FILL_PAYMENTS;
  return NULL;
}
