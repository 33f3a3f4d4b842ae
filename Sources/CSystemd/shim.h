#ifndef CLICKSTREAM_CSYSTEMD_SHIM_H
#define CLICKSTREAM_CSYSTEMD_SHIM_H
#include <systemd/sd-daemon.h>
#endif
