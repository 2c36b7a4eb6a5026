"""Trade records (orders, 1039/9610/0110 declaration slices) and their unallocated balances."""
