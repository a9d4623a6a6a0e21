"""Everything that talks to the outside world: Crossref, PubMed, doi.org, the disk cache, the snapshot index."""
