"""Tests for the sources: HTTP pacing and retries, the disk cache, the Crossref client, the resolver."""
