extension Duration {
    /// As floating-point seconds (pacing, metrics, benchmarks).
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
