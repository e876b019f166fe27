"""Rules that hold in every jurisdiction, one module per concern; helpers in `common`."""
