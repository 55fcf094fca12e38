import ArgumentParser
import Foundation
import SeamsFetch

/// `--allow-private-feeds` (`SEAMS_ALLOW_PRIVATE_FEEDS`, `"allow-private-feeds"` in the settings file): every command
/// that fetches — sync, daemon, serve, parse, feeds add — holds every http(s) feed to public internet addresses unless
/// the operator lifts the check with it, for every feed. Only the operator can: the HTTP API never.
struct AddressOptions: ParsableArguments {
    @Flag(help: SyncSetting.allowPrivateFeeds.argumentHelp) var allowPrivateFeeds = false

    /// The flag as a setting: present means true, absent leaves the variable and the file to say.
    var flags: [SyncSetting: String] { allowPrivateFeeds ? [.allowPrivateFeeds: "true"] : [:] }

    /// The fetch settings of a command that takes no other settings: the check lifted or not.
    func fetchConfiguration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> FetchConfiguration {
        let values = SettingValues(flags: flags, environment: environment, file: try SettingsFile(path: nil))
        var configuration = FetchConfiguration()
        configuration.allowsPrivateAddresses = try values.flag(.allowPrivateFeeds)
        return configuration
    }

    /// Says once, at start, that the check is lifted.
    static func announce(_ configuration: FetchConfiguration, command: String) {
        guard configuration.allowsPrivateAddresses else { return }
        Terminal.error("seams \(command): every feed may use loopback, private and link-local addresses")
    }
}
