"""Rules as data: each family module exposes `RULES`; `registry` collects and runs them."""
