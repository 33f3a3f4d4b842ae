# syntax=docker/dockerfile:1
#
# clickstreamd in a container (Railway, Docker, Kubernetes).
#
#   docker build -t clickstream .
#   docker run --rm -p 8000:8000 -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 clickstream
#
# Build: the Swift toolchain on Ubuntu 24.04 (noble), whose librdkafka is 2.3.0 (>= 2.2: no
# newer copy needed, unlike Debian bookworm's 2.0.2). The build command is the Makefile's
# `make release` (swift build $(RELEASE_FLAGS)); Tests/DeploymentTests checks they agree.
# scripts/setup is not run: it installs the same Debian packages as below plus a Python
# venv that only the tests use. The Swift runtime is linked statically
# (--static-swift-stdlib), so the runtime image needs no Swift libraries.

FROM swift:6.3-noble AS build
# hadolint ignore=DL3008
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      librdkafka-dev libsystemd-dev libjemalloc-dev pkg-config make \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first: a change of sources does not fetch them again.
COPY Package.swift ./
RUN swift package resolve
COPY . .
RUN swift build -c release --static-swift-stdlib
RUN make install DESTDIR=/out PREFIX=/usr \
 && install -m 0644 etc/clickstream/container.toml /out/etc/clickstream/clickstreamd.toml

# Runtime: slim noble with the C libraries the daemon links (librdkafka, libsystemd, jemalloc) and
# curl for the health check.
FROM ubuntu:24.04
# hadolint ignore=DL3008
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      librdkafka1 libsystemd0 libjemalloc2 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 clickstream \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/clickstream \
      --shell /usr/sbin/nologin clickstream \
 && install -d -o clickstream -g clickstream -m 0750 /var/lib/clickstream \
 && install -d -o clickstream -g clickstream -m 0755 /run/clickstream
COPY --from=build /out/usr/bin/clickstreamd /out/usr/bin/clickctl /usr/bin/
COPY --from=build /out/etc/clickstream/clickstreamd.toml /etc/clickstream/clickstreamd.toml
COPY --from=build /out/usr/share/ /usr/share/

# Numeric, so that runtimes can tell it is not root (Kubernetes runAsNonRoot).
USER 10001:10001
WORKDIR /var/lib/clickstream
# PORT set: the HTTP API listens on 0.0.0.0:$PORT (Railway injects its own). POST routes
# then need CLICKSTREAM_HTTP_TOKEN (Authorization: Bearer <token>).
ENV PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["/bin/sh", "-c", "curl -fsS \"http://127.0.0.1:${PORT:-8000}/health\" > /dev/null || exit 1"]
# SIGTERM: graceful stop, flushing Kafka (docker stop -t 40 leaves it time).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/clickstreamd"]
CMD ["--config", "/etc/clickstream/clickstreamd.toml"]
