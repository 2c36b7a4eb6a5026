"""Screening in the payment path. The foundation screens jurisdictions; names come next."""
