"""Pure text helpers shared by every stage: folding, identifiers, names and word lists.

Nothing here reads files other than its own word lists, and nothing touches the
network: the extractor, the comparison and the sources all lean on the same
definitions, so a DOI or a family name means the same thing everywhere.
"""
