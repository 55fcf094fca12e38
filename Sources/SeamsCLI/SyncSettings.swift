import ArgumentParser
import Foundation
import Logging
import SeamsFetch
import SeamsServer
import SeamsSync

/// The settings of `seams sync` and `seams daemon`, each from its flag, else its `SEAMS_*` environment
/// variable, else the JSON settings file (`--config` or `SEAMS_CONFIG`), else its default.
///
/// ``SyncSetting/all`` is the one list of them: the flags' help, the README table and
/// `Deploy/seams.env.example` are written from the same names and defaults.
struct SyncOptions: ParsableArguments {
    @Option(help: "A JSON file of settings, keyed by flag name (env SEAMS_CONFIG).")
    var config: String?

    @Option(help: SyncSetting.concurrency.argumentHelp) var concurrency: String?
    @Option(help: SyncSetting.perHost.argumentHelp) var perHost: String?
    @Option(help: SyncSetting.timeout.argumentHelp) var timeout: String?
    @Option(help: SyncSetting.connectTimeout.argumentHelp) var connectTimeout: String?
    @Option(help: SyncSetting.stallTimeout.argumentHelp) var stallTimeout: String?
    @Option(help: SyncSetting.maxBody.argumentHelp) var maxBody: String?
    @Option(help: SyncSetting.minInterval.argumentHelp) var minInterval: String?
    @Option(help: SyncSetting.maxInterval.argumentHelp) var maxInterval: String?
    @Option(help: SyncSetting.refetchInterval.argumentHelp) var refetchInterval: String?
    @Option(help: SyncSetting.redirectConfirmations.argumentHelp) var redirectConfirmations: String?
    @Option(help: SyncSetting.shutdownDeadline.argumentHelp) var shutdownDeadline: String?
    @Option(help: SyncSetting.logLevel.argumentHelp) var logLevel: String?
    @OptionGroup var addresses: AddressOptions

    private var flags: [SyncSetting: String] {
        var flags: [SyncSetting: String] = [:]
        flags[.concurrency] = concurrency
        flags[.perHost] = perHost
        flags[.timeout] = timeout
        flags[.connectTimeout] = connectTimeout
        flags[.stallTimeout] = stallTimeout
        flags[.maxBody] = maxBody
        flags[.minInterval] = minInterval
        flags[.maxInterval] = maxInterval
        flags[.refetchInterval] = refetchInterval
        flags[.redirectConfirmations] = redirectConfirmations
        flags[.shutdownDeadline] = shutdownDeadline
        flags[.logLevel] = logLevel
        return flags.merging(addresses.flags) { flag, _ in flag }
    }

