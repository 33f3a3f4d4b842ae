import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange with a whole-exchange deadline and a cap on the answer's size.
///
/// `URLSession.data(for:)` keeps everything a server sends, and a request's
/// `timeoutInterval` is an idle timeout: a registry that answers one byte every few seconds,
/// or without end, would hold a `stream.start` (and its memory) as long as it likes. Here
/// the exchange ends at `deadline` seconds whatever arrives, and at `maxBytes` the transfer
/// is cancelled.
final class BoundedFetch: NSObject, URLSessionDataDelegate, Sendable {
    enum Failure: Error, CustomStringConvertible {
        case timedOut
        case tooLarge
        case transport(String)

        var description: String {
            switch self {
            case .timedOut: "timed out"
            case .tooLarge: "answer too large"
            case .transport(let message): message
            }
        }
    }

    private struct State {
        var body = Data()
        var response: URLResponse?
        var failure: Failure?
        var continuation: CheckedContinuation<(Data, URLResponse), any Error>?
    }

    private let maxBytes: Int
    private let state = Mutex(State())

    private init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// Sends `request`; returns the body and response, or throws a `Failure`.
    static func fetch(_ request: URLRequest, deadline: Double, maxBytes: Int) async throws -> (Data, URLResponse) {
        let fetch = BoundedFetch(maxBytes: maxBytes)
        let session = URLSession(configuration: .ephemeral, delegate: fetch, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: request)
        return try await withThrowingTaskGroup(of: (Data, URLResponse).self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { continuation in
                    fetch.state.withLock { $0.continuation = continuation }
                    task.resume()
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(deadline))
                throw Failure.timedOut
            }
            defer {
                group.cancelAll()
                task.cancel()
            }
            return try await group.next()!
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        state.withLock { $0.response = response }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let tooLarge = state.withLock { s -> Bool in
            s.body.append(data)
            if s.body.count > maxBytes { s.failure = .tooLarge }
            return s.failure != nil
        }
        if tooLarge { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, result) = state.withLock {
            s -> (CheckedContinuation<(Data, URLResponse), any Error>?, Result<(Data, URLResponse), any Error>) in
            let continuation = s.continuation
            s.continuation = nil
            if let failure = s.failure { return (continuation, .failure(failure)) }
            if let error { return (continuation, .failure(Failure.transport(error.localizedDescription))) }
            guard let response = s.response else {
                return (continuation, .failure(Failure.transport("no response")))
            }
            return (continuation, .success((s.body, response)))
        }
        continuation?.resume(with: result)
    }
}
