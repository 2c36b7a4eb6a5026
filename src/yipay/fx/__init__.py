"""Partner-bank rates, settlement quotes (结汇), conversion through the FX position, payouts."""