    /// The resolved settings.
    ///
    /// - Throws: ``CommandFailure`` naming the setting, where its value came from, and what a valid one is.
    func resolve(
        server serverFlags: [SyncSetting: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ResolvedSyncSettings {
        let file = try SettingsFile(path: config ?? environment["SEAMS_CONFIG"])
        let values = SettingValues(
            flags: flags.merging(serverFlags) { flag, _ in flag },
            environment: environment,
            file: file
        )
        var fetch = FetchConfiguration()
        var sync = SyncConfiguration()
        let concurrency = try values.count(.concurrency)
        fetch.maximumConcurrentTransfers = concurrency
        sync.maximumConcurrentFeeds = concurrency
        fetch.maximumConnectionsPerHost = try values.count(.perHost)
        sync.maximumFeedsPerHost = fetch.maximumConnectionsPerHost
        fetch.timeout = try values.duration(.timeout)
        fetch.connectTimeout = try values.duration(.connectTimeout)
        fetch.slowTransferWindow = try values.duration(.stallTimeout)
        fetch.maximumBodySize = try values.size(.maxBody)
        fetch.allowsPrivateAddresses = try values.flag(.allowPrivateFeeds)
        sync.schedule.minimumInterval = try values.duration(.minInterval)
        sync.schedule.maximumInterval = try values.duration(.maxInterval)
        guard sync.schedule.maximumInterval >= sync.schedule.minimumInterval else {
            throw CommandFailure(
                "the maximum interval (\(values.text(.maxInterval))) is shorter than the minimum (\(values.text(.minInterval)))"
            )
        }
        sync.schedule.defaultInterval = min(
            max(sync.schedule.defaultInterval, sync.schedule.minimumInterval),
            sync.schedule.maximumInterval
        )
        sync.schedule.errorBackoff = sync.schedule.minimumInterval
        sync.schedule.unconditionalRefetchInterval = try values.duration(.refetchInterval)
        sync.schedule.redirectConfirmations = try values.count(.redirectConfirmations)
        sync.shutdownDeadline = try values.duration(.shutdownDeadline)
        let level = values.text(.logLevel).lowercased()
        guard let logLevel = Logger.Level(rawValue: level) else {
            throw CommandFailure(
                "invalid log level \"\(level)\" (\(values.origin(.logLevel))): use trace, debug, info, notice, warning, error or critical"
            )
        }
        return ResolvedSyncSettings(fetch: fetch, sync: sync, logLevel: logLevel, server: try values.server())
    }
}

/// What ``SyncOptions`` resolve to.
struct ResolvedSyncSettings {
    var fetch: FetchConfiguration
    var sync: SyncConfiguration
    var logLevel: Logger.Level
    /// The log level when none is set.
    static let defaultLogLevel = Logger.Level.info
    /// The HTTP server's settings (`seams daemon`), nil when it is off.
    var server: ServerConfiguration?
}

/// The HTTP server's flags, shared by `seams daemon` and `seams serve`; resolved with the other settings.
struct ServerOptions: ParsableArguments {
    @Option(help: SyncSetting.http.argumentHelp) var http: String?
    @Option(help: SyncSetting.apiToken.argumentHelp) var apiToken: String?

    var flags: [SyncSetting: String] {
        var flags: [SyncSetting: String] = [:]
        flags[.http] = http
        flags[.apiToken] = apiToken
        return flags
    }
}

/// One setting of `seams sync` and `seams daemon`: its flag, environment variable and default.
enum SyncSetting: String, CaseIterable {
    case concurrency
    case perHost = "per-host"
    case timeout
    case connectTimeout = "connect-timeout"
    case stallTimeout = "stall-timeout"
    case maxBody = "max-body"
    case minInterval = "min-interval"
    case maxInterval = "max-interval"
    case refetchInterval = "refetch-interval"
    case redirectConfirmations = "redirect-confirmations"
    case shutdownDeadline = "shutdown-deadline"
    case logLevel = "log-level"
    case http
    case apiToken = "api-token"
    case allowPrivateFeeds = "allow-private-feeds"

    /// The flag's help, with its environment variable and default.
    var argumentHelp: ArgumentHelp {
        ArgumentHelp("\(help) (env \(environmentName), default \(defaultValue.isEmpty ? "none" : defaultValue))")
    }

    /// The flag's name without dashes, also the key in the settings file.
    var name: String { rawValue }

    /// `SEAMS_` and the name in capitals.
    var environmentName: String { "SEAMS_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_") }

    /// The default, read from the configuration structs that own it (so the help can never disagree with them).
    var defaultValue: String {
        let fetch = FetchConfiguration()
        let sync = SyncConfiguration()
        let server = ServerConfiguration()
        switch self {
        case .concurrency: return String(sync.maximumConcurrentFeeds)
        case .perHost: return String(fetch.maximumConnectionsPerHost)
        case .timeout: return SettingParser.text(fetch.timeout)
        case .connectTimeout: return SettingParser.text(fetch.connectTimeout)
        case .stallTimeout: return SettingParser.text(fetch.slowTransferWindow)
        case .maxBody: return SettingParser.text(size: fetch.maximumBodySize)
        case .minInterval: return SettingParser.text(sync.schedule.minimumInterval)
        case .maxInterval: return SettingParser.text(sync.schedule.maximumInterval)
        case .refetchInterval: return SettingParser.text(sync.schedule.unconditionalRefetchInterval)
        case .redirectConfirmations: return String(sync.schedule.redirectConfirmations)
        case .shutdownDeadline: return SettingParser.text(sync.shutdownDeadline)
        case .logLevel: return ResolvedSyncSettings.defaultLogLevel.rawValue
        case .http: return "\(server.host):\(server.port)"
        case .apiToken: return server.apiToken ?? ""
        case .allowPrivateFeeds: return String(fetch.allowsPrivateAddresses)
        }
    }

    var help: String {
        switch self {
        case .concurrency: "Fetches in flight at once, across all hosts."
        case .perHost: "Connections to one host at once."
        case .timeout: "Time allowed for one fetch, redirects included."
        case .connectTimeout: "Time allowed to connect."
        case .stallTimeout: "Time a fetch may go on receiving almost nothing before it fails."
        case .maxBody: "Largest feed accepted, after decompression."
        case .minInterval: "Shortest wait between fetches of a feed (also the first error backoff)."
        case .maxInterval: "Longest wait between fetches of a feed."
        case .refetchInterval: "How often a feed is fetched without validators."
        case .redirectConfirmations: "Permanent redirects in a row before a feed's URL is updated."
        case .shutdownDeadline: "Time fetches in flight get to finish on SIGTERM or SIGINT."
        case .logLevel: "Log level: trace, debug, info, notice, warning, error or critical."
        case .http: "Where the web pages, API and canonical feeds listen: HOST:PORT, or off."
        case .apiToken:
            "Bearer token for POST/DELETE /api/feeds; without one they are off. Prefer the variable to the flag."
        case .allowPrivateFeeds:
            "Let every feed use loopback, private and link-local addresses (a flag; true or false elsewhere)."
        }
    }
}

/// Looks a setting up in the flags, the environment and the file, in that order.
struct SettingValues {
    let flags: [SyncSetting: String]
    let environment: [String: String]
    let file: SettingsFile

