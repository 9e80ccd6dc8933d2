"""Maturity measurement (mognadsmätning): the periodic self-assessment beside the weekly follow-up.

* ``model``: dimensions, occasions and one respondent's answers (plain data);
* ``example``: the default model for process-based management that ``pipeline init`` pre-fills;
* ``planfile``: the two optional sheets of ``plan.xlsx``;
* ``template``: one template per unit and occasion;
* ``validate`` and ``intake``: checks a filled template, finds the answer it replaces;
* ``ledger``: the ledger's maturity tables;
* ``figures`` and ``report``: the maturity workbook in ``outbox/``.
"""
