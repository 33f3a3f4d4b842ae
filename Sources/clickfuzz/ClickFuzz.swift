import ClickstreamDaemon
import Foundation

#if CLICKFUZZ_LIBFUZZER
import CLibFuzzer
#endif

/// Fuzz targets of `FuzzTargets`: `clickfuzz <config|rpc|http|time-mode> ARGS...`.
///
/// Built by `make fuzz` (`-sanitize=fuzzer,address -D CLICKFUZZ_LIBFUZZER`), the arguments
/// after the target are libFuzzer's (corpus directories, -max_total_time=60, ...). In a
/// normal build it replays files and directories through the target, without libFuzzer.
@main
enum ClickFuzz {
    static func main() {
        var arguments = CommandLine.arguments
        guard arguments.count > 1, let target = FuzzTargets.Target(rawValue: arguments[1]) else {
            let known = FuzzTargets.Target.allCases.map(\.rawValue).joined(separator: "|")
            FileHandle.standardError.write(Data("usage: clickfuzz <\(known)> ARGS...\n".utf8))
            exit(2)
        }
        arguments.remove(at: 1)
        #if CLICKFUZZ_LIBFUZZER
        selected = target
        exit(runLibFuzzer(arguments))
        #else
        replay(target, paths: Array(arguments.dropFirst()))
        #endif
    }

    static func replay(_ target: FuzzTargets.Target, paths: [String]) {
        var count = 0
        for path in paths {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                FuzzTargets.run(target, Array(data))
                count += 1
            }
        }
        print("clickfuzz: \(target.rawValue): \(count) inputs replayed, no crash")
    }

    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { "\(path)/\($0)" }
    }
}

#if CLICKFUZZ_LIBFUZZER
/// The target libFuzzer's callback runs (set once, before the driver starts).
nonisolated(unsafe) var selected = FuzzTargets.Target.config

/// libFuzzer's entry point: one input through the selected target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTargets.run(selected, data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// Hands the process to libFuzzer with `arguments` (the target name removed). libFuzzer's
/// own `main` is linked too, but SwiftPM points `main` at this executable's entry.
func runLibFuzzer(_ arguments: [String]) -> Int32 {
    var argc = Int32(arguments.count)
    var pointers: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    return pointers.withUnsafeMutableBufferPointer { buffer in
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
        return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) }
    }
}
#endif
