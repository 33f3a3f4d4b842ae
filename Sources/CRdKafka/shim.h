#ifndef CLICKSTREAM_CRDKAFKA_SHIM_H
#define CLICKSTREAM_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#endif
