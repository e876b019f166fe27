"""Where the project's own data lives (schemas, catalogue, profiles, templates), and the layout of a
registry folder."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
SCHEMAS_DIR = PROJECT_DIR / "schemas"
MODEL_DIR = PACKAGE_DIR / "model"
LOAD_DIR = PACKAGE_DIR / "load"
CHECK_DIR = PACKAGE_DIR / "check"
PLATFORMS_FILE = MODEL_DIR / "platforms.yaml"
PROFILES_DIR = CHECK_DIR / "profiles"
RUBRICS_DIR = CHECK_DIR / "rubrics"  # inspection rubrics as data
EXAMPLES_DIR = CHECK_DIR / "examples"  # the registry the rules' documented examples run on
TEMPLATES_DIR = PACKAGE_DIR / "site" / "templates"
STATIC_DIR = PACKAGE_DIR / "site" / "static"
SITE_SOURCES_DIR = PROJECT_DIR / "site"
SAMPLE_REGISTRY_DIR = PROJECT_DIR / "registry"

# Layout of a registry folder (DESIGN.md: the path is the identity).
PORTAL_FILE = "portal.yaml"
UNITS_DIR = "units"
ACCOUNTS_DIR = "accounts"
INSPECTIONS_DIR = "inspections"
CACHE_DIR_NAME = ".portal-cache"
