"""API routes by resource."""
