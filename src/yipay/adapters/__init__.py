"""I/O adapters: the database, files, engines. Capabilities reach storage only through these."""
