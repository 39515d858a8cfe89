/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-template"

#include "config.h"

#include "rl-template.h"

#include <glib/gi18n-lib.h>

/* The texts shipped with Relance, in French and English. They are data, not interface
 * strings: they are not translated through gettext, and a user edits them in the book.
 *
 * French typography: a no-break space (U+00A0) before : ; ? ! and inside « », the apostrophe
 * ’, "n° " with a no-break space. The SMS keeps to the GSM 7-bit alphabet (no ’, no
 * no-break space, no ê/â/ô) so that it fits one 160-character message. */

static const RlTemplateDefault defaults[] = {
  {
    "courtesy", "fr",
    "Rappel d’échéance — {{ company.name }}",
    "{% if contact.name %}\n"
    "À l’attention de {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Madame, Monsieur,\n"
    "\n"
    "Dans le cadre du suivi de votre compte, nous nous permettons de vous rappeler que les "
    "factures suivantes arriveront prochainement à échéance\u00A0:\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "– facture n°\u00A0{{ invoice.number }} du {{ invoice.issue_date }}, à régler au plus tard "
    "le {{ invoice.due_date }}\u00A0: {{ invoice.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "\n"
    "Pour votre commodité, vous pouvez effectuer ce règlement par virement bancaire sur le "
    "compte suivant\u00A0:\n"
    "IBAN\u00A0: {{ company.iban }}\n"
    "{% if company.bic %}\n"
    "BIC\u00A0: {{ company.bic }}\n"
    "{% endif %}\n"
    "Référence à rappeler\u00A0: {{ payment_reference }}\n"
    "\n"
    "Si votre paiement est déjà programmé, nous vous en remercions et vous prions de ne pas "
    "tenir compte de ce message.\n"
    "\n"
    "Nous restons à votre disposition pour toute question et vous remercions de votre "
    "confiance.\n"
    "\n"
    "Bien cordialement,\n"
    "\n"
    "{{ company.name }}\n"
    "{% if company.phone %}\n"
    "Tél.\u00A0: {{ company.phone }}\n"
    "{% endif %}\n"
    "{% if company.email %}\n"
    "Courriel\u00A0: {{ company.email }}\n"
    "{% endif %}\n",
  },
  {
    "courtesy", "en",
    "Upcoming due date — {{ company.name }}",
    "{% if contact.name %}\n"
    "For the attention of {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Dear Sir or Madam,\n"
    "\n"
    "As part of the follow-up of your account, we would like to remind you that the following "
    "invoices will soon fall due:\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "- invoice {{ invoice.number }} dated {{ invoice.issue_date }}, payable by "
    "{{ invoice.due_date }}: {{ invoice.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "\n"
    "For your convenience, you may pay by bank transfer to the following account:\n"
    "IBAN: {{ company.iban }}\n"
    "{% if company.bic %}\n"
    "BIC: {{ company.bic }}\n"
    "{% endif %}\n"
    "Reference to quote: {{ payment_reference }}\n"
    "\n"
    "If your payment is already scheduled, thank you, and please disregard this message.\n"
    "\n"
    "Please do not hesitate to contact us with any question. Thank you for your business.\n"
    "\n"
    "Kind regards,\n"
    "\n"
    "{{ company.name }}\n"
    "{% if company.phone %}\n"
    "Phone: {{ company.phone }}\n"
    "{% endif %}\n"
    "{% if company.email %}\n"
    "Email: {{ company.email }}\n"
    "{% endif %}\n",
  },
  {
    "reminder", "fr",
    "Rappel de règlement — {{ company.name }}",
    "{% if contact.name %}\n"
    "À l’attention de {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Madame, Monsieur,\n"
    "\n"
    "Sauf erreur ou omission de notre part, nous n’avons pas encore reçu le règlement des "
    "factures suivantes, arrivées à échéance\u00A0:\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "– facture n°\u00A0{{ invoice.number }} du {{ invoice.issue_date }}, échue le "
    "{{ invoice.due_date }}\u00A0: reste dû {{ invoice.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% if not printed %}\n"
    "{% if credit_notes %}\n"
    "\n"
    "Déduction faite des avoirs suivants, non encore imputés\u00A0:\n"
    "{% for credit in credit_notes %}\n"
    "– avoir n°\u00A0{{ credit.number }} du {{ credit.issue_date }}\u00A0: "
    "{{ credit.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "\n"
    "Le montant restant dû s’élève à {{ total.remaining }}.\n"
    "\n"
    "Il s’agit sans doute d’un simple oubli. Nous vous remercions de bien vouloir procéder à "
    "ce règlement dans les meilleurs délais, et au plus tard le {{ deadline }}, par virement "
    "bancaire sur le compte suivant\u00A0:\n"
    "IBAN\u00A0: {{ company.iban }}\n"
    "{% if company.bic %}\n"
    "BIC\u00A0: {{ company.bic }}\n"
    "{% endif %}\n"
    "Référence à rappeler\u00A0: {{ payment_reference }}\n"
    "\n"
    "Si votre paiement a été effectué entre-temps, nous vous prions de ne pas tenir compte de "
    "ce rappel. Si l’une de ces factures appelle de votre part une remarque ou une "
    "contestation, n’hésitez pas à nous contacter\u00A0: nous l’examinerons avec attention.\n"
    "\n"
    "Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations "
    "distinguées.\n"
    "\n"
    "{{ company.name }}\n"
    "{% if company.phone %}\n"
    "Tél.\u00A0: {{ company.phone }}\n"
    "{% endif %}\n"
    "{% if company.email %}\n"
    "Courriel\u00A0: {{ company.email }}\n"
    "{% endif %}\n",
  },
  {
    "reminder", "en",
    "Payment reminder — {{ company.name }}",
    "{% if contact.name %}\n"
    "For the attention of {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Dear Sir or Madam,\n"
    "\n"
    "Unless we are mistaken, we have not yet received payment of the following invoices, which "
    "are now past due:\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "- invoice {{ invoice.number }} dated {{ invoice.issue_date }}, due on "
    "{{ invoice.due_date }}: {{ invoice.remaining }} outstanding\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% if not printed %}\n"
    "{% if credit_notes %}\n"
    "\n"
    "Less the following credit notes, not yet applied:\n"
    "{% for credit in credit_notes %}\n"
    "- credit note {{ credit.number }} dated {{ credit.issue_date }}: {{ credit.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "\n"
    "The amount outstanding is {{ total.remaining }}.\n"
    "\n"
    "This is probably an oversight. We would be grateful if you could settle this amount as "
    "soon as possible, and no later than {{ deadline }}, by bank transfer to the following "
    "account:\n"
    "IBAN: {{ company.iban }}\n"
    "{% if company.bic %}\n"
    "BIC: {{ company.bic }}\n"
    "{% endif %}\n"
    "Reference to quote: {{ payment_reference }}\n"
    "\n"
    "If your payment has been made in the meantime, please disregard this reminder. Should any "
    "of these invoices call for a comment or a dispute on your part, please contact us: we "
    "will look into it carefully.\n"
    "\n"
    "Yours faithfully,\n"
    "\n"
    "{{ company.name }}\n"
    "{% if company.phone %}\n"
    "Phone: {{ company.phone }}\n"
    "{% endif %}\n"
    "{% if company.email %}\n"
    "Email: {{ company.email }}\n"
    "{% endif %}\n",
  },
  {
    "reminder_firm", "fr",
    "Deuxième relance\u00A0: retard de paiement — {{ company.name }}",
    "{% if contact.name %}\n"
    "À l’attention de {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Madame, Monsieur,\n"
    "\n"
    "Malgré notre précédent rappel, nous constatons que les factures suivantes demeurent "
    "impayées à ce jour\u00A0:\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "– facture n°\u00A0{{ invoice.number }} du {{ invoice.issue_date }}, échue le "
    "{{ invoice.due_date }}\u00A0: reste dû {{ invoice.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% if not printed %}\n"
    "{% if credit_notes %}\n"
    "\n"
    "Déduction faite des avoirs suivants, non encore imputés\u00A0:\n"
    "{% for credit in credit_notes %}\n"
    "– avoir n°\u00A0{{ credit.number }} du {{ credit.issue_date }}\u00A0: "
    "{{ credit.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "\n"
    "Le montant restant dû s’élève à {{ total.remaining }}.\n"
    "\n"
    "{% if total.interest %}\n"
    "{% if customer.consumer %}\n"
    "Conformément à l’article 1231-6 du Code civil, ces sommes portent intérêts au taux "
    "légal depuis notre mise en demeure, soit {{ total.interest }} à la date du {{ today }}.\n"
    "\n"
    "{% else %}\n"
    "Conformément à l’article L441-10 du Code de commerce et à nos conditions générales de "
    "vente, ces retards entraînent de plein droit des pénalités de retard, qui s’élèvent à "
    "{{ total.interest }} à la date du {{ today }}.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "{% if total.indemnity %}\n"
    "Une indemnité forfaitaire pour frais de recouvrement de 40\u00A0€ par facture est en "
    "outre due (article D441-5 du Code de commerce), soit {{ total.indemnity }}.\n"
    "\n"
    "{% endif %}\n"
    "{% if total.interest %}\n"
    "Le montant total dû s’élève ainsi à {{ total.due }}.\n"
    "\n"
    "{% else %}\n"
    "{% if total.indemnity %}\n"
    "Le montant total dû s’élève ainsi à {{ total.due }}.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "Nous vous demandons de bien vouloir régulariser cette situation sans délai, et au plus "
    "tard le {{ deadline }}, par virement bancaire sur le compte suivant\u00A0:\n"
    "IBAN\u00A0: {{ company.iban }}\n"
    "{% if company.bic %}\n"
    "BIC\u00A0: {{ company.bic }}\n"
    "{% endif %}\n"
    "Référence à rappeler\u00A0: {{ payment_reference }}\n"
    "\n"
    "Si votre règlement nous est parvenu entre-temps, nous vous prions de ne pas tenir compte "
    "de ce courrier. En cas de difficulté, nous vous invitons à prendre contact avec nous "
    "rapidement afin de trouver une solution.\n"
    "\n"
    "Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations "
    "distinguées.\n"
    "\n"
    "{{ company.name }}\n"
    "{% if company.phone %}\n"
    "Tél.\u00A0: {{ company.phone }}\n"
    "{% endif %}\n"
    "{% if company.email %}\n"
    "Courriel\u00A0: {{ company.email }}\n"
    "{% endif %}\n",
  },
  {
    "reminder_firm", "en",
    "Second reminder: overdue payment — {{ company.name }}",
    "{% if contact.name %}\n"
    "For the attention of {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Dear Sir or Madam,\n"
    "\n"
    "Despite our previous reminder, we note that the following invoices remain unpaid to "
    "date:\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "- invoice {{ invoice.number }} dated {{ invoice.issue_date }}, due on "
    "{{ invoice.due_date }}: {{ invoice.remaining }} outstanding\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% if not printed %}\n"
    "{% if credit_notes %}\n"
    "\n"
    "Less the following credit notes, not yet applied:\n"
    "{% for credit in credit_notes %}\n"
    "- credit note {{ credit.number }} dated {{ credit.issue_date }}: {{ credit.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "\n"
    "The amount outstanding is {{ total.remaining }}.\n"
    "\n"
    "{% if total.interest %}\n"
    "{% if customer.consumer %}\n"
    "Under article 1231-6 of the French Civil Code, these amounts bear interest at the "
    "statutory rate since our formal notice: {{ total.interest }} on {{ today }}.\n"
    "\n"
    "{% else %}\n"
    "Under article L441-10 of the French Commercial Code and our terms of sale, these late "
    "payments automatically incur penalties, which amount to {{ total.interest }} as of "
    "{{ today }}.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "{% if total.indemnity %}\n"
    "A fixed recovery indemnity of €40 per invoice is also due (article D441-5 of the French "
    "Commercial Code), that is {{ total.indemnity }}.\n"
    "\n"
    "{% endif %}\n"
    "{% if total.interest %}\n"
    "The total amount due is therefore {{ total.due }}.\n"
    "\n"
    "{% else %}\n"
    "{% if total.indemnity %}\n"
    "The total amount due is therefore {{ total.due }}.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "We ask you to settle this matter without delay, and no later than {{ deadline }}, by bank "
    "transfer to the following account:\n"
    "IBAN: {{ company.iban }}\n"
    "{% if company.bic %}\n"
    "BIC: {{ company.bic }}\n"
    "{% endif %}\n"
    "Reference to quote: {{ payment_reference }}\n"
    "\n"
    "If your payment has reached us in the meantime, please disregard this letter. Should you "
    "have any difficulty, please contact us promptly so that we can find a solution.\n"
    "\n"
    "Yours faithfully,\n"
    "\n"
    "{{ company.name }}\n"
    "{% if company.phone %}\n"
    "Phone: {{ company.phone }}\n"
    "{% endif %}\n"
    "{% if company.email %}\n"
    "Email: {{ company.email }}\n"
    "{% endif %}\n",
  },
  {
    "final_notice", "fr",
    "Dernière relance avant mise en demeure — {{ company.name }}",
    "{% if contact.name %}\n"
    "À l’attention de {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Madame, Monsieur,\n"
    "\n"
    "{% if previous_reminders %}\n"
    "Nous vous avons adressé les relances suivantes, restées sans effet\u00A0:\n"
    "{% for reminder in previous_reminders %}\n"
    "– {{ reminder.channel }} du {{ reminder.date }}\n"
    "{% endfor %}\n"
    "\n"
    "Les factures suivantes demeurent pourtant impayées à ce jour\u00A0:\n"
    "{% else %}\n"
    "Malgré nos précédentes demandes, les factures suivantes demeurent impayées à ce "
    "jour\u00A0:\n"
    "{% endif %}\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "– facture n°\u00A0{{ invoice.number }} du {{ invoice.issue_date }}, échue le "
    "{{ invoice.due_date }}\u00A0: reste dû {{ invoice.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% if not printed %}\n"
    "{% if credit_notes %}\n"
    "\n"
    "Déduction faite des avoirs suivants, non encore imputés\u00A0:\n"
    "{% for credit in credit_notes %}\n"
    "– avoir n°\u00A0{{ credit.number }} du {{ credit.issue_date }}\u00A0: "
    "{{ credit.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "\n"
    "Le montant restant dû s’élève à {{ total.remaining }}.\n"
    "\n"
    "{% if total.interest %}\n"
    "{% if customer.consumer %}\n"
    "Conformément à l’article 1231-6 du Code civil, ces sommes portent intérêts au taux "
    "légal depuis notre mise en demeure, soit {{ total.interest }} à la date du {{ today }}.\n"
    "\n"
    "{% else %}\n"
    "Conformément à l’article L441-10 du Code de commerce et à nos conditions générales de "
    "vente, ces retards entraînent de plein droit des pénalités de retard, qui s’élèvent à "
    "{{ total.interest }} à la date du {{ today }}.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "{% if total.indemnity %}\n"
    "Une indemnité forfaitaire pour frais de recouvrement de 40\u00A0€ par facture est en "
    "outre due (article D441-5 du Code de commerce), soit {{ total.indemnity }}.\n"
    "\n"
    "{% endif %}\n"
    "{% if total.interest %}\n"
    "Le montant total dû s’élève ainsi à {{ total.due }}.\n"
    "\n"
    "{% else %}\n"
    "{% if total.indemnity %}\n"
    "Le montant total dû s’élève ainsi à {{ total.due }}.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "Nous vous demandons de régler la somme de {{ total.due }} au plus tard le {{ deadline }}, "
    "par virement bancaire sur le compte suivant\u00A0:\n"
    "IBAN\u00A0: {{ company.iban }}\n"
    "{% if company.bic %}\n"
    "BIC\u00A0: {{ company.bic }}\n"
    "{% endif %}\n"
    "Référence à rappeler\u00A0: {{ payment_reference }}\n"
    "\n"
    "À défaut de règlement à cette date, nous vous adresserons une mise en demeure par lettre "
    "recommandée avec demande d’avis de réception, préalable à l’engagement d’une procédure "
    "judiciaire de recouvrement. Nous souhaitons vivement éviter d’en arriver là.\n"
    "\n"
    "Si vous rencontrez des difficultés de trésorerie, ou si vous contestez tout ou partie de "
    "ces sommes, nous vous invitons à nous contacter sans attendre\u00A0: nous sommes disposés "
    "à examiner avec vous un échéancier de paiement.\n"
    "\n"
    "Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations "
    "distinguées.\n"
    "\n"
    "{{ company.name }}\n"
    "{% if company.phone %}\n"
    "Tél.\u00A0: {{ company.phone }}\n"
    "{% endif %}\n"
    "{% if company.email %}\n"
    "Courriel\u00A0: {{ company.email }}\n"
    "{% endif %}\n",
  },
  {
    "final_notice", "en",
    "Final reminder before formal notice — {{ company.name }}",
    "{% if contact.name %}\n"
    "For the attention of {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Dear Sir or Madam,\n"
    "\n"
    "{% if previous_reminders %}\n"
    "We have sent you the following reminders, which have remained unanswered:\n"
    "{% for reminder in previous_reminders %}\n"
    "- {{ reminder.channel }} of {{ reminder.date }}\n"
    "{% endfor %}\n"
    "\n"
    "Yet the following invoices remain unpaid to date:\n"
    "{% else %}\n"
    "Despite our previous requests, the following invoices remain unpaid to date:\n"
    "{% endif %}\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "- invoice {{ invoice.number }} dated {{ invoice.issue_date }}, due on "
    "{{ invoice.due_date }}: {{ invoice.remaining }} outstanding\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% if not printed %}\n"
    "{% if credit_notes %}\n"
    "\n"
    "Less the following credit notes, not yet applied:\n"
    "{% for credit in credit_notes %}\n"
    "- credit note {{ credit.number }} dated {{ credit.issue_date }}: {{ credit.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "\n"
    "The amount outstanding is {{ total.remaining }}.\n"
    "\n"
    "{% if total.interest %}\n"
    "{% if customer.consumer %}\n"
    "Under article 1231-6 of the French Civil Code, these amounts bear interest at the "
    "statutory rate since our formal notice: {{ total.interest }} on {{ today }}.\n"
    "\n"
    "{% else %}\n"
    "Under article L441-10 of the French Commercial Code and our terms of sale, these late "
    "payments automatically incur penalties, which amount to {{ total.interest }} as of "
    "{{ today }}.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "{% if total.indemnity %}\n"
    "A fixed recovery indemnity of €40 per invoice is also due (article D441-5 of the French "
    "Commercial Code), that is {{ total.indemnity }}.\n"
    "\n"
    "{% endif %}\n"
    "{% if total.interest %}\n"
    "The total amount due is therefore {{ total.due }}.\n"
    "\n"
    "{% else %}\n"
    "{% if total.indemnity %}\n"
    "The total amount due is therefore {{ total.due }}.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "We ask you to pay the sum of {{ total.due }} no later than {{ deadline }}, by bank "
    "transfer to the following account:\n"
    "IBAN: {{ company.iban }}\n"
    "{% if company.bic %}\n"
    "BIC: {{ company.bic }}\n"
    "{% endif %}\n"
    "Reference to quote: {{ payment_reference }}\n"
    "\n"
    "Failing payment by that date, we will send you a formal notice to pay (mise en demeure) "
    "by registered letter with acknowledgement of receipt, before taking legal action to "
    "recover the debt. We would very much prefer to avoid this.\n"
    "\n"
    "If you are experiencing cash-flow difficulties, or if you dispute all or part of these "
    "amounts, please contact us without delay: we are willing to discuss a payment schedule "
    "with you.\n"
    "\n"
    "Yours faithfully,\n"
    "\n"
    "{{ company.name }}\n"
    "{% if company.phone %}\n"
    "Phone: {{ company.phone }}\n"
    "{% endif %}\n"
    "{% if company.email %}\n"
    "Email: {{ company.email }}\n"
    "{% endif %}\n",
  },
  {
    "formal_notice", "fr",
    "Mise en demeure de payer la somme de {{ total.due }}",
    "{% if not printed %}\n"
    "Lettre recommandée avec demande d’avis de réception\n"
    "\n"
    "{% if company.city %}{{ company.city }}, le {{ today }}{% else %}Le "
    "{{ today }}{% endif %}\n"
    "\n"
    "Créancier\u00A0: {{ company.name }}{% if company.siren %}, SIREN "
    "{{ company.siren }}{% endif %}\n"
    "{{ company.address }}\n"
    "\n"
    "Débiteur\u00A0: {{ customer.name }}{% if customer.siren %}, SIREN "
    "{{ customer.siren }}{% endif %}\n"
    "{{ customer.address }}\n"
    "\n"
    "{% endif %}\n"
    "Référence client\u00A0: {{ customer.code }}\n"
    "\n"
    "{% if contact.name %}\n"
    "À l’attention de {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Madame, Monsieur,\n"
    "\n"
    "{% if previous_reminders %}\n"
    "Nous vous avons adressé les relances suivantes, restées sans effet\u00A0:\n"
    "{% for reminder in previous_reminders %}\n"
    "– {{ reminder.channel }} du {{ reminder.date }}\n"
    "{% endfor %}\n"
    "\n"
    "{% endif %}\n"
    "Vous restez nous devoir, à ce jour, les sommes suivantes, au titre de factures échues et "
    "demeurées impayées\u00A0:\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "– facture n°\u00A0{{ invoice.number }} du {{ invoice.issue_date }}, échue le "
    "{{ invoice.due_date }}, d’un montant de {{ invoice.amount }}{% if invoice.paid %}, dont "
    "{{ invoice.paid }} déjà réglés{% endif %}\u00A0: reste dû {{ invoice.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% if not printed %}\n"
    "{% if credit_notes %}\n"
    "\n"
    "Déduction faite des avoirs suivants, non encore imputés\u00A0:\n"
    "{% for credit in credit_notes %}\n"
    "– avoir n°\u00A0{{ credit.number }} du {{ credit.issue_date }}\u00A0: "
    "{{ credit.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "\n"
    "{% if not printed %}\n"
    "Principal restant dû\u00A0: {{ total.remaining }}\n"
    "{% if total.interest %}\n"
    "{% if customer.consumer %}\n"
    "Intérêts au taux légal arrêtés au {{ today }}\u00A0: {{ total.interest }}\n"
    "{% else %}\n"
    "Pénalités de retard arrêtées au {{ today }}\u00A0: {{ total.interest }}\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "{% if total.indemnity %}\n"
    "Indemnités forfaitaires pour frais de recouvrement\u00A0: {{ total.indemnity }}\n"
    "{% endif %}\n"
    "Total réclamé\u00A0: {{ total.due }}\n"
    "{% endif %}\n"
    "\n"
    "{% if total.interest %}\n"
    "{% if customer.consumer %}\n"
    "Conformément à l’article 1231-6 du Code civil, ces sommes portent intérêts au taux "
    "légal depuis notre mise en demeure.\n"
    "\n"
    "{% else %}\n"
    "Conformément à l’article L441-10 du Code de commerce, ces sommes portent de plein droit, "
    "à compter du lendemain de leur date d’échéance, des pénalités de retard au taux prévu par "
    "ce texte, qui continueront de courir jusqu’à complet paiement.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "{% if total.indemnity %}\n"
    "En application des articles L441-10 et D441-5 du Code de commerce, une indemnité "
    "forfaitaire pour frais de recouvrement de 40\u00A0€ est due pour chaque facture payée en "
    "retard.\n"
    "\n"
    "{% endif %}\n"
    "{% if not total.interest %}\n"
    "{% if not total.indemnity %}\n"
    "Conformément à l’article 1231-6 du Code civil, ces sommes porteront intérêts au taux "
    "légal à compter de la présente mise en demeure.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "En conséquence, nous vous mettons en demeure de nous régler la somme de {{ total.due }} "
    "au plus tard le {{ deadline }}, par virement bancaire sur le compte suivant\u00A0:\n"
    "IBAN\u00A0: {{ company.iban }}\n"
    "{% if company.bic %}\n"
    "BIC\u00A0: {{ company.bic }}\n"
    "{% endif %}\n"
    "Référence à rappeler\u00A0: {{ payment_reference }}\n"
    "\n"
    "À défaut de paiement intégral à cette date, nous engagerons sans autre avis une procédure "
    "judiciaire de recouvrement, notamment par voie d’injonction de payer devant la "
    "juridiction compétente. Les frais de procédure pourront alors être mis à votre charge.\n"
    "\n"
    "La présente lettre vaut mise en demeure au sens de l’article 1344 du Code civil.\n"
    "\n"
    "Si votre règlement a croisé ce courrier, nous vous prions de ne pas en tenir compte.\n"
    "\n"
    "Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations "
    "distinguées.\n"
    "\n"
    "Pour {{ company.name }},\n"
    "Le responsable du recouvrement\n",
  },
  {
    "formal_notice", "en",
    "Formal notice to pay (mise en demeure) — {{ total.due }}",
    "{% if not printed %}\n"
    "Registered letter with acknowledgement of receipt\n"
    "\n"
    "{% if company.city %}{{ company.city }}, {{ today }}{% else %}{{ today }}{% endif %}\n"
    "\n"
    "Creditor: {{ company.name }}{% if company.siren %}, SIREN {{ company.siren }}{% endif %}\n"
    "{{ company.address }}\n"
    "\n"
    "Debtor: {{ customer.name }}{% if customer.siren %}, SIREN "
    "{{ customer.siren }}{% endif %}\n"
    "{{ customer.address }}\n"
    "\n"
    "{% endif %}\n"
    "Customer reference: {{ customer.code }}\n"
    "\n"
    "{% if contact.name %}\n"
    "For the attention of {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Dear Sir or Madam,\n"
    "\n"
    "{% if previous_reminders %}\n"
    "We have sent you the following reminders, which have remained unanswered:\n"
    "{% for reminder in previous_reminders %}\n"
    "- {{ reminder.channel }} of {{ reminder.date }}\n"
    "{% endfor %}\n"
    "\n"
    "{% endif %}\n"
    "To date, you still owe us the following amounts, under invoices that are past due and "
    "remain unpaid:\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "- invoice {{ invoice.number }} dated {{ invoice.issue_date }}, due on "
    "{{ invoice.due_date }}, amount {{ invoice.amount }}{% if invoice.paid %}, of which "
    "{{ invoice.paid }} already paid{% endif %}: {{ invoice.remaining }} outstanding\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% if not printed %}\n"
    "{% if credit_notes %}\n"
    "\n"
    "Less the following credit notes, not yet applied:\n"
    "{% for credit in credit_notes %}\n"
    "- credit note {{ credit.number }} dated {{ credit.issue_date }}: {{ credit.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "\n"
    "{% if not printed %}\n"
    "Principal outstanding: {{ total.remaining }}\n"
    "{% if total.interest %}\n"
    "Late-payment penalties as of {{ today }}: {{ total.interest }}\n"
    "{% endif %}\n"
    "{% if total.indemnity %}\n"
    "Fixed recovery indemnities: {{ total.indemnity }}\n"
    "{% endif %}\n"
    "Total claimed: {{ total.due }}\n"
    "{% endif %}\n"
    "\n"
    "{% if total.interest %}\n"
    "{% if customer.consumer %}\n"
    "Under article 1231-6 of the French Civil Code, these amounts bear interest at the "
    "statutory rate since our formal notice.\n"
    "\n"
    "{% else %}\n"
    "Under article L441-10 of the French Commercial Code, these amounts automatically bear "
    "late-payment penalties, at the rate set by that article, from the day after their due "
    "date until full payment.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "{% if total.indemnity %}\n"
    "Under articles L441-10 and D441-5 of the French Commercial Code, a fixed recovery "
    "indemnity of €40 is due for each invoice paid late.\n"
    "\n"
    "{% endif %}\n"
    "{% if not total.interest %}\n"
    "{% if not total.indemnity %}\n"
    "Under article 1231-6 of the French Civil Code, these amounts will bear interest at the "
    "legal rate from the date of this formal notice.\n"
    "\n"
    "{% endif %}\n"
    "{% endif %}\n"
    "Accordingly, we hereby give you formal notice to pay us the sum of {{ total.due }} no "
    "later than {{ deadline }}, by bank transfer to the following account:\n"
    "IBAN: {{ company.iban }}\n"
    "{% if company.bic %}\n"
    "BIC: {{ company.bic }}\n"
    "{% endif %}\n"
    "Reference to quote: {{ payment_reference }}\n"
    "\n"
    "Failing full payment by that date, we will take legal action to recover the debt without "
    "further notice, in particular by applying for an order for payment (injonction de payer) "
    "to the competent court. The costs of these proceedings may then be charged to you.\n"
    "\n"
    "This letter constitutes a formal notice within the meaning of article 1344 of the French "
    "Civil Code.\n"
    "\n"
    "If your payment has crossed this letter in the post, please disregard it.\n"
    "\n"
    "Yours faithfully,\n"
    "\n"
    "For {{ company.name }},\n"
    "Head of Credit Control\n",
  },
  {
    "call_script", "fr",
    "Appel de relance — {{ customer.name }}",
    "Appel de relance — {{ customer.name }} (client {{ customer.code }})\n"
    "{% if contact.name %}\n"
    "Interlocuteur\u00A0: {{ contact.name }}\n"
    "{% endif %}\n"
    "\n"
    "1. Se présenter\n"
    "«\u00A0Bonjour, [votre prénom et nom], du service comptabilité de la société "
    "{{ company.name }}. Je vous appelle au sujet de factures arrivées à échéance. Avez-vous "
    "quelques instants\u00A0?\u00A0»\n"
    "\n"
    "2. Les factures concernées\n"
    "{% for invoice in invoices %}\n"
    "– n°\u00A0{{ invoice.number }} du {{ invoice.issue_date }}, échue le "
    "{{ invoice.due_date }}\u00A0: reste dû {{ invoice.remaining }}\n"
    "{% endfor %}\n"
    "{% if credit_notes %}\n"
    "\n"
    "Avoirs non encore imputés\u00A0:\n"
    "{% for credit in credit_notes %}\n"
    "– n°\u00A0{{ credit.number }} du {{ credit.issue_date }}\u00A0: {{ credit.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "\n"
    "Total restant dû\u00A0: {{ total.remaining }}\n"
    "{% if previous_reminders %}\n"
    "\n"
    "Relances déjà envoyées\u00A0:\n"
    "{% for reminder in previous_reminders %}\n"
    "– {{ reminder.channel }} du {{ reminder.date }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "\n"
    "3. Les questions à poser\n"
    "– «\u00A0Avez-vous bien reçu ces factures\u00A0?\u00A0»\n"
    "– «\u00A0Sont-elles validées pour paiement, ou l’une d’elles fait-elle l’objet d’une "
    "réclamation ou d’un litige\u00A0?\u00A0»\n"
    "– «\u00A0À quelle date le règlement sera-t-il effectué, et par quel moyen\u00A0?\u00A0»\n"
    "– «\u00A0Qui puis-je recontacter si le paiement ne nous parvient pas à cette "
    "date\u00A0?\u00A0»\n"
    "\n"
    "4. Conclure\n"
    "– Reformuler l’engagement obtenu\u00A0: montant, date, moyen de paiement.\n"
    "– Si besoin, rappeler nos coordonnées bancaires\u00A0: IBAN {{ company.iban }}, référence "
    "{{ payment_reference }}.\n"
    "– En cas de litige, noter le motif précis et les factures concernées.\n"
    "– Enregistrer la promesse de paiement, puis remercier votre interlocuteur.\n",
  },
  {
    "call_script", "en",
    "Reminder call — {{ customer.name }}",
    "Reminder call — {{ customer.name }} (customer {{ customer.code }})\n"
    "{% if contact.name %}\n"
    "Contact: {{ contact.name }}\n"
    "{% endif %}\n"
    "\n"
    "1. Introduce yourself\n"
    "“Hello, this is [your name] from the accounts department of {{ company.name }}. I am "
    "calling about some invoices that are now due. Do you have a moment?”\n"
    "\n"
    "2. The invoices\n"
    "{% for invoice in invoices %}\n"
    "- {{ invoice.number }} dated {{ invoice.issue_date }}, due on {{ invoice.due_date }}: "
    "{{ invoice.remaining }} outstanding\n"
    "{% endfor %}\n"
    "{% if credit_notes %}\n"
    "\n"
    "Credit notes not yet applied:\n"
    "{% for credit in credit_notes %}\n"
    "- {{ credit.number }} dated {{ credit.issue_date }}: {{ credit.remaining }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "\n"
    "Total outstanding: {{ total.remaining }}\n"
    "{% if previous_reminders %}\n"
    "\n"
    "Reminders already sent:\n"
    "{% for reminder in previous_reminders %}\n"
    "- {{ reminder.channel }} of {{ reminder.date }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "\n"
    "3. Questions to ask\n"
    "- “Have you received these invoices?”\n"
    "- “Have they been approved for payment, or is any of them subject to a query or a "
    "dispute?”\n"
    "- “On what date will payment be made, and how?”\n"
    "- “Whom may I call back if the payment has not reached us by then?”\n"
    "\n"
    "4. Wrapping up\n"
    "- Repeat the commitment obtained: amount, date, means of payment.\n"
    "- If needed, give our bank details: IBAN {{ company.iban }}, reference "
    "{{ payment_reference }}.\n"
    "- In case of a dispute, note the exact reason and the invoices concerned.\n"
    "- Record the promise to pay, then thank the person.\n",
  },
  {
    "sms", "fr",
    "",
    "Bonjour, {{ company.name }} vous rappelle que {{ total.remaining }} restent à régler. "
    "Virement IBAN {{ company.iban }}, réf. {{ payment_reference }}. Merci.",
  },
  {
    "sms", "en",
    "",
    "Hello, {{ company.name }} here: {{ total.remaining }} is overdue. Please pay by transfer "
    "to IBAN {{ company.iban }}, ref. {{ payment_reference }}. Thank you.",
  },
  {
    "thank_you", "fr",
    "Merci pour votre règlement — {{ company.name }}",
    "{% if contact.name %}\n"
    "À l’attention de {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Madame, Monsieur,\n"
    "\n"
    "Nous accusons bonne réception de votre règlement des factures suivantes et vous en "
    "remercions\u00A0:\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "– facture n°\u00A0{{ invoice.number }} du {{ invoice.issue_date }}, d’un montant de "
    "{{ invoice.amount }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "\n"
    "Nous vous remercions de votre confiance et restons à votre disposition pour toute "
    "question.\n"
    "\n"
    "Bien cordialement,\n"
    "\n"
    "{{ company.name }}\n"
    "{% if company.phone %}\n"
    "Tél.\u00A0: {{ company.phone }}\n"
    "{% endif %}\n"
    "{% if company.email %}\n"
    "Courriel\u00A0: {{ company.email }}\n"
    "{% endif %}\n",
  },
  {
    "thank_you", "en",
    "Thank you for your payment — {{ company.name }}",
    "{% if contact.name %}\n"
    "For the attention of {{ contact.name }}\n"
    "\n"
    "{% endif %}\n"
    "Dear Sir or Madam,\n"
    "\n"
    "We acknowledge receipt of your payment of the following invoices, and thank you for it:\n"
    "\n"
    "{% if printed %}\n"
    "{{ invoice_table }}\n"
    "{% else %}\n"
    "{% for invoice in invoices %}\n"
    "- invoice {{ invoice.number }} dated {{ invoice.issue_date }}, amount "
    "{{ invoice.amount }}\n"
    "{% endfor %}\n"
    "{% endif %}\n"
    "\n"
    "Thank you for your business. Please do not hesitate to contact us with any question.\n"
    "\n"
    "Kind regards,\n"
    "\n"
    "{{ company.name }}\n"
    "{% if company.phone %}\n"
    "Phone: {{ company.phone }}\n"
    "{% endif %}\n"
    "{% if company.email %}\n"
    "Email: {{ company.email }}\n"
    "{% endif %}\n",
  },
};

