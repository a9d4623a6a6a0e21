"""citecheck's test suite."""
