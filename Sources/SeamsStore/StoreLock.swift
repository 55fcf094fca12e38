import Foundation

/// An exclusive claim on a database file by one long-running writer (the daemon or a sync), so that two of
/// them never fetch and write the same feeds at once.
///
/// The claim is an advisory `flock` on `DATABASE.lock` beside the database: the kernel releases it when the
/// process exits, however it exits, so a `kill -9` never leaves a stale lock behind. Readers (the CLI
/// inspecting clusters, `seams feeds add`) do not take it; SQLite keeps them safe.
package final class StoreLock: Sendable {
    /// The lock file's path.
    package let path: String
    private let descriptor: Int32

    /// Why the lock could not be taken.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong, naming the database and, when known, the process holding it.
        package var message: String
        package var description: String { message }
    }

    /// Takes the lock for the database at `databasePath`, or fails at once if another process holds it.
    ///
    /// - Throws: ``Failure`` naming the process that holds the lock, or why the lock file cannot be opened.
    package init(databasePath: String) throws(Failure) {
        path = databasePath + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(message: "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(descriptor, &buffer, buffer.count, 0)
            close(descriptor)
            let holder =
                count > 0
                ? String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                : ""
            let who = holder.isEmpty ? "another process" : "process \(holder)"
            throw Failure(
                message: "\(databasePath) is in use by \(who) (a running seams daemon or sync); stop it first, "
                    + "or use another --db"
            )
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
        self.descriptor = descriptor
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
