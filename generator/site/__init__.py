"""The public portal: `build_site(registry_dir, out_dir, today)` turns a valid registry into static files.

Modules: public (the one entry point that strips private data), safety (escaping, links), history
(one pass over the Git log), model (derived views), shell (the mkdocs-material page shell), pages
(record pages from Jinja2 templates), charts (static SVG pass-rate charts), exports (JSON/CSV/Atom/sitemap),
results_table (a period's inspection results as CSV and XLSX), build (the pipeline)."""
