"""Pull-request checks (`portal check-pr`): what a change to the registry may do, and who may do it.

gitrepo (git plumbing) → diff (the records the change touches, base and head versions) → history
(append-only, immutable, lifecycle, no deletion) and ownership (who may change what) → run (with the
validation of head) → summary (Markdown for a pull request). Codes PR001–PR013 (texts).
"""
