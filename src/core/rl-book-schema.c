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

static const char * const migrations[] = {
  migration_1,
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
