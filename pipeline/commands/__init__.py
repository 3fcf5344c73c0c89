"""One module per CLI command family; each is a thin shell over a stage."""
