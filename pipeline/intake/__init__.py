"""Intake, in the order a file goes.

inbox -> guard -> read -> validate -> judge -> ingest -> settle -> receipt. The isolated worker
(``worker``) reads and validates each file in a process of its own; ``rebuild`` replays every
settled original through the same intake into a fresh ledger.
"""
