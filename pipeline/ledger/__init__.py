"""The ledger: every SQL statement, the migrations, and what the ledger answers.

``store`` (the Ledger: files, weekly submissions, waiting files), ``migrations`` (the schema),
``reporting`` (what the report reads), ``maturity`` (the maturity tables), ``history``
(``pipeline history``). See ``docs/ledger-backends.md`` for how a second backend would fit.
"""
