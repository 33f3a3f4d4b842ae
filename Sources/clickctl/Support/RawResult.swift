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

    /// How `sample` and `generate` colour records on a colour terminal (nil: not at all):
    /// cyan keys, green strings, yellow numbers, magenta true/false/null.
    static func paint(_ terminal: Terminal) -> ((RawJSON.Token, String) -> String)? {
        guard terminal.colorStdout else { return nil }
        return { token, text in
            switch token {
            case .key: terminal.paint(text, .cyan)
            case .string: terminal.paint(text, .green)
            case .number: terminal.paint(text, .yellow)
            case .literal: terminal.paint(text, .magenta)
            }
        }
    }
}