    func text(_ setting: SyncSetting) -> String {
        flags[setting] ?? environment[setting.environmentName] ?? file.values[setting.name] ?? setting.defaultValue
    }

    func origin(_ setting: SyncSetting) -> String {
        if flags[setting] != nil { return "--\(setting.name)" }
        if environment[setting.environmentName] != nil { return setting.environmentName }
        if file.values[setting.name] != nil { return "\"\(setting.name)\" in \(file.path ?? "the settings file")" }
        return "default"
    }

    func count(_ setting: SyncSetting) throws -> Int {
        let text = text(setting)
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value > 0 else {
            throw CommandFailure(
                "invalid value \"\(text)\" for \(origin(setting)): expected a whole number of at least 1"
            )
        }
        return value
    }

    func duration(_ setting: SyncSetting) throws -> Duration {
        let text = text(setting)
        guard let value = SettingParser.duration(text) else {
            throw CommandFailure(
                "invalid duration \"\(text)\" for \(origin(setting)): use a number with s, m, h or d, such as 30s or 5m"
            )
        }
        return value
    }

    func flag(_ setting: SyncSetting) throws -> Bool {
        switch text(setting).trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        case let other:
            throw CommandFailure("invalid value \"\(other)\" for \(origin(setting)): expected true or false")
        }
    }

    /// The HTTP server's settings; nil when `http` is `off`.
    func server() throws -> ServerConfiguration? {
        let address = text(.http).trimmingCharacters(in: .whitespaces)
        if address.lowercased() == "off" { return nil }
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65_535).contains(port), colon > address.startIndex
        else {
            throw CommandFailure(
                "invalid address \"\(address)\" for \(origin(.http)): use HOST:PORT, such as 127.0.0.1:8080, or off"
            )
        }
        var configuration = ServerConfiguration()
        configuration.host = String(address[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        configuration.port = port
        let token = text(.apiToken)
        configuration.apiToken = token.isEmpty ? nil : token
        return configuration
    }

    func size(_ setting: SyncSetting) throws -> Int {
        let text = text(setting)
        guard let value = SettingParser.size(text) else {
            throw CommandFailure(
                "invalid size \"\(text)\" for \(origin(setting)): use bytes or KB, MB, GB, such as 20MB"
            )
        }
        return value
    }
}

/// Reads durations (`90`, `30s`, `5m`, `2h`, `1d`, `250ms`) and sizes (`512`, `64KB`, `20MB`, `1GB`), and writes
/// them back in the largest unit that is exact.
enum SettingParser {
    static func text(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        for (suffix, scale) in [("h", Int64(3_600_000)), ("m", 60_000), ("s", 1000)]
        where milliseconds >= scale && milliseconds % scale == 0 {
            return "\(milliseconds / scale)\(suffix)"
        }
        return "\(milliseconds)ms"
    }

    static func text(size: Int) -> String {
        for (suffix, scale) in [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)]
        where size >= scale && size % scale == 0 {
            return "\(size / scale)\(suffix)"
        }
        return "\(size)"
    }

    static func duration(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number > 0, number.isFinite else { return nil }
            return .milliseconds(Int64((number * scale * 1000).rounded()))
        }
        guard let seconds = Double(text), seconds > 0, seconds.isFinite else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    static func size(_ text: String) -> Int? {
        let text = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Double)] = [("KB", 1024), ("MB", 1024 * 1024), ("GB", 1024 * 1024 * 1024), ("B", 1)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number >= 1
            else { return nil }
            return Int(number * scale)
        }
        guard let bytes = Int(text), bytes >= 1 else { return nil }
        return bytes
    }
}

/// The optional JSON settings file: an object keyed by flag name, with string or number values.
struct SettingsFile {
    let path: String?
    let values: [String: String]

    init(path: String?) throws {
        self.path = path
        guard let path else {
            values = [:]
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the settings file \(path)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CommandFailure("the settings file \(path) is not a JSON object")
        }
        var values: [String: String] = [:]
        let known = Set(SyncSetting.allCases.map(\.name))
        for (key, value) in object {
            guard known.contains(key) else {
                throw CommandFailure(
                    "unknown setting \"\(key)\" in \(path); known: \(known.sorted().joined(separator: ", "))"
                )
            }
            switch value {
            case let string as String: values[key] = string
            case let number as NSNumber: values[key] = number.stringValue
            default: throw CommandFailure("the setting \"\(key)\" in \(path) must be a string or a number")
            }
        }
        self.values = values
    }
}
