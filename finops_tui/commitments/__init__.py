"""Commitment analytics that need no cache and no Textual: AWS size normalisation and reservation use.

Kept apart from the queries so the arithmetic (what a reservation's capacity is in normalised units,
how much of it a month's instance hours used) can be checked by hand in tests without a database.
"""
