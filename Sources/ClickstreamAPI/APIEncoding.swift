import Foundation

extension JSONEncoder {
    /// The encoder of every control response clickstream writes (RPC results and errors,
    /// HTTP bodies): sorted keys, so that output is stable and diffable, and unescaped
    /// slashes, so that paths and URLs read as they are.
    public static func clickstreamAPI() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
