"""Local fake servers standing in for Crossref, doi.org and PubMed; tests never touch the real network."""
