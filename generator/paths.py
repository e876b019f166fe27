"""Where the project's own data lives (schemas, catalogue, profiles, templates)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
SCHEMAS_DIR = PROJECT_DIR / "schemas"
DATA_DIR = PACKAGE_DIR / "data"
PROFILES_DIR = PACKAGE_DIR / "profiles"
RUBRICS_DIR = PACKAGE_DIR / "rubrics"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
SITE_SOURCES_DIR = PROJECT_DIR / "site"
SAMPLE_REGISTRY_DIR = PROJECT_DIR / "registry"

# Layout of a registry folder (DESIGN.md: the path is the identity).
PORTAL_FILE = "portal.yaml"
UNITS_DIR = "units"
ACCOUNTS_DIR = "accounts"
INSPECTIONS_DIR = "inspections"
CACHE_DIR_NAME = ".portal-cache"
