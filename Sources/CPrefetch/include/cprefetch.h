#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the CPU to bring the cache line at `address` closer, for reading. A hint: it never
/// faults, whatever the address. Swift has no prefetch of its own.
static inline void cs_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// The same, for a line about to be written.
static inline void cs_prefetch_write(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
