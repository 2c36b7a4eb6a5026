"""Pure building blocks shared by every capability: money, ids, time, errors, events. No I/O."""
