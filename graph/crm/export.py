"""`powermap export --format salesforce`: what the team learned, as CSV a Data Loader update takes.

Two files in the output folder, UTF-8 (set Data Loader's "Read all CSVs with UTF-8 encoding"):
- `OpportunityContactRole.csv`: `Id, OpportunityId, ContactId, Role, IsPrimary`, one row per seat
  of a Salesforce contact in a Salesforce opportunity's chain. `Id` is the contact role's own id when
  the seat came from Salesforce (run an Update, or an Upsert on Id), empty for a seat the team added
  in Powermap (run an Insert for those rows). `Role` goes back through `[export.salesforce.roles]`
  (gatekeeper and coach have no default Salesforce value and go back as "Other").
- `Contact.csv`: `Id, Powermap_Stance__c, Powermap_Influence__c`, one row per Salesforce contact.
  The two are custom fields an administrator adds to Contact (a text or picklist field holding
  champion, supporter, neutral, skeptic, opponent or blank; a number field holding 1-5); map them in
  Data Loader's Update.
Only nodes imported from Salesforce are written: the others have no Salesforce id to update.
"""

import csv
from pathlib import Path

from powermap.graph import catalog
from powermap.graph.crm.mapping import Mapping
from powermap.graph.driver import Graph, rows
from powermap.vocab import DecisionRole

ROLE_HEADERS = ("Id", "OpportunityId", "ContactId", "Role", "IsPrimary")
CONTACT_HEADERS = ("Id", "Powermap_Stance__c", "Powermap_Influence__c")


def export_salesforce(graph: Graph, folder: Path, *, mapping: Mapping) -> dict[str, int]:
    """Write the two update files into `folder`; the number of rows in each."""
    seats, contacts = graph.read(lambda tx: (rows(tx, catalog.query("crm/salesforce_contact_roles")),
                                             rows(tx, catalog.query("crm/salesforce_contacts"))))
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "OpportunityContactRole.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ROLE_HEADERS)
        for seat in seats:
            writer.writerow([seat["id"] or "", seat["opportunityId"], seat["contactId"],
                             mapping.salesforce_roles[DecisionRole(seat["role"])], str(seat["primary"]).lower()])
    with (folder / "Contact.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CONTACT_HEADERS)
        for contact in contacts:
            writer.writerow([contact["id"], contact["stance"] or "",
                             "" if contact["influence"] is None else contact["influence"]])
    return {"OpportunityContactRole.csv": len(seats), "Contact.csv": len(contacts)}
