"""The child labour classifier: pure Python rules (no Flask, no database)."""
