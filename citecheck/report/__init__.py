"""Report formats: one module per `--format`, all behind `render(report, settings)`."""
