"""The local Crossref snapshot: an index of Crossref records that answers look-ups and searches offline.

`records` streams Crossref files (public data file parts, saved API answers);
`codec` says how one record is stored; `index` is the SQLite/FTS5 file, its
schema and writer; `build` turns input paths into an index; `source` serves an
index to the resolver; `query` builds the full-text queries of a search; `info`
describes an index.
"""
