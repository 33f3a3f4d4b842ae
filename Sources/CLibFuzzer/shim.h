// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): clickfuzz calls it from its
// own main, which SwiftPM's entry-point renaming keeps from being libFuzzer's.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
