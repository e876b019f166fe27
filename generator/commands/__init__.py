"""One module per `portal` subcommand; each defines `command` (a click command)."""
