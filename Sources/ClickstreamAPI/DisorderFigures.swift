import ClickstreamModel

/// What a stream's disorder did so far (`StreamInfo.disorder`, only for a stream with
/// disorder). generated + duplicated = delivered + failed + queued + dropped.
@PublicMemberwiseInit
public struct DisorderFigures: Sendable, Codable, Equatable {
    /// Records sent late on purpose (labelled `late`).
    public var late: Int
    /// Records sent out of order within the window (labelled `out_of_order`).
    public var outOfOrder: Int
    /// Extra copies sent (labelled `duplicate`), on top of the records generated.
    public var duplicated: Int
    /// Records generated and never sent.
    public var dropped: Int
    /// Records held back right now, to be sent later (part of `queued`).
    public var held: Int

    enum CodingKeys: String, SnakeCaseCodingKey {
        case late, outOfOrder, duplicated, dropped, held
    }
}
