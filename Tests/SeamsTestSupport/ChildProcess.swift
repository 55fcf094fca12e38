package import Foundation

/// A program started by a test, with its own default signal mask and dispositions (a child of a worker thread
/// would otherwise inherit signals blocked), its standard error captured to a file, no descriptor of the test
/// process but its standard streams, and no blocking waits.
///
/// The descriptors matter: NIO's accepted sockets and libcurl's are not close-on-exec, so a child started while
/// another test's server was answering kept that connection open after the server closed it (a reset never reached
/// the client, which then waited out its timeout), and a child could as well hold another test's store lock.
package final class ChildProcess: Sendable {
    /// The process id.
    package let pid: pid_t
    /// Where its standard error goes.
    package let errorLog: String

    /// Starts `executable` with `arguments`; its standard output is discarded unless `capturesOutput`, which
    /// sends it to ``errorLog`` too. It runs with this process's environment and `SEAMS_ALLOW_PRIVATE_FEEDS`
    /// as `allowsPrivateFeeds` says (default true: tests serve their feeds on loopback, which stands in for the
    /// internet).
    package init(
        _ executable: String,
        _ arguments: [String],
        capturesOutput: Bool = false,
        allowsPrivateFeeds: Bool = true
    ) throws {
        errorLog =
            FileManager.default.temporaryDirectory.appendingPathComponent("seams-child-\(UUID().uuidString).log").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if capturesOutput {
            posix_spawn_file_actions_adddup2(&actions, 2, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        Self.closeInheritedDescriptors(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        var environment = ProcessInfo.processInfo.environment
        environment["SEAMS_ALLOW_PRIVATE_FEEDS"] = String(allowsPrivateFeeds)
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0)=\($1)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "posix_spawn failed: \(status)"])
        }
        self.pid = pid
    }

    /// Runs a program to its end (killing it after `timeout`) and returns its exit status and everything it wrote.
    package static func run(
        _ executable: String,
        _ arguments: [String],
        timeout: Duration = .seconds(60),
        allowsPrivateFeeds: Bool = true
    ) async throws -> (status: Int32?, output: String) {
        let child = try ChildProcess(
            executable,
            arguments,
            capturesOutput: true,
            allowsPrivateFeeds: allowsPrivateFeeds
        )
        let status = await child.wait(upTo: timeout)
        if status == nil { await child.stop() }
        defer { try? FileManager.default.removeItem(atPath: child.errorLog) }
        return (status, child.errorOutput)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module does not
    /// declare, looked up at run time.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let closeFrom: CloseFrom? = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }

    /// Makes the child close every descriptor above standard error before it runs.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        guard let closeFrom else { preconditionFailure("glibc 2.34 or later is needed to start test processes") }
        _ = closeFrom(&actions, 3)
    }

    /// Sends a signal.
    package func signal(_ signal: Int32) { kill(pid, signal) }

    /// Waits up to `timeout` for the process to exit and returns its exit status, or nil if it is still
    /// running (or was killed by a signal, which is reported as 128 + the signal number).
    package func wait(upTo timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let signalled = status & 0x7f
                return signalled == 0 ? (status >> 8) & 0xff : 128 + signalled
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Kills the process if it still runs and reaps it.
    package func stop() async {
        kill(pid, SIGKILL)
        _ = await wait(upTo: .seconds(5))
    }

    /// What it wrote to standard error.
    package var errorOutput: String { (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? "" }
}
