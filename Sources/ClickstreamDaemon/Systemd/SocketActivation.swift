import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// The listening Unix socket systemd passed us (clickstreamd.socket), if any.
enum SocketActivation {
    /// The first fd of sd_listen_fds, SD_LISTEN_FDS_START.
    static let firstDescriptor: Int32 = 3

    /// The inherited socket when LISTEN_FDS says there is one for this process; nil otherwise.
    /// The environment variables are cleared so that children do not inherit them, so the
    /// answer is read once and kept: the start-up check and the RPC server both ask, and a
    /// second `sd_listen_fds` would find no variables and make the server bind the path.
    static func inheritedSocket() -> Int32? { inherited }

    private static let inherited: Int32? = {
        let count = sd_listen_fds(1)
        guard count > 0 else { return nil }
        return firstDescriptor
    }()
}
