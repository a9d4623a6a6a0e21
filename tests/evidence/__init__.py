"""Tests of the evidence check: work classification, the sentence reader, PubMed, CC401/CC402."""
