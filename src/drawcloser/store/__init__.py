"""Storage: the journal's tables, migrations, the database connection and the lock."""