static const char * const keys[] = {
  "courtesy",
  "reminder",
  "reminder_firm",
  "final_notice",
  "formal_notice",
  "call_script",
  "sms",
  "thank_you",
  NULL,
};

/**
 * rl_template_default:
 * @key: "courtesy", "reminder", "reminder_firm", "final_notice", "formal_notice",
 *   "call_script", "sms" or "thank_you"
 * @language: (nullable): the reader's language; "fr", "fr_FR"… give French, anything else
 *   English
 *
 * Returns: (transfer none) (nullable): the shipped subject and body, %NULL for an unknown @key
 */
const RlTemplateDefault *
rl_template_default (const char *key,
                     const char *language)
{
  const char *lang = language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en";

  g_return_val_if_fail (key != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (g_str_equal (defaults[i].key, key) && g_str_equal (defaults[i].language, lang))
      return &defaults[i];
  return NULL;
}

/**
 * rl_template_default_keys:
 *
 * Returns: (transfer none): the keys of the shipped templates, %NULL-terminated, in the order
 *   of a dunning plan
 */
const char * const *
rl_template_default_keys (void)
{
  return keys;
}

/* The variables the application supplies; see rl-template.h. */
/* Descriptions are for the template editor's list of variables. */
static const RlTemplateVar known_vars[] = {
  { "customer.code", RL_TEMPLATE_VALUE_STRING, N_("Customer code") },
  { "customer.name", RL_TEMPLATE_VALUE_STRING, N_("Customer name") },
  { "customer.siren", RL_TEMPLATE_VALUE_STRING, N_("Customer SIREN number") },
  { "customer.address", RL_TEMPLATE_VALUE_STRING,
    N_("Customer postal address, one line per element") },
  { "customer.address1", RL_TEMPLATE_VALUE_STRING, N_("Customer address, line 1") },
  { "customer.address2", RL_TEMPLATE_VALUE_STRING, N_("Customer address, line 2") },
  { "customer.address3", RL_TEMPLATE_VALUE_STRING, N_("Customer address, line 3") },
  { "customer.postcode", RL_TEMPLATE_VALUE_STRING, N_("Customer postcode") },
  { "customer.city", RL_TEMPLATE_VALUE_STRING, N_("Customer city") },
  { "customer.country", RL_TEMPLATE_VALUE_STRING, N_("Customer country") },
  { "customer.consumer", RL_TEMPLATE_VALUE_INT, N_("1 for a consumer, 0 for a business") },
  { "contact.name", RL_TEMPLATE_VALUE_STRING, N_("Name of the person the message is for") },
  { "company.name", RL_TEMPLATE_VALUE_STRING, N_("Your company’s name") },
  { "company.address", RL_TEMPLATE_VALUE_STRING, N_("Your company’s postal address") },
  { "company.city", RL_TEMPLATE_VALUE_STRING, N_("Your company’s city") },
  { "company.siren", RL_TEMPLATE_VALUE_STRING, N_("Your company’s SIREN number") },
  { "company.vat_number", RL_TEMPLATE_VALUE_STRING, N_("Your company’s VAT number") },
  { "company.iban", RL_TEMPLATE_VALUE_STRING, N_("Your bank account’s IBAN") },
  { "company.bic", RL_TEMPLATE_VALUE_STRING, N_("Your bank’s BIC") },
  { "company.phone", RL_TEMPLATE_VALUE_STRING, N_("Your company’s phone number") },
  { "company.email", RL_TEMPLATE_VALUE_STRING, N_("Your company’s email address") },
  { "invoices", RL_TEMPLATE_VALUE_LIST, N_("The invoices the message is about") },
  { "invoices.number", RL_TEMPLATE_VALUE_STRING, N_("Invoice number") },
  { "invoices.issue_date", RL_TEMPLATE_VALUE_DAY, N_("Invoice date") },
  { "invoices.due_date", RL_TEMPLATE_VALUE_DAY, N_("Due date") },
  { "invoices.amount", RL_TEMPLATE_VALUE_MONEY, N_("Invoice amount including VAT") },
  { "invoices.paid", RL_TEMPLATE_VALUE_MONEY, N_("Amount already paid") },
  { "invoices.remaining", RL_TEMPLATE_VALUE_MONEY, N_("Amount still due") },
  { "invoices.days_late", RL_TEMPLATE_VALUE_INT, N_("Days late") },
  { "invoices.interest", RL_TEMPLATE_VALUE_MONEY, N_("Late-payment penalties to date") },
  { "invoices.indemnity", RL_TEMPLATE_VALUE_MONEY, N_("Fixed recovery indemnity") },
  { "credit_notes", RL_TEMPLATE_VALUE_LIST, N_("Credit notes not yet applied") },
  { "credit_notes.number", RL_TEMPLATE_VALUE_STRING, N_("Credit note number") },
  { "credit_notes.issue_date", RL_TEMPLATE_VALUE_DAY, N_("Credit note date") },
  { "credit_notes.remaining", RL_TEMPLATE_VALUE_MONEY, N_("Credit not yet applied") },
  { "total.remaining", RL_TEMPLATE_VALUE_MONEY, N_("Principal still due, less credit notes") },
  { "total.interest", RL_TEMPLATE_VALUE_MONEY, N_("Total late-payment penalties") },
  { "total.indemnity", RL_TEMPLATE_VALUE_MONEY, N_("Total fixed recovery indemnities") },
  { "total.due", RL_TEMPLATE_VALUE_MONEY,
    N_("Total claimed: principal, penalties and indemnities") },
  { "payment_reference", RL_TEMPLATE_VALUE_STRING, N_("Reference to quote with the payment") },
  { "today", RL_TEMPLATE_VALUE_DAY, N_("Date of the message") },
  { "deadline", RL_TEMPLATE_VALUE_DAY, N_("Date to pay by") },
  { "previous_reminders", RL_TEMPLATE_VALUE_LIST, N_("Reminders already sent") },
  { "previous_reminders.date", RL_TEMPLATE_VALUE_DAY, N_("Date of the reminder") },
  { "previous_reminders.channel", RL_TEMPLATE_VALUE_STRING, N_("How the reminder was sent") },
  { "step.days_late", RL_TEMPLATE_VALUE_INT, N_("Days late of the most overdue invoice") },
  { "printed", RL_TEMPLATE_VALUE_INT,
    N_("1 in a printed letter, which draws the invoice table itself; 0 in a message") },
  { "invoice_table", RL_TEMPLATE_VALUE_STRING,
    N_("In a printed letter, where its invoice table goes, alone on its line") },
};

static const RlTemplateVars known_set = { known_vars, G_N_ELEMENTS (known_vars) };

/**
 * rl_template_known_vars:
 *
 * The variables the application supplies to templates; see rl-template.h.
 *
 * Returns: (transfer none): the declarations
 */
const RlTemplateVars *
rl_template_known_vars (void)
{
  return &known_set;
}

/**
 * rl_template_vars_lookup:
 *
 * Returns: (transfer none) (nullable): the declaration of @name in @vars
 */
const RlTemplateVar *
rl_template_vars_lookup (const RlTemplateVars *vars,
                         const char           *name)
{
  g_return_val_if_fail (vars != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (gsize i = 0; i < vars->n_vars; i++)
    if (g_str_equal (vars->vars[i].name, name))
      return &vars->vars[i];
  return NULL;
}
