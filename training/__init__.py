"""Reproducible training data and held-out splits for citecheck's learned models and benchmarks."""
