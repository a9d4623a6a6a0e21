"""Everything that talks to the outside world: Crossref, PubMed, doi.org and the disk cache, over one HTTP client."""
