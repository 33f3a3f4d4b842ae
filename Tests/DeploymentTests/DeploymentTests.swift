import Testing

@Suite struct DeploymentPlaceholder {
    @Test func placeholder() {}
}
