import ClickstreamAPI
import Foundation

/// Decoding a raw result that was fetched once and may also be printed as is.
enum RawResult {
    static func decode<R: Decodable>(_ raw: [UInt8], _ method: RPCMethod, as type: R.Type = R.self) throws -> R {
        do {
            return try JSONDecoder().decode(R.self, from: Data(raw))
        } catch {
            throw RPCClientError.invalidResponse(
                method: method.rawValue, detail: "result does not match \(R.self): \(error)")
        }
    }

    /// The palette `sample` and `generate` use for records on a colour terminal.
    static func palette(_ terminal: Terminal) -> RawJSON.Palette? {
        guard terminal.colorStdout else { return nil }
        return RawJSON.Palette(
            key: "\u{1B}[36m", string: "\u{1B}[32m", number: "\u{1B}[33m", literal: "\u{1B}[35m", reset: "\u{1B}[0m")
    }
}
