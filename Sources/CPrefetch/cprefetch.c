// The header's inline functions are all there is; SwiftPM wants a source file in a C target.
#include "cprefetch.h"
