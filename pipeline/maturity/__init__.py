"""Maturity measurement (mognadsmätning): the periodic self-assessment beside the weekly follow-up.

* ``model``: dimensions, occasions and one respondent's answers (plain data);
* ``example``: the default model for process-based management that ``pipeline init`` pre-fills;
* ``planfile``: the two optional sheets of ``plan.xlsx``;
* ``template``: one template per unit and occasion;
* ``validate``: checks a filled template;
* ``kind``: the template kind that intake asks to validate, store, describe and replace
  (its tables are the ledger's, ``pipeline.ledger.maturity``);
* ``run``: what the maturity commands do;
* ``figures`` and ``report``: the maturity workbook in ``outbox/``.
"""
