"""Rules: small registered functions, one concern each, with a stable code.

Importing this package registers every rule (structural and jurisdiction). See `engine.py`.
"""

from generator.rules.engine import Finding, RuleContext, RuleSpec, all_rules, rule, run_rules

__all__ = ["Finding", "RuleContext", "RuleSpec", "all_rules", "rule", "run_rules"]


def load_all() -> None:
    """Import every rule module so that its @rule decorators run."""
    import importlib
    import pkgutil

    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name not in {"engine"}:
            importlib.import_module(f"{__name__}.{mod.name}")
