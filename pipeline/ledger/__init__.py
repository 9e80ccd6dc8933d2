"""The ledger: every SQL statement, the migrations, and what the ledger answers (history)."""
