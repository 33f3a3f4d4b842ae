/// The coding keys of the API's params and results: a field's wire name is its Swift name in
/// snake_case (`streamId` is `stream_id`), the original service's convention, so a type lists
/// its fields once (`case streamId, rate`) instead of spelling each wire name by hand.
///
/// The rule lives in the keys, not in a coder's key strategy, so every JSONEncoder and
/// JSONDecoder (the daemon's, clickctl's, a test's) writes and reads the same names, and
/// String-keyed dictionaries (`cache_stats`, `sinks`, JSON values) keep their keys as they
/// are. A name with an acronym must be spelled like `streamId`, not `streamID` (that would be
/// `stream_i_d`).
public protocol SnakeCaseCodingKey: CodingKey, CaseIterable, RawRepresentable where RawValue == String {}

extension SnakeCaseCodingKey {
    /// The wire name: `rawValue` (the case's Swift name) with `_` and the lower case letter
    /// for each capital.
    public var stringValue: String {
        var name = ""
        for character in rawValue {
            if character.isASCII && character.isUppercase {
                name += "_" + character.lowercased()
            } else {
                name.append(character)
            }
        }
        return name
    }

    /// The key whose wire name is `stringValue`, nil for any other name (a camelCase name too).
    public init?(stringValue: String) {
        guard let key = Self.allCases.first(where: { $0.stringValue == stringValue }) else { return nil }
        self = key
    }
}
