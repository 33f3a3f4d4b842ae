import Foundation
import Testing

@testable import ClickstreamAPI

@Test func methodNamesMirrorRESTEndpoints() {
    #expect(RPCMethod(rawValue: "generate.users") == .generateUsers)
    #expect(RPCMethod.allCases.count == 16)
}

@Test func generateParamsDefaultsMatchTheOriginalService() throws {
    let params = try JSONDecoder().decode(GenerateParams.self, from: Data("{}".utf8))
    #expect(params == GenerateParams(count: 100, rate: nil, stream: false, batchSize: 100))
}
