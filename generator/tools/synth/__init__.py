"""Synthetic registries (`portal synth`): a fictional country of provinces, cities, counties and towns
whose units run realistic accounts with realistic histories, written fast and byte-identically for a
given seed.

The records conform to the rules of every profile (the kunshan profile is the strictest of them):
every event falls on a working day of the official calendar, is filed the same or the next working day,
every opening is approved by the supervising office on or before the day, deregistration notices stand
20 working days, a unit has at most one account per platform family, internal sub-units opened their
accounts before 2019-11-09, and account names carry a region core with a duty keyword of the host unit.

One module a concern: `names` (the naming data), `days` (the numbered working days), `ids` (platform ids
and links), `units` (the units and their tree), `accounts` (each unit's accounts and their histories),
`records` (an account's record), `inspections` (inspection batches), `files` (what is written and how),
`run` (`synthesize`: all of it, in one random stream).
"""

from generator.tools.synth.files import SCHEMA, render_account
from generator.tools.synth.records import account_record
from generator.tools.synth.run import DEFAULT_TODAY, Synth, SynthResult, synthesize

__all__ = ["DEFAULT_TODAY", "SCHEMA", "Synth", "SynthResult", "account_record", "render_account", "synthesize"]
