"""Tests of the extract stage: text in, references, citations and claims out."""
