"""Regulatory reports. The foundation computes large-value report candidates (PBoC 2016 No.3)."""
