import CSystemd
#if canImport(Glibc)
import Glibc
#endif

/// The listening Unix socket systemd passed us (clickstreamd.socket), if any.
enum SocketActivation {
    /// The first fd of sd_listen_fds, SD_LISTEN_FDS_START.
    static let firstDescriptor: Int32 = 3

    /// The inherited socket when LISTEN_FDS says there is one for this process; nil otherwise.
    /// The environment variables are cleared so that children do not inherit them.
    static func inheritedSocket() -> Int32? {
        let count = sd_listen_fds(1)
        guard count > 0 else { return nil }
        return firstDescriptor
    }
}
