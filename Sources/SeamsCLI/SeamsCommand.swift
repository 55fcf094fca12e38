package import ArgumentParser
import Foundation
import SeamsFetch

/// The `seams` command: sync news feeds, find the copies of each story, and export one copy of each.
package struct SeamsCommand: AsyncParsableCommand {
    /// The command's name, help text and subcommands.
    package static let configuration = CommandConfiguration(
        commandName: "seams",
        abstract: "Sync news feeds, find every copy of each story, and export one canonical record per story.",
        version: SeamsVersion.current,
        subcommands: [
            SyncCommand.self, DaemonCommand.self, FeedsCommand.self, ClustersCommand.self, ArticleCommand.self,
            CompareCommand.self, ExportCommand.self,
            ServeCommand.self, ParseCommand.self, RebuildCommand.self, StoreCommand.self,
        ]
    )

    /// Creates the command; ArgumentParser fills it from the command line.
    package init() {}

    /// Runs the command line and exits: errors are printed once, on one line, to standard error.
    package static func runAndExit(_ arguments: [String]? = nil) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("seams: \(message)\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
