"""Tests of citecheck in a writing workflow: configuration, suppressions, folders, rule docs, pre-commit."""
