import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Makes room for `daemon.max_connections` open sockets. Past the soft RLIMIT_NOFILE
/// (1024 on most systems), accept(2) fails with EMFILE and new clients wait in the listen
/// backlog with no answer at all, which is what the connection cap is meant to prevent.
enum DescriptorLimit {
    /// Descriptors kept for everything else: sinks' files, librdkafka's sockets, HTTP.
    static let reserve = 256

    /// Raises the soft limit (up to the hard one) to fit `connections` plus `reserve`.
    static func raise(toFit connections: Int, logger: Logger) {
        let wanted = rlim_t(connections + reserve)
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < wanted else { return }
        let previous = limit.rlim_cur
        limit.rlim_cur = min(wanted, limit.rlim_max)
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 && limit.rlim_cur >= wanted {
            logger.info(
                "raised the open-file limit for daemon.max_connections",
                metadata: ["from": "\(previous)", "to": "\(limit.rlim_cur)"])
        } else {
            logger.warning(
                "daemon.max_connections needs more open files than the process may have; lower it or raise LimitNOFILE",
                metadata: ["max_connections": "\(connections)", "open_file_limit": "\(limit.rlim_max)"])
        }
    }
}
