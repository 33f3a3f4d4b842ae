/// A value written everywhere as one string — the config, `stream.start`, HTTP, clickctl and
/// the state file — and parsed once, here: `parse` reads it (or says what was expected),
/// `description` writes the canonical form, which `parse` reads back to the same value.
/// JSON carries the string; a string that does not parse is a decoding error with the
/// parser's message.
public protocol CanonicalString: LosslessStringConvertible, Codable {
    associatedtype ParseError: Error & CustomStringConvertible
    static func parse(_ text: String) -> Result<Self, ParseError>
}

extension CanonicalString {
    public init?(_ description: String) {
        guard case .success(let value) = Self.parse(description) else { return nil }
        self = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        switch Self.parse(try container.decode(String.self)) {
        case .success(let value): self = value
        case .failure(let error):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
